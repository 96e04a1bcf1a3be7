"""Every list takes a name filter, on both stores: each nested list with `nameContains`
and each root list with `filter: {nameContains}`, found by reading the published schema
(so a list added later is covered without a new test). For each, a filtered list is the
unfiltered one less the entities whose names lack the word, in the same order, with its
own total; a word no name holds gives an empty list with total 0. The analytics lists of
entities (whoMet, brokers, technologyCoverage, recommendMatches) filter their answer the
same way, and page through the filtered answer with cursors.

tests/test_nested_name_filter.py goes deeper on two lists (paging, read-ahead, Chinese).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import GraphQLObjectType, build_schema, get_named_type

from graph_api.auth.roles import Role
from graph_api.domain import LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.store.base import GraphStore
from tests.editing_support import SOURCE, client_for, load_base
from tests.gql_client import gql

pytestmark = pytest.mark.neo4j

SCHEMA = build_schema((Path(__file__).parent.parent / "schema.graphql").read_text("utf-8"))
NOWHERE = "qqzzxj"  # in no name


def _nested_lists() -> list[tuple[str, str]]:
    """(owner type, field) of every nested list that takes nameContains."""
    return sorted(
        (owner.name, name)
        for owner in SCHEMA.type_map.values()
        if isinstance(owner, GraphQLObjectType) and owner.name != "Query"
        for name, field in owner.fields.items()
        if "nameContains" in field.args
    )


def _root_lists() -> list[tuple[str, str]]:
    """(root field, entity type) of every root list whose filter takes nameContains."""
    found = []
    assert SCHEMA.query_type is not None
    for name, field in SCHEMA.query_type.fields.items():
        condition = field.args.get("filter")
        if condition and "nameContains" in get_named_type(condition.type).fields:
            connection = get_named_type(field.type)
            edge = get_named_type(connection.fields["edges"].type)
            node = edge.fields["node"]
            found.append((name, get_named_type(node.type).name))
    return sorted(found)


NESTED = _nested_lists()
ROOTS = _root_lists()
WITH_PERSONS = {("Event", "people"), ("Person", "represents")}


def test_the_schema_has_the_lists_this_test_walks() -> None:
    assert len(NESTED) >= 30
    assert len(ROOTS) == 6
    assert {("Event", "attendees"), ("Department", "enterprisesMet")} <= set(NESTED)


def _words(text: str) -> set[str]:
    return {word for word in text.split() if len(word) > 2}


def _telling_word(names: list[str]) -> str:
    """A word some of the names hold and, where possible, not all: the most common such."""
    counts = Counter(word for name in names for word in _words(name))
    partial = [(n, w) for w, n in counts.items() if n < len(names)]
    return max(partial)[1] if partial else max((n, w) for w, n in counts.items())[1]


async def _nested(
    api: httpx.AsyncClient, owner_type: str, field: str, owners: list[str], text: str | None
) -> dict[str, tuple[int, list[str]]]:
    """Each owner's list (the first 100 items) and its total, filtered by ``text``."""
    query = f"""query ($ids: [ID!]!, $text: String) {{ nodes(ids: $ids) {{
      ... on {owner_type} {{ id {field}(first: 100, nameContains: $text) {{
        totalCount edges {{ node {{ id }} }} }} }} }} }}"""
    found: dict[str, tuple[int, list[str]]] = {}
    for start in range(0, len(owners), 100):
        body = await gql(api, query, {"ids": owners[start : start + 100], "text": text})
        assert "errors" not in body, (owner_type, field, body["errors"])
        for owner in body["data"]["nodes"]:
            items = owner[field]
            found[owner["id"]] = (items["totalCount"], [e["node"]["id"] for e in items["edges"]])
    return found


async def _check_nested(
    api: httpx.AsyncClient, store: GraphStore, owner_type: str, field: str
) -> None:
    """The field filters alike on the owner with the most items (up to a page)."""
    nodes, _ = await store.export_graph()
    owners = sorted(node.id for node in nodes if node.kind.value == owner_type)
    lists = await _nested(api, owner_type, field, owners, None)
    fitting = [(total, owner) for owner, (total, _) in lists.items() if 0 < total <= 100]
    assert fitting, f"no {owner_type} in the data has any {field}"
    total, owner = max(fitting)
    every = lists[owner][1]
    assert total == len(every)
    text = {node.id: node.search_text for node in nodes}
    word = _telling_word([text[i] for i in every])
    expected = [i for i in every if word in text[i]]
    assert await _nested(api, owner_type, field, [owner], word) == {
        owner: (len(expected), expected)
    }
    assert await _nested(api, owner_type, field, [owner], NOWHERE) == {owner: (0, [])}


@pytest.mark.parametrize(("owner_type", "field"), sorted(set(NESTED) - WITH_PERSONS))
async def test_a_nested_list_filters_by_name(
    seeded_store: GraphStore, owner_type: str, field: str
) -> None:
    async with client_for(seeded_store, role=Role.ANALYST) as api:
        await _check_nested(api, seeded_store, owner_type, field)


