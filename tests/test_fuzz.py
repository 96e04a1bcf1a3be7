"""Property-based fuzzing of the whole schema (hypothesis-graphql): documents built from
the published schema, for every root query and mutation field, sent over HTTP to the app
on both stores (the app served by uvicorn on a loopback port; subscriptions over its
WebSocket). Every answer is HTTP < 500 with JSON, no traceback and only documented
error codes (never INTERNAL_ERROR); read-only documents leave the graph exactly as it was.

Three kinds of document, because each reaches a different part of the server:

- wild: any value of each argument's type (empty, huge, negative, odd Unicode, impossible
  days), which mostly tests how arguments are refused;
- plausible: ids, names, small numbers and days taken from the seeded graph itself, which
  get past the argument checks and run the resolvers and store queries on real data;
- invalid: one schema violation each (hypothesis-graphql's NEGATIVE mode), which must be
  refused, with a documented code.

The documents are drawn with a fixed seed (``derandomize``), so a failure repeats; the
counts bound the run to well under a minute per store.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis_graphql import Mode, mutations, nodes, queries

from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.resources import resource_dir
from graph_api.store.base import GraphStore
from tests.auth_support import ADMIN_HEADERS
from tests.conftest import mark_written
from tests.fuzz_support import check_clean, draw
from tests.live_server import graphql_socket, serving

pytestmark = pytest.mark.neo4j

SCHEMA = (resource_dir("cypher").parent / "schema.graphql").read_text(encoding="utf-8")
Scalars = Mapping[str, st.SearchStrategy[graphql.ValueNode]]
# hypothesis_graphql.queries or .mutations
Build = Callable[..., st.SearchStrategy[object]]
# Our scalars: well-formed values and near misses (the server must refuse the latter).
DAYS = st.one_of(st.dates().map(lambda day: day.isoformat()), st.sampled_from(["2024-02-30", ""]))
WILD: Scalars = {
    "Date": DAYS.map(nodes.String),
    "DateTime": st.datetimes().map(lambda moment: moment.isoformat()).map(nodes.String),
    "JSON": st.text(max_size=20).map(lambda text: json.dumps({"note": text})).map(nodes.String),
    # A file can only come in a multipart request: written inline, it must be refused.
    "Upload": st.text(max_size=20).map(nodes.String),
}
ROOT = graphql.build_schema(SCHEMA)
# Each root field is fuzzed on its own (drawn together, the small examples a fixed seed
# favours all ask the first field). Every query and mutation field, each with the counts
# below (~30 s on Neo4j, 2 cores).
WILD_PER_FIELD = 3
PLAUSIBLE_PER_FIELD = 3
INVALID_PER_FIELD = 2
IDS_PER_KIND = 3


def root_fields(operation: graphql.GraphQLObjectType | None) -> list[str]:
    """The names of a root type's fields, in a fixed order."""
    assert operation is not None
    return sorted(operation.fields)


QUERY_FIELDS = root_fields(ROOT.query_type)
MUTATION_FIELDS = root_fields(ROOT.mutation_type)


def documents(
    build: Build, fields: list[str], scalars: Scalars, per_field: int, mode: Mode = Mode.POSITIVE
) -> list[str]:
    """``per_field`` documents for each of ``fields`` (root fields of ``build``'s type)."""
    found: list[str] = []
    for name in fields:
        strategy = build(SCHEMA, fields=[name], custom_scalars=scalars, mode=mode)
        try:
            found += draw(strategy, per_field)
        except InvalidArgument:
            # A field with nothing to break (no arguments, or only our own scalars and
            # defaults) has no invalid documents; valid ones must always be drawn.
            if mode is Mode.POSITIVE:
                raise
    return found


async def plausible(store: GraphStore) -> Scalars:
    """Values the seeded graph answers to: real ids and names, small counts, real days."""
    found_nodes, _ = await store.export_graph()
    by_kind: dict[str, list[str]] = {}
    for node in found_nodes:
        by_kind.setdefault(node.kind, []).append(node.id)
    ids = sorted(i for kind_ids in by_kind.values() for i in sorted(kind_ids)[:IDS_PER_KIND])
    chosen = set(ids)
    names = sorted({node.abbreviation or node.name_en for node in found_nodes if node.id in chosen})
    return {
        "ID": st.sampled_from(ids).map(nodes.String),
        # Names that search finds, fresh idempotency keys, and short free text.
        "String": st.one_of(
            st.sampled_from(names), st.uuids().map(str), st.text(min_size=1, max_size=10)
        ).map(nodes.String),
        "Int": st.integers(0, 12).map(nodes.Int),
        "Float": st.floats(0, 1).map(nodes.Float),
        "Date": st.dates(dt.date(2015, 1, 1), dt.date(2026, 12, 31))
        .map(lambda day: day.isoformat())
        .map(nodes.String),
        "DateTime": WILD["DateTime"],
        "JSON": WILD["JSON"],
        "Upload": WILD["Upload"],
    }


@pytest.fixture
async def served(seeded_store: GraphStore) -> AsyncIterator[tuple[str, httpx.AsyncClient]]:
    """The running app (uvicorn on a loopback port) with no rate limits: its address and
    a client calling it as an admin (every field reachable)."""
    settings = Settings(
        store=seeded_store.backend, rate_limit_per_minute=0, rate_limit_per_key_per_minute=0
    )
    async with (
        serving(create_app(settings, store=seeded_store)) as address,
        # Longer than the service's own limit (30 s a store query): a slow answer is
        # the service's to cut short, and this waits to see it does.
        httpx.AsyncClient(base_url=f"http://{address}", headers=ADMIN_HEADERS, timeout=60) as http,
    ):
        yield address, http


