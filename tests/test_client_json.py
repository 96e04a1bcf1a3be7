"""The JSON a client may send (graph_api.client_json): objects fit for a GraphQL request
decode; everything else is refused with a reason, never an exception of another kind."""

from __future__ import annotations

import json

import pytest

from graph_api.client_json import MAX_NESTING, UnfitJson, decode_client_json


def test_a_request_object_decodes_as_it_is() -> None:
    body = '{"query": "{ a }", "variables": {"n": 5, "x": 0.25, "ids": ["a"], "f": null}}'
    assert decode_client_json(body) == json.loads(body)
    assert decode_client_json(b'{"n": -2147483648}') == {"n": -2147483648}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("null", "a JSON null where a JSON object was expected"),
        ('"x"', "a JSON string where"),
        ("true", "a JSON true/false value where"),
        ("[1]", "a JSON array where"),
        ("5", "a JSON number where"),
        ("1e999999", "The number 1e999999 is too large to use."),
        ('{"n": NaN}', "NaN is not a JSON number"),
        ('{"n": -Infinity}', "-Infinity is not a JSON number"),
        ('{"n": ' + "1" * 5000 + "}", "A number of 5000 characters was sent"),
        ('{"n": 0.' + "1" * 60 + "}", "A number of 62 characters was sent"),
        ("[" * 1000 + "]" * 1000, f"more than {MAX_NESTING} deep"),
        ('{"v": ' + "[" * 40 + "]" * 40 + "}", f"more than {MAX_NESTING} deep"),
        ('{"v": ' + '{"a": ' * 100_000 + "1" + "}" * 100_001, f"more than {MAX_NESTING} deep"),
    ],
)
def test_what_no_graphql_request_holds_is_refused_with_its_reason(text: str, reason: str) -> None:
    with pytest.raises(UnfitJson) as refused:
        decode_client_json(text)
    assert reason in str(refused.value)


def test_nesting_up_to_the_limit_is_taken() -> None:
    inner = "[" * (MAX_NESTING - 1) + "]" * (MAX_NESTING - 1)
    assert decode_client_json('{"v": ' + inner + "}")["v"] is not None


def test_text_that_is_not_json_stays_a_decode_error() -> None:
    with pytest.raises(json.JSONDecodeError) as refused:
        decode_client_json("{not json")
    assert not isinstance(refused.value, UnfitJson)


@pytest.mark.parametrize("body", [b'{"query": "\xff"}', '{"query": "é"}'.encode("latin-1")])
def test_a_body_that_is_not_utf8_says_so(body: bytes) -> None:
    with pytest.raises(UnfitJson) as refused:
        decode_client_json(body)
    assert "not UTF-8" in str(refused.value)
