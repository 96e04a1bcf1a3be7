"""Changes made by another process reach this one's subscribers through the database:
on one Neo4j, a write through a second store (as another API process or the import
command would make it) is relayed once, with its entity; this process's own writes are
never relayed twice; and a real `graph-api import` run in another process reaches a
GraphQL subscription over WebSocket. The embedded store is one process's file: no other
process can write it while the service runs, so there is nothing to relay."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from graph_api.app import create_app
from graph_api.auth.roles import Role
from graph_api.change_relay import relay_round, start_change_relay
from graph_api.config import Settings
from graph_api.events import ChangeEvent
from graph_api.store.base import GraphStore
from graph_api.store.changes import utc_now
from graph_api.store.embedded_store import EmbeddedStore
from graph_api.store.neo4j_store import Neo4jStore
from graph_api.transfer.importer import import_files
from tests.auth_support import bearer
from tests.conftest import Neo4jServer
from tests.editing_support import ACTOR_NAME, SOURCE, load_base
from tests.live_server import receive, serving
from tests.test_subscriptions import Served, _change, _connected, _subscribe

pytestmark = pytest.mark.neo4j


def _firms(path: Path, *names: str) -> Path:
    rows = "".join(f"enterprise:{n.lower()},{n} Limited,{SOURCE}\n" for n in names)
    path.write_text("id,name_en,source\n" + rows, encoding="utf-8")
    return path


@pytest.fixture
async def other_process(
    empty_store: GraphStore, neo4j_server: Neo4jServer
) -> AsyncIterator[GraphStore | None]:
    """A second connection to the test Neo4j with its own change feed, as another process
    has; None on the embedded store."""
    if empty_store.backend != "neo4j":
        yield None
        return
    other = Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password)
    await other.connect()
    try:
        yield other
    finally:
        await other.close()


async def _collect(changes: AsyncIterator[ChangeEvent], into: list[ChangeEvent]) -> None:
    async for event in changes:
        into.append(event)


async def _settled(heard: list[ChangeEvent]) -> list[ChangeEvent]:
    """What was heard once deliveries have had a moment; the list is emptied."""
    await asyncio.sleep(0.3)
    found = list(heard)
    heard.clear()
    return found


async def test_another_process_writes_reach_subscribers_once(
    empty_store: GraphStore, other_process: GraphStore | None, tmp_path: Path
) -> None:
    if other_process is None:
        assert start_change_relay(empty_store) is None  # nothing else can write the file
        return
    await load_base(empty_store)
    heard: list[ChangeEvent] = []
    async with empty_store.change_feed.subscribe() as changes:
        listener = asyncio.create_task(_collect(changes, heard))
        since = utc_now()
        await import_files(other_process, [_firms(tmp_path / "a.csv", "Osprey")])
        assert await _settled(heard) == []  # another process's write: not heard directly
        since = await relay_round(empty_store, since)
        [event] = await _settled(heard)
        assert (event.change.action.value, event.change.entity_id) == (
            "ENTITY_CREATED",
            "enterprise:osprey",
        )
        assert event.change.channel == "import"
        assert event.node is not None
        assert event.node.name_en == "Osprey Limited"
        # Read again: nothing new, nothing twice.
        await relay_round(empty_store, since)
        assert await _settled(heard) == []
        # This process's own write is published once, by the write itself.
        await import_files(empty_store, [_firms(tmp_path / "b.csv", "Kite")])
        await relay_round(empty_store, since)
        assert [e.change.entity_id for e in await _settled(heard)] == ["enterprise:kite"]
        listener.cancel()


async def test_the_import_command_reaches_a_websocket_subscriber(
    empty_store: GraphStore,
    other_process: GraphStore | None,
    neo4j_server: Neo4jServer,
    tmp_path: Path,
) -> None:
    if other_process is None:
        await _the_serving_process_keeps_the_embedded_file(tmp_path)
        return
    await load_base(empty_store)
    settings = Settings(store=empty_store.backend)
    async with serving(create_app(settings, store=empty_store)) as base:
        headers = bearer(ACTOR_NAME, Role.EDITOR)
        async with httpx.AsyncClient(base_url=f"http://{base}", headers=headers) as http:
            served = Served(f"ws://{base}/graphql", empty_store, http)
            async with _connected(served) as ws:
                await _subscribe(ws, empty_store, "firms", kinds=["ENTERPRISE"])
                graph_api = Path(sys.executable).parent / "graph-api"
                command = [str(graph_api), "import", "--store", "neo4j"]
                env = {
                    **os.environ,
                    "NEO4J_URI": neo4j_server.uri,
                    "NEO4J_USER": neo4j_server.user,
                    "NEO4J_PASSWORD": neo4j_server.password,
                }
                process = await asyncio.create_subprocess_exec(
                    *command,
                    str(_firms(tmp_path / "c.csv", "Harrier")),
                    env=env,
                    stdout=asyncio.subprocess.DEVNULL,
                    stderr=asyncio.subprocess.PIPE,
                )
                _, errors = await process.communicate()
                assert process.returncode == 0, errors.decode()[-2000:]
                change = _change(await receive(ws), "firms")
                assert change["change"]["entityId"] == "enterprise:harrier"
                assert change["change"]["channel"] == "import"
                assert change["entity"] == {
                    "id": "enterprise:harrier",
                    "nameEn": "Harrier Limited",
                }


async def _the_serving_process_keeps_the_embedded_file(tmp_path: Path) -> None:
    """The embedded store is one process's file: while the service holds it, the import
    command in another process is refused with the reason and what to do, and writes
    nothing (so there is nothing a subscriber could miss)."""
    path = tmp_path / "graph"
    store = EmbeddedStore(str(path))
    await store.connect()
    try:
        await load_base(store)
        async with serving(create_app(Settings(store="embedded"), store=store)):
            graph_api = Path(sys.executable).parent / "graph-api"
            process = await asyncio.create_subprocess_exec(
                str(graph_api),
                "import",
                "--embedded-path",
                str(path),
                str(_firms(tmp_path / "d.csv", "Merlin")),
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
            )
            said = (await process.communicate())[0].decode()
            assert process.returncode == 1, said
            assert "Is another graph-api process using it?" in said
            assert "Traceback" not in said
            assert await store.get_nodes(["enterprise:merlin"]) == {}
    finally:
        await store.close()
