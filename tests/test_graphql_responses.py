"""Unit tests of how answers are written as GraphQL over HTTP asks (the endpoint's own
tests, over HTTP, are in test_graphql_http.py)."""

from __future__ import annotations

import json

import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse

from graph_api.graphql_responses import (
    GRAPHQL_RESPONSE,
    STORE_RETRY_AFTER_SECONDS,
    as_graphql_response,
    bad_body_message,
    mark_try_again,
    wants_graphql_response,
)


def _request(accept: str) -> Request:
    return Request({"type": "http", "method": "POST", "headers": [(b"accept", accept.encode())]})


@pytest.mark.parametrize(
    ("accept", "wanted"),
    [
        (GRAPHQL_RESPONSE, True),
        ("application/json", False),
        (f"application/json;q=0.9, {GRAPHQL_RESPONSE}", True),
        (f"{GRAPHQL_RESPONSE};q=0.5, application/json", False),
        (f"{GRAPHQL_RESPONSE};q=nonsense", False),
        ("", False),
    ],
)
def test_the_spec_media_type_is_used_when_the_client_prefers_it(accept: str, wanted: bool) -> None:
    assert wants_graphql_response(_request(accept)) is wanted


def test_an_answer_that_failed_only_for_the_store_is_503_with_retry_after() -> None:
    error = {"message": "down", "extensions": {"code": "STORE_UNAVAILABLE"}, "path": ["x"]}
    response = JSONResponse({"data": None, "errors": [error]})
    mark_try_again(response)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(STORE_RETRY_AFTER_SECONDS)


def test_an_answer_with_data_or_another_error_stays_200() -> None:
    down = {"message": "down", "extensions": {"code": "STORE_UNAVAILABLE"}}
    other = {"message": "no", "extensions": {"code": "NOT_FOUND"}}
    for answer in ({"data": {"x": 1}, "errors": [down]}, {"data": None, "errors": [down, other]}):
        response = JSONResponse(answer)
        mark_try_again(response)
        assert response.status_code == 200
        assert "Retry-After" not in response.headers


def test_a_request_error_in_the_spec_media_type_is_400_with_no_data() -> None:
    error = {"message": "Syntax Error", "extensions": {"code": "GRAPHQL_PARSE_FAILED"}}
    rewritten = as_graphql_response(JSONResponse({"data": None, "errors": [error]}))
    assert rewritten.status_code == 400
    assert rewritten.media_type == GRAPHQL_RESPONSE
    assert json.loads(bytes(rewritten.body)) == {"errors": [error]}


def test_a_field_error_in_the_spec_media_type_stays_200_with_its_data() -> None:
    answer = {"data": {"x": None}, "errors": [{"message": "no", "path": ["x"]}]}
    rewritten = as_graphql_response(JSONResponse(answer))
    assert rewritten.status_code == 200
    assert json.loads(bytes(rewritten.body)) == answer


def test_a_bad_body_is_told_what_to_send() -> None:
    assert "Content-Type: application/json" in bad_body_message("Unable to parse request body")
    assert "operationName" in bad_body_message("Unknown operation named 'X'.")
