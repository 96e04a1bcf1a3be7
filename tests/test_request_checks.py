"""Requests refused for what they are (graph_api.schema.request_checks): text that is
not text in any variable, on both stores, with nothing run and nothing written."""

from __future__ import annotations

import json

import httpx
import pytest

from graph_api.store.base import GraphStore

SEARCH = "query ($t: String!) { search(text: $t) { totalCount } }"
CREATE = "mutation ($input: EntityInput!) { createEntity(input: $input) { __typename } }"


async def _raw(api: httpx.AsyncClient, query: str, variables_json: str) -> httpx.Response:
    # httpx cannot encode a lone surrogate itself: the body is written by hand, as a
    # hostile client would.
    body = f'{{"query": {json.dumps(query)}, "variables": {variables_json}}}'
    return await api.post("/graphql", content=body, headers={"content-type": "application/json"})


@pytest.mark.parametrize(
    ("query", "variables", "where"),
    [
        (SEARCH, '{"t": "AI \\ud800"}', "$t"),
        (SEARCH, '{"t": "\\udfff"}', "$t"),
        (
            CREATE,
            '{"input": {"kind": "ENTERPRISE", "nameEn": "Acme \\ud83d", "source": "s"}}',
            "$input.nameEn",
        ),
    ],
)
async def test_a_lone_surrogate_is_bad_user_input_and_nothing_runs(
    api: httpx.AsyncClient, seeded_store: GraphStore, query: str, variables: str, where: str
) -> None:
    before = seeded_store.counters.round_trips
    response = await _raw(api, query, variables)
    assert response.status_code == 200
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "variable": where}
    assert "lone surrogate" in error["message"]
    assert seeded_store.counters.round_trips == before


async def test_a_surrogate_pair_is_a_character_and_is_searched(api: httpx.AsyncClient) -> None:
    response = await _raw(api, SEARCH, '{"t": "\\ud83d\\ude00"}')  # an emoji, as a pair
    assert response.status_code == 200
    assert "errors" not in response.json()


@pytest.mark.parametrize("operation", ["\\ud800", "Missing", "B\\udfff"])
async def test_an_unknown_operation_name_is_a_request_error_even_with_a_lone_surrogate(
    api: httpx.AsyncClient, operation: str
) -> None:
    # The reason quotes the name sent; a lone surrogate in it cannot be written as
    # UTF-8, which once made this an HTTP 500 with no GraphQL answer.
    body = '{"query": "query A { __typename }", "operationName": "' + operation + '"}'
    response = await api.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "Set operationName to the name of one of the document's operations" in error["message"]


FILTERED = """query ($f: DepartmentFilter) { departments(filter: $f) { totalCount } }"""


async def test_a_list_longer_than_the_limit_is_refused_before_anything_runs(
    api: httpx.AsyncClient, seeded_store: GraphStore
) -> None:
    # A filter of 100,000 ids was once bounded only by the body's size.
    before = seeded_store.counters.round_trips
    ids = [f"bureau:b{number}" for number in range(101)]
    sent = await api.post("/graphql", json={"query": FILTERED, "variables": {"f": {"bureau": ids}}})
    [error] = sent.json()["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "items": 101, "limit": 100}
    assert error["message"].startswith("Variable $f.bureau holds 101 items")
    listed = ", ".join(json.dumps(one) for one in ids)
    written = "{ departments(filter: {bureau: [" + listed + "]}) { totalCount } }"
    for _ in range(2):  # the second time from the kept walk of the document
        [error] = (await api.post("/graphql", json={"query": written})).json()["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert error["message"].startswith("The list on line 1 of the query holds 101 items")
    assert seeded_store.counters.round_trips == before  # refused before the store was asked
    hundred = ["bureau:itib"] * 100
    fits = await api.post(
        "/graphql", json={"query": FILTERED, "variables": {"f": {"bureau": hundred}}}
    )
    assert "errors" not in fits.json(), fits.json()


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("null", "a JSON null where a JSON object was expected"),
        ('"x"', "a JSON string where"),
        ("true", "a JSON true/false value where"),
        ("1e999999", "is too large to use"),
        ("[" * 1000 + "]" * 1000, "nests lists or objects more than"),
        ('{"query": "{ __typename }", "variables": {"a": ' + "1" * 5000 + "}}", "5000 characters"),
        ('{"query": "{ __typename }", "variables": {"a": NaN}}', "NaN is not a JSON number"),
    ],
)
async def test_a_body_no_graphql_request_holds_is_a_request_error(
    api: httpx.AsyncClient, body: str, reason: str
) -> None:
    # Each of these was an HTTP 500 (an AttributeError, RecursionError or ValueError).
    response = await api.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert reason in error["message"]


@pytest.mark.parametrize(
    ("variables", "status"),
    [("%22x%22", 400), ("%5B" * 1000, 400), ("null", 200), ("%7B%7D", 200)],
)
async def test_get_variables_that_are_not_an_object_are_a_request_error(
    api: httpx.AsyncClient, variables: str, status: int
) -> None:
    response = await api.get(f"/graphql?query=%7B__typename%7D&variables={variables}")
    assert response.status_code == status
    if status == 400:
        assert response.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    else:
        assert response.json() == {"data": {"__typename": "Query"}}


IMPORT = "mutation ($f: [Upload!]!) { importRecords(files: $f) { __typename } }"


@pytest.mark.parametrize(
    "files_map",
    ["[1]", '{"0": 5}', '{"0": [5]}', '{"0": ["variables.f.9"]}', '{"0": ["variables.f.0.x"]}'],
)
async def test_a_multipart_map_that_does_not_fit_is_a_request_error(
    api: httpx.AsyncClient, files_map: str
) -> None:
    operations = json.dumps({"query": IMPORT, "variables": {"f": [None]}})
    response = await api.post(
        "/graphql",
        data={"operations": operations, "map": files_map},
        files={"0": ("a.csv", b"id\n", "text/csv")},
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}


async def test_a_number_too_long_to_convert_in_the_query_is_bad_user_input(
    api: httpx.AsyncClient, seeded_store: GraphStore
) -> None:
    before = seeded_store.counters.round_trips
    query = "{\n departments(first: " + "1" * 5000 + ") { totalCount } }"
    [error] = (await api.post("/graphql", json={"query": query})).json()["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}  # was INTERNAL_ERROR
    assert error["message"].startswith("The number on line 2 of the query has 5000 characters")
    assert seeded_store.counters.round_trips == before
    fits = "{ departments(first: 000000000000000000000000000000000000003) { totalCount } }"
    assert "errors" in (await api.post("/graphql", json={"query": fits})).json()  # not an Int


async def test_several_operations_without_a_name_are_bad_user_input(
    api: httpx.AsyncClient,
) -> None:
    # GraphQL requires operationName then; the first operation used to run.
    both = "query A { __typename } query B { bureaux { totalCount } }"
    [error] = (await api.post("/graphql", json={"query": both})).json()["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert "holds 2 operations (A, B)" in error["message"]
    named = await api.post("/graphql", json={"query": both, "operationName": "B"})
    assert named.json()["data"]["bureaux"]["totalCount"] > 0
