"""Rate limits per client address and per key (graph_api.rate_limits): 429 with
Retry-After, per address or key, off when set to 0, and other paths untouched."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
from starlette.routing import Route

from graph_api.app import create_app
from graph_api.auth.roles import Role
from graph_api.config import Settings
from graph_api.graphql_http import GraphQLApp
from graph_api.store.base import GraphStore
from tests.auth_support import ADMIN_HEADERS, bearer

QUERY = {"query": "{ __typename }"}


def _client(store: GraphStore, per_minute: int, address: str) -> httpx.AsyncClient:
    settings = Settings(store=store.backend, rate_limit_per_minute=per_minute)
    app = create_app(settings, store=store)
    transport = httpx.ASGITransport(app=app, client=(address, 1234))
    return httpx.AsyncClient(transport=transport, base_url="http://test", headers=ADMIN_HEADERS)


async def test_an_address_past_its_limit_gets_429_with_retry_after(
    seeded_store: GraphStore,
) -> None:
    async with _client(seeded_store, 3, "192.0.2.1") as client:
        statuses = [(await client.post("/graphql", json=QUERY)).status_code for _ in range(3)]
        refused = await client.post("/graphql", json=QUERY)
        health = await client.get("/healthz")
    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    retry_after = int(refused.headers["retry-after"])
    assert 1 <= retry_after <= 60
    error = refused.json()["errors"][0]
    assert error["extensions"] == {"code": "RATE_LIMITED", "retryAfter": retry_after}
    assert f"Try again in {retry_after} s" in error["message"]
    assert health.status_code == 200  # only /graphql is limited


async def test_each_address_has_its_own_allowance(seeded_store: GraphStore) -> None:
    settings = Settings(store=seeded_store.backend, rate_limit_per_minute=2)
    app = create_app(settings, store=seeded_store)
    seen = []
    for address in ("192.0.2.1", "192.0.2.2"):
        transport = httpx.ASGITransport(app=app, client=(address, 1234))
        async with httpx.AsyncClient(
            transport=transport, base_url="http://test", headers=ADMIN_HEADERS
        ) as client:
            seen += [(await client.post("/graphql", json=QUERY)).status_code for _ in range(3)]
    assert seen == [200, 200, 429, 200, 200, 429]


async def test_zero_switches_the_limit_off(seeded_store: GraphStore) -> None:
    async with _client(seeded_store, 0, "192.0.2.9") as client:
        statuses = {(await client.post("/graphql", json=QUERY)).status_code for _ in range(30)}
    assert statuses == {200}


async def test_an_address_may_have_only_so_many_requests_in_flight(
    seeded_store: GraphStore,
) -> None:
    settings = Settings(store=seeded_store.backend, max_concurrent_per_address=2)
    app = create_app(settings, store=seeded_store)
    release, both_reading = asyncio.Event(), asyncio.Event()
    reading: list[int] = []

    async def slow_body() -> AsyncIterator[bytes]:
        yield b'{"query": "{ __typename'  # the request is in flight from here ...
        reading.append(1)  # the app has taken the first part and waits for the rest
        if len(reading) == 2:
            both_reading.set()
        await release.wait()
        yield b' }"}'  # ... until its body is complete and answered

    transport = httpx.ASGITransport(app=app, client=("192.0.2.7", 1234))
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=ADMIN_HEADERS
    ) as client:
        held = [
            asyncio.create_task(
                client.post(
                    "/graphql", content=slow_body(), headers={"content-type": "application/json"}
                )
            )
            for _ in range(2)
        ]
        async with asyncio.timeout(10):
            await both_reading.wait()  # both are inside the app, reading their bodies
        third = await client.post("/graphql", json=QUERY)
        release.set()
        answers = await asyncio.gather(*held)
        after = await client.post("/graphql", json=QUERY)
    assert third.status_code == 429
    assert third.headers["retry-after"] == "1"
    assert third.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert "in flight" in third.json()["errors"][0]["message"]
    assert [answer.status_code for answer in answers] == [200, 200]
    assert after.status_code == 200  # the count went back down


async def test_each_key_has_its_own_allowance_from_any_address(seeded_store: GraphStore) -> None:
    settings = Settings(store=seeded_store.backend, rate_limit_per_key_per_minute=2)
    app = create_app(settings, store=seeded_store)
    busy, quiet = bearer("busy-bot", Role.VIEWER), bearer("quiet-bot", Role.VIEWER)
    answers = []
    for address in ("192.0.2.10", "192.0.2.11", "192.0.2.12"):  # a new address each time
        transport = httpx.ASGITransport(app=app, client=(address, 1234))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            answers.append(await client.post("/graphql", json=QUERY, headers=busy))
            other = await client.post("/graphql", json=QUERY, headers=quiet)
            if address == "192.0.2.10":
                first_of_other_key = other
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert first_of_other_key.status_code == 200  # another key keeps its own allowance
    refused = answers[-1]
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert "this key or token" in refused.json()["errors"][0]["message"]


async def test_a_key_may_have_only_so_many_requests_in_flight_from_any_address(
    seeded_store: GraphStore,
) -> None:
    settings = Settings(
        store=seeded_store.backend, max_concurrent_per_key=1, max_concurrent_per_address=0
    )
    app = create_app(settings, store=seeded_store)
    # Request bodies are read whole before the endpoint sees them, so a request is in
    # flight for the endpoint while it runs; hold busy-bot's one place as a running
    # request would.
    endpoint = next(
        route.app for route in app.routes if isinstance(route, Route) and route.path == "/graphql"
    )
    assert isinstance(endpoint, GraphQLApp)
    busy, calm = bearer("busy-bot", Role.VIEWER), bearer("calm-bot", Role.VIEWER)
    transport = httpx.ASGITransport(app=app, client=("192.0.2.20", 1234))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        with endpoint.caller_limits.request("api-key:key:busy-bot"):
            refused = await client.post("/graphql", json=QUERY, headers=busy)
            other_key = await client.post("/graphql", json=QUERY, headers=calm)
        after = await client.post("/graphql", json=QUERY, headers=busy)
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "1"
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert "at once with this key or token" in refused.json()["errors"][0]["message"]
    assert (other_key.status_code, after.status_code) == (200, 200)
    assert endpoint.caller_limits.in_flight == {}  # every place was given back
