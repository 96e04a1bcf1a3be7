"""Live changes on both stores: a real graphql-transport-ws subscription over WebSocket to
the app served by uvicorn on a loopback port receives what a mutation (over real HTTP)
commits, the kinds and event filters hold back everything else, and the feed itself
drops a subscriber that falls behind instead of growing without bound."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus

from graph_api import events
from graph_api.app import create_app
from graph_api.auth.roles import Role
from graph_api.config import Settings
from graph_api.events import ChangeEvent, ChangeFeed, SubscriberTooSlow
from graph_api.store.base import GraphStore
from graph_api.store.changes import ChangeAction, ChangeRecord
from tests.auth_support import as_role, bearer
from tests.editing_support import ACTOR, ACTOR_NAME, SOURCE, data, load_base
from tests.live_server import PROTOCOL, graphql_socket, receive, serving

pytestmark = pytest.mark.neo4j

CHANGES = """
subscription Changes($kinds: [NodeKind!], $eventId: ID) {
  graphChanged(kinds: $kinds, eventId: $eventId) {
    kinds
    change { action actor channel source entityId otherId linkType }
    entity { id nameEn }
    link { type role date source }
  }
}"""
ATTEND = """mutation($party: ID!, $event: ID!) {
  recordAttendance(input: {partyId: $party, eventId: $event, role: SPEAKER,
                           source: "Sign-in sheet"}) { change { id } } }"""
CREATE = """mutation($kind: NodeKind!, $name: String!) {
  createEntity(input: {kind: $kind, nameEn: $name, source: "Forum notes"}) {
    entity { id } } }"""
OFFER = """mutation { recordOffer(input: {enterpriseId: "enterprise:acme",
  technologyId: "technology:cv", source: "Product sheet"}) { change { id } } }"""


@dataclass
class Served:
    """The app on a loopback port, its store, and an HTTP client sending an actor."""

    url: str
    store: GraphStore
    http: httpx.AsyncClient


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Settings a test changes (by parametrizing this name): none by default."""
    return {}


@pytest.fixture
async def served(
    empty_store: GraphStore, settings_overrides: dict[str, Any]
) -> AsyncIterator[Served]:
    """uvicorn serving the app over the small editing graph, in this event loop."""
    await load_base(empty_store)
    settings = Settings(store=empty_store.backend, **settings_overrides)
    async with serving(create_app(settings, store=empty_store)) as base:
        headers = bearer(ACTOR_NAME, Role.EDITOR)
        async with httpx.AsyncClient(base_url=f"http://{base}", headers=headers) as http:
            yield Served(f"ws://{base}/graphql", empty_store, http)


@pytest.fixture
async def socket_to(served: Served) -> AsyncIterator[ClientConnection]:
    """A graphql-transport-ws connection, initialised and acknowledged."""
    async with _connected(served) as ws:
        yield ws


def _connected(served: Served) -> contextlib.AbstractAsyncContextManager[ClientConnection]:
    return graphql_socket(served.url, as_role(Role.ANALYST))


async def _subscribe(ws: ClientConnection, store: GraphStore, op_id: str, **variables: Any) -> None:
    """Start a subscription and wait until the feed has its listener (no ack exists)."""
    listening = store.change_feed.subscriber_count
    payload = {"query": CHANGES, "variables": variables}
    await ws.send(json.dumps({"id": op_id, "type": "subscribe", "payload": payload}))
    await _until(lambda: store.change_feed.subscriber_count > listening)


async def _until(condition: Callable[[], bool], seconds: float = 10) -> None:
    """Wait for something the protocol has no message for."""
    for _ in range(int(seconds * 100)):
        if condition():
            return
        await asyncio.sleep(0.01)
    pytest.fail("timed out waiting")


def _change(message: dict[str, Any], op_id: str) -> dict[str, Any]:
    assert message["id"] == op_id, message
    assert message["type"] == "next", message
    assert "errors" not in message["payload"], message
    change: dict[str, Any] = message["payload"]["data"]["graphChanged"]
    return change


