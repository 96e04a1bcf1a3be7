"""Nested lists take a name filter (`nameContains`) on both stores: the filtered list is
exactly the unfiltered one with the entities whose names hold every word, in the same
order and with its own total, whether the list is read on its own, read ahead with its
owners in one query, or paged with cursors; Simplified Chinese reads as Traditional."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from graph_api.domain import normalise_search_text
from graph_api.store.base import GraphStore
from tests.gql_client import gql

pytestmark = pytest.mark.neo4j

ONE = """query($id: ID!, $text: String, $first: Int, $after: String) {
  event(id: $id) { attendees(first: $first, after: $after, nameContains: $text) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }"""
MANY = """query($text: String) { events(first: 5) { edges { node { id
  attendees(first: 100, nameContains: $text) { totalCount edges { node { id } } } } } } }"""


async def _ids(api: httpx.AsyncClient, event: str, text: str | None) -> tuple[int, list[str]]:
    body = await gql(api, ONE, {"id": event, "text": text, "first": 100})
    assert "errors" not in body, body
    found = body["data"]["event"]["attendees"]
    return found["totalCount"], [edge["node"]["id"] for edge in found["edges"]]


async def _search_text(store: GraphStore, ids: list[str]) -> dict[str, str]:
    nodes = await store.get_nodes(ids)
    return {node_id: node.search_text for node_id, node in nodes.items()}


@pytest.mark.parametrize(
    ("text", "words"),
    [("department", ["department"]), ("lands dept", ["lands", "dept"]), ("署", ["署"]),
     ("规划", ["規劃"]), ("zzzz-nothing", ["zzzz-nothing"])],
)  # fmt: skip
async def test_a_filtered_list_is_the_list_without_the_others(
    api: httpx.AsyncClient, seeded_store: GraphStore, text: str, words: list[str]
) -> None:
    for event in ("event:tf-19", "event:s-09"):
        total, every = await _ids(api, event, None)
        assert total == len(every) > 0
        names = await _search_text(seeded_store, every)
        expected = [i for i in every if all(normalise_search_text(w) in names[i] for w in words)]
        assert await _ids(api, event, text) == (len(expected), expected)


async def test_read_ahead_and_paged_lists_filter_alike(api: httpx.AsyncClient) -> None:
    body = await gql(api, MANY, {"text": "department"})
    assert "errors" not in body, body
    for edge in body["data"]["events"]["edges"]:
        alone = await _ids(api, edge["node"]["id"], "department")
        nested = edge["node"]["attendees"]
        assert (nested["totalCount"], [e["node"]["id"] for e in nested["edges"]]) == alone
    total, every = await _ids(api, "event:tf-19", "department")
    assert total > 6
    paged: list[str] = []
    after: Any = None
    while True:
        page = await gql(api, ONE, {"id": "event:tf-19", "text": "department", "first": 4,
                                    "after": after})  # fmt: skip
        found = page["data"]["event"]["attendees"]
        paged += [edge["node"]["id"] for edge in found["edges"]]
        if not found["pageInfo"]["hasNextPage"]:
            break
        after = found["pageInfo"]["endCursor"]
    assert paged == every
    # A cursor of the unfiltered list does not fit the filtered one.
    unfiltered = await gql(api, ONE, {"id": "event:tf-19", "first": 2})
    cursor = unfiltered["data"]["event"]["attendees"]["pageInfo"]["endCursor"]
    refused = await gql(api, ONE, {"id": "event:tf-19", "text": "department", "after": cursor})
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_an_empty_filter_is_refused_and_names_the_argument(api: httpx.AsyncClient) -> None:
    body = await gql(api, ONE, {"id": "event:tf-19", "text": "   "})
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "nameContains"}


MET = """query($id: ID!, $text: String, $after: String) { department(id: $id) {
  enterprisesMet(first: 3, after: $after, nameContains: $text) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id } sharedEvents } } } }"""


async def _met(api: httpx.AsyncClient, text: str | None) -> tuple[int, list[tuple[str, int]]]:
    """Every enterprise the DPO met (paged by 3), and the total, with ``text`` as filter."""
    found: list[tuple[str, int]] = []
    after: str | None = None
    while True:
        body = await gql(api, MET, {"id": "department:dpo", "text": text, "after": after})
        assert "errors" not in body, body
        page = body["data"]["department"]["enterprisesMet"]
        found += [(edge["node"]["id"], edge["sharedEvents"]) for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return page["totalCount"], found
        after = page["pageInfo"]["endCursor"]


@pytest.mark.parametrize(
    ("text", "words"),
    [("suzhou", ["suzhou"]), ("vision ltd", ["vision", "ltd"]), ("视觉", ["視覺"])],
)
async def test_met_lists_take_the_name_filter(
    api: httpx.AsyncClient, seeded_store: GraphStore, text: str, words: list[str]
) -> None:
    total, every = await _met(api, None)
    assert total == len(every) > 0
    names = await _search_text(seeded_store, [party for party, _ in every])
    expected = [m for m in every if all(normalise_search_text(w) in names[m[0]] for w in words)]
    assert 0 < len(expected) < len(every)  # the filter must keep some and drop some
    assert await _met(api, text) == (len(expected), expected)
