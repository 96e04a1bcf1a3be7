"""Prometheus metrics at /metrics (graph_api.metrics): operations by type and root field,
errors by code, HTTP responses by status, and store queries, on both stores."""

from __future__ import annotations

import asyncio
import sys

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from graph_api.analytics import hub_links
from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.header_limits import MAX_HEAD_BYTES, with_header_deadline
from graph_api.store.base import GraphStore
from tests.auth_support import ADMIN_HEADERS
from tests.live_server import serving


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


async def test_metrics_count_what_the_service_did(seeded_store: GraphStore) -> None:
    settings = Settings(store=seeded_store.backend, rate_limit_per_minute=4)
    app = create_app(settings, store=seeded_store)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=ADMIN_HEADERS
    ) as client:
        await client.post("/graphql", json={"query": "{ bureaux(first: 2) { totalCount } }"})
        await client.post("/graphql", json={"query": "{ noSuchField }"})
        await client.post("/graphql", json={"query": '{ bureau(id: "bureau:none") { id } }'})
        await client.post("/graphql", json={"query": "{ __typename }"})
        await client.post("/graphql", json={"query": "{ __typename }"})  # the fifth: 429
        scraped = await client.get("/metrics")
    assert scraped.status_code == 200
    assert scraped.headers["content-type"].startswith("text/plain")
    samples = _samples(scraped.text)
    query = (("field", "bureaux"), ("type", "query"))
    assert samples[("graph_api_operation_seconds_count", query)] == 1
    # noSuchField and __typename are no root field of the schema: both count as "-".
    unnamed = (("field", "-"), ("type", "query"))
    assert samples[("graph_api_operation_seconds_count", unnamed)] == 2
    assert samples[("graph_api_errors_total", (("code", "GRAPHQL_VALIDATION_FAILED"),))] == 1
    assert samples[("graph_api_errors_total", (("code", "NOT_FOUND"),))] == 1
    # Refused before any GraphQL ran (by the rate limit), and counted all the same.
    assert samples[("graph_api_errors_total", (("code", "RATE_LIMITED"),))] == 1
    ok = (("path", "/graphql"), ("status", "200"))
    assert samples[("graph_api_http_responses_total", ok)] == 4
    limited = (("path", "/graphql"), ("status", "429"))
    assert samples[("graph_api_http_responses_total", limited)] == 1
    store_queries = {
        labels: value
        for (name, labels), value in samples.items()
        if name == "graph_api_store_queries_total"
    }
    assert sum(store_queries.values()) > 0
    store_seconds = {
        labels: value
        for (name, labels), value in samples.items()
        if name == "graph_api_store_query_seconds_total"
    }
    # Reads are timed under their file's name, as they are counted.
    assert set(store_seconds) & set(store_queries)
    assert all(value > 0 for value in store_seconds.values())
    assert samples[("graph_api_store_calls_in_flight", ())] == 0  # all answered
    assert samples[("graph_api_cached_documents", ())] >= 1
    assert samples[("graph_api_cached_answers", ())] >= 0
    assert samples[("graph_api_subscriptions", ())] == 0
    if sys.platform.startswith("linux"):  # the process series are read from /proc
        assert samples[("process_resident_memory_bytes", ())] > 10 << 20
    assert samples[("graph_api_memory_returned_bytes_total", ())] >= 0


async def test_metrics_count_the_hub_links_kept_for_path_questions(
    seeded_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hub_links, "MIN_LINKS", 1)  # the seed data has few hubs
    monkeypatch.setattr(hub_links, "_kept", type(hub_links._kept)())
    app = create_app(Settings(store=seeded_store.backend), store=seeded_store)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=ADMIN_HEADERS
    ) as client:
        before = _samples((await client.get("/metrics")).text)
        question = (
            '{ collaborationPaths(from: "department:dpo", to: "enterprise:s-0022") { complete } }'
        )
        answered = await client.post("/graphql", json={"query": question})
        assert "errors" not in answered.json()
        after = _samples((await client.get("/metrics")).text)
    assert before[("graph_api_kept_hub_links", ())] == 0
    assert after[("graph_api_kept_hub_links", ())] == hub_links.links_kept(seeded_store) > 0


async def test_client_text_never_becomes_a_label(seeded_store: GraphStore) -> None:
    app = create_app(Settings(store=seeded_store.backend), store=seeded_store)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=ADMIN_HEADERS
    ) as client:
        for index in range(5):
            await client.post("/graphql", json={"query": f"{{ invented{index} }}"})
            await client.get(f"/no/such/path/{index}")
        text = (await client.get("/metrics")).text
    assert "invented" not in text
    assert "/no/such" not in text
    assert 'path="other",status="404"' in text


async def test_refusals_before_graphql_runs_are_counted_by_code(seeded_store: GraphStore) -> None:
    settings = Settings(store=seeded_store.backend, max_body_bytes=1_000)
    app = create_app(settings, store=seeded_store)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        wrong_key = {"Authorization": "Bearer gk_nope_nope"}
        assert (await client.post("/graphql", json={}, headers=wrong_key)).status_code == 401
        too_big = {"query": "{ __typename }", "padding": "x" * 2_000}
        big = await client.post("/graphql", json=too_big, headers=ADMIN_HEADERS)
        assert big.status_code == 413
        malformed = await client.post("/graphql", content=b"{not json", headers=ADMIN_HEADERS)
        assert malformed.status_code == 400
        get_mutation = {"query": "mutation { __typename }"}
        refused = await client.get("/graphql", params=get_mutation, headers=ADMIN_HEADERS)
        assert refused.status_code == 405
        answered = await client.post("/graphql", json={"query": "{ nope }"}, headers=ADMIN_HEADERS)
        assert answered.status_code == 200
        samples = _samples((await client.get("/metrics")).text)
    errors = {
        dict(labels)["code"]: value
        for (name, labels), value in samples.items()
        if name == "graph_api_errors_total"
    }
    assert errors == {
        "UNAUTHENTICATED": 1,
        "REQUEST_TOO_LARGE": 1,
        "BAD_USER_INPUT": 2,  # the malformed body and the mutation sent with GET
        "GRAPHQL_VALIDATION_FAILED": 1,  # counted once, by the operation itself
    }


async def _send_raw(address: str, data: bytes) -> bytes:
    host, port = address.split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(data)
        await writer.drain()
        async with asyncio.timeout(10):
            return await reader.read()
    finally:
        writer.close()


async def test_metrics_count_connections_refused_before_the_app(seeded_store: GraphStore) -> None:
    app = create_app(Settings(store=seeded_store.backend), store=seeded_store)
    refused = "graph_api_connections_refused_total"
    async with (
        serving(app, http=with_header_deadline(30.0)) as address,
        httpx.AsyncClient(base_url=f"http://{address}", headers=ADMIN_HEADERS) as client,
    ):
        before = _samples((await client.get("/metrics")).text)
        assert (await _send_raw(address, b"NOT HTTP\r\n\r\n")).startswith(b"HTTP/1.1 400")
        big = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * MAX_HEAD_BYTES
        assert (await _send_raw(address, big)).startswith(b"HTTP/1.1 431")
        after = _samples((await client.get("/metrics")).text)
    for reason, more in (("not_http", 1), ("headers_too_large", 1), ("headers_too_slow", 0)):
        key = (refused, (("reason", reason),))
        assert after[key] == before[key] + more, reason
