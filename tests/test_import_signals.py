"""A `graph-api import` stopped by a signal (systemd, Docker, `kill`, a closed terminal)
rolls back what it wrote, as after Ctrl-C; one killed outright (SIGKILL) never committed
its transaction, so it left nothing, and the next import of the same store (or the
service, when it starts) forgets its note. Run as real processes
on an embedded store file, and the store opened afterwards. (The undo itself is tested
on both stores in test_import.py; what is tested here is that the stop reaches it.)"""

from __future__ import annotations

import asyncio
import codecs
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
    # Rich draws the progress bars, the evidence that writing has begun, only on what
    # it takes for an interactive terminal (TTY_*: rich 14; FORCE_COLOR and TERM: 13).
    terminal = {"TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1", "FORCE_COLOR": "1"}
    return dict(os.environ) | terminal | {"TERM": "xterm-256color"}


_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_WRITING = re.compile(r"writing entities\D*(\d+)/\d+")
# The bar says a batch is written once the next one is sent: two batches of 100 mean
# at least one was (committed, if the run commits batch by batch).
_UNDER_WAY = 200


async def _stopped_import(
    tmp_path: Path,
    while_writing: bool,
    stop: signal.Signals = signal.SIGTERM,
    *options: str,
) -> tuple[str, int, str]:
    """Start an import, send ``stop`` once it names its run or (``while_writing``) once
    its progress bar shows rows written; return the run id, the exit code and everything
    it printed (without terminal escapes)."""
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
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    printed = ""

    def ready() -> re.Match[str] | None:
        found = re.search(r"Import (\S+) ", printed)
        if found and while_writing:
            written = [int(seen.group(1)) for seen in _WRITING.finditer(printed)]
            return found if max(written, default=0) >= _UNDER_WAY else None
        return found

    try:
        try:
            async with asyncio.timeout(60):  # generous: a loaded machine checks rows slowly
                while (found := ready()) is None:
                    chunk = await process.stdout.read(65_536)
                    assert chunk, printed
                    printed += _ESCAPES.sub("", decoder.decode(chunk))
        except TimeoutError:
            raise AssertionError(f"not under way within 60 s: {printed}") from None
        process.send_signal(stop)
        rest, _ = await asyncio.wait_for(process.communicate(), 120)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    printed += _ESCAPES.sub("", decoder.decode(rest, final=True))
    return found.group(1), await process.wait(), printed


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


@pytest.mark.parametrize("while_writing", [False, True], ids=["at-once", "while-writing"])
async def test_a_stopped_import_leaves_the_graph_as_it_was(
    tmp_path: Path, while_writing: bool
) -> None:
    run_id, code, printed = await _stopped_import(tmp_path, while_writing)
    assert code == 1, printed
    assert "SIGTERM" in printed, printed
    if while_writing:
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
    run_id, code, printed = await _stopped_import(tmp_path, True, signal.SIGKILL)
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
    run_id, code, _ = await _stopped_import(tmp_path, True, signal.SIGKILL, "--commit", "batches")
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
    run_id, code, _ = await _stopped_import(tmp_path, True, signal.SIGKILL, "--commit", "batches")
    assert code == -signal.SIGKILL
    settings = Settings(store="embedded", embedded_path=str(tmp_path / "store"))
    app = create_app(settings)  # opens the store itself, as `graph-api serve` does
    async with app.router.lifespan_context(app):
        store = app.state.store
        nodes, _ = await store.export_graph()
        assert nodes == []
        assert await store.batch_changes(run_id, 1) == []
        assert await store.import_run_notes() == []
