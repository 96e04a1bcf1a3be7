"""Shared fixtures: a real Neo4j for the session, and the same seeded graph on both stores.

Neo4j Community 5.26 is fetched from Maven Central (cached in ~/.m2) and started on a
free loopback port with a generated password by ``graph_api.neo4j_local``; it is
stopped when the session ends, whether the tests pass or fail. To test against a
Neo4j you already run, set GRAPH_API_TEST_NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD):
its ``neo4j`` database will be wiped. If Neo4j cannot start, every test that needs it
errors with the reason: nothing is skipped.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph_api.analytics.structure_worker import forget_structure
from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.seeding import seed_store
from graph_api.store.base import GraphStore
from graph_api.store.embedded_store import EmbeddedStore
from graph_api.store.neo4j_store import Neo4jStore
from tests.analytics_fixture import fixture_client
from tests.app_client import app_client
from tests.auth_support import key_for  # noqa: F401 - importing it sets GRAPH_API_KEYS_FILE for the session
from tests.editing_support import load_base

BACKENDS = ["embedded", "neo4j"]


@dataclass(frozen=True)
class Neo4jServer:
    """Where the test Neo4j listens and how to log in."""

    uri: str
    user: str
    password: str
    version: str
    edition: str

    async def graph_api(
        self, *arguments: str, stdout: int = asyncio.subprocess.DEVNULL
    ) -> asyncio.subprocess.Process:
        """``graph-api ARGUMENTS`` in a process of its own, on this Neo4j (its output to
        ``stdout``: none by default, ``asyncio.subprocess.PIPE`` to read it)."""
        return await asyncio.create_subprocess_exec(
            str(Path(sys.executable).parent / "graph-api"),
            *arguments,
            stdout=stdout,
            stderr=asyncio.subprocess.STDOUT,
            env={
                **os.environ,
                "NEO4J_URI": self.uri,
                "NEO4J_USER": self.user,
                "NEO4J_PASSWORD": self.password,
            },
        )


_ANSWERED: list[Neo4jServer] = []


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jServer]:
    """A running Neo4j: the one named by GRAPH_API_TEST_NEO4J_URI, or a local one we start."""
    external = os.environ.get("GRAPH_API_TEST_NEO4J_URI")
    if external:
        server = Neo4jServer(
            uri=external,
            user=os.environ.get("NEO4J_USER", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""),
            version="(external)",
            edition="(external)",
        )
        _ANSWERED.append(server)
        yield server
        return
    from graph_api.neo4j_local import LocalNeo4j

    with LocalNeo4j() as local:
        server = Neo4jServer(
            uri=local.uri,
            user=local.user,
            password=local.password,
            version=local.version,
            edition=local.edition,
        )
        _ANSWERED.append(server)
        yield server


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say which Neo4j answered, so a CI log proves the suite ran against a real one."""
    for server in _ANSWERED:
        terminalreporter.write_line(
            f"Neo4j {server.version} ({server.edition}) answered at {server.uri}"
        )


async def open_store(backend: str, neo4j: Neo4jServer | None) -> GraphStore:
    """A connected, empty store of the given backend."""
    store: GraphStore
    if backend == "embedded":
        store = EmbeddedStore()
    else:
        assert neo4j is not None
        store = Neo4jStore(neo4j.uri, neo4j.user, neo4j.password)
    await store.connect()
    await wipe(store)
    return store


async def wipe(store: GraphStore) -> None:
    """Empty the store, import run notes too (``clear`` keeps those, as a restore must),
    and forget its brokers-and-communities graph: how long an earlier test's graph took
    to read decides whether the next request may read it again inline, and a slow one
    (a loaded machine) would leave this test the earlier test's graph."""
    await store.clear()
    for note in await store.import_run_notes():
        await store.forget_import_run(note.run_id)
    forget_structure(store)


class StoreBox:
    """A seeded store shared by a session; tests that write mark it dirty to reseed it."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.dirty = True

    async def seeded(self) -> GraphStore:
        """The store, holding exactly the seed data."""
        if self.dirty:
            await wipe(self.store)
            await seed_store(self.store, on_progress=lambda _: None)
            self.dirty = False
        return self.store


_BOXES: dict[str, StoreBox] = {}


@pytest.fixture(scope="session")
async def store_boxes(request: pytest.FixtureRequest) -> AsyncIterator[dict[str, StoreBox]]:
    """One store per backend for the whole session, closed at the end."""
    yield _BOXES
    for box in _BOXES.values():
        await box.store.close()
    _BOXES.clear()


async def _box(backend: str, request: pytest.FixtureRequest) -> StoreBox:
    if backend not in _BOXES:
        neo4j = request.getfixturevalue("neo4j_server") if backend == "neo4j" else None
        _BOXES[backend] = StoreBox(await open_store(backend, neo4j))
    return _BOXES[backend]


def mark_written(store: GraphStore) -> None:
    """Say a test wrote to the shared seeded ``store``: the next test reseeds it."""
    boxes = [box for box in _BOXES.values() if box.store is store]
    assert boxes, "mark_written() takes the seeded_store fixture's store"
    for box in boxes:
        box.dirty = True


@pytest.fixture(params=BACKENDS)
async def seeded_store(
    request: pytest.FixtureRequest, store_boxes: dict[str, StoreBox]
) -> GraphStore:
    """The seed graph, on each backend in turn (tests must not write to it)."""
    box = await _box(request.param, request)
    return await box.seeded()


@pytest.fixture
async def seeded_neo4j(
    request: pytest.FixtureRequest, store_boxes: dict[str, StoreBox]
) -> GraphStore:
    """The seed graph on Neo4j alone (tests of Neo4j itself, such as query plans)."""
    box = await _box("neo4j", request)
    return await box.seeded()


@pytest.fixture
async def empty_neo4j(
    request: pytest.FixtureRequest, store_boxes: dict[str, StoreBox]
) -> GraphStore:
    """An empty store on Neo4j alone (what only Neo4j has, such as bookmarks)."""
    box = await _box("neo4j", request)
    await wipe(box.store)
    box.dirty = True
    return box.store


@pytest.fixture(params=BACKENDS)
async def empty_store(
    request: pytest.FixtureRequest, store_boxes: dict[str, StoreBox]
) -> GraphStore:
    """An empty store on each backend in turn; the test may write to it."""
    box = await _box(request.param, request)
    await wipe(box.store)
    box.dirty = True
    return box.store


@pytest.fixture
async def api(seeded_store: GraphStore) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for the app over the seeded store (in-process ASGI transport)."""
    async with app_client(seeded_store) as client:
        yield client


@pytest.fixture
async def fixture_api(empty_store: GraphStore) -> AsyncIterator[httpx.AsyncClient]:
    """The app over the hand-made analytics fixture graph (tests/analytics_fixture.py),
    on each store in turn."""
    async with fixture_client(empty_store) as client:
        yield client


@pytest.fixture
async def app_over(empty_store: GraphStore) -> AsyncIterator[Any]:
    """A factory of HTTP clients for the app over the small base graph, one per caller."""
    await load_base(empty_store)
    app = create_app(Settings(store=empty_store.backend), store=empty_store)
    clients: list[httpx.AsyncClient] = []

    def client(headers: dict[str, str] | None = None) -> httpx.AsyncClient:
        made = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://test", headers=headers
        )
        clients.append(made)
        return made

    yield client
    for made in clients:
        await made.aclose()
