"""From a request's headers to an ``Identity``: an API key, a JWT, or anonymous.

Credentials travel as ``Authorization: Bearer <key or token>`` (or ``X-API-Key``).
Keys start with ``gk_``; anything else is read as a JWT. A request without
credentials gets the anonymous role the settings allow (viewer, or none at all).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from graph_api.auth.api_keys import KEY_PREFIX, KeyRing
from graph_api.auth.roles import Role
from graph_api.auth.tokens import TokenRefused, TokenRules, TokenVerifier
from graph_api.config import Settings
from graph_api.errors import ErrorCode, GraphApiError

_MAX_CREDENTIAL_LENGTH = 8192


@dataclass(frozen=True)
class Identity:
    """A verified caller: who (recorded on their changes), their role, and how known."""

    actor: str
    role: Role | None  # None: anonymous where anonymous access is off
    method: str  # 'api-key', 'jwt' or 'anonymous'

    def allows(self, needed: Role) -> bool:
        """Whether this caller holds ``needed`` or a higher role."""
        return self.role is not None and self.role >= needed


ANONYMOUS = Identity(actor="anonymous", role=Role.VIEWER, method="anonymous")


def _unauthenticated(message: str) -> GraphApiError:
    return GraphApiError(ErrorCode.UNAUTHENTICATED, message)


class Authenticator:
    """Turns request headers into an Identity, by the service's settings."""

    def __init__(self, settings: Settings) -> None:
        self.keys = KeyRing(Path(settings.api_keys_file))
        self.anonymous_role = settings.anonymous_access
        self.tokens = (
            TokenVerifier(
                TokenRules(
                    jwks_url=settings.jwt_jwks_url,
                    issuer=settings.jwt_issuer,
                    audience=settings.jwt_audience,
                    algorithms=tuple(settings.jwt_algorithm_list),
                    role_claim=settings.jwt_role_claim,
                    actor_claim=settings.jwt_actor_claim,
                )
            )
            if settings.jwt_jwks_url
            else None
        )

    async def identify(self, headers: Mapping[str, str]) -> Identity:
        """The caller these headers prove; UNAUTHENTICATED (with what to do) if the
        credentials are wrong, or if there are none and anonymous access is off."""
        credential = _credential(headers)
        if credential is None:
            if self.anonymous_role is None:
                raise _unauthenticated(
                    "This service does not answer anonymous requests. Send "
                    "'Authorization: Bearer <API key>' (an administrator creates one with "
                    "'graph-api keys create') or a bearer token from your identity provider."
                )
            return Identity(actor="anonymous", role=self.anonymous_role, method="anonymous")
        if len(credential) > _MAX_CREDENTIAL_LENGTH:
            raise _unauthenticated("The credential is too long to be a key or a token.")
        if credential.startswith(KEY_PREFIX):
            key = self.keys.check(credential)
            if key is None:
                raise _unauthenticated(
                    "This API key is unknown or revoked. Check that it was copied whole, "
                    "or ask an administrator for a new one ('graph-api keys create')."
                )
            return Identity(actor=f"key:{key.name}", role=Role.parse(key.role), method="api-key")
        if self.tokens is None:
            raise _unauthenticated(
                "Bearer tokens are not accepted here: no identity provider is configured "
                "(GRAPH_API_JWT_JWKS_URL). Use an API key, which starts with 'gk_'."
            )
        try:
            claims = await self.tokens.verify(credential)
        except TokenRefused as refused:
            raise _unauthenticated(str(refused)) from refused
        return Identity(
            actor=self.tokens.actor_of(claims), role=self.tokens.role_of(claims), method="jwt"
        )


def credential_headers(raw: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    """A request's headers by lower-case name, from the ASGI scope's list; UNAUTHENTICATED
    if it carries more than one credential (Authorization or X-API-Key headers): which
    one counts would be a proxy's guess, so none does."""
    pairs = [(name.decode("latin-1").lower(), value.decode("latin-1")) for name, value in raw]
    if sum(name in ("authorization", "x-api-key") for name, _ in pairs) > 1:
        raise _unauthenticated(
            "The request carries more than one credential (Authorization or X-API-Key "
            "headers); send exactly one."
        )
    return dict(pairs)


def _credential(headers: Mapping[str, str]) -> str | None:
    authorization = headers.get("authorization", "").strip()
    if authorization:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise _unauthenticated(
                "The Authorization header must read 'Bearer <API key or token>'."
            )
        return value.strip()
    api_key = headers.get("x-api-key", "").strip()
    return api_key or None
