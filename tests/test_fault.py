"""The fault test: several clients read and write through the service while its Neo4j is
killed outright (SIGKILL) and started again on the same data. Afterwards every write the
service acknowledged is in the graph exactly once, with one change record; every error a
client saw was STORE_UNAVAILABLE, answered within the bound; and the same service answers
again without a restart. (A longer soak: FAULT_SECONDS=600 pytest tests/test_fault.py.)"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.neo4j_local import LocalNeo4j
from graph_api.store.neo4j_store import CONNECT_SECONDS, RETRY_SECONDS, Neo4jStore
from tests.auth_support import ADMIN_HEADERS
from tests.live_server import free_port

pytestmark = pytest.mark.neo4j

CLIENTS = 4
# Two store calls' worth of connecting and the driver's retries, plus slack for a loaded
# machine: still far below the client's 60 s timeout, so a hanging request is caught.
BOUND_SECONDS = 2 * (CONNECT_SECONDS + RETRY_SECONDS) + 5
RUN_SECONDS = float(os.environ.get("FAULT_SECONDS", "2"))  # before and after the outage
PASSWORD = "fault-test-password"
CREATE = """mutation($input: EntityInput!, $key: String) {
  createEntity(input: $input, idempotencyKey: $key) { entity { id } } }"""
READ = {"query": "{ enterprises(first: 5) { totalCount } }"}


@dataclass
class Outcomes:
    """What the clients saw."""

    acknowledged: list[str] = field(default_factory=list)
    attempted: list[str] = field(default_factory=list)
    errors: list[tuple[str, float]] = field(default_factory=list)  # (code, seconds)
    reads: int = 0


async def _client(
    client: httpx.AsyncClient, number: int, stop: asyncio.Event, seen: Outcomes
) -> None:
    step = 0
    while not stop.is_set():
        step += 1
        entity_id = f"enterprise:fault-{number}-{step:05d}"
        seen.attempted.append(entity_id)
        variables = {
            "input": {
                "kind": "ENTERPRISE",
                "id": entity_id,
                "nameEn": f"Fault Firm {number} {step}",
                "source": "fault test",
            },
            "key": entity_id,
        }
        for body in ({"query": CREATE, "variables": variables}, READ):
            started = time.monotonic()
            answer = await client.post("/graphql", json=body)
            seconds = time.monotonic() - started
            errors = answer.json().get("errors")
            if errors:
                seen.errors.extend((e["extensions"]["code"], seconds) for e in errors)
                await asyncio.sleep(0.2)  # as a client honouring Retry-After would, briefly
            elif body is READ:
                seen.reads += 1
            else:
                seen.acknowledged.append(entity_id)


async def _until(condition: Callable[[], bool], failure: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, failure
        await asyncio.sleep(0.2)


async def test_neo4j_killed_and_restarted_under_load_loses_and_doubles_nothing(
    tmp_path: Path,
) -> None:
    data, port = tmp_path / "neo4j", free_port()
    first = LocalNeo4j(data_dir=data, port=port, password=PASSWORD, quiet=True).start()
    settings = Settings(
        store="neo4j",
        neo4j_uri=first.uri,
        neo4j_user="neo4j",
        neo4j_password=PASSWORD,
        rate_limit_per_minute=0,  # the clients are one address, and busy by design
    )
    app = create_app(settings)
    seen, stop = Outcomes(), asyncio.Event()
    second: LocalNeo4j | None = None
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://test", headers=ADMIN_HEADERS, timeout=60
            ) as client:
                clients = [
                    asyncio.create_task(_client(client, n, stop, seen)) for n in range(CLIENTS)
                ]
                # Working under load first (a cold Neo4j's first writes can take seconds).
                await _until(lambda: len(seen.acknowledged) >= CLIENTS, "no write went through")
                await asyncio.sleep(RUN_SECONDS)
                before = len(seen.acknowledged)
                await asyncio.to_thread(first.kill)
                # Down longer than the driver retries a request, so clients see it.
                await asyncio.sleep(CONNECT_SECONDS + RETRY_SECONDS + 1)
                second = await asyncio.to_thread(
                    LocalNeo4j(data_dir=data, port=port, password=PASSWORD, quiet=True).start
                )
                reads = seen.reads
                await _until(
                    lambda: len(seen.acknowledged) > before and seen.reads > reads,
                    "the service never recovered",
                )
                during = len(seen.acknowledged)
                await asyncio.sleep(RUN_SECONDS)  # working again, under the same load
                # A cold restarted Neo4j on a loaded machine may be slow to take more.
                await _until(lambda: len(seen.acknowledged) > during, "no write after recovery")
                stop.set()
                await asyncio.gather(*clients)
                assert (await client.get("/readyz")).status_code == 200
        assert before > 0
        assert len(seen.acknowledged) > during  # writes went on after the restart
        assert seen.errors, "the outage was never noticed"
        assert {code for code, _ in seen.errors} == {"STORE_UNAVAILABLE"}
        assert max(seconds for _, seconds in seen.errors) < BOUND_SECONDS
        store = Neo4jStore(second.uri, "neo4j", PASSWORD)
        await store.connect()
        try:
            rows = await store.read_text(
                "fault_counts",
                "UNWIND $ids AS id OPTIONAL MATCH (n:Entity {id: id}) WITH id, count(n) AS nodes "
                "OPTIONAL MATCH (c:Change {entity_id: id}) RETURN id, nodes, count(c) AS changes",
                {"ids": seen.attempted},
            )
        finally:
            await store.close()
        counts = {row["id"]: (row["nodes"], row["changes"]) for row in rows}
        for entity_id in seen.acknowledged:
            assert counts[entity_id] == (1, 1), entity_id  # there, once, recorded once
        for entity_id in set(seen.attempted) - set(seen.acknowledged):
            assert counts[entity_id] in ((0, 0), (1, 1)), entity_id  # all or nothing
    finally:
        stop.set()
        for server in (second, first):
            if server is not None:
                await asyncio.to_thread(server.stop)
