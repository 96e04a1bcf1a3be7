"""Fuzzing what arrives before any GraphQL runs: request bodies, GET parameters and
multipart parts of every shape, sent over real HTTP to the served app by callers of
every role. hypothesis-graphql (tests/test_fuzz.py) draws well-formed requests only;
these are the malformed ones, where a body of ``null`` or JSON nested a thousand deep
was once an HTTP 500. Every answer is HTTP < 500 with a clean GraphQL-shaped body."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from itertools import cycle
from urllib.parse import quote_from_bytes

import httpx
import pytest
from hypothesis import strategies as st

from graph_api.app import create_app
from graph_api.auth.roles import Role
from graph_api.config import Settings
from graph_api.store.base import GraphStore
from tests.auth_support import as_role
from tests.fuzz_support import check_clean, draw
from tests.live_server import serving

BODIES = 120
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
QUERIES = st.one_of(
    st.sampled_from(["{ __typename }", "{ bureaux { totalCount } }", "query($n: Int) { a }"]),
    st.text(max_size=40),
    SCALARS,
)
REQUESTS = st.fixed_dictionaries(
    {},
    optional={
        "query": QUERIES,
        "variables": VALUES,
        "operationName": SCALARS,
        "extensions": VALUES,
    },
)
# Texts JSON holds that Python reads differently, or not at all.
ODD = st.sampled_from(
    ["NaN", "-Infinity", "1e999999", "1" * 5000, "[" * 2000, '{"a":' * 2000, "\ud800", ""]
)
BODY_TEXT = st.one_of(
    REQUESTS.map(json.dumps),
    VALUES.map(json.dumps),
    st.tuples(REQUESTS.map(json.dumps), ODD).map(
        lambda parts: parts[0][:-1] + ', "x": ' + parts[1] + "}"
    ),
    ODD,
    st.binary(max_size=60).map(lambda raw: raw.decode("latin-1")),
)
CALLERS = [{}, as_role(Role.VIEWER), as_role(Role.EDITOR), as_role(Role.ADMIN)]


@pytest.fixture
async def served(seeded_store: GraphStore) -> AsyncIterator[str]:
    """The app served by uvicorn over the seed graph, with no rate limits; its address."""
    settings = Settings(
        store=seeded_store.backend, rate_limit_per_minute=0, rate_limit_per_key_per_minute=0
    )
    async with serving(create_app(settings, store=seeded_store)) as address:
        yield f"http://{address}"


def _check(answer: httpx.Response, sent: str) -> None:
    where = f"{sent[:200]!r} → {answer.status_code} {answer.text[:300]!r}"
    assert answer.status_code < 500, where
    body = answer.json()
    assert isinstance(body, dict), where
    check_clean(body.get("errors") or [], body, where)


async def test_fuzzed_bodies_and_parameters_answer_cleanly(served: str) -> None:
    bodies = draw(BODY_TEXT, BODIES)
    async with httpx.AsyncClient(base_url=served, timeout=30) as http:
        for body, headers in zip(bodies, cycle(CALLERS), strict=False):
            sent = body.encode("utf-8", "surrogatepass")
            json_headers = {**headers, "content-type": "application/json"}
            _check(await http.post("/graphql", content=sent, headers=json_headers), body)
            get = "/graphql?query=%7B__typename%7D&variables=" + quote_from_bytes(sent)
            _check(await http.get(get, headers=headers), body)
            parts = {"operations": sent, "map": sent}
            files = {"0": ("rows.csv", b"id\n", "text/csv")}
            _check(await http.post("/graphql", data=parts, files=files, headers=headers), body)
