"""Analytics questions take turns (graph_api/schema/analytics_gate.py): a question that
finds every turn taken waits, and one that waits too long is told to come back; entity
queries are never held back; the turns in use show in /metrics."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.errors import ErrorCode, GraphApiError
from graph_api.schema.analytics_gate import AnalyticsGate
from graph_api.store.base import GraphStore
from tests.auth_support import ADMIN_HEADERS

WHO_MET = '{ whoMet(party: "department:dpo") { totalCount } }'
LOOKUP = '{ department(id: "department:dpo") { id } }'


async def test_a_question_waits_for_a_turn_and_one_that_waits_too_long_is_refused() -> None:
    gate = AnalyticsGate(limit=1, wait_seconds=0.2)
    async with gate.turn():
        assert (gate.in_use, gate.waiting) == (1, 0)
        with pytest.raises(GraphApiError) as refused:
            async with gate.turn():
                pass
        assert refused.value.code is ErrorCode.STORE_UNAVAILABLE
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


def test_no_limit_means_no_gate() -> None:
    assert AnalyticsGate.for_settings(Settings(max_concurrent_analytics=0)) is None
    gate = AnalyticsGate.for_settings(Settings(max_concurrent_analytics=3))
    assert gate is not None
    assert gate.limit == 3


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
            held = (await client.post("/graphql", json={"query": WHO_MET})).json()
            assert held["errors"][0]["extensions"]["code"] == "STORE_UNAVAILABLE"
            assert "waited 0.3 s for its turn" in held["errors"][0]["message"]
            lookup = (await client.post("/graphql", json={"query": LOOKUP})).json()
            assert lookup == {"data": {"department": {"id": "department:dpo"}}}
            metrics = (await client.get("/metrics")).text
            assert "graph_api_analytics_in_progress 1.0" in metrics
        answered = (await client.post("/graphql", json={"query": WHO_MET})).json()
        assert "errors" not in answered
        assert answered["data"]["whoMet"]["totalCount"] > 0
