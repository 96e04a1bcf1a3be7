"""graph-transport-ws messages of the wrong shape (graph_api.socket_messages) close the
socket with 4400 and a reason, as the protocol asks, instead of a server-side exception;
an unknown operationName is BAD_USER_INPUT on the socket as over HTTP; and the service
goes on serving."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.typing import Subprotocol

from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.socket_messages import MAX_ID_CHARS, message_problem
from graph_api.store.base import GraphStore
from tests.live_server import graphql_socket, receive, serving

QUERY = "{ __typename }"


@pytest.fixture
async def url(seeded_store: GraphStore) -> AsyncIterator[str]:
    """The app served on loopback: its WebSocket address."""
    async with serving(create_app(Settings(store=seeded_store.backend), store=seeded_store)) as at:
        yield f"ws://{at}/graphql"


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ({"type": "subscribe", "id": {"a": 1}, "payload": {"query": QUERY}}, "id must be text"),
        ({"type": "subscribe", "id": "1", "payload": QUERY}, "payload must be an object"),
        ({"type": "subscribe", "id": "1", "payload": [QUERY]}, "payload must be an object"),
        ({"type": "subscribe", "id": "1", "payload": {"query": 5}}, "query must be text"),
        ({"type": "subscribe", "id": "1", "payload": {"query": QUERY, "variables": "x"}},
         "variables must be an object"),
        ({"type": "subscribe", "id": "1", "payload": {"query": QUERY, "operationName": 5}},
         "operationName must be text"),
        ({"type": "complete", "id": 7}, "id must be text"),
        ({"type": 5}, "type must be text"),
    ],
)  # fmt: skip
async def test_a_malformed_message_closes_the_socket_with_4400(
    url: str, message: dict[str, Any], reason: str
) -> None:
    async with graphql_socket(url) as ws:
        await ws.send(json.dumps(message))
        with pytest.raises(ConnectionClosed) as closed:
            await receive(ws)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4400
    assert reason in closed.value.rcvd.reason
    assert len(closed.value.rcvd.reason.encode()) <= 123  # what a close frame holds
    async with graphql_socket(url) as ws:  # the service goes on
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": QUERY}}))
        assert (await receive(ws))["payload"] == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(
    ("query", "operation", "says"),
    [
        ("query A { __typename }", "B", 'Unknown operation named "B"'),
        ("query A { __typename } query B { __typename }", None, "holds 2 operations (A, B)"),
    ],
)
async def test_an_operation_the_document_does_not_name_is_bad_user_input(
    url: str, query: str, operation: str | None, says: str
) -> None:
    # The first was INTERNAL_ERROR with a logged traceback; the second ran operation A.
    async with graphql_socket(url) as ws:
        payload = {"query": query, "operationName": operation}
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
        message = await receive(ws)
    assert message["type"] == "error", message
    [error] = message["payload"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert says in error["message"]


async def test_the_legacy_graphql_ws_protocol_is_not_spoken(url: str) -> None:
    # Only graphql-transport-ws: the legacy protocol would be another message parser.
    with contextlib.suppress(ConnectionClosed, InvalidStatus):
        async with connect(url, subprotocols=[Subprotocol("graphql-ws")]) as ws:
            assert ws.subprotocol != "graphql-ws"
            await ws.send(json.dumps({"type": "connection_init"}))
            await receive(ws)
            pytest.fail("the legacy protocol was spoken")


def test_ids_longer_than_the_limit_break_the_shape() -> None:
    assert message_problem({"type": "ping"}) is None
    ok = {"type": "subscribe", "id": "x" * MAX_ID_CHARS, "payload": {"query": QUERY}}
    assert message_problem(ok) is None
    assert message_problem({**ok, "id": "x" * (MAX_ID_CHARS + 1)}) is not None
