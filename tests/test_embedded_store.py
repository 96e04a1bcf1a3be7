"""The embedded store reopens after a process was killed in the middle of a write: the
torn end of its write-ahead log is dropped (that transaction never finished), every
transaction before it is kept, and the log as found is kept beside the store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from graph_api.store.embedded_store import EmbeddedStore
from tests.editing_support import SOURCE

# Written in a child process that exits without closing the store, so the writes stay in
# the write-ahead log (the checkpoint that would fold them into the file never runs).
_WRITER = """
import asyncio, os, sys
from graph_api.store import embedded_store
from graph_api.store.embedded_store import EmbeddedStore
from graph_api.domain import NodeKind, NodeRecord

embedded_store.CHECKPOINT_EVERY_WRITES = 10**9

async def main() -> None:
    store = EmbeddedStore(sys.argv[1])
    await store.connect()
    for i in range(5):
        await store.upsert([NodeRecord(
            id=f"enterprise:wal-{i}", kind=NodeKind.ENTERPRISE,
            name_en=f"WAL Firm {i}", source=sys.argv[2])], [])
    os._exit(0)

asyncio.run(main())
"""


def _write_and_die(path: Path) -> None:
    subprocess.run([sys.executable, "-c", _WRITER, str(path), SOURCE], check=True)


def _torn_copies(folder: Path) -> list[Path]:
    return list(folder.glob("store.wal.torn-*"))


async def _ids(path: Path) -> list[str]:
    store = EmbeddedStore(str(path))
    await store.connect()
    try:
        nodes, _ = await store.export_graph()
        return sorted(node.id for node in nodes)
    finally:
        await store.close()


async def test_a_torn_log_loses_only_the_unfinished_transaction(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _write_and_die(store)
    log_file = tmp_path / "store.wal"
    size = log_file.stat().st_size
    assert size > 0
    with log_file.open("r+b") as handle:
        handle.truncate(size - 10)  # the last record half-written, as after SIGKILL
    found = await _ids(store)
    assert found == [f"enterprise:wal-{i}" for i in range(4)]
    kept = _torn_copies(tmp_path)
    assert len(kept) == 1
    assert kept[0].stat().st_size == size - 10
    # Opened again, the store is whole: nothing more is dropped or kept.
    assert await _ids(store) == found
    assert len(_torn_copies(tmp_path)) == 1


async def test_an_intact_log_is_replayed_whole(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _write_and_die(store)
    assert await _ids(store) == [f"enterprise:wal-{i}" for i in range(5)]
    assert _torn_copies(tmp_path) == []
