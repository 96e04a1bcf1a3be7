"""history(id): every change with who, when and source, newest first, paged by cursor,
seen from both ends of a link and kept after a merge; the actor comes from the caller's
verified key."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from graph_api.store.base import GraphStore
from tests.editing_support import ACTOR, SOURCE, client_for, data, error, load_base

pytestmark = pytest.mark.neo4j

HISTORY = """
query History($id: ID!, $first: Int, $after: String) {
  history(id: $id, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { id at actor channel source action entityId otherId linkType } }
  }
}"""
RENAME = """mutation($id: ID!, $name: String!) {
  updateEntity(id: $id, input: {nameEn: $name}) { change { id } } }"""
ATTEND = """mutation($party: ID!, $event: ID!) {
  recordAttendance(input: {partyId: $party, eventId: $event, role: ATTENDEE,
                           source: "Sign-in sheet"}) { change { id } } }"""


@pytest.fixture
async def client(empty_store: GraphStore) -> Any:
    await load_base(empty_store)
    async with client_for(empty_store) as http:
        yield http


async def _history(client: httpx.AsyncClient, node_id: str, **page: Any) -> dict[str, Any]:
    result: dict[str, Any] = (await data(client, HISTORY, id=node_id, **page))["history"]
    return result


async def test_history_lists_changes_newest_first(client: httpx.AsyncClient) -> None:
    ids = []
    for name in ("Acme Robotics One", "Acme Robotics Two", "Acme Robotics Three"):
        answer = await data(client, RENAME, id="enterprise:acme", name=name)
        ids.append(answer["updateEntity"]["change"]["id"])
    history = await _history(client, "enterprise:acme")
    assert history["totalCount"] == 3
    nodes = [edge["node"] for edge in history["edges"]]
    assert [node["id"] for node in nodes] == ids[::-1]
    times = [dt.datetime.fromisoformat(node["at"]) for node in nodes]
    assert times == sorted(times, reverse=True)
    assert all(time.tzinfo is not None for time in times)
    assert {(node["actor"], node["channel"], node["source"]) for node in nodes} == {
        (ACTOR, "graphql", SOURCE)
    }
    assert history["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": False,
        "endCursor": history["edges"][-1]["cursor"],
    }


async def test_history_pages_by_cursor(client: httpx.AsyncClient) -> None:
    for number in range(5):
        await data(client, RENAME, id="enterprise:acme", name=f"Acme Robotics {number}")
    everything = await _history(client, "enterprise:acme", first=5)
    seen: list[str] = []
    after = None
    while True:
        page = await _history(client, "enterprise:acme", first=2, after=after)
        assert page["totalCount"] == 5
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [edge["node"]["id"] for edge in everything["edges"]]
    assert len(seen) == 5


async def test_a_link_change_is_in_both_entities_history(client: httpx.AsyncClient) -> None:
    answer = await data(client, ATTEND, party="department:bd", event="event:ws-1")
    change_id = answer["recordAttendance"]["change"]["id"]
    for node_id in ("department:bd", "event:ws-1"):
        node = (await _history(client, node_id))["edges"][0]["node"]
        assert node["id"] == change_id
        assert (node["entityId"], node["otherId"], node["linkType"]) == (
            "department:bd",
            "event:ws-1",
            "ATTENDED",
        )
        assert node["source"] == "Sign-in sheet"


async def test_history_outlives_a_merge(client: httpx.AsyncClient) -> None:
    await data(client, RENAME, id="enterprise:acme-hk", name="Acme HK")
    merge = """mutation { mergeEntities(keepId: "enterprise:acme",
      duplicateId: "enterprise:acme-hk", source: "Same company") { change { id } } }"""
    merged = (await data(client, merge))["mergeEntities"]["change"]["id"]
    gone = await _history(client, "enterprise:acme-hk")
    assert [edge["node"]["action"] for edge in gone["edges"]] == [
        "ENTITY_MERGED",
        "ENTITY_UPDATED",
    ]
    kept = await _history(client, "enterprise:acme")
    assert kept["edges"][0]["node"]["id"] == merged


async def test_history_refuses_bad_arguments(client: httpx.AsyncClient) -> None:
    cursor = await error(client, HISTORY, id="enterprise:acme", after="not-a-cursor")
    assert (cursor["extensions"]["code"], cursor["extensions"]["field"]) == (
        "BAD_USER_INPUT",
        "after",
    )
    bad_id = await error(client, HISTORY, id="acme")
    assert bad_id["extensions"]["field"] == "id"
    too_many = await error(client, HISTORY, id="enterprise:acme", first=1000)
    assert too_many["extensions"]["field"] == "first"
    untouched = await _history(client, "enterprise:acme")
    assert untouched == {
        "totalCount": 0,
        "pageInfo": {"hasNextPage": False, "hasPreviousPage": False, "endCursor": None},
        "edges": [],
    }


async def test_the_actor_is_the_verified_key_never_a_header(empty_store: GraphStore) -> None:
    await load_base(empty_store)
    async with client_for(empty_store, actor="alice") as alice:
        alice.headers["X-Graph-Actor"] = "mallory"  # the old, trusted header: ignored now
        await data(alice, RENAME, id="enterprise:acme", name="Acme Alice")
        history = await _history(alice, "enterprise:acme")
        assert history["edges"][0]["node"]["actor"] == "key:alice"
    async with client_for(empty_store, actor=None) as nobody:
        failure = await error(nobody, RENAME, id="enterprise:acme", name="Acme Anonymous")
        assert failure["extensions"]["code"] == "FORBIDDEN"
    async with client_for(empty_store, actor="alice") as alice:
        history = await _history(alice, "enterprise:acme")
        assert history["totalCount"] == 1  # the refused rename wrote nothing
