"""The import journal, kept in the store on both stores: a run is noted while it writes
and says it is alive, is forgotten when it ends or fails having undone itself, and is
marked abandoned when it stops any other way; a note whose process is gone, abandoned,
or silent for the lease on another machine names an interrupted run, which exactly one
process takes over and undoes, by the service's sweep too."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import os

import pytest

from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.domain import NodeKind
from graph_api.resources import resource_dir
from graph_api.startup import StoreStartup
from graph_api.store.base import GraphStore
from graph_api.store.neo4j_store import Neo4jStore
from graph_api.store.run_notes import RunNote
from graph_api.transfer import run_liveness
from graph_api.transfer.importer import CommitMode, ImportOptions, import_files
from graph_api.transfer.interrupted import undo_interrupted
from graph_api.transfer.journal import ImportJournal
from graph_api.transfer.report import ImportFailed, ImportSummary
from graph_api.transfer.run_liveness import ABANDONED, LEASE_SECONDS, MACHINE

NOW = dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC)
EXAMPLES = resource_dir("docs") / "import-examples"
SILENT = (NOW - dt.timedelta(seconds=LEASE_SECONDS + 60)).isoformat()


async def _noted(store: GraphStore) -> dict[str, RunNote]:
    return {note.run_id: note for note in await store.import_run_notes()}


async def test_a_run_is_noted_while_it_runs_and_forgotten_when_it_ends(
    empty_store: GraphStore,
) -> None:
    journal = ImportJournal(empty_store)
    async with journal.running("run-1"):
        assert list(await _noted(empty_store)) == ["run-1"]
        assert not await journal.free_to_undo("run-1")  # its process is alive: this one
    assert await _noted(empty_store) == {}
    async with journal.running("run-2", noted=False):  # a dry run
        assert await _noted(empty_store) == {}


async def test_a_run_that_undid_itself_is_forgotten_any_other_stop_abandons_it(
    empty_store: GraphStore,
) -> None:
    journal = ImportJournal(empty_store)
    with pytest.raises(ImportFailed):
        async with journal.running("undid-itself"):
            raise ImportFailed(ImportSummary(run_id="undid-itself", files=[]), "rows rejected")
    for stop in (ValueError, asyncio.CancelledError, KeyboardInterrupt):
        with pytest.raises(stop):
            async with journal.running(f"stopped-{stop.__name__}"):
                raise stop()
    notes = await _noted(empty_store)
    assert sorted(notes) == [
        "stopped-CancelledError",
        "stopped-KeyboardInterrupt",
        "stopped-ValueError",
    ]
    # Abandoned: interrupted for every process, this one included, so its sweep undoes it.
    assert all(note.heartbeat == ABANDONED for note in notes.values())
    assert sorted(note.run_id for note in await journal.interrupted()) == sorted(notes)


async def test_a_run_says_it_is_alive_while_it_runs_and_stops_after(
    empty_store: GraphStore,
) -> None:
    ticks = iter(NOW + dt.timedelta(seconds=n) for n in range(1_000))
    journal = ImportJournal(empty_store, clock=lambda: next(ticks), heartbeat_seconds=0.05)
    async with journal.running("run-1"):
        first = later = (await empty_store.import_run_notes())[0]
        async with asyncio.timeout(10):  # generous: a loaded machine beats late
            while later.heartbeat == first.heartbeat:
                await asyncio.sleep(0.05)
                later = (await empty_store.import_run_notes())[0]
    assert later.started == first.started
    assert later.heartbeat > first.heartbeat
    touched = empty_store.counters.by_query.get("touch_import_run", 0)
    await asyncio.sleep(0.2)
    assert empty_store.counters.by_query.get("touch_import_run", 0) == touched


async def test_which_runs_are_interrupted(
    empty_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = RunNote("alive", MACHINE, os.getpid(), run_liveness.THIS_PROCESS, "", "")
    monkeypatch.setattr(run_liveness, "ACTIVE", {"alive"})
    notes = [
        mine,  # this very process, at it now
        # A container's service is pid 1 after every restart: the pid alone would take
        # the run cut off before the restart for one still under way, and never undo it.
        dataclasses.replace(mine, run_id="before-restart", process="earlier"),
        dataclasses.replace(mine, run_id="gone", pid=2**22 + 1, process="x"),
        # Another machine's runs (a replica may share the hostname: the pid namespace
        # tells them apart), judged by when they last said they were alive.
        RunNote("elsewhere-alive", f"{MACHINE}-other", 1, "y", "", NOW.isoformat()),
        RunNote("elsewhere-silent", f"{MACHINE}-other", 1, "z", "", SILENT),
        RunNote("elsewhere-odd", "other", 1, "z", "", "2026-12-05T11:00:00"),  # no zone
    ]
    for note in notes:
        await empty_store.note_import_run(note)
    journal = ImportJournal(empty_store, clock=lambda: NOW)
    interrupted = sorted(note.run_id for note in await journal.interrupted())
    assert interrupted == ["before-restart", "elsewhere-silent", "gone"]
    assert not await journal.free_to_undo("elsewhere-alive")
    assert await journal.free_to_undo("never-noted")


async def test_one_process_takes_an_interrupted_run_over(empty_store: GraphStore) -> None:
    seen = RunNote("killed", "a-machine-gone", 7, "p", SILENT, SILENT)
    await empty_store.note_import_run(seen)
    journal = ImportJournal(empty_store, clock=lambda: NOW)
    taken = await asyncio.gather(*(journal.claim(seen) for _ in range(3)))
    assert sorted(taken) == [False, False, True]
    [note] = await empty_store.import_run_notes()
    assert (note.host, note.heartbeat) == (MACHINE, NOW.isoformat(timespec="seconds"))
    assert not journal.gone(note)  # now this process's: nobody else undoes it meanwhile
    if isinstance(empty_store, Neo4jStore):  # the claims' lock marker is gone, won or lost
        rows = await empty_store.read_text("keys", "MATCH (r:ImportRun) RETURN keys(r) AS k", {})
        assert "_lock" not in rows[0]["k"]
    async with journal.undoing("killed"):  # which it does (nothing to undo here)
        pass
    assert await _noted(empty_store) == {}


async def test_any_process_undoes_a_run_killed_on_another_machine(
    empty_store: GraphStore,
) -> None:
    # A run written batch by batch, whose machine went away mid-run: its rows are in
    # the store, its note says another host, silent for longer than the lease.
    await _killed_elsewhere(empty_store)
    journal = ImportJournal(empty_store, clock=lambda: NOW)
    undone = await undo_interrupted(empty_store, journal)
    assert [note.run_id for note in undone] == ["killed-run"]
    assert await _enterprises(empty_store) == 0
    assert await _noted(empty_store) == {}


async def test_the_service_sweeps_runs_interrupted_while_it_runs(
    empty_store: GraphStore,
) -> None:
    app = create_app(Settings(store=empty_store.backend), store=empty_store)
    startup = StoreStartup(empty_store, False, False, ImportJournal(empty_store), 0.1)
    async with app.router.lifespan_context(app):
        await startup.start()
        try:
            await _killed_elsewhere(empty_store)  # after the start: only a sweep finds it
            for _ in range(100):
                if not await _noted(empty_store):
                    break
                await asyncio.sleep(0.1)
            assert await _noted(empty_store) == {}
            assert await _enterprises(empty_store) == 0
        finally:
            await startup.stop()


async def _killed_elsewhere(store: GraphStore) -> None:
    options = ImportOptions(actor="importer", run_id="killed-run", commit=CommitMode.BATCHES)
    await import_files(store, [EXAMPLES / "enterprises.csv"], options)
    assert await _enterprises(store) > 0
    await store.note_import_run(RunNote("killed-run", "a-machine-gone", 7, "p", SILENT, SILENT))


async def _enterprises(store: GraphStore) -> int:
    return (await store.count_nodes()).get(NodeKind.ENTERPRISE, 0)


async def test_a_run_is_noted_for_an_undo_by_one_caller_only(empty_store: GraphStore) -> None:
    first = RunNote("finished-run", MACHINE, 1, "first", NOW.isoformat(), NOW.isoformat())
    assert await empty_store.note_import_run_if_absent(first)
    second = dataclasses.replace(first, process="second")
    assert not await empty_store.note_import_run_if_absent(second)
    assert (await _noted(empty_store))["finished-run"].process == "first"


async def test_an_undo_that_fails_leaves_the_run_for_the_sweep(empty_store: GraphStore) -> None:
    journal = ImportJournal(empty_store, clock=lambda: NOW)
    assert await journal.free_to_undo("half-undone")  # a finished run: noted as ours
    assert not await journal.free_to_undo("half-undone")  # ours, being undone: not twice
    with pytest.raises(RuntimeError):
        async with journal.undoing("half-undone"):
            raise RuntimeError("the store went away mid-undo")
    [note] = (await _noted(empty_store)).values()
    assert note.heartbeat == ABANDONED
    assert [n.run_id for n in await journal.interrupted()] == ["half-undone"]
    # A note of this process that it no longer works on is nobody's.
    mine = dataclasses.replace(note, heartbeat=NOW.isoformat(), process=run_liveness.THIS_PROCESS)
    await empty_store.note_import_run(mine)
    assert [n.run_id for n in await journal.interrupted()] == ["half-undone"]
    assert await journal.free_to_undo("half-undone")
    async with journal.undoing("half-undone"):
        pass
    assert await _noted(empty_store) == {}
