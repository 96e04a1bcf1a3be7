"""A `graph-api import` stopped by a signal (systemd, Docker, `kill`, a closed terminal)
undoes what it wrote, as after Ctrl-C: run as a real process on an embedded store file,
stopped with SIGTERM, and the store opened afterwards. (The undo itself is tested on both
stores in test_import.py; what is tested here is that a stop signal reaches it.)"""

from __future__ import annotations

import asyncio
import csv
import re
import signal
import sys
from pathlib import Path

import pytest

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


async def _stopped_import(tmp_path: Path, wait_seconds: float) -> tuple[str, int, str]:
    """Start an import, send SIGTERM ``wait_seconds`` after it names its run; return the
    run id, the exit code and everything it printed."""
    command = [str(GRAPH_API), "import", str(_firms_file(tmp_path)), "--batch-size", "100"]
    process = await asyncio.create_subprocess_exec(
        *command,
        "--embedded-path",
        str(tmp_path / "store"),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert process.stdout is not None
    first = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
    found = re.match(r"Import (\S+) ", first)
    assert found, first
    await asyncio.sleep(wait_seconds)
    process.send_signal(signal.SIGTERM)
    rest, _ = await asyncio.wait_for(process.communicate(), 120)
    return found.group(1), await process.wait(), first + rest.decode()


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
