"""Request ids and JSON logs (graph_api.request_log): every response names its request,
log lines written while answering it name the same id, and an internal error tells the
client the id to report."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from graphql import GraphQLError
from starlette.types import Receive, Scope, Send

from graph_api.request_log import _CURRENT, JsonLogFormatter, RequestIds, current_request_id
from graph_api.schema.errors import error_code_and_message
from tests.auth_support import ADMIN_HEADERS


async def test_every_response_carries_a_request_id(api: httpx.AsyncClient) -> None:
    first = await api.post("/graphql", json={"query": "{ __typename }"})
    second = await api.get("/healthz")
    ids = [first.headers["x-request-id"], second.headers["x-request-id"]]
    assert len(set(ids)) == 2
    assert all(len(value) == 32 for value in ids)


@pytest.mark.parametrize(
    ("given", "kept"), [("trace-42.a_b", True), ("bad id!", False), ("x" * 65, False)]
)
async def test_a_clients_own_id_is_kept_when_it_is_plain(
    api: httpx.AsyncClient, given: str, kept: bool
) -> None:
    response = await api.get("/healthz", headers={"x-request-id": given})
    assert (response.headers["x-request-id"] == given) is kept


async def test_log_lines_during_a_request_name_its_id_as_json() -> None:
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(JsonLogFormatter().format(record))

    logger = logging.getLogger("graph_api.test_request_log")
    handler = Collect()
    logger.addHandler(handler)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        logger.warning("answering %s", scope["path"])
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    try:
        transport = httpx.ASGITransport(app=RequestIds(app))
        async with httpx.AsyncClient(
            transport=transport, base_url="http://test", headers=ADMIN_HEADERS
        ) as client:
            response = await client.get("/somewhere")
    finally:
        logger.removeHandler(handler)
    entry = json.loads(lines[0])
    assert entry["request_id"] == response.headers["x-request-id"]
    assert entry["message"] == "answering /somewhere"
    assert entry["level"] == "WARNING"
    assert current_request_id() is None  # reset once the request is answered


def test_an_internal_error_tells_the_id_to_report() -> None:
    token = _CURRENT.set("abc123")
    try:
        error = GraphQLError("boom", original_error=RuntimeError("a bug"))
        code, message, details = error_code_and_message(error)
    finally:
        _CURRENT.reset(token)
    assert code == "INTERNAL_ERROR"
    assert "request id abc123" in message
    assert "a bug" not in message
    assert details == {"requestId": "abc123"}