@pytest.fixture
def client(served: tuple[str, httpx.AsyncClient]) -> httpx.AsyncClient:
    """A client of the running app, as an admin."""
    return served[1]


async def _send_and_check(client: httpx.AsyncClient, document: str) -> dict[str, Any]:
    """Send ``document``; fail unless the answer is clean. Returns the parsed body."""
    answer = await client.post("/graphql", json={"query": document})
    where = f"{document!r} → {answer.status_code} {answer.text[:500]!r}"
    assert answer.status_code < 500, where
    try:
        body = answer.json()
    except ValueError:
        pytest.fail(f"not JSON: {where}")
    assert isinstance(body, dict), where
    check_clean(body.get("errors") or [], body, where)
    return body


async def _graph(store: GraphStore) -> tuple[list[object], list[object]]:
    found_nodes, found_links = await store.export_graph()
    return sorted(found_nodes, key=repr), sorted(found_links, key=repr)


async def test_fuzzed_queries_answer_cleanly_and_change_nothing(
    client: httpx.AsyncClient, seeded_store: GraphStore
) -> None:
    real = await plausible(seeded_store)
    wild = documents(queries, QUERY_FIELDS, WILD, WILD_PER_FIELD)
    likely = documents(queries, QUERY_FIELDS, real, PLAUSIBLE_PER_FIELD)
    refused = documents(queries, QUERY_FIELDS, WILD, INVALID_PER_FIELD, Mode.NEGATIVE)
    before = await _graph(seeded_store)
    for document in wild:
        await _send_and_check(client, document)
    answered = 0
    for document in likely:
        answered += not (await _send_and_check(client, document)).get("errors")
    for document in refused:
        assert (await _send_and_check(client, document)).get("errors"), document
    assert await _graph(seeded_store) == before
    # Without this the pass could quietly degrade into another test of argument checks
    # (about a third are answered; of the wild documents, about a tenth).
    assert answered >= len(likely) // 5, f"only {answered} of {len(likely)} plausible answered"


async def test_fuzzed_mutations_answer_cleanly(
    client: httpx.AsyncClient, seeded_store: GraphStore
) -> None:
    mark_written(seeded_store)
    real = await plausible(seeded_store)  # drawn before any write changes the graph
    for document in [
        *documents(mutations, MUTATION_FIELDS, WILD, WILD_PER_FIELD),
        *documents(mutations, MUTATION_FIELDS, real, PLAUSIBLE_PER_FIELD),
    ]:
        await _send_and_check(client, document)
    for document in documents(mutations, MUTATION_FIELDS, WILD, INVALID_PER_FIELD, Mode.NEGATIVE):
        assert (await _send_and_check(client, document)).get("errors"), document


# hypothesis-graphql draws queries and mutations only: subscription documents are drawn as
# queries of a schema whose query root is the Subscription type, then sent as
# subscriptions.
SUBSCRIPTION_ROOT = graphql.GraphQLSchema(
    query=ROOT.subscription_type, types=list(ROOT.type_map.values())
)
SUBSCRIPTIONS_PER_KIND = 4
CREATE = """mutation ($name: String!) { createEntity(input: {kind: ENTERPRISE, nameEn: $name,
  source: "Fuzzing"}) { entity { id } } }"""


def subscriptions(scalars: Scalars, mode: Mode = Mode.POSITIVE) -> list[str]:
    """Subscription documents of ``graphChanged``, the same ones on every run."""
    drawn = queries(SUBSCRIPTION_ROOT, fields=["graphChanged"], custom_scalars=scalars, mode=mode)
    return [f"subscription {document}" for document in draw(drawn, SUBSCRIPTIONS_PER_KIND)]


async def _subscribe_and_change(
    address: str, http: httpx.AsyncClient, document: str, name: str
) -> dict[str, Any] | None:
    """Subscribe with ``document``, commit a change, and return the first message back
    (an "error", or "next" with the change), or None if the subscription heard nothing
    (its filters may leave the change out)."""
    async with graphql_socket(f"ws://{address}/graphql", ADMIN_HEADERS) as ws:
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": document}}))
        with contextlib.suppress(TimeoutError):  # a refusal comes at once
            async with asyncio.timeout(0.3):
                return dict(json.loads(await ws.recv()))
        created = await http.post("/graphql", json={"query": CREATE, "variables": {"name": name}})
        assert "errors" not in created.json(), created.text
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(2):
                return dict(json.loads(await ws.recv()))
    return None


async def test_fuzzed_subscriptions_answer_cleanly(
    served: tuple[str, httpx.AsyncClient], seeded_store: GraphStore
) -> None:
    mark_written(seeded_store)
    address, http = served
    real = await plausible(seeded_store)
    valid = [*subscriptions(WILD), *subscriptions(real)]
    invalid = subscriptions(WILD, Mode.NEGATIVE)
    heard = 0
    for number, document in enumerate([*valid, *invalid]):
        message = await _subscribe_and_change(address, http, document, f"Fuzzed {number}")
        where = f"{document!r} → {message!r}"
        if message is None:
            assert document in valid, f"an invalid subscription was not refused: {where}"
            continue
        assert message["type"] in ("next", "error"), where
        payload = message["payload"]
        errors = payload if message["type"] == "error" else payload.get("errors") or []
        check_clean(errors, payload, where)
        if document in invalid:
            assert errors, f"an invalid subscription was not refused: {where}"
        heard += message["type"] == "next" and payload.get("data") is not None
    # Without this the pass could quietly become a test of refusals alone. (Drawn ids are
    # rarely event ids, so most subscriptions naming an eventId are refused.)
    assert heard >= 1, f"none of {len(valid)} valid subscriptions heard the change"
