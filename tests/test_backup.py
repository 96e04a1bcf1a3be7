"""Backups on both stores: a backup restored gives back the same graph and the same change
trail (so history and undo still work), a restore never mixes graphs or stops half-way,
and the commands say what to do when they refuse."""

from __future__ import annotations

import asyncio
import gzip
import re
import stat
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from graph_api.app import create_app
from graph_api.auth.roles import Role
from graph_api.backup_endpoint import gzipped
from graph_api.cli import app
from graph_api.config import Settings
from graph_api.domain import LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.seeding import seed_store
from graph_api.store.base import GraphStore
from graph_api.store.changes import ChangeRecord
from graph_api.transfer.backup import back_up, backup_lines, backup_summary, restore
from graph_api.transfer.importer import import_files
from graph_api.transfer.source import FileProblem
from graph_api.transfer.undo import undo_import
from tests.auth_support import key_for
from tests.conftest import Neo4jServer
from tests.editing_support import SOURCE
from tests.live_server import serving

pytestmark = pytest.mark.neo4j

FIRM = "enterprise:backup-firm"


async def _graph_with_history(store: GraphStore, folder: Path) -> str:
    """The seed graph, then an import (which records changes); returns the import's run."""
    await seed_store(store)
    path = folder / "firm.csv"
    path.write_text(
        f"id,name_en,name_zh,source\n{FIRM},Backup Firm,備份公司,{SOURCE}\n", encoding="utf-8"
    )
    return (await import_files(store, [path])).run_id


async def _trail(store: GraphStore) -> list[ChangeRecord]:
    return await store.changes_after("", "", 100_000)


async def _state(store: GraphStore) -> tuple[Any, list[ChangeRecord]]:
    nodes, links = await store.export_graph()
    return ([node.to_row() for node in nodes], links), await _trail(store)


