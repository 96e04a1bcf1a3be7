"""Which import runs are under way, noted in the store they write to, so that a run that
commits batch by batch (``CommitMode.BATCHES``) killed outright (SIGKILL, a power cut,
an out-of-memory kill, a machine that never comes back) is undone by whichever process
starts or imports next, on whatever machine, instead of staying half-visible. A run in
one transaction leaves nothing when killed, so its note is forgotten without a word.

A run is noted before its first write, says every ``HEARTBEAT_SECONDS`` that it is
still alive, and is forgotten once it has finished or been undone. A note names an
interrupted run when its process has ended (on its own machine, where that can be
checked) or, from any machine, when it has not said it was alive for ``LEASE_SECONDS``
(the machines' clocks may differ by less than that). Stopping an import with Ctrl-C or
SIGTERM undoes it at once (``cli.transfer``); this covers the stops no process can catch.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import re
import socket
import uuid
from collections.abc import AsyncIterator, Callable

from graph_api.store.base import GraphStore
from graph_api.store.causality import outside_requests
from graph_api.store.run_notes import RunNote
from graph_api.transfer.report import ProgressCallback
from graph_api.transfer.undo import undo_import

HEARTBEAT_SECONDS = 30.0
LEASE_SECONDS = 600.0

# This process, told apart from an earlier one that had the same pid (a container's
# service is pid 1 after every restart; pids are reused).
_THIS_PROCESS = uuid.uuid4().hex

log = logging.getLogger(__name__)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ImportJournal:
    """The notes of one store's runs (``GraphStore.import_run_notes`` and friends)."""

    def __init__(
        self,
        store: GraphStore,
        clock: Callable[[], dt.datetime] = _now,
        heartbeat_seconds: float = HEARTBEAT_SECONDS,
    ) -> None:
        self.store, self.clock, self.heartbeat_seconds = store, clock, heartbeat_seconds

    async def begin(self, run_id: str) -> None:
        """Note a run before it writes anything."""
        now = self._stamp()
        await self.store.note_import_run(
            RunNote(
                run_id=run_id,
                host=socket.gethostname(),
                pid=os.getpid(),
                process=_THIS_PROCESS,
                started=now,
                heartbeat=now,
            )
        )

    async def end(self, run_id: str) -> None:
        """Forget a run that finished or was undone."""
        await self.store.forget_import_run(run_id)

    @contextlib.asynccontextmanager
    async def running(self, run_id: str, noted: bool = True) -> AsyncIterator[None]:
        """Note the run while the block runs an import, if ``noted`` (a dry run writes
        nothing, so it need not be), saying every half minute that it is alive. The note
        goes when the import ends, even with an error (the importer undoes what it wrote
        before it raises one), and stays when it is cut off (cancelled, Ctrl-C): its undo
        may not have finished, so the next start does it again."""
        if not noted:
            yield
            return
        await self.begin(run_id)
        # Not the request's task: its bookmarks and transaction are not the beat's.
        beat = asyncio.create_task(self._beat(run_id), context=outside_requests())
        try:
            yield
        except Exception:
            await self._stop(beat)
            await self.end(run_id)
            raise
        except BaseException:
            await self._stop(beat)
            raise
        await self._stop(beat)
        await self.end(run_id)

    async def holds(self, run_id: str) -> bool:
        """Whether run ``run_id`` is being written now: noted, by a process still alive."""
        notes = await self.store.import_run_notes()
        return any(note.run_id == run_id and not self._gone(note) for note in notes)

    async def interrupted(self) -> list[RunNote]:
        """The runs whose process ended before they did, oldest first."""
        return [note for note in await self.store.import_run_notes() if self._gone(note)]

    def _gone(self, note: RunNote) -> bool:
        if note.process == _THIS_PROCESS:
            return False  # a run of this very process, still under way
        if note.host == socket.gethostname():
            if note.pid == os.getpid():
                return True  # an earlier process that had this pid
            try:
                os.kill(note.pid, 0)
            except ProcessLookupError:
                return True
            except PermissionError:  # alive, and someone else's
                return False
            return False
        # Another machine's run: its process cannot be asked, only its silence heard.
        try:
            last = dt.datetime.fromisoformat(note.heartbeat)
        except ValueError:
            return False
        return (self.clock() - last).total_seconds() > LEASE_SECONDS

    async def _beat(self, run_id: str) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_seconds)
            try:
                await self.store.touch_import_run(run_id, self._stamp())
            except Exception as error:  # the import reports its own store failures
                log.warning("import %s could not say it is alive: %s", run_id, error)

    @staticmethod
    async def _stop(beat: asyncio.Task[None]) -> None:
        beat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await beat

    def _stamp(self) -> str:
        return self.clock().isoformat(timespec="seconds")


_RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}")


def is_run_id(text: str) -> bool:
    """Whether ``text`` can be an import run's id (command lines and the API take them;
    they never hold a path or a quote)."""
    return _RUN_ID.fullmatch(text) is not None and ".." not in text


async def undo_interrupted(
    store: GraphStore, journal: ImportJournal, on_progress: ProgressCallback | None = None
) -> list[RunNote]:
    """Undo every run on this store whose process ended before it did; each is forgotten
    once undone (an undo cut short is simply done again next time). Returns the runs
    that had left something to undo (a run in one transaction never has)."""
    undone = []
    for note in await journal.interrupted():
        if await undo_import(store, note.run_id, on_progress=on_progress):
            undone.append(note)
        await journal.end(note.run_id)
    return undone
