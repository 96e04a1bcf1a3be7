"""Starlette's own refusals answer in the documented shape (graph_api.http_errors): a
code and a message that says what to send, never a bare text page."""

from __future__ import annotations

from typing import Any

import httpx
import pytest


@pytest.mark.parametrize(
    ("method", "path", "sent", "status", "code", "says"),
    [
        ("PUT", "/graphql", {}, 405, "BAD_USER_INPUT", "PUT is not taken at /graphql"),
        ("DELETE", "/graphql", {}, 405, "BAD_USER_INPUT", "send GET, HEAD, POST"),
        ("POST", "/backup", {}, 405, "BAD_USER_INPUT", "send GET"),
        ("GET", "/no/such/page", {}, 404, "NOT_FOUND", "The API is at /graphql"),
        ("POST", "/graphql", {"content": b"x", "headers": {"content-type": "multipart/form-data"}},
         400, "BAD_USER_INPUT", "Missing boundary in multipart."),
    ],
)  # fmt: skip
async def test_starlettes_refusals_carry_a_code_and_what_to_send(
    api: httpx.AsyncClient,
    method: str,
    path: str,
    sent: dict[str, Any],
    status: int,
    code: str,
    says: str,
) -> None:
    response = await api.request(method, path, **sent)
    assert response.status_code == status
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": code}
    assert says in error["message"]
    if status == 405:
        assert "GET" in response.headers["allow"]
