"""Each operation on a WebSocket reads the graph as it is now (each has a context of its
own), and read-your-writes tokens work over sockets as over HTTP: a write answers with
``extensions.graphBookmark``, a client sends tokens in the handshake header or the
``connection_init`` payload, and a token the deployment did not give is refused."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect

from graph_api.app import create_app
from graph_api.auth.roles import Role
from graph_api.config import Settings
from graph_api.read_your_writes import HEADER, BookmarkSeal
from graph_api.schema import socket_bookmarks
from graph_api.store.base import GraphStore
from graph_api.store.causality import causality
from tests.auth_support import bearer
from tests.live_server import PROTOCOL, receive, serving

KEY = "k" * 40  # GRAPH_API_BOOKMARK_KEY for these tests
EDITOR = bearer("socket-bookmark-editor", Role.EDITOR)
FIRM_ID = "enterprise:over-a-socket"
CREATE = """mutation { createEntity(input: {kind: ENTERPRISE, id: "enterprise:over-a-socket",
  nameEn: "Over A Socket", source: "test"}) { entity { id } } }"""
RENAME = """mutation { updateEntity(id: "enterprise:over-a-socket",
  input: {nameEn: "Renamed Over A Socket"}) { entity { nameEn } } }"""
READ = '{ enterprise(id: "enterprise:over-a-socket") { nameEn } }'


async def _ask(ws: ClientConnection, number: int, query: str) -> dict[str, Any]:
    await ws.send(json.dumps({"id": str(number), "type": "subscribe", "payload": {"query": query}}))
    message = await receive(ws)
    assert message["type"] == "next", message
    payload: dict[str, Any] = message["payload"]
    assert (await receive(ws))["type"] == "complete"
    return payload


async def _socket(
    at: str, init: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None
) -> ClientConnection:
    ws = await connect(
        f"ws://{at}/graphql",
        subprotocols=[PROTOCOL],
        additional_headers={**EDITOR, **(headers or {})},
    )
    await ws.send(json.dumps({"type": "connection_init", "payload": dict(init or {})}))
    assert (await receive(ws))["type"] == "connection_ack"
    return ws


async def test_an_operation_on_a_socket_reads_the_graph_as_it_is_now(
    empty_store: GraphStore,
) -> None:
    # One context for the socket's life kept its DataLoaders: an entity read once on a
    # socket was answered as it was then, whatever others wrote since.
    served = create_app(Settings(store=empty_store.backend), store=empty_store)
    async with serving(served) as at, httpx.AsyncClient(base_url=f"http://{at}") as http:
        ws = await _socket(at)
        async with ws:
            assert "errors" not in await _ask(ws, 1, CREATE)
            before = await _ask(ws, 2, READ)
            renamed = await http.post("/graphql", json={"query": RENAME}, headers=EDITOR)
            after = await _ask(ws, 3, READ)
    assert before == {"data": {"enterprise": {"nameEn": "Over A Socket"}}}
    assert "errors" not in renamed.json()
    assert after == {"data": {"enterprise": {"nameEn": "Renamed Over A Socket"}}}


async def test_a_write_over_a_socket_gives_a_token_other_requests_take(
    empty_store: GraphStore,
) -> None:
    served = create_app(Settings(store=empty_store.backend, bookmark_key=KEY), store=empty_store)
    async with serving(served) as at:
        ws = await _socket(at)
        async with ws:
            made = await _ask(ws, 1, CREATE)
        token = (made.get("extensions") or {}).get("graphBookmark")
        if empty_store.backend == "neo4j":
            assert token is not None
            assert BookmarkSeal([KEY]).bookmarks([token])
        else:  # one process, nothing to wait for: no token
            assert token is None
            token = BookmarkSeal([KEY]).token(["anything"])
            assert token is not None
        # The token, sent over HTTP and in a new socket's handshake and payload.
        async with httpx.AsyncClient(base_url=f"http://{at}") as http:
            found = await http.post("/graphql", json={"query": READ}, headers={HEADER: token})
        by_header = await _socket(at, headers={HEADER: token})
        by_payload = await _socket(at, {"graphBookmark": token})
        async with by_header, by_payload:
            read_by_header = await _ask(by_header, 1, READ)
            read_by_payload = await _ask(by_payload, 1, READ)
    expected = {"data": {"enterprise": {"nameEn": "Over A Socket"}}}
    assert found.json() == expected
    assert read_by_header == expected
    assert read_by_payload == expected


async def test_a_token_the_deployment_did_not_give_is_refused_on_the_socket(
    empty_store: GraphStore,
) -> None:
    served = create_app(Settings(store=empty_store.backend, bookmark_key=KEY), store=empty_store)
    async with serving(served) as at:
        ws = await _socket(at, {"graphBookmark": "gAAAAAforged"})
        async with ws:
            await ws.send(
                json.dumps({"id": "1", "type": "subscribe", "payload": {"query": CREATE}})
            )
            refused = await receive(ws)
            assert refused["type"] == "error"
            # The socket stays open: the next operation is answered (and refused again).
            await ws.send(json.dumps({"id": "2", "type": "subscribe", "payload": {"query": READ}}))
            again = await receive(ws)
    assert refused["payload"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert HEADER in refused["payload"][0]["message"]
    assert again["type"] == "error"
    assert await empty_store.get_nodes([FIRM_ID]) == {}  # nothing ran


@pytest.mark.neo4j
async def test_a_sockets_later_operations_come_after_its_writes(
    empty_neo4j: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another process's follower may serve the read: the socket's own bookmarks say
    # what it must hold first, with no token sent back by the client.
    opened: list[tuple[str, ...]] = []
    real = causality

    def noted(after: Sequence[str] = ()) -> Any:
        opened.append(tuple(after))
        return real(after)

    monkeypatch.setattr(socket_bookmarks, "causality", noted)
    served = create_app(Settings(store="neo4j"), store=empty_neo4j)
    async with serving(served) as at:
        ws = await _socket(at)
        async with ws:
            await _ask(ws, 1, CREATE)
            await _ask(ws, 2, READ)
    assert opened[0] == ()  # nothing written on the socket yet
    assert opened[1]  # after the create's bookmark
    assert all(bookmark.startswith("FB:") for bookmark in opened[1])
