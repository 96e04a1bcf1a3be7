"""End to end over real HTTP: 'graph-api serve' as users start it, on the embedded store.

The server runs as a separate process on a free loopback port with a fresh embedded
store, so this checks the README's first command: seed on first start, GraphiQL,
health and readiness, and a real query.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from graph_api.auth.roles import Role
from graph_api.domain import NodeKind
from tests import oracle
from tests.auth_support import as_role
from tests.live_server import graphql_socket, receive
from tests.served_process import serving_process
from tests.test_header_limits import closed_after


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running 'graph-api serve' on a new embedded store; its base URL."""
    store_path = tmp_path_factory.mktemp("served") / "graph"
    env = {
        "GRAPH_API_EMBEDDED_PATH": str(store_path),
        "GRAPH_API_STORE": "embedded",
        "GRAPH_API_HEADER_TIMEOUT_SECONDS": "2",
    }
    with serving_process(store_path.parent / "server.log", env) as base:
        yield base


def test_health_and_readiness(server: str) -> None:
    assert httpx.get(f"{server}/healthz").json()["status"] == "ok"
    ready = httpx.get(f"{server}/readyz").json()
    assert ready == {**ready, "status": "ready", "store": "embedded"}


async def test_request_headers_that_trickle_in_are_cut_off(server: str) -> None:
    drip = b"POST /graphql HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200
    seconds = await closed_after(server.removeprefix("http://"), drip, every=0.1)
    assert 1.8 <= seconds < 4  # GRAPH_API_HEADER_TIMEOUT_SECONDS, as this server was given


def test_the_served_process_keeps_start_up_objects_out_of_collections(server: str) -> None:
    # Each full collection walked them all: 56 ms on the request that set it off.
    metrics = httpx.get(f"{server}/metrics", headers=as_role(Role.ADMIN)).text
    frozen = re.search(r"^graph_api_gc_frozen_objects (\S+)$", metrics, re.MULTILINE)
    assert frozen is not None
    assert float(frozen.group(1)) > 10_000


def test_graphiql_is_served(server: str) -> None:
    page = httpx.get(f"{server}/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()
    home = httpx.get(f"{server}/", follow_redirects=False)
    assert home.status_code == 200  # the analyst explorer (tests/test_explorer_page.py)
    assert "/assets/explorer/app.js" in home.text


def test_seed_data_is_loaded_on_first_start(server: str) -> None:
    query = '{ storeStatus { backend nodeCount } department(id: "department:dpo") { nameZh } }'
    body = httpx.post(f"{server}/graphql", json={"query": query}).json()
    assert body["data"]["storeStatus"] == {
        "backend": "embedded",
        "nodeCount": len(oracle.seed().nodes),
    }
    assert body["data"]["department"]["nameZh"] == "數字政策辦公室"


@pytest.mark.parametrize(
    "payload",
    [b"{not json", b"[]", b'{"query": 42}', b'{"variables": {}}'],
)
def test_malformed_requests_are_client_errors_not_crashes(server: str, payload: bytes) -> None:
    response = httpx.post(
        f"{server}/graphql", content=payload, headers={"Content-Type": "application/json"}
    )
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize(
    "payload",
    [b"null", b'"x"', b"1e999999", b"[" * 1000 + b"]" * 1000, b'{"variables": {"a": NaN}}'],
)
def test_json_that_is_no_graphql_request_is_bad_user_input(server: str, payload: bytes) -> None:
    response = httpx.post(
        f"{server}/graphql", content=payload, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400  # each was an HTTP 500 before
    assert response.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


async def test_a_websocket_message_larger_than_a_body_closes_the_socket(server: str) -> None:
    url = server.replace("http", "ws", 1) + "/graphql"
    query = "{ __typename }" + " " * 1_000_000  # the default GRAPH_API_MAX_BODY_BYTES
    async with graphql_socket(url) as ws:
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
        with pytest.raises(ConnectionClosed) as closed:
            await receive(ws)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1009  # message too big
    async with graphql_socket(url) as ws:  # the server goes on serving
        await ws.send(
            json.dumps({"id": "2", "type": "subscribe", "payload": {"query": "{ __typename }"}})
        )
        assert (await receive(ws))["payload"] == {"data": {"__typename": "Query"}}


PAGE = """
query ($first: Int, $after: String, $last: Int, $before: String) {
  enterprises(first: $first, after: $after, last: $last, before: $before,
              orderBy: {field: NAME_ZH, direction: DESC}) {
    totalCount
    edges { node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


def _page(server: str, variables: dict[str, Any]) -> Any:
    body = httpx.post(f"{server}/graphql", json={"query": PAGE, "variables": variables}).json()
    assert "errors" not in body, body
    return body["data"]["enterprises"]


def test_paging_a_whole_list_both_ways_over_http(server: str) -> None:
    forwards: list[str] = []
    variables: dict[str, Any] = {"first": 25}
    while True:
        page = _page(server, variables)
        forwards += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        variables = {"first": 25, "after": page["pageInfo"]["endCursor"]}
    backwards: list[str] = []
    variables = {"last": 25}
    while True:
        page = _page(server, variables)
        backwards[:0] = [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        variables = {"last": 25, "before": page["pageInfo"]["startCursor"]}
    total = len(oracle.nodes_of(NodeKind.ENTERPRISE))
    assert len(forwards) == len(set(forwards)) == total
    assert backwards == forwards
