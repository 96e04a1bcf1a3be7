"""The analytics lists page on with cursors, on both stores: paging through a whole
answer a few at a time gives exactly the one long page, cursors from another question
are refused, and a forged cursor gives an empty page, never an error or a crash."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from graph_api.store.base import GraphStore
from tests.gql_client import gql

pytestmark = pytest.mark.neo4j

# Each question, with the list it pages and what identifies an item.
QUESTIONS = {
    "whoMet": ('whoMet(party: "department:dpo", ARGS)', "partners", "party { id }"),
    "unmetNeeds": (
        "unmetNeeds(candidates: 0, ARGS)",
        "needs",
        "department { id } technology { id }",
    ),
    "technologyCoverage": ("technologyCoverage(ARGS)", "technologies", "technology { id }"),
    "brokers": ("brokers(ARGS)", "brokers", "entity { id } betweenness"),
    "communities": ("communities(ARGS)", "communities", "index size members { id }"),
    "recommendMatches": (
        'recommendMatches(department: "department:cedd", ARGS)',
        "matches",
        "enterprise { id } score",
    ),
}


def _query(question: str) -> str:
    call, items, fields = QUESTIONS[question]
    call = call.replace("ARGS", "first: $first, after: $after")
    return f"""query ($first: Int!, $after: String) {{ {call} {{
        totalCount pageInfo {{ hasNextPage endCursor }} {items} {{ {fields} }} }} }}"""


async def _page(api: httpx.AsyncClient, question: str, first: int, after: str | None) -> Any:
    body = await gql(api, _query(question), {"first": first, "after": after})
    assert "errors" not in body, body["errors"]
    return body["data"][question.split("(")[0]]


async def _every_page(api: httpx.AsyncClient, question: str, size: int) -> list[Any]:
    """Every item of the answer, read ``size`` at a time; each page states the same total."""
    items = QUESTIONS[question][1]
    found: list[Any] = []
    after = None
    totals = set()
    for _ in range(200):
        page = await _page(api, question, size, after)
        totals.add(page["totalCount"])
        found += page[items]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert totals == {len(found)}
    return found


@pytest.mark.parametrize("question", sorted(QUESTIONS))
async def test_paging_through_gives_the_whole_answer(api: httpx.AsyncClient, question: str) -> None:
    whole = await _every_page(api, question, 100)
    assert len(whole) > 3  # enough to take several pages
    assert await _every_page(api, question, 3 if len(whole) < 40 else 7) == whole


async def test_a_cursor_from_another_question_is_refused(api: httpx.AsyncClient) -> None:
    cursor = (await _page(api, "whoMet", 2, None))["pageInfo"]["endCursor"]
    body = await gql(api, _query("unmetNeeds"), {"first": 2, "after": cursor})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "another list" in body["errors"][0]["message"]
    # The same question asked differently is another list too.
    other = _query("whoMet").replace('"department:dpo"', '"department:cedd"')
    body = await gql(api, other, {"first": 2, "after": cursor})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("question", sorted(QUESTIONS))
async def test_a_forged_offset_gives_an_empty_page(api: httpx.AsyncClient, question: str) -> None:
    first = await _page(api, question, 1, None)
    cursor = first["pageInfo"]["endCursor"]
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    version, scope, _ = raw.split("|")
    for offset in (5_000, 2**62):
        forged = base64.urlsafe_b64encode(f"{version}|{scope}|{offset}".encode()).decode()
        page = await _page(api, question, 5, forged.rstrip("="))
        assert page[QUESTIONS[question][1]] == []
        assert page["totalCount"] == first["totalCount"]
        assert not page["pageInfo"]["hasNextPage"]


@pytest.mark.parametrize("question", ["recommendMatches"])
async def test_the_next_pages_of_a_ranking_are_cut_from_the_first(
    api: httpx.AsyncClient, seeded_store: GraphStore, question: str
) -> None:
    """A ranking (seconds at 10^5) is worked out once per question, not once per page."""
    counters = seeded_store.counters
    async with counters.writing():  # as after a write: an answer kept earlier is stale
        pass
    before = counters.round_trips
    first = await _page(api, question, 3, None)
    worked_out = counters.round_trips - before
    before = counters.round_trips
    await _page(api, question, 3, first["pageInfo"]["endCursor"])
    # The page's records only, and on Neo4j (which other processes share) one look at the
    # end of the change trail.
    freshness = 1 if seeded_store.shared_between_processes else 0
    assert counters.round_trips - before < 3 + freshness < worked_out
