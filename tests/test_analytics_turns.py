"""Analytics questions take turns (graph_api/analytics/turns.py, schema/analytics_gate.py):
a question that finds every turn taken waits, one that waits too long is told to come
back (SERVICE_BUSY), one waiting for another asker's answer gives its turn back, entity
queries are never held back, and the turns in use show in /metrics."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from graph_api.analytics.answer_cache import kept_answer
from graph_api.analytics.turns import AnalyticsGate
from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.errors import ErrorCode, GraphApiError
from graph_api.store.base import GraphStore
from tests.auth_support import ADMIN_HEADERS

WHO_MET = '{ whoMet(party: "department:dpo") { totalCount } }'
NEIGHBOURHOOD = '{ neighbourhood(of: "department:dpo") { nodes { hops } } }'
LOOKUP = '{ department(id: "department:dpo") { id } }'


async def test_a_question_waits_for_a_turn_and_one_that_waits_too_long_is_refused() -> None:
    gate = AnalyticsGate(limit=1, wait_seconds=0.2)
    async with gate.turn():
        assert (gate.in_use, gate.waiting) == (1, 0)
        with pytest.raises(GraphApiError) as refused:
            async with gate.turn():
                pass
        assert refused.value.code is ErrorCode.SERVICE_BUSY
        assert "GRAPH_API_MAX_CONCURRENT_ANALYTICS" in refused.value.message
        assert gate.waiting == 0
        given = asyncio.Event()

        async def wait_for_a_turn() -> None:
            async with gate.turn():
                given.set()

        waiter = asyncio.ensure_future(wait_for_a_turn())
        await asyncio.sleep(0.05)
        assert (gate.in_use, gate.waiting, given.is_set()) == (1, 1, False)
    await asyncio.wait_for(waiter, 1)  # the turn given back went to the one waiting
    assert given.is_set()
    assert (gate.in_use, gate.waiting) == (0, 0)


async def test_a_turn_is_given_back_once_whatever_happens_in_it() -> None:
    gate = AnalyticsGate(limit=1, wait_seconds=0.2)

    async def fail_in_a_turn() -> None:
        async with gate.turn() as turn:
            turn.give_back()  # early, then again when the block ends
            raise ValueError("failed")

    with pytest.raises(ValueError, match="failed"):
        await fail_in_a_turn()
    assert gate.in_use == 0
    async with gate.turn():  # the one turn is free again, and only one
        assert gate.in_use == 1


def test_no_limit_means_no_gate() -> None:
    assert AnalyticsGate.for_settings(Settings(max_concurrent_analytics=0)) is None
    gate = AnalyticsGate.for_settings(Settings(max_concurrent_analytics=3))
    assert gate is not None
    assert gate.limit == 3


@pytest.mark.neo4j
async def test_waiting_for_another_askers_answer_holds_no_turn(seeded_store: GraphStore) -> None:
    gate = AnalyticsGate(limit=3, wait_seconds=5)
    release = asyncio.Event()

    async def work_out() -> int:
        await release.wait()
        return 42

    async def ask() -> int:
        async with gate.turn():
            return await kept_answer(seeded_store, "test: one answer for many", work_out)

    askers = [asyncio.ensure_future(ask()) for _ in range(3)]
    deadline = asyncio.get_running_loop().time() + 5
    while gate.in_use != 1:  # the one working it out; the other two wait without a turn
        assert asyncio.get_running_loop().time() < deadline, f"{gate.in_use} turns held"
        await asyncio.sleep(0.01)
    release.set()
    assert await asyncio.gather(*askers) == [42, 42, 42]
    assert gate.in_use == 0


@pytest.mark.neo4j
async def test_the_service_holds_analytics_back_and_lets_entity_queries_through(
    seeded_store: GraphStore,
) -> None:
    settings = Settings(
        store=seeded_store.backend, max_concurrent_analytics=1, query_timeout_seconds=0.3
    )
    app = create_app(settings, store=seeded_store)
    gate: AnalyticsGate = app.state.analytics_gate
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=ADMIN_HEADERS
    ) as client:
        async with gate.turn():  # every turn taken, as by a long question
            held = await client.post("/graphql", json={"query": WHO_MET})
            error = held.json()["errors"][0]
            assert error["extensions"]["code"] == "SERVICE_BUSY"
            assert "waited 0.3 s for its turn" in error["message"]
            assert held.json()["data"] == {"whoMet": None}  # a nullable field: HTTP 200
            nothing = await client.post("/graphql", json={"query": NEIGHBOURHOOD})
            assert nothing.json()["data"] is None  # nothing answered: try again
            assert (nothing.status_code, nothing.headers["Retry-After"]) == (503, "5")
            lookup = (await client.post("/graphql", json={"query": LOOKUP})).json()
            assert lookup == {"data": {"department": {"id": "department:dpo"}}}
            metrics = (await client.get("/metrics")).text
            assert "graph_api_analytics_in_progress 1.0" in metrics
        answered = (await client.post("/graphql", json={"query": WHO_MET})).json()
        assert "errors" not in answered
        assert answered["data"]["whoMet"]["totalCount"] > 0
