"""How the GraphQL endpoint's answers and refusals are written, as GraphQL over HTTP
asks (https://graphql.github.io/graphql-over-http/): the media type the client prefers,
HTTP 400 with no ``data`` for a request that failed before execution, 405 for a mutation
over GET, 503 with ``Retry-After`` for an answer that failed only because the store is not
answering, and 401 or 429 for a caller refused (``graph_api.graphql_http`` decides which).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graph_api.errors import ErrorCode, GraphApiError, error_body

GRAPHQL_RESPONSE = "application/graphql-response+json"
STORE_RETRY_AFTER_SECONDS = 5  # Retry-After on a 503 while the store is not answering


def refusal_response(request: Request, refusal: GraphApiError) -> Response:
    """HTTP 401 for credentials that fail, 429 for a caller over its own rate limit."""
    media = GRAPHQL_RESPONSE if wants_graphql_response(request) else "application/json"
    if refusal.code is ErrorCode.RATE_LIMITED:
        return JSONResponse(
            error_body(refusal.code, refusal.message, **refusal.details),
            status_code=429,
            media_type=media,
            headers={"Retry-After": str(refusal.details["retryAfter"])},
        )
    return JSONResponse(
        error_body(refusal.code, refusal.message),
        status_code=401,
        media_type=media,
        headers={"WWW-Authenticate": 'Bearer realm="graph-api"'},
    )


def wants_graphql_response(request: Request) -> bool:
    """Whether the client accepts application/graphql-response+json (the spec's media
    type) at least as much as application/json."""
    ranked = _accepted(request.headers.get("accept", ""))
    preferred = ranked.get(GRAPHQL_RESPONSE, 0.0)
    return preferred > 0 and preferred >= ranked.get("application/json", 0.0)


def _accepted(header: str) -> dict[str, float]:
    ranked: dict[str, float] = {}
    for part in header.split(","):
        media, *parameters = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media:
            ranked[media.lower()] = max(quality, ranked.get(media.lower(), 0.0))
    return ranked


def bad_body_message(reason: str) -> str:
    """What to tell a client whose request body Strawberry could not take, and how to fix it."""
    if reason.startswith("Unknown operation named"):
        return (
            f"{reason.rstrip('.')}. Set operationName to the name of one of the document's "
            "operations (the word after 'query' or 'mutation'), or leave it out when the "
            "document holds one operation."
        )
    if reason.endswith("."):  # a whole sentence that says what to send already
        return reason
    return (
        f"{reason}. Send a JSON object such as "
        '{"query": "{ bureaux { totalCount } }", "variables": {}} with '
        "Content-Type: application/json."
    )


def mutation_over_get(request: Request) -> Response:
    """HTTP 405 with ``Allow: POST``, as GraphQL over HTTP requires: a GET must not change
    anything (browsers and proxies fetch GET addresses ahead, and repeat them)."""
    response = request_error(
        request,
        "A mutation changes the graph, so it must be sent with POST, not GET. Send the same "
        'document as a JSON object such as {"query": "mutation { … }", "variables": {}}.',
    )
    response.status_code = 405
    response.headers["Allow"] = "POST"
    return response


def request_error(request: Request, message: str) -> Response:
    """HTTP 400 BAD_USER_INPUT with ``message``, in the media type the client prefers."""
    # The reason may quote the request (an unknown operationName): a lone surrogate in it
    # cannot be written as UTF-8, so it is shown escaped (\ud800) rather than crash.
    message = message.encode("utf-8", "backslashreplace").decode("utf-8")
    body = error_body(ErrorCode.BAD_USER_INPUT, message)
    media = GRAPHQL_RESPONSE if wants_graphql_response(request) else "application/json"
    return JSONResponse(body, status_code=400, media_type=media)


def as_graphql_response(response: Response) -> Response:
    """The answer in application/graphql-response+json: HTTP 400 and no ``data`` when it
    failed before execution."""
    if response.media_type != "application/json" or not isinstance(response.body, bytes):
        return response  # GraphiQL's page, a stream: not a GraphQL answer to rewrite
    answer = json.loads(response.body)
    status = response.status_code
    if isinstance(answer, dict) and _failed_before_execution(answer):
        answer.pop("data", None)  # the spec: a request error has no data entry
        status = 400
    rewritten = JSONResponse(answer, status_code=status, media_type=GRAPHQL_RESPONSE)
    for name, value in response.headers.items():
        if name.lower() not in ("content-type", "content-length"):
            rewritten.headers[name] = value
    return rewritten


# Codes of answers that failed only for now: the store is down, or this process is busy.
_TRY_AGAIN = frozenset({ErrorCode.STORE_UNAVAILABLE, ErrorCode.SERVICE_BUSY})


def mark_try_again(response: Response) -> None:
    """An answer that failed only because the store is down or the service busy: HTTP
    503 with Retry-After, so clients, proxies and load balancers can tell it from an
    answer."""
    body = response.body
    if response.status_code != 200 or not isinstance(body, bytes):
        return
    if not any(f'"{code}"'.encode() in body for code in _TRY_AGAIN):
        return  # the common case, decided without decoding the answer
    answer = json.loads(body)
    if not isinstance(answer, dict):
        return  # a batch: its answers may differ
    errors = answer.get("errors") or []
    codes = {(error.get("extensions") or {}).get("code") for error in errors}
    if answer.get("data") is None and codes and codes <= _TRY_AGAIN:
        response.status_code = 503
        response.headers["Retry-After"] = str(STORE_RETRY_AFTER_SECONDS)


def _failed_before_execution(answer: dict[str, Any]) -> bool:
    """An answer with no data whose errors carry no path: they come from parsing,
    validation or the variables, before any field ran."""
    errors = answer.get("errors") or []
    return answer.get("data") is None and bool(errors) and not any("path" in e for e in errors)
