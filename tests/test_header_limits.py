"""Request headers have a deadline and a size (graph_api.header_limits): a client that
sends them a byte at a time, or opens a connection and sends nothing, is cut off, and
one whose headers grow past the limit is answered 431, while ordinary requests, large
bodies, kept-alive connections and WebSocket upgrades are untouched. What is not HTTP
at all gets a JSON 400. Each refusal is counted by reason. Served by uvicorn on loopback
with a one-second deadline."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket
from websockets.asyncio.client import connect

from graph_api.header_limits import MAX_HEAD_BYTES, REFUSALS, with_header_deadline
from tests.live_server import serving

DEADLINE = 1.0


async def _hello(request: Request) -> PlainTextResponse:
    body = await request.body()
    return PlainTextResponse(f"hello {len(body)}" if body else "hello")


async def _echo(socket: WebSocket) -> None:
    await socket.accept()
    await socket.send_text(await socket.receive_text())
    await socket.close()


@pytest.fixture
async def base() -> AsyncIterator[str]:
    """A small app behind the deadline; its '127.0.0.1:<port>'."""
    app = Starlette(
        routes=[Route("/", _hello, methods=["GET", "POST"]), WebSocketRoute("/ws", _echo)]
    )
    async with serving(app, http=with_header_deadline(DEADLINE)) as address:
        yield address


async def closed_after(base: str, drip: bytes, every: float) -> float:
    """Send ``drip`` a byte every ``every`` seconds; how long until the server hung up."""
    host, port = base.split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    started = time.monotonic()
    try:
        for byte in drip:
            writer.write(bytes([byte]))
            await writer.drain()
            try:
                if await asyncio.wait_for(reader.read(1), every) == b"":
                    return time.monotonic() - started
            except TimeoutError:
                continue
        async with asyncio.timeout(10):
            assert await reader.read() == b"", "the server answered a request never finished"
        return time.monotonic() - started
    finally:
        writer.close()


async def test_headers_sent_a_byte_at_a_time_are_cut_off(base: str) -> None:
    before = REFUSALS["headers_too_slow"]
    drip = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100
    seconds = await closed_after(base, drip, every=0.1)
    assert DEADLINE * 0.9 <= seconds < DEADLINE + 2
    assert REFUSALS["headers_too_slow"] == before + 1


async def test_a_connection_that_sends_nothing_is_closed(base: str) -> None:
    seconds = await closed_after(base, b"", every=0.1)
    assert DEADLINE * 0.9 <= seconds < DEADLINE + 2


async def test_ordinary_requests_and_kept_alive_connections_are_untouched(base: str) -> None:
    async with httpx.AsyncClient(base_url=f"http://{base}") as client:
        first = await client.get("/")
        await asyncio.sleep(DEADLINE * 1.5)  # idle between requests: keep-alive's business
        second = await client.get("/")
    assert (first.text, second.text) == ("hello", "hello")


async def test_headers_that_arrive_in_time_are_answered(base: str) -> None:
    host, port = base.split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    for part in (b"GET / HTTP/1.1\r\n", b"Host: x\r\n", b"Connection: close\r\n", b"\r\n"):
        writer.write(part)
        await writer.drain()
        await asyncio.sleep(DEADLINE / 8)
    async with asyncio.timeout(10):
        answer = await reader.read()
    writer.close()
    assert answer.startswith(b"HTTP/1.1 200")
    assert answer.endswith(b"hello")


async def test_a_websocket_outlives_the_deadline(base: str) -> None:
    async with connect(f"ws://{base}/ws") as socket:
        await asyncio.sleep(DEADLINE * 1.5)
        await socket.send("still here")
        assert await socket.recv() == "still here"


async def _answer_to(base: str, head: bytes) -> bytes:
    """What the server sends back to ``head`` (sent in 8 KiB pieces), until it closes."""
    host, port = base.split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        for start in range(0, len(head), 8192):
            writer.write(head[start : start + 8192])
            await writer.drain()
        async with asyncio.timeout(10):
            return await reader.read()
    except ConnectionResetError:
        return b""  # closed while we still sent: what came back before is lost to us
    finally:
        writer.close()


async def test_headers_that_grow_past_the_limit_are_refused_with_431(base: str) -> None:
    # Never finished, and one byte past the limit: however the bytes arrive, the server
    # refuses once it has read them all (a close with bytes unread would reset the
    # connection, and the answer with it).
    before = REFUSALS["headers_too_large"]
    start = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: "
    head = start + b"a" * (MAX_HEAD_BYTES + 1 - len(start))
    answer = await _answer_to(base, head)
    assert REFUSALS["headers_too_large"] == before + 1
    status, _, body = answer.partition(b"\r\n\r\n")
    assert status.startswith(b"HTTP/1.1 431 Request Header Fields Too Large\r\n")
    error = json.loads(body)["errors"][0]
    assert error["extensions"] == {"code": "REQUEST_TOO_LARGE", "limit": MAX_HEAD_BYTES}
    assert error["message"].endswith("(a large value belongs in the body).")


async def test_large_headers_under_the_limit_and_large_bodies_are_answered(base: str) -> None:
    async with httpx.AsyncClient(base_url=f"http://{base}") as client:
        big_header = await client.get("/", headers={"X-Big": "a" * (MAX_HEAD_BYTES // 2)})
        big_body = await client.post("/", content=b"x" * (16 * MAX_HEAD_BYTES))
    assert (big_header.status_code, big_header.text) == (200, "hello")
    assert (big_body.status_code, big_body.text) == (200, f"hello {16 * MAX_HEAD_BYTES}")


@pytest.mark.parametrize(
    "sent",
    [
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 32,  # a TLS hello
        b"GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n",  # a space in a name
    ],
    ids=["tls-to-http", "bad-header-name"],
)
async def test_what_is_not_http_gets_a_json_400_that_says_what_to_send(
    base: str, sent: bytes
) -> None:
    before = REFUSALS["not_http"]
    answer = await _answer_to(base, sent)
    status, _, body = answer.partition(b"\r\n\r\n")
    assert status.startswith(b"HTTP/1.1 400 Bad Request\r\n")
    assert b"content-type: application/json" in status
    error = json.loads(body)["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert "HTTP/1.1" in error["message"]
    assert "https" in error["message"]
    assert REFUSALS["not_http"] == before + 1
