"""JWT bearer tokens: signed by the identity provider's key (served as a JWKS on
loopback), for this service, unexpired; the role and actor come from their claims."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import RSAAlgorithm

from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.store.base import GraphStore
from tests.editing_support import load_base

ISSUER, AUDIENCE = "https://login.example.gov.hk/realms/dpo", "graph-api"
PROVIDER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())
RENAME = """mutation { updateEntity(id: "enterprise:acme", input: {nameEn: "Acme Tokens",
  source: "https://example.org/t"}) { change { actor } } }"""


@pytest.fixture(scope="module")
def jwks_url() -> Iterator[str]:
    """The provider's public key as a JWKS, over HTTP on loopback."""
    jwk = json.loads(RSAAlgorithm.to_jwk(PROVIDER_KEY.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
    server.shutdown()
    server.server_close()


def _token(key: Any = PROVIDER_KEY, **claims: Any) -> str:
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": AUDIENCE, "sub": "officer-17", "iat": now, "exp": now + 300}
    given = {name: value for name, value in {**payload, **claims}.items() if value is not None}
    return jwt.encode(given, key, algorithm="RS256", headers={"kid": "k1"})


@pytest.fixture
async def client(empty_store: GraphStore, jwks_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """The app trusting the loopback provider; Keycloak-style roles claim."""
    await load_base(empty_store)
    settings = Settings(
        store=empty_store.backend,
        jwt_jwks_url=jwks_url,
        jwt_issuer=ISSUER,
        jwt_audience=AUDIENCE,
        jwt_role_claim="realm_access.roles",
    )
    app = create_app(settings, store=empty_store)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as made:
        yield made


async def _ask(client: httpx.AsyncClient, token: str, query: str = RENAME) -> httpx.Response:
    return await client.post(
        "/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"}
    )


async def test_an_editors_token_writes_as_its_subject(client: httpx.AsyncClient) -> None:
    token = _token(realm_access={"roles": ["offline_access", "editor"]})
    body = (await _ask(client, token)).json()
    assert body["data"]["updateEntity"]["change"]["actor"] == "officer-17"


async def test_a_token_without_a_role_reads_as_a_viewer(client: httpx.AsyncClient) -> None:
    body = (await _ask(client, _token())).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["errors"][0]["extensions"]["requiredRole"] == "editor"


# Claims, not tokens: a token made when the tests are collected could expire before
# the test runs.
@pytest.mark.parametrize(
    ("claims", "says"),
    [
        ({"exp": -3600}, "expired"),
        ({"aud": "another-service"}, "audience"),
        ({"iss": "https://evil.example.com"}, "issuer"),
        ({"key": OTHER_KEY, "realm_access": {"roles": ["admin"]}}, "signature"),
        (None, "cannot be read"),
    ],
    ids=["expired", "audience", "issuer", "other-key", "garbage"],
)
async def test_untrusted_tokens_are_refused(
    client: httpx.AsyncClient, claims: dict[str, Any] | None, says: str
) -> None:
    if claims is None:
        token = "not.a.token"
    else:
        if "exp" in claims:
            claims = {**claims, "exp": int(time.time()) + claims["exp"]}
        token = _token(**claims)
    response = await _ask(client, token)
    assert response.status_code == 401
    message = response.json()["errors"][0]["message"].lower()
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert says in message, message


def _forged(header: dict[str, Any]) -> str:
    """A token with this header, a good payload and a signature of nothing."""

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    payload = {"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "exp": int(time.time()) + 300}
    return f"{part(header)}.{part(payload)}.{part({'sig': 'none'})}"


@pytest.mark.parametrize(
    "header",
    [
        {"alg": "RS256", "kid": 5},
        {"alg": "RS256", "kid": ["k1"]},
        {"alg": "RS256", "kid": "k1", "crit": ["foo"]},
        {"alg": "ES256", "kid": "k1"},  # another key type than the kid's key
    ],
    ids=["kid-number", "kid-list", "crit", "es256-on-rsa-key"],
)
async def test_forged_token_headers_are_refused_not_a_crash(
    client: httpx.AsyncClient, header: dict[str, Any]
) -> None:
    # Each was an HTTP 500 with a traceback, for anyone who could reach the port.
    response = await _ask(client, _forged(header))
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_an_es256_token_against_an_rsa_key_is_refused(client: httpx.AsyncClient) -> None:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "exp": now + 300}
    token = jwt.encode(claims, EC_KEY, algorithm="ES256", headers={"kid": "k1"})
    response = await _ask(client, token)
    assert response.status_code == 401


async def test_a_token_naming_no_subject_is_refused(client: httpx.AsyncClient) -> None:
    # Callers without a name were all one actor, "unknown": one could undo another's
    # import, and they shared one allowance.
    for subject in (None, "   "):
        token = _token(sub=subject, realm_access={"roles": ["editor"]})
        response = await _ask(client, token)
        assert response.status_code == 401
        assert "names no subject" in response.json()["errors"][0]["message"]


def test_a_provider_must_name_issuer_and_audience() -> None:
    with pytest.raises(ValueError, match="GRAPH_API_JWT_ISSUER"):
        Settings(jwt_jwks_url="https://login.example.gov.hk/jwks")
    with pytest.raises(ValueError, match="https://"):
        Settings(jwt_jwks_url="http://login.example.gov.hk/jwks", jwt_issuer="i", jwt_audience="a")
