"""A `graph-api import` stopped by a signal (systemd, Docker, `kill`, a closed terminal)
rolls back what it wrote, as after Ctrl-C; one killed outright (SIGKILL) never committed
its transaction, so it left nothing, and the next import of the same store (or the
service, when it starts) forgets its note. Run as real processes
on an embedded store file, and the store opened afterwards. (The undo itself is tested
on both stores in test_import.py; what is tested here is that the stop reaches it.)"""

from __future__ import annotations

import asyncio
import csv
import os
import re
import signal
import sys
from pathlib import Path

import pytest

from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.store.embedded_store import EmbeddedStore
from tests.editing_support import SOURCE

GRAPH_API = Path(sys.executable).parent / "graph-api"
FIRMS = 20_000  # at about 1,500 rows/s, several seconds of writing


def _firms_file(folder: Path) -> Path:
    path = folder / "firms.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name_en", "source"])
        for i in range(FIRMS):
            writer.writerow([f"enterprise:sig-{i:05d}", f"Signal Test Firm {i}", SOURCE])
    return path


def _environment() -> dict[str, str]:
    return dict(os.environ)


async def _stopped_import(
    tmp_path: Path,
    wait_seconds: float,
    stop: signal.Signals = signal.SIGTERM,
    *options: str,
) -> tuple[str, int, str]:
    """Start an import, send ``stop`` ``wait_seconds`` after it names its run; return the
    run id, the exit code and everything it printed."""
    command = [str(GRAPH_API), "import", str(_firms_file(tmp_path)), "--batch-size", "100"]
    command += options
    process = await asyncio.create_subprocess_exec(
        *command,
        "--embedded-path",
        str(tmp_path / "store"),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env=_environment(),
    )
    assert process.stdout is not None
    first = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
    found = re.match(r"Import (\S+) ", first)
    assert found, first
    await asyncio.sleep(wait_seconds)
    process.send_signal(stop)
    rest, _ = await asyncio.wait_for(process.communicate(), 120)
    return found.group(1), await process.wait(), first + rest.decode()


async def _noted_runs(path: Path) -> list[str]:
    store = EmbeddedStore(str(path))
    await store.connect()
    try:
        return [note.run_id for note in await store.import_run_notes()]
    finally:
        await store.close()


async def _store_is_empty(path: Path, run_id: str) -> None:
    store = EmbeddedStore(str(path))
    await store.connect()
    try:
        nodes, links = await store.export_graph()
        assert (nodes, links) == ([], [])
        assert await store.batch_changes(run_id, 1) == []
    finally:
        await store.close()


@pytest.mark.parametrize("wait_seconds", [0.0, 3.0], ids=["at-once", "while-writing"])
async def test_a_stopped_import_leaves_the_graph_as_it_was(
    tmp_path: Path, wait_seconds: float
) -> None:
    run_id, code, printed = await _stopped_import(tmp_path, wait_seconds)
    assert code == 1, printed
    assert "SIGTERM" in printed, printed
    if wait_seconds:
        # Stopped in the middle: rows had been written, and were undone.
        written = re.search(r"rows: (\d+) created", printed)
        assert written, printed
        assert 0 < int(written.group(1)) < FIRMS, printed
        assert "undone" in printed, printed
    await _store_is_empty(tmp_path / "store", run_id)


async def test_an_import_killed_outright_leaves_nothing(tmp_path: Path) -> None:
    # SIGKILL cannot be caught; the run's one transaction never committed, so nothing of
    # it is in the store even before anything undoes it. The next import forgets its
    # note without a word: there was nothing to undo.
    run_id, code, printed = await _stopped_import(tmp_path, 3.0, signal.SIGKILL)
    assert code == -signal.SIGKILL
    assert "commit: auto" in printed
    assert EmbeddedStore.one_transaction_rows >= FIRMS  # so the run is one transaction
    assert await _noted_runs(tmp_path / "store") == [run_id]
    await _store_is_empty(tmp_path / "store", run_id)
    printed = await _import_one(tmp_path)
    assert "Undid" not in printed
    assert await _noted_runs(tmp_path / "store") == []


async def _import_one(tmp_path: Path) -> str:
    """Import one firm into the store; return what the command printed."""
    one = tmp_path / "one.csv"
    one.write_text(f"id,name_en,source\nenterprise:after,After Firm,{SOURCE}\n", encoding="utf-8")
    command = [str(GRAPH_API), "import", str(one), "--embedded-path", str(tmp_path / "store")]
    done = await asyncio.create_subprocess_exec(
        *command,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env=_environment(),
    )
    printed = (await asyncio.wait_for(done.communicate(), 120))[0].decode()
    assert done.returncode == 0, printed
    return printed


async def test_a_batch_by_batch_import_killed_outright_is_undone_by_the_next(
    tmp_path: Path,
) -> None:
    # Committed batches stay behind the killed process, noted in the store's journal.
    run_id, code, _ = await _stopped_import(tmp_path, 3.0, signal.SIGKILL, "--commit", "batches")
    assert code == -signal.SIGKILL
    store = EmbeddedStore(str(tmp_path / "store"))
    await store.connect()
    try:
        assert [note.run_id for note in await store.import_run_notes()] == [run_id]
        assert await store.batch_changes(run_id, 1) != []  # half-visible until undone
    finally:
        await store.close()
    printed = await _import_one(tmp_path)
    assert f"Undid import {run_id}" in printed
    store = EmbeddedStore(str(tmp_path / "store"))
    await store.connect()
    try:
        nodes, _ = await store.export_graph()
        assert [node.id for node in nodes] == ["enterprise:after"]
        assert await store.batch_changes(run_id, 1) == []
        assert await store.import_run_notes() == []
    finally:
        await store.close()


async def test_the_service_undoes_a_killed_import_when_it_starts(tmp_path: Path) -> None:
    run_id, code, _ = await _stopped_import(tmp_path, 3.0, signal.SIGKILL, "--commit", "batches")
    assert code == -signal.SIGKILL
    settings = Settings(store="embedded", embedded_path=str(tmp_path / "store"))
    app = create_app(settings)  # opens the store itself, as `graph-api serve` does
    async with app.router.lifespan_context(app):
        store = app.state.store
        nodes, _ = await store.export_graph()
        assert nodes == []
        assert await store.batch_changes(run_id, 1) == []
        assert await store.import_run_notes() == []
