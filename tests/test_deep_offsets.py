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
from tests.gql_client import gql

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
