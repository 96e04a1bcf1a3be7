"""A tiny helper to send GraphQL over HTTP in tests and return the decoded answer."""

from __future__ import annotations

from typing import Any

import httpx


async def gql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    """POST a query to /graphql; assert HTTP 200 (errors travel inside the body)."""
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def error_codes(body: dict[str, Any]) -> list[str]:
    """The extensions.code of every error in an answer."""
    return [error["extensions"]["code"] for error in body.get("errors", [])]


async def data(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    """The ``data`` of an answer that must have no errors."""
    body = await gql(client, query, variables)
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]
    return result


async def error(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    """The first error of an answer that must fail, with no data (fields that need a role
    are nullable, so a failed one leaves ``data`` holding only nulls)."""
    body = await gql(client, query, variables)
    assert not any((body.get("data") or {}).values()), body
    failure: dict[str, Any] = body["errors"][0]
    return failure
