"""JWT bearer tokens from an identity provider, verified with PyJWT against its JWKS.

The provider's signing keys are fetched from ``GRAPH_API_JWT_JWKS_URL`` and cached by
PyJWT's ``PyJWKClient``; a token must be signed by one of them with an allowed
algorithm, unexpired, and name the configured issuer and audience.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import jwt

from graph_api.auth.roles import Role

_LEEWAY_SECONDS = 30  # clocks of the provider and this service may disagree a little


@dataclass(frozen=True)
class TokenRules:
    """What a token must say to be accepted, and where its role and actor are."""

    jwks_url: str
    issuer: str
    audience: str
    algorithms: tuple[str, ...]
    role_claim: str  # dotted path, e.g. 'roles' or 'realm_access.roles' (Keycloak)
    actor_claim: str


class TokenRefused(Exception):
    """A token that cannot be trusted; the message says why, for the caller."""


class TokenVerifier:
    """Checks bearer tokens against one identity provider."""

    def __init__(self, rules: TokenRules) -> None:
        self.rules = rules
        self._keys = jwt.PyJWKClient(rules.jwks_url, cache_keys=True, lifespan=300, timeout=5)

    def _verify_blocking(self, token: str) -> dict[str, Any]:
        try:
            signing_key = self._keys.get_signing_key_from_jwt(token)
        except jwt.PyJWKClientConnectionError as error:
            raise TokenRefused(
                "The identity provider's signing keys could not be fetched; try again "
                "shortly, or use an API key."
            ) from error
        except (jwt.PyJWKClientError, jwt.InvalidTokenError, TypeError, ValueError) as error:
            # A forged header (a kid that is not text, an unknown 'crit' extension) is
            # refused like any unreadable token, never an HTTP 500.
            raise TokenRefused(f"The bearer token cannot be read: {error}.") from error
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                signing_key.key,
                algorithms=list(self.rules.algorithms),
                audience=self.rules.audience,
                issuer=self.rules.issuer,
                leeway=_LEEWAY_SECONDS,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise TokenRefused("The bearer token has expired; sign in again.") from error
        except (jwt.InvalidTokenError, jwt.InvalidKeyError, TypeError, ValueError) as error:
            # TypeError/ValueError: an algorithm of another key type than the kid's key
            # (ES256 with an RSA key's kid), which PyJWT reports as a key it cannot read.
            raise TokenRefused(f"The bearer token is not accepted: {error}.") from error
        named = claims.get(self.rules.actor_claim) or claims.get("sub")
        if not isinstance(named, str) or not named.strip():
            # Every change records who made it, and limits are counted per caller:
            # callers without a name would all be one ("unknown").
            raise TokenRefused(
                f"The bearer token names no subject ('{self.rules.actor_claim}' or 'sub'); "
                "ask the identity provider for a token that does."
            )
        return claims

    async def verify(self, token: str) -> dict[str, Any]:
        """The token's claims; TokenRefused if it is not good. Fetching the JWKS blocks,
        so it runs in a thread."""
        return await asyncio.to_thread(self._verify_blocking, token)

    def role_of(self, claims: dict[str, Any]) -> Role:
        """The highest role the token's role claim names; viewer if it names none."""
        value: Any = claims
        for part in self.rules.role_claim.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, str):
            names = value.replace(",", " ").split()
        elif isinstance(value, list):
            names = [str(item) for item in value]
        else:
            names = []
        return Role.highest_of(names) or Role.VIEWER

    def actor_of(self, claims: dict[str, Any]) -> str:
        """Who the token speaks for, as recorded on changes."""
        return str(claims.get(self.rules.actor_claim) or claims.get("sub") or "unknown")
