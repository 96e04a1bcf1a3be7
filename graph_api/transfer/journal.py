"""Which import runs are under way, one small file each, so that a run that commits batch
by batch (``CommitMode.BATCHES``) killed outright (SIGKILL, a power cut, an out-of-memory
kill) is undone by the next ``graph-api import`` of the same store, or by the service as
it starts, instead of staying half-visible. A run in one transaction leaves nothing when
killed, so its note is forgotten without a word.

A run is noted before its first write and forgotten once it has finished or been
undone. A note whose process is gone (same host, no such process) names an interrupted
run. Runs of other hosts are left alone: their process cannot be checked from here.
Stopping an import with Ctrl-C or SIGTERM undoes it at once (``cli.transfer``); this
covers the stops no process can catch.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import socket
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from graph_api.config import Settings, StoreKind
from graph_api.store.base import GraphStore
from graph_api.transfer.report import ProgressCallback
from graph_api.transfer.undo import undo_import

# This process, told apart from an earlier one that had the same pid (a container's
# service is pid 1 after every restart; pids are reused).
_THIS_PROCESS = uuid.uuid4().hex


@dataclass(frozen=True)
class RunNote:
    """An import run under way: which store, which process, since when."""

    run_id: str
    store: str
    host: str
    pid: int
    started: str
    process: str = ""  # notes written before this field have none

    def process_is_gone(self) -> bool:
        """Whether the run's process has ended (only knowable on its own host)."""
        if self.host != socket.gethostname():
            return False
        if self.process == _THIS_PROCESS:
            return False  # a run of this very process, still under way
        if self.pid == os.getpid():
            return True  # an earlier process that had this pid
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:  # alive, and someone else's
            return False
        return False


def store_identity(settings: Settings) -> str:
    """The store an import writes to, as a journal names it."""
    if settings.store is StoreKind.NEO4J:
        return f"neo4j:{settings.neo4j_uri}/{settings.neo4j_database}"
    return f"embedded:{Path(settings.embedded_path).resolve()}"


class ImportJournal:
    """The notes in one folder (``GRAPH_API_IMPORT_JOURNAL_DIR``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def begin(self, run_id: str, store: str) -> None:
        """Note a run before it writes anything."""
        self.folder.mkdir(parents=True, exist_ok=True)
        note = RunNote(
            run_id=run_id,
            store=store,
            host=socket.gethostname(),
            pid=os.getpid(),
            process=_THIS_PROCESS,
            started=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )
        partial = self._path(run_id).with_suffix(".tmp")
        partial.write_text(json.dumps(asdict(note)), encoding="utf-8")
        partial.replace(self._path(run_id))  # whole or absent, even if killed here

    def end(self, run_id: str) -> None:
        """Forget a run that finished or was undone."""
        self._path(run_id).unlink(missing_ok=True)

    @contextlib.contextmanager
    def running(self, run_id: str, store: str, noted: bool = True) -> Iterator[None]:
        """Note the run while the block runs an import, if ``noted`` (a dry run writes
        nothing, so it need not be). The note goes when the import ends, even
        with an error (the importer undoes what it wrote before it raises one), and
        stays when it is cut off (cancelled, Ctrl-C): its undo may not have finished, so
        the next start does it again."""
        if not noted:
            yield
            return
        self.begin(run_id, store)
        try:
            yield
        except Exception:
            self.end(run_id)
            raise
        self.end(run_id)

    def holds(self, run_id: str) -> bool:
        """Whether run ``run_id`` is being written now: noted here, by a process that
        has not ended."""
        try:
            note = RunNote(**json.loads(self._path(run_id).read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return False
        return not note.process_is_gone()

    def interrupted(self, store: str) -> list[RunNote]:
        """The runs on ``store`` whose process ended before they did, oldest first."""
        found = []
        for path in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            try:
                note = RunNote(**json.loads(path.read_text(encoding="utf-8")))
            except (ValueError, TypeError):  # not one of ours: leave it be
                continue
            if note.store == store and note.process_is_gone():
                found.append(note)
        return sorted(found, key=lambda note: note.started)

    def _path(self, run_id: str) -> Path:
        if not is_run_id(run_id):  # a run id names a file in the folder, never a path
            raise ValueError(f"not an import run id: {run_id!r}")
        return self.folder / f"{run_id}.json"


_RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}")


def is_run_id(text: str) -> bool:
    """Whether ``text`` can be an import run's id (it names a journal file, so it must
    hold no path)."""
    return _RUN_ID.fullmatch(text) is not None and ".." not in text


async def undo_interrupted(
    store: GraphStore,
    journal: ImportJournal,
    identity: str,
    on_progress: ProgressCallback | None = None,
) -> list[RunNote]:
    """Undo every run on this store whose process ended before it did; each is forgotten
    once undone (an undo cut short is simply done again next time). Returns the runs
    that had left something to undo (a run in one transaction never has)."""
    undone = []
    for note in journal.interrupted(identity):
        if await undo_import(store, note.run_id, on_progress=on_progress):
            undone.append(note)
        journal.end(note.run_id)
    return undone