async def test_a_subscriber_receives_what_a_mutation_commits(
    served: Served, socket_to: ClientConnection
) -> None:
    await _subscribe(socket_to, served.store, "all")
    await data(served.http, ATTEND, party="department:bd", event="event:ws-1")
    change = _change(await receive(socket_to), "all")
    assert change == {
        "kinds": ["DEPARTMENT", "EVENT"],
        "change": {
            "action": "LINK_RECORDED",
            "actor": ACTOR,
            "channel": "graphql",
            "source": "Sign-in sheet",
            "entityId": "department:bd",
            "otherId": "event:ws-1",
            "linkType": "ATTENDED",
        },
        "entity": None,
        "link": {"type": "ATTENDED", "role": "SPEAKER", "date": "2025-04-01",
                 "source": "Sign-in sheet"},
    }  # fmt: skip
    await data(served.http, CREATE, kind="ENTERPRISE", name="Kestrel Sensing Limited")
    created = _change(await receive(socket_to), "all")
    assert created["change"]["action"] == "ENTITY_CREATED"
    assert created["entity"] == {
        "id": "enterprise:kestrel-sensing-limited",
        "nameEn": "Kestrel Sensing Limited",
    }
    assert created["kinds"] == ["ENTERPRISE"]

    await socket_to.send(json.dumps({"id": "all", "type": "complete"}))
    await _until(lambda: served.store.change_feed.subscriber_count == 0)  # it lets go


async def test_kind_and_event_filters_hold_back_other_changes(
    served: Served, socket_to: ClientConnection
) -> None:
    await _subscribe(socket_to, served.store, "technologies", kinds=["TECHNOLOGY"])
    await _subscribe(socket_to, served.store, "workshop", eventId="event:ws-1")
    # Neither subscription wants these two; if either were delivered, it would come first.
    await data(served.http, CREATE, kind="ENTERPRISE", name="Lantern Robotics Limited")
    await data(served.http, ATTEND, party="department:bd", event="event:tf-20")
    await data(served.http, OFFER)  # touches a technology
    await data(served.http, ATTEND, party="department:dpo", event="event:ws-1")
    received = [await receive(socket_to), await receive(socket_to)]
    first = {message["id"]: message for message in received}
    assert set(first) == {"technologies", "workshop"}
    offer = _change(first["technologies"], "technologies")
    assert (offer["change"]["linkType"], offer["change"]["otherId"]) == ("OFFERS", "technology:cv")
    assert offer["kinds"] == ["ENTERPRISE", "TECHNOLOGY"]
    workshop = _change(first["workshop"], "workshop")
    assert (workshop["change"]["entityId"], workshop["change"]["otherId"]) == (
        "department:dpo",
        "event:ws-1",
    )


async def test_a_bad_event_id_is_refused(served: Served, socket_to: ClientConnection) -> None:
    payload = {"query": CHANGES, "variables": {"eventId": "department:bd"}}
    await socket_to.send(json.dumps({"id": "bad", "type": "subscribe", "payload": payload}))
    message = await receive(socket_to)
    assert message["id"] == "bad"
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "not an event id" in errors[0]["message"]
    assert served.store.change_feed.subscriber_count == 0


