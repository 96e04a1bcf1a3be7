"""Request bodies are refused when too large (413, REQUEST_TOO_LARGE) or too slow to
arrive (408, REQUEST_TIMEOUT), before the app reads them; ordinary requests, chunked or
not, reach it unchanged."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from starlette.requests import ClientDisconnect
from starlette.types import Message, Receive, Scope, Send

from graph_api.body_limits import RequestBodyLimits
from graph_api.store.base import GraphStore
from tests.gql_client import gql


class EchoApp:
    """Answers with the body it was given (what the wrapped app sees)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": message["body"]})


class StreamApp:
    """Reads the body a message at a time, as Starlette's multipart parser does, and
    fails as Starlette does when told the client left."""

    def __init__(self) -> None:
        self.messages = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = b""
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise ClientDisconnect()
            self.messages += 1
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": body})


MULTIPART = (b"content-type", b"multipart/form-data; boundary=x")


async def _call(
    app: RequestBodyLimits,
    chunks: list[bytes],
    pause: float = 0.0,
    length: int | None = None,
    headers: list[tuple[bytes, bytes]] | None = None,
    path: str = "/graphql",
) -> tuple[int, bytes]:
    headers = list(headers or [])
    if length is not None:
        headers.append((b"content-length", str(length).encode()))
    scope: Scope = {"type": "http", "method": "POST", "path": path, "headers": headers}
    pending = list(chunks)

    async def receive() -> Message:
        await asyncio.sleep(pause)
        chunk = pending.pop(0)
        return {"type": "http.request", "body": chunk, "more_body": bool(pending)}

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body


def _code(body: bytes) -> Any:
    return json.loads(body)["errors"][0]["extensions"]["code"]


async def test_a_small_body_in_chunks_reaches_the_app_whole() -> None:
    app = RequestBodyLimits(EchoApp(), max_bytes=100, read_timeout=5)
    assert await _call(app, [b"abc", b"def", b"ghi"]) == (200, b"abcdefghi")


async def test_a_large_body_is_refused_whatever_its_declared_length() -> None:
    app = RequestBodyLimits(EchoApp(), max_bytes=100, read_timeout=5)
    status, body = await _call(app, [b"x" * 60, b"x" * 60])
    assert (status, _code(body)) == (413, "REQUEST_TOO_LARGE")
    assert "100 bytes" in json.loads(body)["errors"][0]["message"]
    status, body = await _call(app, [b"x"], length=10_000)
    assert (status, _code(body)) == (413, "REQUEST_TOO_LARGE")


async def test_a_slow_body_is_cut_off() -> None:
    app = RequestBodyLimits(EchoApp(), max_bytes=100, read_timeout=0.2)
    status, body = await _call(app, [b"a", b"b", b"c", b"d", b"e"], pause=0.1)
    assert (status, _code(body)) == (408, "REQUEST_TIMEOUT")


async def test_an_upload_streams_through_within_its_own_limit() -> None:
    """A file to import may be larger than a query and reaches the app as it arrives."""
    app = StreamApp()
    limits = RequestBodyLimits(app, max_bytes=100, read_timeout=5, max_upload_bytes=1_000)
    chunks = [b"x" * 300] * 3
    assert await _call(limits, chunks, headers=[MULTIPART]) == (200, b"x" * 900)
    assert app.messages == 3  # passed on message by message, not gathered first
    status, body = await _call(limits, [b"x" * 300] * 4, headers=[MULTIPART])
    assert (status, _code(body)) == (413, "REQUEST_TOO_LARGE")
    assert "1,000 bytes" in json.loads(body)["errors"][0]["message"]


async def test_the_upload_limit_holds_only_for_uploads_to_the_endpoint() -> None:
    limits = RequestBodyLimits(EchoApp(), max_bytes=100, read_timeout=5, max_upload_bytes=1_000)
    elsewhere = await _call(limits, [b"x" * 300], headers=[MULTIPART], path="/other")
    assert (elsewhere[0], _code(elsewhere[1])) == (413, "REQUEST_TOO_LARGE")
    json_body = await _call(limits, [b"x" * 300], headers=[(b"content-type", b"text/json")])
    assert json_body[0] == 413


async def test_an_upload_trickling_in_is_cut_off() -> None:
    """The time allowed grows with the bytes received: a trickle never earns enough."""
    limits = RequestBodyLimits(StreamApp(), max_bytes=100, read_timeout=0.2, max_upload_bytes=10**6)
    status, body = await _call(limits, [b"a"] * 10, pause=0.1, headers=[MULTIPART])
    assert (status, _code(body)) == (408, "REQUEST_TIMEOUT")
    assert "KB a second" in json.loads(body)["errors"][0]["message"]


@pytest.mark.neo4j
async def test_the_service_refuses_a_large_body_and_still_answers(
    api: httpx.AsyncClient, seeded_store: GraphStore
) -> None:
    huge = "{ __typename " + " " * 2_000_000 + "}"
    response = await api.post("/graphql", json={"query": huge})
    assert response.status_code == 413
    assert _code(response.content) == "REQUEST_TOO_LARGE"
    assert (await gql(api, "{ __typename }"))["data"] == {"__typename": "Query"}
