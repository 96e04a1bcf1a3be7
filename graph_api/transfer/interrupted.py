"""Import runs interrupted by their process's end, undone by whichever process finds them:
as the service starts, every ``journal.SWEEP_SECONDS`` while it runs, before every
``graph-api import``, and at once for a run that held readers off
(``graph_api.held_runs``). ``ImportJournal.claim`` makes sure one process undoes each."""

from __future__ import annotations

import asyncio
import logging

from graph_api.store.base import GraphStore
from graph_api.store.run_notes import RunNote
from graph_api.transfer.journal import ImportJournal
from graph_api.transfer.report import ProgressCallback
from graph_api.transfer.run_ids import RESTORE_PREFIX
from graph_api.transfer.undo import undo_import

log = logging.getLogger(__name__)


async def undo_interrupted(
    store: GraphStore, journal: ImportJournal, on_progress: ProgressCallback | None = None
) -> list[RunNote]:
    """Undo every interrupted run of this store that no other process takes first; each
    is forgotten once undone (an undo cut short is taken over and finished later).
    Returns the runs that had left something to undo (a run in one transaction never
    has)."""
    undone = []
    for note in await journal.interrupted():
        if note.run_id.startswith(RESTORE_PREFIX):
            # Nothing to undo it from, and its graph may be partial: the note stays, so
            # every process keeps its doors shut until a restore runs again.
            continue
        if not await journal.claim(note):
            continue  # another process has it
        async with journal.undoing(note.run_id, note.holds_readers):
            if await undo_import(store, note.run_id, on_progress=on_progress):
                undone.append(note)
    return undone


async def sweep_interrupted(store: GraphStore, journal: ImportJournal, seconds: float) -> None:
    """Every ``seconds``, undo the runs interrupted meanwhile (on any machine); runs for
    the life of the service."""
    while True:
        await asyncio.sleep(seconds)
        try:
            for note in await undo_interrupted(store, journal):
                log.warning(
                    "undid import %s: its process (%d on %s, started %s) stopped before it",
                    note.run_id,
                    note.pid,
                    note.host.split("|")[0] or "?",
                    note.started,
                )
        except Exception as error:  # the store may be away: the next sweep tries again
            log.warning("looking for interrupted imports failed: %s", error)
