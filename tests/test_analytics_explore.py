"""The explorer's root fields on both stores: ``neighbourhood`` draws exactly what the seed
files hold around an entity (worked out here in plain Python), within its limits, and
``inviteList`` gathers the same candidates ``unmetNeeds`` names for each need."""

from __future__ import annotations

from collections import deque
from typing import Any

import httpx
import pytest

from graph_api.auth.roles import Role
from graph_api.domain import NodeKind
from graph_api.store.base import GraphStore
from tests.app_client import app_client
from tests.auth_support import as_role
from tests.gql_client import data, error, gql
from tests.oracle import seed

pytestmark = pytest.mark.neo4j

NEIGHBOURHOOD = """query ($of: ID!, $hops: Int!, $limit: Int!, $via: [RelType!], $asOf: Date) {
  neighbourhood(of: $of, hops: $hops, limit: $limit, via: $via, asOf: $asOf) {
    centre { id } complete reason
    nodes { entity { id } hops }
    links { from to link { type date source } } } }"""


def _seed_walk(centre: str, hops: int) -> tuple[dict[str, int], set[tuple[str, str, str]]]:
    """Distances within ``hops`` of ``centre`` over every seed link (persons aside), and
    every link between two entities within reach: the answer worked out from the seed
    files alone."""
    persons = {n.id for n in seed().nodes if n.kind is NodeKind.PERSON}
    at: dict[str, list[tuple[str, str, str]]] = {}
    for link in seed().links:
        if persons & {link.from_id, link.to_id}:
            continue
        key = (link.type.value, link.from_id, link.to_id)
        at.setdefault(link.from_id, []).append(key)
        at.setdefault(link.to_id, []).append(key)
    distances, queue = {centre: 0}, deque([centre])
    while queue:
        owner = queue.popleft()
        if distances[owner] == hops:
            continue
        for key in at.get(owner, []):
            other = key[2] if key[1] == owner else key[1]
            if other not in distances:
                distances[other] = distances[owner] + 1
                queue.append(other)
    links = {key for keys in at.values() for key in keys if {key[1], key[2]} <= set(distances)}
    return distances, links


async def _neighbourhood(api: httpx.AsyncClient, of: str, hops: int, **more: Any) -> Any:
    answer = await data(api, NEIGHBOURHOOD, of=of, hops=hops, limit=more.pop("limit", 300), **more)
    return answer["neighbourhood"]


@pytest.mark.parametrize(("centre", "hops"), [("department:dpo", 1), ("department:bd", 2)])
async def test_the_neighbourhood_is_what_the_seed_files_hold(
    api: httpx.AsyncClient, centre: str, hops: int
) -> None:
    found = await _neighbourhood(api, centre, hops)
    distances, links = _seed_walk(centre, hops)
    assert len(distances) <= 300
    assert found["complete"]
    assert found["reason"] is None
    assert found["centre"]["id"] == centre
    assert {n["entity"]["id"]: n["hops"] for n in found["nodes"]} == distances
    assert found["nodes"][0] == {"entity": {"id": centre}, "hops": 0}
    assert [n["hops"] for n in found["nodes"]] == sorted(n["hops"] for n in found["nodes"])
    assert {(e["link"]["type"], e["from"], e["to"]) for e in found["links"]} == links


async def test_the_neighbourhood_holds_both_links_between_a_pair(api: httpx.AsyncClient) -> None:
    found = await _neighbourhood(api, "department:dpo", 1)
    to_forum = {e["link"]["type"] for e in found["links"] if e["to"] == "event:tf-19"}
    assert to_forum == {"ORGANISED", "ATTENDED"}
    bureau = next(e for e in found["links"] if e["to"] == "bureau:itib")
    assert bureau["from"] == "department:dpo"
    assert bureau["link"]["source"]


async def test_a_cut_neighbourhood_says_so_and_keeps_the_nearest(api: httpx.AsyncClient) -> None:
    found = await _neighbourhood(api, "department:bd", 2, limit=5)
    assert len(found["nodes"]) == 5
    assert not found["complete"]
    assert "limit" in found["reason"]
    nearest, _ = _seed_walk("department:bd", 1)
    assert len(nearest) > 5  # so the five are all from the first hop
    assert {n["entity"]["id"] for n in found["nodes"]} <= set(nearest)
    ids = {n["entity"]["id"] for n in found["nodes"]}
    assert all({e["from"], e["to"]} <= ids for e in found["links"])


async def test_the_neighbourhood_follows_only_the_kinds_asked_and_the_day(
    api: httpx.AsyncClient,
) -> None:
    found = await _neighbourhood(api, "department:dpo", 2, via=["PART_OF", "SUCCEEDED_BY"])
    assert {e["link"]["type"] for e in found["links"]} == {"PART_OF", "SUCCEEDED_BY"}
    ids = {n["entity"]["id"] for n in found["nodes"]}
    assert {"bureau:itib", "department:ogcio", "partner:smart-lab"} <= ids
    earlier = await _neighbourhood(api, "bureau:itib", 1, asOf="2023-01-01")
    assert all(
        e["link"]["date"] is None or e["link"]["date"] <= "2023-01-01" for e in earlier["links"]
    )
    assert "department:dpo" not in {n["entity"]["id"] for n in earlier["nodes"]}


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ('of: "department:dpo", hops: 4', "BAD_USER_INPUT"),
        ('of: "department:dpo", limit: 0', "BAD_USER_INPUT"),
        ('of: "department:nowhere"', "NOT_FOUND"),
    ],
)
async def test_a_bad_neighbourhood_question_is_refused(
    api: httpx.AsyncClient, arguments: str, code: str
) -> None:
    failure = await error(api, f"{{ neighbourhood({arguments}) {{ complete }} }}")
    assert failure["extensions"]["code"] == code, failure


