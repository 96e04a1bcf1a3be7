"""When Neo4j is away: the service starts anyway, says it is not ready, fails requests
fast with STORE_UNAVAILABLE (HTTP 503, Retry-After, no database address), and recovers
by itself when Neo4j answers again (graph_api.startup, graph_api.store.neo4j_store).

Neo4j is the real test server; it "goes away" and "comes back" behind a small TCP relay
on its own port, which these tests open and close.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import httpx
import pytest
from neo4j.exceptions import ConnectionAcquisitionTimeoutError, ServiceUnavailable

from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.errors import ErrorCode, GraphApiError
from graph_api.store.neo4j_store import DOWN_SECONDS, Neo4jStore
from tests.auth_support import ADMIN_HEADERS
from tests.conftest import Neo4jServer
from tests.live_server import free_port

pytestmark = pytest.mark.neo4j

QUERY = {"query": "{ bureaux(first: 1) { totalCount } }"}


class Relay:
    """A TCP relay from a loopback port to Neo4j's Bolt port, switched on and off."""

    def __init__(self, target: str) -> None:
        parts = urlsplit(target)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 7687)
        self.port = free_port()
        self.server: asyncio.Server | None = None
        self.pipes: set[asyncio.Task[None]] = set()

    async def on(self) -> None:
        """Start relaying: Neo4j answers on ``self.port``."""
        self.server = await asyncio.start_server(self._connect, "127.0.0.1", self.port)

    async def off(self) -> None:
        """Stop listening and cut every open connection: Neo4j is gone."""
        if self.server is not None:
            self.server.close()
            self.server = None
        for pipe in list(self.pipes):
            pipe.cancel()
        await asyncio.gather(*self.pipes, return_exceptions=True)

    async def _connect(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        for source, sink in ((reader, upstream_writer), (upstream_reader, writer)):
            task = asyncio.create_task(self._pipe(source, sink))
            self.pipes.add(task)
            task.add_done_callback(self.pipes.discard)

    @staticmethod
    async def _pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        try:
            while data := await source.read(65536):
                sink.write(data)
                await sink.drain()
        finally:
            sink.close()


@pytest.fixture
async def relay(neo4j_server: Neo4jServer) -> AsyncIterator[Relay]:
    """A relay to the test Neo4j, off to begin with."""
    switch = Relay(neo4j_server.uri)
    yield switch
    await switch.off()


@contextlib.asynccontextmanager
async def _service(relay: Relay, server: Neo4jServer) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        store="neo4j",
        neo4j_uri=f"bolt://127.0.0.1:{relay.port}",
        neo4j_user=server.user,
        neo4j_password=server.password,
    )
    app = create_app(settings)  # the app opens the store itself, as `graph-api serve` does
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://test", headers=ADMIN_HEADERS
        ) as client:
            yield client


async def _timed(client: httpx.AsyncClient, method: str, path: str) -> tuple[httpx.Response, float]:
    start = time.monotonic()
    if method == "GET":
        response = await client.get(path)
    else:
        response = await client.post(path, json=QUERY)
    return response, time.monotonic() - start


