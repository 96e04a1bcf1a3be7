"""Operations sent over an open WebSocket spend the same allowances as HTTP requests
(graph_api.schema.socket_limits): requests a minute per address and per key, and
in-flight places per address. Once only the handshake was counted, so one connection
could send queries without limit. Served by uvicorn on loopback, on both stores."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection

from graph_api.app import create_app
from graph_api.auth.roles import Role
from graph_api.config import Settings
from graph_api.store.base import GraphStore
from tests.auth_support import as_role
from tests.live_server import graphql_socket, receive, serving

pytestmark = pytest.mark.neo4j

COUNT = "{ bureaux { totalCount } }"


@contextlib.asynccontextmanager
async def _served(store: GraphStore, **settings: Any) -> AsyncIterator[str]:
    """The app on a loopback port; yields its WebSocket address."""
    app = create_app(Settings(store=store.backend, **settings), store=store)
    async with serving(app) as base:
        yield f"ws://{base}/graphql"


def _socket(
    url: str, role: Role | None = None
) -> contextlib.AbstractAsyncContextManager[ClientConnection]:
    """A graphql-transport-ws connection, initialised (anonymous without a role)."""
    return graphql_socket(url, as_role(role) if role else None)


async def _ask(ws: ClientConnection, op_id: str, query: str = COUNT) -> dict[str, Any]:
    """Send one operation; its first message back ("next" with the answer, or "error")."""
    await ws.send(json.dumps({"id": op_id, "type": "subscribe", "payload": {"query": query}}))
    message = await receive(ws)
    assert message["id"] == op_id, message
    if message["type"] == "next":
        assert await receive(ws) == {"id": op_id, "type": "complete"}
    return message


def _refusal(message: dict[str, Any]) -> dict[str, Any]:
    assert message["type"] == "error", message
    [error] = message["payload"]
    assert error["extensions"]["code"] == "RATE_LIMITED", error
    return dict(error)


async def test_queries_over_a_socket_count_against_the_address_a_minute(
    seeded_store: GraphStore,
) -> None:
    async with _served(seeded_store, rate_limit_per_minute=3) as url, _socket(url) as ws:
        # The handshake was the first of three; two queries fit, the third does not.
        answers = [await _ask(ws, f"q{number}") for number in (1, 2)]
        assert [answer["type"] for answer in answers] == ["next", "next"]
        assert answers[0]["payload"]["data"]["bureaux"]["totalCount"] > 0
        refused = _refusal(await _ask(ws, "q3"))
        assert "from this address" in refused["message"]
        assert 1 <= refused["extensions"]["retryAfter"] <= 60
        await ws.send(json.dumps({"type": "ping"}))  # the connection itself stays open
        assert await receive(ws) == {"type": "pong"}


async def test_queries_over_a_socket_count_against_the_key_a_minute(
    seeded_store: GraphStore,
) -> None:
    settings = {"rate_limit_per_minute": 0, "rate_limit_per_key_per_minute": 2}
    async with _served(seeded_store, **settings) as url, _socket(url, Role.ANALYST) as ws:
        assert (await _ask(ws, "first"))["type"] == "next"
        refused = _refusal(await _ask(ws, "second"))
        assert "with this key or token" in refused["message"]
    async with _served(seeded_store, **settings) as url, _socket(url) as anonymous:
        # Anonymous callers have no key to count against (their address limit is off).
        answers = [await _ask(anonymous, f"a{number}") for number in range(4)]
        assert {answer["type"] for answer in answers} == {"next"}


async def test_a_query_over_a_socket_needs_an_in_flight_place_of_its_address(
    seeded_store: GraphStore,
) -> None:
    async with (
        _served(seeded_store, max_concurrent_per_address=2) as url,
        _socket(url) as first,
    ):
        async with _socket(url):  # the two open connections hold both places
            refused = _refusal(await _ask(first, "busy"))
            assert "at once from this address" in refused["message"]
            assert refused["extensions"]["retryAfter"] == 1
        # The second connection gave its place back. (Its close reaches the server a
        # moment after the client's, so allow a few tries.)
        for attempt in range(50):
            answer = await _ask(first, f"free{attempt}")
            if answer["type"] == "next":
                break
            await asyncio.sleep(0.05)
        assert answer["type"] == "next", answer