async def test_viewers_see_neighbourhoods_but_not_inferred_meetings(
    seeded_store: GraphStore,
) -> None:
    async with app_client(seeded_store) as client:
        client.headers.update(as_role(Role.VIEWER))
        found = await data(client, '{ neighbourhood(of: "department:dpo") { nodes { hops } } }')
        assert len(found["neighbourhood"]["nodes"]) > 1
        inferred = await error(
            client,
            '{ neighbourhood(of: "department:dpo", trust: {inferMeetings: true}) { complete } }',
        )
        assert inferred["extensions"]["code"] == "FORBIDDEN"
        assert "analyst" in inferred["message"]
        assert inferred["extensions"]["requiredRole"] == "analyst"
        invites = await error(client, "{ inviteList { totalCount } }")
        assert invites["extensions"]["code"] == "FORBIDDEN"


INVITES = """query ($perNeed: Int!, $departments: [ID!], $first: Int!, $after: String) {
  inviteList(perNeed: $perNeed, departments: $departments, first: $first, after: $after) {
    totalCount needCount pageInfo { hasNextPage endCursor }
    invitees { enterprise { id } score
      needs { department { id } technology { id } score reasons { points } metAlready } } } }"""
UNMET = """query ($candidates: Int!) { unmetNeeds(candidates: $candidates, first: 100) {
  totalCount needs { department { id } technology { id }
    candidates { match { enterprise { id } score } } } } }"""


async def _invites(api: httpx.AsyncClient, per_need: int, **more: Any) -> Any:
    answer = await data(api, INVITES, perNeed=per_need, first=more.pop("first", 100), **more)
    return answer["inviteList"]


@pytest.mark.parametrize("per_need", [1, 3])
async def test_the_invite_list_gathers_each_needs_candidates(
    api: httpx.AsyncClient, per_need: int
) -> None:
    unmet = (await data(api, UNMET, candidates=per_need))["unmetNeeds"]
    expected: dict[str, set[tuple[str, str, int]]] = {}
    for need in unmet["needs"]:
        for candidate in need["candidates"]:
            match = candidate["match"]
            expected.setdefault(match["enterprise"]["id"], set()).add(
                (need["department"]["id"], need["technology"]["id"], match["score"])
            )
    found = await _invites(api, per_need)
    assert found["needCount"] == unmet["totalCount"] <= 100
    assert found["totalCount"] == len(found["invitees"]) == len(expected) > 0
    got = {
        i["enterprise"]["id"]: {
            (n["department"]["id"], n["technology"]["id"], n["score"]) for n in i["needs"]
        }
        for i in found["invitees"]
    }
    assert got == expected
    for invitee in found["invitees"]:
        assert invitee["score"] == max(n["score"] for n in invitee["needs"])
        assert all(n["score"] == sum(r["points"] for r in n["reasons"]) for n in invitee["needs"])
    order = [(-len(i["needs"]), -i["score"], i["enterprise"]["id"]) for i in found["invitees"]]
    assert order == sorted(order)


async def test_the_invite_list_pages_and_keeps_to_its_departments(
    api: httpx.AsyncClient,
) -> None:
    whole = await _invites(api, 2)
    pages: list[Any] = []
    after = None
    while True:
        page = await _invites(api, 2, first=4, after=after)
        pages += page["invitees"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert pages == whole["invitees"]
    department = whole["invitees"][0]["needs"][0]["department"]["id"]
    only = await _invites(api, 2, departments=[department])
    assert only["invitees"]
    assert {n["department"]["id"] for i in only["invitees"] for n in i["needs"]} == {department}


async def test_the_next_pages_are_cut_from_the_first_pages_answer(
    api: httpx.AsyncClient, seeded_store: GraphStore
) -> None:
    """Rankings are worked out once for a question; after a write, again."""
    counters = seeded_store.counters

    async def trips_of_second_page() -> int:
        before = counters.round_trips
        await _invites(api, 2, first=4, after=first["pageInfo"]["endCursor"])
        return counters.round_trips - before

    async with counters.writing():  # an answer kept by an earlier test is stale now
        pass
    before = counters.round_trips
    first = await _invites(api, 2, first=4)
    worked_out = counters.round_trips - before
    assert await trips_of_second_page() < 5 < worked_out  # naming the page's entities only
    async with counters.writing():  # what every write of this process does
        pass
    assert await trips_of_second_page() > 5


async def test_a_bad_invite_list_question_is_refused(api: httpx.AsyncClient) -> None:
    body = await gql(api, "{ inviteList(perNeed: 0) { totalCount } }")
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    wrong_kind = await error(api, '{ inviteList(departments: ["bureau:itib"]) { totalCount } }')
    assert "No Department" in wrong_kind["message"]


async def test_a_full_neighbourhood_reads_no_further(api: httpx.AsyncClient) -> None:
    nearest, links = _seed_walk("department:dpo", 1)
    found = await _neighbourhood(api, "department:dpo", 3, limit=len(nearest))
    assert {n["entity"]["id"]: n["hops"] for n in found["nodes"]} == nearest
    assert {(e["link"]["type"], e["from"], e["to"]) for e in found["links"]} == links
    assert not found["complete"]
    assert "further out were not read" in found["reason"]
