"""Restoring through the running service (``POST /restore``, ``graph-api restore
--server``) on both stores: only an administrator may, a store is replaced only when
asked, a file that is not a whole backup changes nothing, and a restore that fails
part-way leaves the graph that was there."""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner
from websockets.exceptions import ConnectionClosed

from graph_api.app import create_app
from graph_api.auth.roles import Role
from graph_api.cli import app
from graph_api.config import Settings
from graph_api.domain import NodeKind, NodeRecord
from graph_api.seeding import seed_store
from graph_api.store.base import GraphStore
from graph_api.transfer.backup import back_up
from graph_api.transfer.replacing import replace_with_backup
from graph_api.transfer.source import FileProblem
from tests.auth_support import key_for
from tests.editing_support import SOURCE
from tests.live_server import graphql_socket, receive, serving

QUERY = {"query": "{ storeStatus { backend } }"}

pytestmark = pytest.mark.neo4j

ADMIN = key_for("restore-admin", Role.ADMIN)
EDITOR = key_for("restore-editor", Role.EDITOR)
LATE = NodeRecord(
    id="enterprise:after-the-backup",
    kind=NodeKind.ENTERPRISE,
    name_en="After The Backup",
    source=SOURCE,
)

# A restore replaces the whole graph: on a loaded CI machine it has taken past httpx's
# default of 5 s. The tests check what is answered, not how fast.
CLIENT_SECONDS = 60.0


async def _state(store: GraphStore) -> Any:
    nodes, links = await store.export_graph()
    trail = await store.changes_after("", "", 100_000)
    return [node.to_row() for node in nodes], links, trail


async def _seeded_with_backup(store: GraphStore, folder: Path) -> tuple[Path, Any]:
    """The seed graph backed up to a file; then an entity added after the backup."""
    await seed_store(store)
    file = folder / "graph.backup.gz"
    await back_up(store, file)
    before = await _state(store)
    await store.upsert([LATE], [])
    return file, before


def _restore(at: str, file: Path, key: str, *options: str) -> Any:
    command = ["restore", str(file), "--server", f"http://{at}", "--key", key, *options]
    return CliRunner().invoke(app, command)


async def _replace_over_http(at: str, file: Path) -> httpx.Response:
    """``POST /restore?replace=true`` with ``file``, as an administrator."""
    content = await asyncio.to_thread(file.read_bytes)
    async with httpx.AsyncClient(base_url=f"http://{at}", timeout=CLIENT_SECONDS) as http:
        return await http.post(
            "/restore",
            params={"replace": "true"},
            content=content,
            headers={"Authorization": f"Bearer {ADMIN}"},
        )


