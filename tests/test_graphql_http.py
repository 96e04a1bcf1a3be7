"""GraphQL over HTTP (graph_api.graphql_http): media types, status codes, malformed
bodies, and CORS, through the app over the seeded store on both backends."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from graph_api.graphql_responses import GRAPHQL_RESPONSE
from graph_api.store.base import GraphStore
from tests.app_client import app_client

SPEC = {"accept": f"{GRAPHQL_RESPONSE}, application/json;q=0.9"}


async def _post(client: httpx.AsyncClient, body: object, **headers: str) -> httpx.Response:
    return await client.post("/graphql", json=body, headers=headers)


async def test_a_spec_client_gets_its_media_type_and_200_once_execution_starts(
    api: httpx.AsyncClient,
) -> None:
    ok = await _post(api, {"query": "{ bureaux(first: 1) { totalCount } }"}, **SPEC)
    assert ok.status_code == 200
    assert ok.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert ok.json()["data"]["bureaux"]["totalCount"] > 0
    # A field error happens during execution: still 200, with data (null) and the error.
    failed = await _post(api, {"query": '{ department(id: "department:nope") { id } }'}, **SPEC)
    assert failed.status_code == 200
    assert failed.json()["data"] is None
    assert failed.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"query": "{ bureaux { "}, "GRAPHQL_PARSE_FAILED"),
        ({"query": "{ noSuchField }"}, "GRAPHQL_VALIDATION_FAILED"),
        ({"query": "query ($n: Int!) { bureaux(first: $n) { totalCount } }"}, None),
        (
            {
                "query": "query ($n: Int!) { bureaux(first: $n) { totalCount } }",
                "variables": {"n": "many"},
            },
            None,
        ),
    ],
)
async def test_a_request_that_cannot_run_is_400_without_data_for_a_spec_client(
    api: httpx.AsyncClient, body: dict[str, object], code: str | None
) -> None:
    spec = await _post(api, body, **SPEC)
    assert spec.status_code == 400
    assert spec.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    answer = spec.json()
    assert "data" not in answer
    assert answer["errors"]
    if code:
        assert answer["errors"][0]["extensions"]["code"] == code
    # A client asking for application/json keeps the old contract: 200, errors in the body.
    legacy = await _post(api, body)
    assert legacy.status_code == 200
    assert legacy.headers["content-type"].startswith("application/json")
    assert legacy.json()["errors"]


@pytest.mark.parametrize(
    ("content", "accept", "media"),
    [
        ('{"query": ', "application/json", "application/json"),
        ("not json at all", "*/*", "application/json"),
        ('{"query": ', GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
    ],
)
async def test_a_malformed_body_is_a_graphql_error_not_a_text_page(
    api: httpx.AsyncClient, content: str, accept: str, media: str
) -> None:
    response = await api.post(
        "/graphql",
        content=content,
        headers={"content-type": "application/json", "accept": accept},
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(media)
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "Content-Type: application/json" in error["message"]


@pytest.fixture
async def cors_client(seeded_store: GraphStore) -> AsyncIterator[httpx.AsyncClient]:
    """The app allowing one browser origin."""
    async with app_client(seeded_store, cors_origins="https://app.example.gov.hk") as client:
        yield client


async def test_cors_answers_the_preflight_of_a_configured_origin_only(
    cors_client: httpx.AsyncClient,
) -> None:
    preflight = {
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
    }
    allowed = await cors_client.options(
        "/graphql", headers={"origin": "https://app.example.gov.hk", **preflight}
    )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.gov.hk"
    assert "POST" in allowed.headers["access-control-allow-methods"]
    refused = await cors_client.options(
        "/graphql", headers={"origin": "https://elsewhere.example", **preflight}
    )
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers
    answer = await cors_client.post(
        "/graphql",
        json={"query": "{ __typename }"},
        headers={"origin": "https://app.example.gov.hk"},
    )
    assert answer.headers["access-control-allow-origin"] == "https://app.example.gov.hk"


async def test_a_page_of_an_allowed_origin_may_send_and_read_graph_bookmark(
    cors_client: httpx.AsyncClient,
) -> None:
    origin = {"origin": "https://app.example.gov.hk"}
    allowed = await cors_client.options(
        "/graphql",
        headers={
            **origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type, graph-bookmark",
        },
    )
    assert allowed.status_code == 200
    assert "graph-bookmark" in allowed.headers["access-control-allow-headers"].lower()
    answer = await cors_client.post("/graphql", json={"query": "{ __typename }"}, headers=origin)
    assert answer.headers["access-control-expose-headers"].lower() == "graph-bookmark"


async def test_without_cors_origins_no_browser_origin_is_allowed(api: httpx.AsyncClient) -> None:
    answer = await api.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"origin": "https://x.example"}
    )
    assert answer.status_code == 200  # not a browser's concern here: no CORS headers
    assert "access-control-allow-origin" not in answer.headers


async def test_a_subscription_over_plain_http_is_refused_with_a_way_forward(
    api: httpx.AsyncClient,
) -> None:
    query = "subscription { graphChanged { kinds } }"
    answers = [
        await api.get("/graphql", params={"query": query}),
        await api.post("/graphql", json={"query": query}),
    ]
    for answer in answers:
        assert answer.status_code == 200
        error = answer.json()["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert "WebSocket" in error["message"]
    spec = await _post(api, {"query": query}, **SPEC)
    assert spec.status_code == 400
    assert "data" not in spec.json()


async def test_a_mutation_sent_with_get_is_405_and_changes_nothing(
    api: httpx.AsyncClient, seeded_store: GraphStore
) -> None:
    # GraphQL over HTTP: a mutation over GET is 405 Method Not Allowed (it was a 400),
    # so caches and proxies know to send it with POST.
    create = 'mutation { createEntity(input: {kind: ENTERPRISE, nameEn: "Via Get", source: "s"}) '
    before = await seeded_store.count_nodes()
    for headers in ({}, SPEC):
        answer = await api.get(
            "/graphql", params={"query": create + "{ entity { id } } }"}, headers=headers
        )
        assert answer.status_code == 405
        assert answer.headers["allow"] == "POST"
        [error] = answer.json()["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert "must be sent with POST" in error["message"]
    assert await seeded_store.count_nodes() == before
