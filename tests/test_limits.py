"""Query cost limits: an estimate of the fields a query may resolve, and the
QUERY_TOO_COMPLEX answer (with nothing run) when it is above the server's limit."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from graphql import get_introspection_query, parse

from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.resources import resource_dir
from graph_api.schema.document_shape import depth_and_aliases, field_count
from graph_api.schema.limits import estimate_cost
from graph_api.store.base import GraphStore
from tests.attack_documents import doubling_fragments
from tests.auth_support import ADMIN_HEADERS
from tests.gql_client import gql

ROOT = resource_dir("cypher").parent
NESTED = """
query ($outer: Int) {
  departments(first: $outer) {
    edges { node { id eventsAttended(first: 100) { edges { node {
      id attendees(first: 100) { totalCount edges { node { id } } }
    } } } } }
  }
}
"""


def _cost(query: str, variables: dict[str, object] | None = None) -> int:
    return estimate_cost(parse(query), None, variables, max_page=100)


def test_each_list_multiplies_what_is_under_it() -> None:
    assert _cost('{ department(id: "x") { id nameEn } }') == 3
    # The connection, its total once, then edges, node and id for each of 10 items.
    assert _cost("{ departments(first: 10) { totalCount edges { node { id } } } }") == (
        1 + 1 + 10 * 3
    )
    # No first: the default page (20); a variable: its value, or the max page if missing.
    assert _cost("{ departments { edges { node { id } } } }") == 1 + 20 * 3
    assert (
        _cost("query ($n: Int) { departments(first: $n) { edges { node { id } } } }", {"n": 5})
        == 16
    )
    assert _cost("query ($n: Int) { departments(first: $n) { edges { node { id } } } }") == 301
    # Fragments count where they are spread.
    fragment = (
        "{ departments(first: 2) { edges { node { ...f } } } }"
        " fragment f on Department { id nameEn }"
    )
    assert _cost(fragment) == 1 + 2 * 4
    # A list that is not a connection (whoMet's partners) multiplies all it holds.
    assert _cost('{ whoMet(party: "x", first: 3) { totalCount partners { party { id } } } }') == (
        1 + 3 * 4
    )


def test_lists_are_counted_at_any_depth() -> None:
    # The estimate once stopped at a depth of 64, so a fan-out nested below it ran.
    lists = "departments(first: 100) { edges { node { " * 2 + "id" + " } } }" * 2
    for depth in (1, 63, 70, 150):
        document = "{ " + "a { " * depth + lists + " }" * depth + " }"
        assert _cost(document) > 100 * 100, depth


def test_every_documented_query_is_well_within_the_default_limit() -> None:
    limit = Settings().max_query_cost
    paths = [
        *(ROOT / "docs" / "queries").rglob("*.graphql"),
        *(ROOT / "bench" / "workloads").glob("*.graphql"),
    ]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        match = re.search(r"^# variables: (.+)$", text, re.MULTILINE)
        variables = json.loads(match.group(1)) if match else {}
        assert _cost(text, variables) < limit / 5, path
    assert _cost(get_introspection_query()) < limit / 5  # GraphiQL's docs pane


@pytest.mark.neo4j
async def test_too_big_a_query_is_refused_before_it_runs(seeded_store: GraphStore) -> None:
    app = create_app(Settings(store=seeded_store.backend), store=seeded_store)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=ADMIN_HEADERS
    ) as client:
        before = seeded_store.counters.round_trips
        body = await gql(client, NESTED, {"outer": 100})
        assert seeded_store.counters.round_trips == before  # nothing ran
        assert body["data"] is None
        (error,) = body["errors"]
        assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
        assert error["extensions"]["limit"] == 100_000
        assert error["extensions"]["cost"] > 1_000_000
        assert "smaller pages" in error["message"]
        small = await gql(client, NESTED, {"outer": 2})
        assert "errors" not in small, small["errors"]
        assert len(small["data"]["departments"]["edges"]) == 2


@pytest.mark.neo4j
async def test_the_limit_is_a_setting(seeded_store: GraphStore) -> None:
    app = create_app(Settings(store=seeded_store.backend, max_query_cost=10), store=seeded_store)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=ADMIN_HEADERS
    ) as client:
        body = await gql(client, "{ departments(first: 5) { edges { node { id } } } }")
        assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
        body = await gql(client, '{ department(id: "department:bd") { id } }')
        assert body["data"] == {"department": {"id": "department:bd"}}


def test_the_limit_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPH_API_MAX_QUERY_COST", "1234")
    assert Settings().max_query_cost == 1234


def test_nested_fragments_are_costed_once_each_not_expanded() -> None:
    # 22 levels took 32 s of the event loop when every spread was expanded; the estimate
    # is the same number, found by walking each fragment once.
    document = parse(doubling_fragments(22))
    assert estimate_cost(document, None, None, 100) == 1 + 1 + 1 + 2**22
    small = parse(doubling_fragments(3))
    assert estimate_cost(small, None, None, 100) == 3 + 2**3


async def test_a_fragment_bomb_is_refused_at_once(seeded_store: GraphStore) -> None:
    app = create_app(Settings(store=seeded_store.backend), store=seeded_store)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=ADMIN_HEADERS
    ) as client:
        body = await gql(client, doubling_fragments(22))
    assert [e["extensions"]["code"] for e in body["errors"]] == ["QUERY_TOO_COMPLEX"]
    assert body["data"] is None


async def _ask(seeded_store: GraphStore, query: str, **settings: int) -> dict[str, object]:
    chosen = Settings(store=seeded_store.backend).model_copy(update=settings)
    app = create_app(chosen, store=seeded_store)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=ADMIN_HEADERS
    ) as client:
        return await gql(client, query)


def _codes(body: dict[str, object]) -> list[str]:
    errors = body.get("errors")
    assert isinstance(errors, list)
    return [error["extensions"]["code"] for error in errors]


async def test_too_deep_a_query_is_refused(seeded_store: GraphStore) -> None:
    deep = '{ department(id: "department:bd") { bureau { departments(first: 1) { edges { node {'
    deep += " bureau { departments(first: 1) { edges { node { id } } } } } } } } } }"
    body = await _ask(seeded_store, deep, max_depth=6)
    assert _codes(body) == ["QUERY_TOO_COMPLEX"]
    assert "nests fields 10 deep; the server allows 6" in str(body)
    assert "errors" not in await _ask(seeded_store, deep, max_depth=10)


async def test_too_many_aliases_are_refused(seeded_store: GraphStore) -> None:
    query = "{ " + " ".join(f"a{i}: __typename" for i in range(60)) + " }"
    body = await _ask(seeded_store, query)
    assert _codes(body) == ["QUERY_TOO_COMPLEX"]
    assert "60 aliases; the server allows 50" in str(body)


async def test_too_many_fields_are_refused_before_validation(seeded_store: GraphStore) -> None:
    # 600 fields without an alias: a wide document costs parsing and validation however
    # cheap each field is to answer (past about 800, graphql-core gives up validating).
    query = "{ " + " ".join("__typename" for _ in range(600)) + " }"
    body = await _ask(seeded_store, query)
    assert _codes(body) == ["QUERY_TOO_COMPLEX"]
    assert "selects 600 fields; the server allows 500" in str(body)
    assert "errors" not in await _ask(seeded_store, query, max_fields=700)


async def test_too_many_tokens_stop_the_parser(seeded_store: GraphStore) -> None:
    query = "{ " + " ".join("__typename" for _ in range(20_000)) + " }"
    body = await _ask(seeded_store, query)
    assert _codes(body) == ["GRAPHQL_PARSE_FAILED"]
    assert "more than 10000 tokens" in str(body)


def test_introspection_fits_the_default_shape_limits() -> None:
    document = parse(get_introspection_query(descriptions=True))
    depth, aliases = depth_and_aliases(document)
    defaults = Settings()
    assert depth <= defaults.max_depth
    assert aliases <= defaults.max_aliases
    assert field_count(document) <= defaults.max_fields