async def test_an_admin_restores_a_backup_into_the_running_service(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    file, before = await _seeded_with_backup(empty_store, tmp_path)
    served = create_app(Settings(store=empty_store.backend), store=empty_store)
    async with serving(served) as at:
        by_editor = await asyncio.to_thread(_restore, at, file, EDITOR, "--replace")
        not_replacing = await asyncio.to_thread(_restore, at, file, ADMIN)
        assert (await empty_store.get_nodes([LATE.id])) != {}, "a refusal changed the store"
        replaced = await asyncio.to_thread(_restore, at, file, ADMIN, "--replace")
    assert by_editor.exit_code == 1
    assert "FORBIDDEN" in by_editor.output
    assert "admin role" in by_editor.output
    assert not_replacing.exit_code == 1
    assert "CONFLICT" in not_replacing.output
    assert "--replace" in not_replacing.output
    assert replaced.exit_code == 0, replaced.output
    assert f"Restored {len(before[0])} entities" in replaced.output
    assert await _state(empty_store) == before  # the later entity is gone: replaced


async def test_a_restore_into_an_empty_service_needs_no_replace(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    file, before = await _seeded_with_backup(empty_store, tmp_path)
    await empty_store.clear()
    served = create_app(Settings(store=empty_store.backend), store=empty_store)
    async with serving(served) as at:
        done = await asyncio.to_thread(_restore, at, file, ADMIN)
    assert done.exit_code == 0, done.output
    assert await _state(empty_store) == before


async def test_a_file_that_is_not_a_whole_backup_changes_nothing(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    file, _ = await _seeded_with_backup(empty_store, tmp_path)
    held = await _state(empty_store)
    cut = tmp_path / "cut.backup.gz"
    cut.write_bytes(file.read_bytes()[: file.stat().st_size // 2])
    served = create_app(Settings(store=empty_store.backend), store=empty_store)
    async with serving(served) as at:
        refused_here = await asyncio.to_thread(_restore, at, cut, ADMIN, "--replace")
        sent = await _replace_over_http(at, cut)  # past the CLI's check
    assert refused_here.exit_code == 1
    assert "cannot be read as a whole backup" in refused_here.output
    assert sent.status_code == 400
    error = sent.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith("The uploaded file cannot be read as a whole backup")
    assert "graph-api-restore-" not in error["message"]  # no path of the server's
    assert await _state(empty_store) == held


def _inconsistent(file: Path, folder: Path) -> Path:
    """``file`` without the entity technology:ai that its links name: a backup found out
    only while it is being written, after the store was emptied for it."""
    lines = gzip.decompress(file.read_bytes()).decode().splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith('{"node":{"id":"technology:ai"')]
    broken = folder / "broken.backup.gz"
    broken.write_bytes(gzip.compress("".join(kept).encode()))
    return broken


async def test_a_replace_that_fails_part_way_puts_back_the_graph_it_replaced(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    file, _ = await _seeded_with_backup(empty_store, tmp_path)
    held = await _state(empty_store)
    broken = _inconsistent(file, tmp_path)
    with pytest.raises(FileProblem, match="holds no such entity"):
        await replace_with_backup(empty_store, broken)
    assert await _state(empty_store) == held
    # Through the service: the file's fault, said as such (400), not "not empty" (409).
    served = create_app(Settings(store=empty_store.backend), store=empty_store)
    async with serving(served) as at:
        sent = await _replace_over_http(at, broken)
    assert sent.status_code == 400
    error = sent.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "holds no such entity" in error["message"]
    assert await _state(empty_store) == held


async def test_a_backup_larger_than_the_service_takes_is_refused_with_what_to_do(
    empty_store: GraphStore,
) -> None:
    settings = Settings(store=empty_store.backend, max_body_bytes=1_000, max_upload_bytes=10_000)
    served = create_app(settings, store=empty_store)
    async with (
        serving(served) as at,
        httpx.AsyncClient(base_url=f"http://{at}", timeout=CLIENT_SECONDS) as http,
    ):
        sent = await http.post(
            "/restore", content=b"x" * 20_000, headers={"Authorization": f"Bearer {ADMIN}"}
        )
    assert sent.status_code == 413
    error = sent.json()["errors"][0]
    assert error["extensions"]["code"] == "REQUEST_TOO_LARGE"
    assert "GRAPH_API_MAX_UPLOAD_BYTES" in error["message"]
    # Sent in chunks, with no length to refuse it by: cut off as it streams, same answer.
    transport = httpx.ASGITransport(app=served)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:

        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(20):
                yield b"x" * 1_000

        chunked = await http.post(
            "/restore", content=chunks(), headers={"Authorization": f"Bearer {ADMIN}"}
        )
    assert chunked.status_code == 413
    assert chunked.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"


async def test_readyz_says_not_ready_while_a_restore_runs(empty_store: GraphStore) -> None:
    served = create_app(Settings(store=empty_store.backend), store=empty_store)
    transport = httpx.ASGITransport(app=served)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        async with served.state.maintenance.exclusive():
            during = await http.get("/readyz")
            asked = await http.post("/graphql", json=QUERY)
        after = await http.get("/readyz")
    assert (during.status_code, during.json()["status"]) == (503, "restoring")
    assert asked.status_code == 503
    assert asked.json()["errors"][0]["extensions"]["code"] == "STORE_UNAVAILABLE"
    assert after.status_code == 200


async def test_open_and_new_websockets_are_closed_while_a_restore_runs(
    empty_store: GraphStore,
) -> None:
    # An open socket could otherwise go on asking over half a graph.
    served = create_app(Settings(store=empty_store.backend), store=empty_store)
    async with serving(served) as at, graphql_socket(f"ws://{at}/graphql") as ws:
        async with served.state.maintenance.exclusive():
            with pytest.raises(ConnectionClosed) as cut:
                await receive(ws)
            with pytest.raises(ConnectionClosed) as refused:
                async with graphql_socket(f"ws://{at}/graphql"):
                    pass
        async with graphql_socket(f"ws://{at}/graphql") as again:
            await again.send(json.dumps({"id": "1", "type": "subscribe", "payload": QUERY}))
            answer = await receive(again)
    assert cut.value.rcvd is not None
    assert cut.value.rcvd.code == 1013
    assert refused.value.rcvd is not None
    assert refused.value.rcvd.code == 1013
    assert answer["type"] == "next"
    assert "errors" not in answer["payload"]
