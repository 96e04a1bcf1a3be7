"""Forged or deep cursors never reach Ladybug's large-offset crash (embedded_store.SAFE_SKIP):
a search cursor with an offset of 5,000 or 10^9 answers an empty page with the total (it
killed the process before), and pages past the bound equal the same pages read plainly."""

from __future__ import annotations

import httpx
import pytest

from graph_api.domain import NodeKind
from graph_api.store import embedded_store
from graph_api.store.base import GraphStore
from graph_api.store.search import SearchTerms
from tests.attack_documents import forge_cursor
from tests.gql_client import error_codes, gql

pytestmark = pytest.mark.neo4j

FIRST_PAGE = '{ search(text: "a", first: 2) { totalCount pageInfo { endCursor } } }'
AFTER = """query ($after: String) { search(text: "a", first: 2, after: $after) {
  totalCount edges { node { id } } } }"""


@pytest.mark.parametrize("offset", [5_000, 50_000, 10**9])
async def test_a_forged_search_cursor_past_the_end_is_an_empty_page(
    api: httpx.AsyncClient, offset: int
) -> None:
    first = (await gql(api, FIRST_PAGE))["data"]["search"]
    body = await gql(api, AFTER, {"after": forge_cursor(first["pageInfo"]["endCursor"], offset)})
    assert "errors" not in body, body
    assert body["data"]["search"] == {"totalCount": first["totalCount"], "edges": []}


async def test_search_pages_past_the_safe_offset_equal_plain_pages(
    seeded_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    terms = SearchTerms.parse("a")
    kinds = list(NodeKind)
    plain = [await seeded_store.search(terms, kinds, skip, 3) for skip in (4, 9, 30)]
    monkeypatch.setattr(embedded_store, "SAFE_SKIP", 2)
    deep = [await seeded_store.search(terms, kinds, skip, 3) for skip in (4, 9, 30)]
    assert [[h.node.id for h in p.hits] for p in deep] == [
        [h.node.id for h in p.hits] for p in plain
    ]
    assert [p.total for p in deep] == [p.total for p in plain]
    assert all(p.hits for p in plain)


LISTS = {
    "search": (
        '{ search(text: "a", first: 1) { pageInfo { endCursor } } }',
        'query ($c: String) { search(text: "a", first: 5, after: $c) { totalCount } }',
    ),
    "departments": (
        "{ departments(first: 1) { pageInfo { endCursor } } }",
        "query ($c: String) { departments(first: 100, after: $c) { totalCount } }",
    ),
    "whoMet": (
        '{ whoMet(party: "department:dpo", first: 1) { pageInfo { endCursor } } }',
        'query ($c: String) { whoMet(party: "department:dpo", first: 100, after: $c) '
        "{ totalCount } }",
    ),
}


@pytest.mark.parametrize("field", sorted(LISTS))
async def test_a_cursor_at_the_top_of_the_64_bit_range_is_bad_input(
    api: httpx.AsyncClient, field: str
) -> None:
    # 2^63 - 1 once passed the check, and the page after it asked the store to skip 2^63,
    # which overflowed (INTERNAL_ERROR on one store, an empty page on the others).
    first_page, after = LISTS[field]
    cursor = (await gql(api, first_page))["data"][field]["pageInfo"]["endCursor"]
    refused = await gql(api, after, {"c": forge_cursor(cursor, 2**63 - 1)})
    assert error_codes(refused) == ["BAD_USER_INPUT"], refused
    assert "points past any list" in refused["errors"][0]["message"]
    past_the_end = await gql(api, after, {"c": forge_cursor(cursor, 2**62 - 1)})
    assert "errors" not in past_the_end, past_the_end
    assert past_the_end["data"][field]["totalCount"] > 0
