"""Native Neo4j backups (graph_api.neo4j_local._admin, `graph-api neo4j dump` and
`load`): Neo4j's own dump tool, from the jars the tests already run, against a real
local server's data folder. A dump loaded into a new folder is the same graph and the
same change trail; a dump never overwrites, a running server's folder is refused with
the reason, and a folder that already holds a database is replaced only when asked."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graph_api.cli import app
from graph_api.neo4j_local import LocalNeo4j
from graph_api.seeding import seed_store
from graph_api.store.neo4j_store import Neo4jStore
from graph_api.transfer.importer import import_files

pytestmark = pytest.mark.neo4j
runner = CliRunner()
PASSWORD = "dump-test-pass"


async def _state(db: LocalNeo4j, seed: Path | None) -> tuple[Any, ...]:
    store = Neo4jStore(db.uri, db.user, PASSWORD)
    await store.connect()
    try:
        if seed is not None:  # the seed graph, then an import, which records its changes
            await seed_store(store, on_progress=lambda _: None)
            firm = seed / "firm.csv"
            firm.write_text(
                "id,name_en,name_zh,source\nenterprise:dump-firm,Dump Firm,備份公司,"
                "https://example.org/sample\n",
                encoding="utf-8",
            )
            await import_files(store, [firm])
        nodes, links = await store.export_graph()
        trail = await store.changes_after("", "", 100_000)
        rows = sorted((node.to_row() for node in nodes), key=lambda row: str(row["id"]))
        return rows, sorted(map(repr, links)), trail
    finally:
        await store.close()


def _state_of(home: Path, seed: Path | None = None) -> tuple[Any, ...]:
    with LocalNeo4j(home, password=PASSWORD, quiet=True) as db:
        return asyncio.run(_state(db, seed))


class _Run:
    def __init__(self, *args: str) -> None:
        result = runner.invoke(app, ["neo4j", *args])
        self.exit_code = result.exit_code
        self.output = " ".join(result.output.split())  # as one line, however it wrapped


def _cli(*args: str) -> _Run:
    return _Run(*args)


def test_a_dump_loaded_elsewhere_is_the_same_graph_and_trail(tmp_path: Path) -> None:
    home, dumps, elsewhere = tmp_path / "home", tmp_path / "dumps", tmp_path / "elsewhere"
    before = _state_of(home, seed=tmp_path)
    assert before[0]
    assert before[2]  # the import's change records

    dumped = _cli("dump", "--to", str(dumps), "--data-dir", str(home))
    assert dumped.exit_code == 0, dumped.output
    assert (dumps / "neo4j.dump").stat().st_size > 0
    again = _cli("dump", "--to", str(dumps), "--data-dir", str(home))
    assert again.exit_code == 1
    assert "exists already" in again.output

    loaded = _cli("load", "--from", str(dumps), "--data-dir", str(elsewhere))
    assert loaded.exit_code == 0, loaded.output
    assert _state_of(elsewhere) == before

    refused = _cli("load", "--from", str(dumps), "--data-dir", str(elsewhere))
    assert refused.exit_code == 1  # it holds a database now: replaced only when asked
    replaced = _cli("load", "--from", str(dumps), "--data-dir", str(elsewhere), "--overwrite")
    assert replaced.exit_code == 0, replaced.output
    assert _state_of(elsewhere) == before


def test_a_running_server_is_not_dumped(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with LocalNeo4j(home, password=PASSWORD, quiet=True):
        result = _cli("dump", "--to", str(tmp_path / "dumps"), "--data-dir", str(home))
    assert result.exit_code == 1
    assert "Stop the Neo4j that uses this folder first" in result.output
    assert not (tmp_path / "dumps" / "neo4j.dump").exists()


def test_a_folder_without_a_database_is_explained(tmp_path: Path) -> None:
    result = _cli("dump", "--to", str(tmp_path / "dumps"), "--data-dir", str(tmp_path))
    assert result.exit_code == 1
    assert "holds no Neo4j database" in result.output
    missing = _cli("load", "--from", str(tmp_path), "--data-dir", str(tmp_path / "home"))
    assert missing.exit_code == 1
    assert "holds no neo4j.dump" in missing.output