async def _until_ready(client: httpx.AsyncClient, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while (await client.get("/readyz")).status_code != 200:
        assert time.monotonic() < deadline, "the service never became ready"
        await asyncio.sleep(0.5)


def _check_store_down(response: httpx.Response, relay: Relay) -> None:
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "STORE_UNAVAILABLE"
    assert str(relay.port) not in response.text  # no address for the client
    assert "Try again" in error["message"]


async def test_it_starts_without_neo4j_then_connects_when_it_appears(
    relay: Relay, neo4j_server: Neo4jServer
) -> None:
    async with _service(relay, neo4j_server) as client:
        # Just after a call found it down, the next ones fail at once (DOWN_SECONDS): a
        # request of several store calls waits for one of them, not each.
        again, again_seconds = await _timed(client, "POST", "/graphql")
        _check_store_down(again, relay)
        assert again_seconds < 1
        ready, ready_seconds = await _timed(client, "GET", "/readyz")
        assert ready.status_code == 503
        assert ready_seconds < 1  # an answer at once, not a hang
        answer, answer_seconds = await _timed(client, "POST", "/graphql")
        _check_store_down(answer, relay)
        assert answer_seconds < 10  # not connected: refused at once, not after retries
        await relay.on()
        await _until_ready(client)
        working = await client.post("/graphql", json=QUERY)
        assert working.status_code == 200
        assert "errors" not in working.json()


async def test_an_outage_fails_fast_and_heals_itself(
    relay: Relay, neo4j_server: Neo4jServer
) -> None:
    await relay.on()
    async with _service(relay, neo4j_server) as client:
        await _until_ready(client)
        assert (await client.post("/graphql", json=QUERY)).status_code == 200
        await relay.off()
        answer, seconds = await _timed(client, "POST", "/graphql")
        _check_store_down(answer, relay)
        assert seconds < 15  # the driver's retries (5 s) and a connect timeout, not minutes
        ready, ready_seconds = await _timed(client, "GET", "/readyz")
        assert ready.status_code == 503
        assert ready_seconds < 5  # READY_SECONDS is 2: an answer, not a hang
        await relay.on()
        await _until_ready(client)
        assert (await client.post("/graphql", json=QUERY)).status_code == 200


async def test_a_call_unanswered_while_others_are_answered_meets_a_busy_neo4j_not_a_dead_one(
    neo4j_server: Neo4jServer,
) -> None:
    """Under sustained load a slow question can outlive its wait. If Neo4j answered other
    calls meanwhile, that question alone fails (QUERY_TIMEOUT), and the next calls are
    not refused for DOWN_SECONDS as they are when Neo4j answered nothing at all."""
    store = Neo4jStore(
        neo4j_server.uri, neo4j_server.user, neo4j_server.password, query_timeout=30.0
    )
    await store.connect()
    try:
        slow_began = time.monotonic()
        await store.count_nodes()  # answered while the slow one waits
        busy = store._unavailable(TimeoutError(), slow_began, 30.0, "a slow question")
        assert busy.code is ErrorCode.QUERY_TIMEOUT
        await store.count_nodes()  # not shut out
        pool = ConnectionAcquisitionTimeoutError("every pooled connection in use")
        assert store._unavailable(pool, slow_began).code is ErrorCode.STORE_UNAVAILABLE
        await store.count_nodes()  # a busy pool is not a dead server either
        # A refused or reset connection is: even with answers since the call began.
        reset_began = time.monotonic()
        await store.count_nodes()
        reset = store._unavailable(ServiceUnavailable("connection reset"), reset_began)
        assert reset.code is ErrorCode.STORE_UNAVAILABLE
        with pytest.raises(GraphApiError):
            await store.count_nodes()
        await asyncio.sleep(DOWN_SECONDS + 0.1)
        silent = store._unavailable(TimeoutError(), time.monotonic(), 30.0, "a question")
        assert silent.code is ErrorCode.STORE_UNAVAILABLE
        with pytest.raises(GraphApiError) as refused:
            await store.count_nodes()  # taken for down: refused at once
        assert refused.value.code is ErrorCode.STORE_UNAVAILABLE
    finally:
        await store.close()


async def test_answers_inside_a_transaction_count_as_neo4j_answering(
    neo4j_server: Neo4jServer,
) -> None:
    """An import's transaction is answered by a live Neo4j: a question that outlived its
    wait meanwhile met a busy server, not a dead one, and the next calls go on."""
    store = Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password)
    await store.connect()
    try:
        slow_began = time.monotonic()
        async with store.one_transaction():
            await store.count_nodes()  # read inside the transaction, and answered
        busy = store._unavailable(TimeoutError(), slow_began, 30.0, "a slow question")
        assert busy.code is ErrorCode.QUERY_TIMEOUT
        await store.count_nodes()  # not shut out
    finally:
        await store.close()
