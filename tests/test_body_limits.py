"""Request bodies are refused when too large (413, REQUEST_TOO_LARGE) or too slow to
arrive (408, REQUEST_TIMEOUT), before the app reads them; ordinary requests, chunked or
not, reach it unchanged."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
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


async def _call(
    app: RequestBodyLimits, chunks: list[bytes], pause: float = 0.0, length: int | None = None
) -> tuple[int, bytes]:
    headers = [] if length is None else [(b"content-length", str(length).encode())]
    scope: Scope = {"type": "http", "method": "POST", "path": "/graphql", "headers": headers}
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


@pytest.mark.neo4j
async def test_the_service_refuses_a_large_body_and_still_answers(
    api: httpx.AsyncClient, seeded_store: GraphStore
) -> None:
    huge = "{ __typename " + " " * 2_000_000 + "}"
    response = await api.post("/graphql", json={"query": huge})
    assert response.status_code == 413
    assert _code(response.content) == "REQUEST_TOO_LARGE"
    assert (await gql(api, "{ __typename }"))["data"] == {"__typename": "Query"}
