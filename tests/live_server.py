"""The app served by uvicorn on a free loopback port, in the test's own event loop, so
tests talk real HTTP and WebSocket to it (and a request that blocked the loop would
hold up every other client, as in production)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import uvicorn
from starlette.types import ASGIApp
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

PROTOCOL = Subprotocol("graphql-transport-ws")


def free_port() -> int:
    """A loopback port nobody is listening on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.asynccontextmanager
async def serving(app: ASGIApp, **options: object) -> AsyncIterator[str]:
    """Serve ``app`` while the block runs; yields its address, '127.0.0.1:<port>'.
    ``options`` go to uvicorn.Config (e.g. timeout_keep_alive)."""
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        ws="websockets-sansio",
        log_level="warning",
        **options,  # type: ignore[arg-type]
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    for _ in range(1000):
        if server.started or task.done():
            break
        await asyncio.sleep(0.01)
    assert server.started, "uvicorn did not start"
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@contextlib.asynccontextmanager
async def graphql_socket(
    url: str, headers: dict[str, str] | None = None
) -> AsyncIterator[ClientConnection]:
    """A graphql-transport-ws connection to ``url`` (ws://…/graphql), initialised and
    acknowledged; anonymous without ``headers``."""
    async with connect(url, subprotocols=[PROTOCOL], additional_headers=headers or {}) as ws:
        assert ws.subprotocol == PROTOCOL
        await ws.send(json.dumps({"type": "connection_init"}))
        assert await receive(ws) == {"type": "connection_ack"}
        yield ws


async def receive(ws: ClientConnection, seconds: float = 10) -> dict[str, Any]:
    """The next message on ``ws``, decoded (failing after ``seconds``)."""
    async with asyncio.timeout(seconds):
        message: dict[str, Any] = json.loads(await ws.recv())
    return message