async def test_the_lists_of_persons_filter_by_name(empty_store: GraphStore) -> None:
    await load_base(empty_store)
    persons = [("person:chan", "Chan Tai Man"), ("person:wong", "Wong Siu Ming")]
    await empty_store.upsert(
        [NodeRecord(id=i, kind=NodeKind.PERSON, name_en=n, source=SOURCE) for i, n in persons],
        [LinkRecord(RelType.ATTENDED, i, "event:tf-20", source=SOURCE) for i, _ in persons]
        + [
            LinkRecord(RelType.REPRESENTS, "person:chan", party, source=SOURCE)
            for party in ("department:bd", "department:dpo")
        ],
    )
    async with client_for(empty_store, role=Role.ADMIN) as api:
        await _check_nested(api, empty_store, "Event", "people")
        # A person is no Node: reached through the event's people.
        both = {"department:bd", "department:dpo"}
        for text, expected in ((None, both), ("buildings", {"department:bd"}), (NOWHERE, set())):
            body = await gql(api, REPRESENTS, {"text": text})
            assert "errors" not in body, body["errors"]
            [chan] = body["data"]["event"]["people"]["edges"]
            found = chan["node"]["represents"]
            assert found["totalCount"] == len(expected), text
            assert {edge["node"]["id"] for edge in found["edges"]} == expected, text


REPRESENTS = """query ($text: String) { event(id: "event:tf-20") {
  people(nameContains: "chan") { edges { node {
    represents(nameContains: $text) { totalCount edges { node { id } } } } } } } }"""


ROOT = """query ($text: String) {{ {field}(first: 100, filter: {{nameContains: $text}}) {{
  totalCount edges {{ node {{ id }} }} }} }}"""


@pytest.mark.parametrize(("field", "entity_type"), ROOTS)
async def test_a_root_list_filters_by_name(
    seeded_store: GraphStore, field: str, entity_type: str
) -> None:
    nodes, _ = await seeded_store.export_graph()
    kind = NodeKind(entity_type)
    text = {node.id: node.search_text for node in nodes if node.kind is kind}
    word = _telling_word(list(text.values()))
    expected = {i for i, held in text.items() if word in held}
    async with client_for(seeded_store, role=Role.ANALYST) as api:
        for asked, want in ((word, expected), (NOWHERE, set())):
            body: dict[str, Any] = await gql(api, ROOT.format(field=field), {"text": asked})
            assert "errors" not in body, body["errors"]
            found = body["data"][field]
            assert found["totalCount"] == len(want), (field, asked)
            listed = {edge["node"]["id"] for edge in found["edges"]}
            assert listed <= want, (field, asked)
            assert len(listed) == min(len(want), 100), (field, asked)
    assert 0 < len(expected) < len(text)  # the word keeps some and drops some


# The analytics lists with a name filter: the question, the path to its items' entities.
ANALYTICS = {
    "whoMet": ('whoMet(party: "department:dpo", first: 100{args})', "partners", "party"),
    "brokers": ("brokers(kind: DEPARTMENT, first: 100{args})", "brokers", "entity"),
    "technologyCoverage": ("technologyCoverage(first: 100{args})", "technologies", "technology"),
    "recommendMatches": (
        'recommendMatches(department: "department:cedd", first: 100{args})',
        "matches",
        "enterprise",
    ),
}


async def _analytics(
    api: httpx.AsyncClient, field: str, text: str | None, page: int = 100
) -> tuple[int, list[str]]:
    """The whole answer (read in pages of ``page``) and its total, named ``text``."""
    call, items, entity = ANALYTICS[field]
    args = ", nameContains: $text, after: $after"  # null: no filter, from the start
    query = f"""query ($text: String, $after: String) {{
      {call.replace("first: 100", f"first: {page}").format(args=args)} {{
        totalCount pageInfo {{ hasNextPage endCursor }} {items} {{ {entity} {{ id }} }} }} }}"""
    ids: list[str] = []
    after = None
    while True:
        body = await gql(api, query, {"text": text, "after": after})
        assert "errors" not in body, (field, body["errors"])
        found = body["data"][field]
        ids += [item[entity]["id"] for item in found[items]]
        if not found["pageInfo"]["hasNextPage"]:
            return found["totalCount"], ids
        after = found["pageInfo"]["endCursor"]


@pytest.mark.parametrize("field", sorted(ANALYTICS))
async def test_an_analytics_list_filters_by_name(seeded_store: GraphStore, field: str) -> None:
    nodes, _ = await seeded_store.export_graph()
    text = {node.id: node.search_text for node in nodes}
    async with client_for(seeded_store, role=Role.ANALYST) as api:
        total, every = await _analytics(api, field, None)
        assert 1 < total == len(every) <= 100
        word = _telling_word([text[i] for i in every])
        expected = [i for i in every if word in text[i]]
        assert 0 < len(expected) < len(every)  # the word keeps some and drops some
        assert await _analytics(api, field, word) == (len(expected), expected)
        assert await _analytics(api, field, word, page=2) == (len(expected), expected)
        assert await _analytics(api, field, NOWHERE) == (0, [])
