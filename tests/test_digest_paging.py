"""The change digest pages on (issue 13: its lists stopped at 100 with no way to the
rest): every list is paged alike with first/after, on both stores, and the pages
together hold each whole list exactly once, as counts says."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.gql_client import data, error_codes, gql

pytestmark = pytest.mark.neo4j

DIGEST = """query ($first: Int!, $after: String) {
  changesSinceEvent(event: "event:tf-19", first: $first, after: $after) {
    counts { newMeetings firstTimeAttendees }
    newMeetings { party { id } enterprise { id } }
    firstTimeAttendees { id }
    pageInfo { hasNextPage endCursor } } }"""


async def _pages(api: httpx.AsyncClient, first: int) -> list[dict[str, Any]]:
    pages: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await data(api, DIGEST, first=first, after=after))["changesSinceEvent"]
        pages.append(page)
        if not page["pageInfo"]["hasNextPage"]:
            return pages
        after = page["pageInfo"]["endCursor"]


async def test_the_digest_pages_through_every_list(api: httpx.AsyncClient) -> None:
    pages = await _pages(api, first=30)
    counts = pages[0]["counts"]
    assert counts["newMeetings"] > 100  # more than the largest page: paging is needed
    met = [(m["party"]["id"], m["enterprise"]["id"]) for p in pages for m in p["newMeetings"]]
    assert len(met) == len(set(met)) == counts["newMeetings"]
    firsts = [a["id"] for p in pages for a in p["firstTimeAttendees"]]
    assert len(firsts) == len(set(firsts)) == counts["firstTimeAttendees"]
    # The longest list sets the number of pages; the shorter ones are empty past their end.
    assert len(pages) == -(-counts["newMeetings"] // 30)
    assert pages[-1]["firstTimeAttendees"] == []
    # One large page holds the same as the pages together, in the same order.
    whole = (await data(api, DIGEST, first=100))["changesSinceEvent"]
    assert [(m["party"]["id"], m["enterprise"]["id"]) for m in whole["newMeetings"]] == met[:100]


async def test_a_cursor_of_another_digest_is_refused(api: httpx.AsyncClient) -> None:
    page = (await data(api, DIGEST, first=5))["changesSinceEvent"]
    other = """query ($after: String) { changes(since: "2024-01-01", first: 5, after: $after) {
      counts { newMeetings } } }"""
    body = await gql(api, other, {"after": page["pageInfo"]["endCursor"]})
    assert error_codes(body) == ["BAD_USER_INPUT"]
