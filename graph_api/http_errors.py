"""Starlette's own refusals in the documented shape: a path nobody serves (404), a method
a path does not take (405: PUT on /graphql, POST on /backup) and a body Starlette cannot
parse (a multipart body without its boundary) were plain text. Each is now a GraphQL-
shaped error with a code, like every other refusal: NOT_FOUND for a path, and
BAD_USER_INPUT, with what to send instead, for the rest."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graph_api.errors import ErrorCode, error_body


async def http_error(request: Request, error: Exception) -> Response:
    """The JSON answer to one of Starlette's HTTP exceptions."""
    assert isinstance(error, HTTPException)
    status = error.status_code
    headers = dict(error.headers or {})
    if status == 404:
        code, message = (
            ErrorCode.NOT_FOUND,
            (
                f"Nothing is served at {request.url.path}. The API is at /graphql; the "
                "explorer at /."
            ),
        )
    elif status == 405:
        given = headers.get("allow") or headers.get("Allow") or "GET"
        allowed = ", ".join(sorted(method.strip() for method in given.split(",")))
        code, message = (
            ErrorCode.BAD_USER_INPUT,
            (f"{request.method} is not taken at {request.url.path}; send {allowed}."),
        )
    else:
        code, message = ErrorCode.BAD_USER_INPUT, f"{error.detail.rstrip('.')}."
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)
