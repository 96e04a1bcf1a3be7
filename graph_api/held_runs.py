"""Readers held off, in every service process, while a large import writes batch by batch.

An import too large for one transaction commits batch by batch; a reader in between
would see part of it and take it for the whole. So such a run notes in the store that
it holds readers off (``ImportJournal.hold_readers``), and every service process on
that store looks for such notes every ``POLL_SECONDS``: while one is there, the process
refuses requests as during a restore (``graph_api.maintenance``: STORE_UNAVAILABLE,
HTTP 503 with ``Retry-After``, ``/readyz`` 503 with ``"status": "importing"``), and it
opens again when the note is gone. The run waits until every process has had time to
look before its first write.

A held run whose process died (or went silent for ``run_liveness.HELD_LEASE_SECONDS``) is
undone at once by whichever process sees it first, not at the next minute's sweep,
and the doors stay shut until that undo ends: readers see the graph as it was before
the run, or as it is after it, never a part. A restore killed outright has no change
records to be undone from and may have left part of a graph: its note stays, and the
doors with it, until a restore runs to its end (the log says so).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from graph_api.maintenance import Maintenance
from graph_api.store.base import GraphStore
from graph_api.store.causality import outside_requests
from graph_api.store.run_notes import RunNote
from graph_api.transfer.interrupted import undo_interrupted
from graph_api.transfer.journal import ImportJournal
from graph_api.transfer.run_ids import RESTORE_PREFIX

POLL_SECONDS = 1.0

log = logging.getLogger(__name__)


class HeldRuns:
    """Keeps one process's doors shut while any import run on its store holds readers off."""

    def __init__(
        self,
        store: GraphStore,
        journal: ImportJournal,
        maintenance: Maintenance,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self.store, self.journal, self.maintenance = store, journal, maintenance
        self.poll_seconds = poll_seconds
        self._told: set[str] = set()  # interrupted restores already logged

    async def look(self) -> None:
        """Hold the doors for the runs that hold readers off now (open them if none
        does); undo at once any such run that was interrupted."""
        held = await self._held()
        run_ids = tuple(note.run_id for note in held)
        if run_ids and run_ids != self.maintenance.held_runs:
            log.warning("requests are refused while %s writes", _named(run_ids))
        elif self.maintenance.held_runs and not run_ids:
            ended = _named(self.maintenance.held_runs)
            log.warning("%s has ended: requests are answered again", ended)
        self.maintenance.hold_for(run_ids)
        gone = [note for note in held if self.journal.gone(note)]
        for note in gone:
            if note.run_id.startswith(RESTORE_PREFIX) and note.run_id not in self._told:
                self._told.add(note.run_id)
                log.error(
                    "restore %s was stopped outright before it finished: the graph may be "
                    "partial, so requests are refused until a restore runs to its end "
                    "(graph-api restore FILE --replace)",
                    note.run_id,
                )
        if gone:
            for note in await undo_interrupted(self.store, self.journal):
                log.warning("undid import %s: its process stopped before it", note.run_id)
            self.maintenance.hold_for(tuple(note.run_id for note in await self._held()))

    async def _held(self) -> list[RunNote]:
        return [note for note in await self.store.import_run_notes() if note.holds_readers]

    async def look_quietly(self) -> None:
        """``look``, unless the store does not answer: then the doors stay as they were
        (requests fail on their own then)."""
        try:
            await self.look()
        except Exception as error:  # the store is away: look again next time
            log.debug("looking for imports that hold readers off failed: %s", error)

    async def watch(self) -> None:
        """Look every ``poll_seconds`` for the life of the service."""
        while True:
            await asyncio.sleep(self.poll_seconds)
            await self.look_quietly()

    async def start(self) -> asyncio.Task[None]:
        """Look once before the service answers anyone, then watch in the background
        (outside any request's context)."""
        await self.look_quietly()
        return asyncio.create_task(self.watch(), context=outside_requests())


async def stop(task: asyncio.Task[None] | None) -> None:
    """Stop a watcher started with ``HeldRuns.start``."""
    if task is None:
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def _named(run_ids: tuple[str, ...]) -> str:
    """Runs as the log names them: a restore's id says it is one, an import's does not."""
    return ", ".join(run if run.startswith(RESTORE_PREFIX) else f"import {run}" for run in run_ids)
