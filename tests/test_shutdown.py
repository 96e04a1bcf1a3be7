"""Stopping gracefully (graph_api.draining): a real `graph-api serve` told to stop with
SIGTERM finishes the request under way, closes subscriptions with 1012 (service restart)
and exits cleanly; from the signal on, requests that still reach the app are refused
with SERVICE_STOPPING and /readyz says it is stopping."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from starlette.types import Message
from websockets.exceptions import ConnectionClosed

from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.draining import Draining
from graph_api.store.embedded_store import EmbeddedStore
from tests.served_process import serving, subscribed

PROTOCOL = "graphql-transport-ws"
QUERY = b'{"query": "{ bureaux(first: 1) { totalCount } }"}'


async def _half_sent_request(base: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A POST to /graphql whose body is still on its way: a request under way."""
    url = urlsplit(base)
    reader, writer = await asyncio.open_connection(url.hostname, url.port)
    writer.write(
        b"POST /graphql HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        b"Content-Length: " + str(len(QUERY)).encode() + b"\r\n\r\n" + QUERY[:10]
    )
    await writer.drain()
    return reader, writer


async def test_a_stopped_service_finishes_its_work_and_closes_subscriptions(
    tmp_path: Path,
) -> None:
    store = ["--embedded-path", str(tmp_path / "store")]
    with serving(tmp_path / "serve.log", {}, *store) as (base, process):
        subscription = "subscription { graphChanged { kinds } }"
        async with subscribed(base, subscription) as ws:
            reader, writer = await _half_sent_request(base)
            await asyncio.sleep(0.5)  # the request has reached the app
            process.send_signal(signal.SIGTERM)
            await asyncio.sleep(0.5)
            writer.write(QUERY[10:])  # the rest of the body, after the signal
            await writer.drain()
            answer = await asyncio.wait_for(reader.read(), 10)
            writer.close()
            assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
            assert b'"totalCount"' in answer
            closed = None
            try:
                async with asyncio.timeout(10):
                    async for _ in ws:
                        pass
            except ConnectionClosed as error:
                closed = error
            code = closed.rcvd.code if closed and closed.rcvd else ws.close_code
            assert code == 1012, code
        # uvicorn re-raises the signal once it has shut down, so the exit status is the
        # signal's; the log shows the shutdown ran to its end.
        assert await asyncio.to_thread(process.wait, 30) == -signal.SIGTERM
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "Application shutdown complete" in log
    assert "Traceback" not in log


async def test_after_the_signal_the_app_refuses_new_work() -> None:
    draining = Draining()
    store = EmbeddedStore()
    await store.connect()
    try:
        app = create_app(Settings(store="embedded"), store=store, draining=draining)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            assert (await client.get("/readyz")).status_code == 200
            draining.begin()
            query = {"query": "{ bureaux { totalCount } }"}
            refused = await client.post("/graphql", json=query)
            assert refused.status_code == 503
            assert refused.headers["Retry-After"] == "1"
            assert refused.json()["errors"][0]["extensions"]["code"] == "SERVICE_STOPPING"
            ready = await client.get("/readyz")
            assert ready.status_code == 503
            assert ready.json()["status"] == "stopping"
            assert (await client.get("/healthz")).status_code == 200  # it still lives
        sent: list[Message] = []

        async def receive() -> Message:
            return {"type": "websocket.connect"}

        async def send(message: Message) -> None:
            sent.append(message)

        scope = {
            "type": "websocket",
            "path": "/graphql",
            "raw_path": b"/graphql",
            "query_string": b"",
            "headers": [],
            "subprotocols": [PROTOCOL],
            "client": ("127.0.0.1", 1),
            "server": ("127.0.0.1", 80),
            "scheme": "ws",
            "root_path": "",
            "asgi": {"version": "3.0"},
        }
        await app(scope, receive, send)
        assert sent == [{"type": "websocket.close", "code": 1012}]
    finally:
        await store.close()