async def test_a_restored_backup_is_the_same_graph_and_history(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    run_id = await _graph_with_history(empty_store, tmp_path)
    before = await _state(empty_store)
    assert before[1], "the import recorded no change"
    file = tmp_path / "graph.backup.gz"
    summary = await back_up(empty_store, file)
    assert (summary.entities, summary.changes) == (len(before[0][0]), len(before[1]))
    assert stat.S_IMODE(file.stat().st_mode) == 0o600  # it holds personal data
    await empty_store.clear()
    assert await restore(empty_store, file) == summary
    assert await _state(empty_store) == before
    history = await empty_store.history(FIRM, 10)
    assert [change.batch for change in history.changes] == [run_id]
    # The change trail is whole: the import can still be undone after the restore.
    assert await undo_import(empty_store, run_id) == 1
    assert await empty_store.get_nodes([FIRM]) == {}


async def test_a_restore_never_mixes_two_graphs(empty_store: GraphStore, tmp_path: Path) -> None:
    await _graph_with_history(empty_store, tmp_path)
    file = tmp_path / "graph.backup.gz"
    await back_up(empty_store, file)
    before = await _state(empty_store)
    with pytest.raises(ValueError, match=r"not empty.*--replace"):
        await restore(empty_store, file)
    assert await _state(empty_store) == before


async def test_a_cut_backup_restores_nothing(empty_store: GraphStore, tmp_path: Path) -> None:
    await _graph_with_history(empty_store, tmp_path)
    whole = tmp_path / "graph.backup.gz"
    await back_up(empty_store, whole)
    lines = gzip.decompress(whole.read_bytes()).splitlines(keepends=True)
    cut = tmp_path / "cut.backup.gz"
    # Among the links, so every entity was written before the cut was found.
    middle = len(lines) // 2
    cut.write_bytes(gzip.compress(b"".join(lines[:middle]) + lines[middle][:20]))
    await empty_store.clear()
    with pytest.raises(FileProblem, match="cannot be read as a whole backup"):
        await restore(empty_store, cut)
    assert await empty_store.export_graph() == ([], [])
    other = tmp_path / "not-a-backup.gz"
    other.write_bytes(gzip.compress(b'{"nodes": []}\n'))
    with pytest.raises(FileProblem, match="not a graph-api backup"):
        await restore(empty_store, other)


def test_the_commands_back_up_and_restore_across_stores(
    empty_store: GraphStore, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Backed up from an embedded store file, restored into each store: the way to move
    from the embedded store to Neo4j."""
    runner = CliRunner()
    source = str(tmp_path / "source")
    assert runner.invoke(app, ["seed", "--embedded-path", source]).exit_code == 0
    file = tmp_path / "b" / "graph.backup.gz"
    made = runner.invoke(app, ["backup", "--embedded-path", source, "-o", str(file)])
    assert made.exit_code == 0, made.output
    counts = re.search(r"Backed up ([\d,]+ entities, [\d,]+ links)", made.output)
    assert counts, made.output
    again = runner.invoke(app, ["backup", "--embedded-path", source, "-o", str(file)])
    assert again.exit_code == 1
    assert "--overwrite" in again.output
    if empty_store.backend == "embedded":
        target, env = ["--embedded-path", str(tmp_path / "target")], {}
    else:
        server: Neo4jServer = request.getfixturevalue("neo4j_server")
        target = ["--store", "neo4j"]
        env = {
            "NEO4J_URI": server.uri,
            "NEO4J_USER": server.user,
            "NEO4J_PASSWORD": server.password,
        }
    done = runner.invoke(app, ["restore", str(file), *target], env=env)
    assert done.exit_code == 0, done.output
    assert f"Restored {counts.group(1)}" in done.output
    refused = runner.invoke(app, ["restore", str(file), *target], env=env)
    assert refused.exit_code == 1
    assert "--replace" in refused.output
    assert "Traceback" not in refused.output
    replaced = runner.invoke(app, ["restore", str(file), *target, "--replace"], env=env)
    assert replaced.exit_code == 0, replaced.output
    assert f"Restored {counts.group(1)}" in replaced.output


async def test_a_backup_taken_while_the_graph_changes_names_only_entities_it_holds(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    # An entity made after its page was read, and a link to it, once gave a file whose
    # link named an entity it did not hold; the restore dropped the link without a word.
    await seed_store(empty_store)
    late = NodeRecord(
        id="enterprise:zz-late", kind=NodeKind.ENTERPRISE, name_en="Late", source=SOURCE
    )
    lines: list[str] = []
    async for line in backup_lines(empty_store):
        lines.append(line)
        if len(lines) == 2:  # the header and the first entity: the first page is read
            await empty_store.upsert([late], [LinkRecord(RelType.OFFERS, late.id, "technology:ai")])
    assert not any("enterprise:zz-late" in line for line in lines)
    file = tmp_path / "moving.backup.gz"
    file.write_bytes(gzip.compress("".join(lines).encode()))
    summary = backup_summary(file)
    await empty_store.clear()
    assert await restore(empty_store, file) == summary
    _, links = await empty_store.export_graph()
    assert len(links) == summary.links  # every link of the file restored


async def test_a_backup_naming_an_entity_it_lacks_restores_nothing(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    await seed_store(empty_store)
    file = tmp_path / "graph.backup.gz"
    await back_up(empty_store, file)
    lines = gzip.decompress(file.read_bytes()).decode().splitlines(keepends=True)
    held = [line for line in lines if not line.startswith('{"node":{"id":"technology:ai"')]
    file.write_bytes(gzip.compress("".join(held).encode()))
    await empty_store.clear()
    with pytest.raises(FileProblem, match="holds no such entity"):
        await restore(empty_store, file)
    assert await empty_store.export_graph() == ([], [])


async def test_a_running_service_streams_its_backup_to_an_admin_only(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    # The embedded store is held by the service: this is how it is backed up meanwhile.
    await _graph_with_history(empty_store, tmp_path)
    before = await _state(empty_store)
    served = create_app(Settings(store=empty_store.backend), store=empty_store)
    admin = key_for("cli-backup-admin", Role.ADMIN)
    editor = key_for("cli-backup-editor", Role.EDITOR)
    file = tmp_path / "served.backup.gz"

    async def backup(key: str) -> Any:
        command = ["backup", "-o", str(file), "--server", f"http://{at}", "--key", key]
        return await asyncio.to_thread(CliRunner().invoke, app, command)

    async with serving(served) as at:
        refused = await backup(editor)
        done = await backup(admin)
    assert refused.exit_code == 1
    assert "FORBIDDEN" in refused.output
    assert "admin role" in refused.output
    assert "[red]" not in refused.output  # markup is applied, not printed
    assert done.exit_code == 0, done.output
    assert f"{len(before[0][0])} entities" in done.output
    assert stat.S_IMODE(file.stat().st_mode) == 0o600  # it holds personal data
    assert not file.with_name(file.name + ".partial").exists()
    await empty_store.clear()
    await restore(empty_store, file)
    assert await _state(empty_store) == before


async def test_a_streamed_backup_is_one_gzip_stream_of_its_lines() -> None:
    lines = [f'{{"node":{{"id":"n{number}"}}}}\n' for number in range(20_000)]

    async def source() -> AsyncIterator[str]:
        for line in lines:
            yield line

    pieces = [piece async for piece in gzipped(source())]
    assert len(pieces) > 2  # compressed as it streams, not gathered whole first
    assert gzip.decompress(b"".join(pieces)).decode() == "".join(lines)


async def test_a_backup_request_with_two_credentials_is_refused(empty_store: GraphStore) -> None:
    served = create_app(Settings(store=empty_store.backend), store=empty_store)
    admin = f"Bearer {key_for('cli-backup-admin', Role.ADMIN)}"
    transport = httpx.ASGITransport(app=served)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        two = [("Authorization", "Bearer gk_00000000_wrong"), ("Authorization", admin)]
        response = await http.get("/backup", headers=two)
    assert response.status_code == 401
    assert "more than one credential" in response.json()["errors"][0]["message"]