async def test_a_viewer_may_not_follow_changes(served: Served) -> None:
    async with connect(
        served.url,
        subprotocols=[PROTOCOL],
        additional_headers=as_role(Role.VIEWER),
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init"}))
        assert await receive(ws) == {"type": "connection_ack"}
        payload = {"query": CHANGES, "variables": {}}
        await ws.send(json.dumps({"id": "v", "type": "subscribe", "payload": payload}))
        message = await receive(ws)
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
        assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert served.store.change_feed.subscriber_count == 0


async def test_a_handshake_with_a_wrong_key_is_refused(served: Served) -> None:
    with pytest.raises(InvalidStatus):
        async with connect(
            served.url,
            subprotocols=[PROTOCOL],
            additional_headers={"Authorization": "Bearer gk_00000000_wrong"},
        ):
            pass


def _event(number: int) -> ChangeEvent:
    change = ChangeRecord(
        id=f"change:t-{number}",
        at="2025-01-01T00:00:00+00:00",
        actor="test",
        channel="graphql",
        action=ChangeAction.ENTITY_UPDATED,
        entity_id="enterprise:acme",
        source=SOURCE,
    )
    return ChangeEvent(change=change)


async def test_a_subscriber_that_falls_behind_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(events, "QUEUE_SIZE", 3)
    feed = ChangeFeed()
    seen: list[str] = []
    async with feed.subscribe() as changes:
        feed.publish([_event(number) for number in range(5)])  # two more than it can hold
        with pytest.raises(SubscriberTooSlow, match="fell more than 3 changes behind"):
            await _read_all(changes, seen)
    assert seen == ["change:t-0", "change:t-1", "change:t-2"]
    assert feed.subscriber_count == 0


async def _read_all(changes: AsyncIterator[ChangeEvent], seen: list[str]) -> None:
    async for event in changes:
        seen.append(event.change.id)


async def test_changes_committed_in_another_thread_reach_this_loop() -> None:
    feed = ChangeFeed()
    async with feed.subscribe() as changes:
        writer = threading.Thread(target=asyncio.run, args=(_publish_later(feed),))
        writer.start()
        async with asyncio.timeout(10):
            received = await anext(changes)
        writer.join()
    assert received.change.id == "change:t-7"


async def _publish_later(feed: ChangeFeed) -> None:
    feed.publish([_event(7)])


async def test_a_subscription_over_the_limits_is_refused_before_it_starts(
    served: Served, socket_to: ClientConnection
) -> None:
    # Subscriptions once skipped the limits that queries obey; each event would have
    # carried the whole oversized selection.
    # Three lists of 100 nested (12 fields deep, no aliases): over the cost limit alone.
    fan_out = """subscription { graphChanged { entity { ... on Bureau {
      departments(first: 100) { edges { node { eventsAttended(first: 100) { edges { node {
        ... on Event { attendees(first: 100) { edges { node { id } } } } } } } } } } } } } }"""
    payload = {"query": fan_out}
    await socket_to.send(json.dumps({"id": "big", "type": "subscribe", "payload": payload}))
    message = await receive(socket_to)
    assert message["type"] == "error", message
    [error] = message["payload"]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX", error
    assert error["extensions"]["cost"] > error["extensions"]["limit"], error
    assert served.store.change_feed.subscriber_count == 0


async def _refused_code(ws: ClientConnection, op_id: str) -> tuple[str, str]:
    payload = {"query": CHANGES, "variables": {}}
    await ws.send(json.dumps({"id": op_id, "type": "subscribe", "payload": payload}))
    message = await receive(ws)
    assert message["id"] == op_id
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    return errors[0]["extensions"]["code"], errors[0]["message"]


@pytest.mark.parametrize("settings_overrides", [{"max_subscriptions_per_connection": 2}])
async def test_a_connection_may_hold_only_so_many_subscriptions(
    served: Served, socket_to: ClientConnection
) -> None:
    await _subscribe(socket_to, served.store, "one")
    await _subscribe(socket_to, served.store, "two")
    code, message = await _refused_code(socket_to, "three")
    assert code == "RATE_LIMITED"
    assert "complete one" in message
    assert served.store.change_feed.subscriber_count == 2
    await socket_to.send(json.dumps({"id": "one", "type": "complete"}))
    await _until(lambda: served.store.change_feed.subscriber_count == 1)
    await _subscribe(socket_to, served.store, "four")  # a place came free
    assert served.store.change_feed.subscriber_count == 2


@pytest.mark.parametrize("settings_overrides", [{"max_subscriptions_per_key": 2}])
async def test_a_key_may_hold_only_so_many_subscriptions_across_connections(
    served: Served,
) -> None:
    async with _connected(served) as first, _connected(served) as second:
        await _subscribe(first, served.store, "a")
        await _subscribe(second, served.store, "b")
        code, message = await _refused_code(second, "c")
        assert (code, "across its connections" in message) == ("RATE_LIMITED", True)
    await _until(lambda: served.store.change_feed.subscriber_count == 0)
    async with _connected(served) as again:  # closing the connections gave the places back
        await _subscribe(again, served.store, "d")


async def test_a_merge_that_moves_an_events_links_reaches_its_followers(
    served: Served, socket_to: ClientConnection
) -> None:
    # enterprise:acme-hk attended event:ws-1; merged into enterprise:acme, that attendance
    # moves, so whoever follows the workshop hears of the merge.
    await _subscribe(socket_to, served.store, "workshop", eventId="event:ws-1")
    merge = """mutation { mergeEntities(keepId: "enterprise:acme", duplicateId:
      "enterprise:acme-hk", source: "Same BR number") { removedId } }"""
    await data(served.http, merge)
    change = _change(await receive(socket_to), "workshop")
    assert change["change"]["action"] == "ENTITY_MERGED"
    assert (change["change"]["entityId"], change["change"]["otherId"]) == (
        "enterprise:acme",
        "enterprise:acme-hk",
    )
