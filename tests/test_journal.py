"""The import journal, kept in the store on both stores: a run is noted while it writes
and says it is alive, is forgotten when it ends (even with an error, which the importer
undid), stays noted when it is cut off (its undo may not have finished); a note whose
process is gone, or which another machine's process has left silent for the lease,
names an interrupted run, and any process of the store undoes it."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import os
import socket

import pytest

from graph_api.domain import NodeKind
from graph_api.resources import resource_dir
from graph_api.store.base import GraphStore
from graph_api.store.run_notes import RunNote
from graph_api.transfer import journal as journal_module
from graph_api.transfer.importer import CommitMode, ImportOptions, import_files
from graph_api.transfer.journal import LEASE_SECONDS, ImportJournal, undo_interrupted

NOW = dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC)
EXAMPLES = resource_dir("docs") / "import-examples"


async def _noted(store: GraphStore) -> list[str]:
    return [note.run_id for note in await store.import_run_notes()]


async def test_a_run_is_noted_while_it_runs_and_forgotten_when_it_ends(
    empty_store: GraphStore,
) -> None:
    journal = ImportJournal(empty_store)
    async with journal.running("run-1"):
        assert await _noted(empty_store) == ["run-1"]
        assert await journal.holds("run-1")
    assert await _noted(empty_store) == []
    assert not await journal.holds("run-1")


async def test_a_run_that_fails_is_forgotten_and_a_dry_run_never_noted(
    empty_store: GraphStore,
) -> None:
    journal = ImportJournal(empty_store)
    with pytest.raises(ValueError, match="rows rejected"):
        async with journal.running("run-1"):
            raise ValueError("rows rejected")
    async with journal.running("run-2", noted=False):
        assert await _noted(empty_store) == []
    assert await _noted(empty_store) == []


@pytest.mark.parametrize("stop", [asyncio.CancelledError, KeyboardInterrupt])
async def test_a_run_cut_off_stays_noted(
    empty_store: GraphStore, stop: type[BaseException]
) -> None:
    journal = ImportJournal(empty_store)
    with pytest.raises(stop):
        async with journal.running("run-1"):
            raise stop()
    assert await _noted(empty_store) == ["run-1"]


async def test_a_run_says_it_is_alive_while_it_runs(empty_store: GraphStore) -> None:
    ticks = iter(NOW + dt.timedelta(seconds=n) for n in range(1_000))
    journal = ImportJournal(empty_store, clock=lambda: next(ticks), heartbeat_seconds=0.05)
    async with journal.running("run-1"):
        first = (await empty_store.import_run_notes())[0]
        await asyncio.sleep(0.3)
        later = (await empty_store.import_run_notes())[0]
    assert later.started == first.started
    assert later.heartbeat > first.heartbeat


async def test_which_runs_are_interrupted(
    empty_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = socket.gethostname()
    mine = RunNote("alive", here, os.getpid(), journal_module._THIS_PROCESS, "", "")
    silent = NOW - dt.timedelta(seconds=LEASE_SECONDS + 60)
    notes = [
        mine,  # this very process
        # A container's service is pid 1 after every restart: the pid alone would take
        # the run cut off before the restart for one still under way, and never undo it.
        dataclasses.replace(mine, run_id="before-restart", process="earlier"),
        dataclasses.replace(mine, run_id="gone", pid=2**22 + 1, process="x"),
        # Another machine's runs: judged by when they last said they were alive.
        RunNote("elsewhere-alive", "other-host", 1, "y", "", NOW.isoformat()),
        RunNote("elsewhere-silent", "other-host", 1, "z", "", silent.isoformat()),
    ]
    for note in notes:
        await empty_store.note_import_run(note)
    journal = ImportJournal(empty_store, clock=lambda: NOW)
    interrupted = sorted(note.run_id for note in await journal.interrupted())
    assert interrupted == ["before-restart", "elsewhere-silent", "gone"]
    assert await journal.holds("elsewhere-alive")
    assert not await journal.holds("elsewhere-silent")


async def test_any_process_undoes_a_run_killed_on_another_machine(
    empty_store: GraphStore,
) -> None:
    # A run written batch by batch, whose machine went away mid-run: its rows are in
    # the store, its note says another host, silent for longer than the lease.
    options = ImportOptions(actor="importer", run_id="killed-run", commit=CommitMode.BATCHES)
    await import_files(empty_store, [EXAMPLES / "enterprises.csv"], options)
    assert (await empty_store.count_nodes()).get(NodeKind.ENTERPRISE, 0) > 0
    silent = (NOW - dt.timedelta(seconds=LEASE_SECONDS + 1)).isoformat()
    await empty_store.note_import_run(
        RunNote("killed-run", "a-machine-gone", 7, "p", silent, silent)
    )
    journal = ImportJournal(empty_store, clock=lambda: NOW)
    undone = await undo_interrupted(empty_store, journal)
    assert [note.run_id for note in undone] == ["killed-run"]
    assert (await empty_store.count_nodes()).get(NodeKind.ENTERPRISE, 0) == 0
    assert await _noted(empty_store) == []
