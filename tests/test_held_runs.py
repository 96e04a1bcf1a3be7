"""An import too large for one transaction holds readers off in every service process on
its store (``graph_api.held_runs``), on both stores: requests are refused (503,
STORE_UNAVAILABLE) from before its first write until it ends, and answered again after;
a held run whose process died is undone at once, not at the next sweep, with the doors
shut until it is; ``--commit batches`` still serves readers as the run goes."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import csv
import dataclasses
import datetime as dt
import logging
import os
import signal
import time
from pathlib import Path

import httpx
import ladybug
import pytest
from starlette.applications import Starlette

from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.domain import NodeKind
from graph_api.errors import ErrorCode, GraphApiError
from graph_api.held_runs import HeldRuns
from graph_api.held_runs import stop as stop_watching
from graph_api.maintenance import Maintenance, MaintenanceRefused
from graph_api.store.base import GraphStore
from graph_api.store.embedded_store import EmbeddedStore
from graph_api.store.run_notes import RunNote
from graph_api.transfer import journal as journal_module
from graph_api.transfer.backup import back_up
from graph_api.transfer.importer import CommitMode, ImportOptions, import_files
from graph_api.transfer.journal import ImportJournal
from graph_api.transfer.reader_hold import RunHold
from graph_api.transfer.run_ids import restore_run_id
from graph_api.transfer.run_liveness import HELD_LEASE_SECONDS, MACHINE
from tests.conftest import Neo4jServer, wipe
from tests.editing_support import SOURCE

COUNT = """{ enterprises(first: 1) { totalCount } }"""
FIRMS = 60


def _firms_file(folder: Path, prefix: str = "held", count: int = FIRMS) -> Path:
    path = folder / f"{prefix}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name_en", "source"])
        writer.writerows(
            [f"enterprise:{prefix}-{i:05d}", f"{prefix} firm {i}", SOURCE] for i in range(count)
        )
    return path


_HELD_IMPORT = ("import", "--store", "neo4j", "--batch-size", "100", "--commit", "held")


async def _answered_count(client: httpx.AsyncClient) -> int | None:
    """The enterprises counted by the first answer within 60 s (the watcher opens the
    doors within a look or two of a run's end, or once it has undone a killed run;
    generous for a loaded machine); None if every request was refused."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        response = await client.post("/graphql", json={"query": COUNT})
        if response.status_code == 200:
            count: int = response.json()["data"]["enterprises"]["totalCount"]
            return count
        await asyncio.sleep(0.1)
    return None


def _refused_for(response: httpx.Response) -> str:
    """What a refusal says holds the doors, from its own body (asking /readyz after it
    could find them open again): "importing", "restoring", or the body as it came."""
    [error] = response.json()["errors"]
    message = error["message"]
    if error["extensions"]["code"] == "STORE_UNAVAILABLE":
        named = {word for word in ("import", "restore") if word in message}
        if named == {"import"}:
            return "importing"
        if named == {"restore"}:
            return "restoring"
    return f"{response.status_code}: {error}"


@dataclasses.dataclass
class _Asked:
    counts: list[int]  # the enterprises each answer counted while the process ran
    refusals: set[str]  # what each refused request was told held the doors
    returncode: int | None
    after: int | None  # the count answered once it had ended


async def _asked_while(store: GraphStore, server: Neo4jServer, *arguments: str) -> _Asked:
    """Run ``graph-api ARGUMENTS`` in a process of its own while this process's service
    over ``store`` (its held-run watcher on) is asked without pause, then once more."""
    app = create_app(Settings(store="neo4j"), store=store)
    watching = await HeldRuns(store, ImportJournal(store), app.state.maintenance).start()
    process = await server.graph_api(*arguments)
    asked = _Asked([], set(), None, None)
    try:
        async with _client(app) as client:
            while process.returncode is None:
                response = await client.post("/graphql", json={"query": COUNT})
                if response.status_code == 503:
                    asked.refusals.add(_refused_for(response))
                else:
                    asked.counts.append(response.json()["data"]["enterprises"]["totalCount"])
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(process.wait(), 0.05)
            asked.returncode = process.returncode
            asked.after = await _answered_count(client)
    finally:
        await _stopped(watching, process)
    return asked


async def _stopped(watching: asyncio.Task[None], process: asyncio.subprocess.Process) -> None:
    await stop_watching(watching)
    if process.returncode is None:
        process.kill()
        await process.wait()


def _ago(seconds: float) -> str:
    return (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=seconds)).isoformat()


@pytest.fixture
async def app(empty_store: GraphStore) -> Starlette:
    return create_app(Settings(store=empty_store.backend), store=empty_store)


def _client(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def _enterprises(store: GraphStore) -> int:
    return (await store.count_nodes()).get(NodeKind.ENTERPRISE, 0)


async def test_a_run_noted_by_another_process_shuts_the_doors_until_it_ends(
    empty_store: GraphStore, app: Starlette
) -> None:
    watcher = HeldRuns(empty_store, ImportJournal(empty_store), app.state.maintenance)
    # Another process of this machine, alive (this test's parent), writing a held run.
    now = _ago(0)
    other = RunNote("held-elsewhere", MACHINE, os.getppid(), "another", now, now, True)
    await empty_store.note_import_run(other)
    async with _client(app) as client:
        await watcher.look()
        refused = await client.post("/graphql", json={"query": COUNT})
        assert refused.status_code == 503
        assert refused.headers["Retry-After"]
        body = refused.json()
        assert body["errors"][0]["extensions"]["code"] == "STORE_UNAVAILABLE"
        assert "import" in body["errors"][0]["message"]
        ready = await client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["status"] == "importing"
        assert (await client.get("/healthz")).status_code == 200
        await watcher.look()  # still there: still shut
        assert (await client.post("/graphql", json={"query": COUNT})).status_code == 503

        await empty_store.forget_import_run("held-elsewhere")
        await watcher.look()
        answered = await client.post("/graphql", json={"query": COUNT})
        assert answered.status_code == 200
        assert answered.json()["data"]["enterprises"]["totalCount"] == 0
        assert (await client.get("/readyz")).status_code == 200


async def test_the_log_names_a_restore_as_one_and_an_import_as_one(
    empty_store: GraphStore, app: Starlette, caplog: pytest.LogCaptureFixture
) -> None:
    watcher = HeldRuns(empty_store, ImportJournal(empty_store), app.state.maintenance)
    now = _ago(0)
    for run_id, said in (("held-import", "import held-import"), (restore_run_id(), "restore-")):
        note = RunNote(run_id, MACHINE, os.getppid(), "another", now, now, True)
        await empty_store.note_import_run(note)
        with caplog.at_level(logging.WARNING, logger="graph_api.held_runs"):
            caplog.clear()
            await watcher.look()
            assert f"requests are refused while {said}" in caplog.text
            await empty_store.forget_import_run(run_id)
            caplog.clear()
            await watcher.look()
            assert f"{said}" in caplog.text
            assert "has ended: requests are answered again" in caplog.text
        assert "import restore-" not in caplog.text


async def test_a_run_that_does_not_hold_readers_leaves_the_doors_open(
    empty_store: GraphStore, app: Starlette
) -> None:
    watcher = HeldRuns(empty_store, ImportJournal(empty_store), app.state.maintenance)
    now = _ago(0)
    await empty_store.note_import_run(
        RunNote("visible-run", MACHINE, os.getppid(), "another", now, now)
    )
    await watcher.look()
    async with _client(app) as client:
        assert (await client.post("/graphql", json={"query": COUNT})).status_code == 200


async def test_a_held_run_whose_machine_went_silent_is_undone_at_once(
    empty_store: GraphStore, app: Starlette, tmp_path: Path
) -> None:
    # Half a run, written batch by batch, then its machine went away.
    options = ImportOptions(run_id="held-killed", commit=CommitMode.BATCHES, batch_size=10)
    await import_files(empty_store, [_firms_file(tmp_path)], options)
    assert await _enterprises(empty_store) == FIRMS
    silent = _ago(HELD_LEASE_SECONDS + 5)
    await empty_store.note_import_run(
        RunNote("held-killed", "a-machine-gone", 7, "gone", silent, silent, True)
    )
    maintenance: Maintenance = app.state.maintenance
    watcher = HeldRuns(empty_store, ImportJournal(empty_store), maintenance)
    await watcher.look()  # one look: no waiting for the minute's sweep
    assert await _enterprises(empty_store) == 0
    assert await empty_store.import_run_notes() == []
    assert not maintenance.active


async def test_the_lease_of_a_held_run_is_short_and_of_others_long(
    empty_store: GraphStore,
) -> None:
    journal = ImportJournal(empty_store)
    quiet = _ago(HELD_LEASE_SECONDS + 5)  # silent past a held run's lease, not a run's
    held = RunNote("a", "elsewhere", 7, "p", quiet, quiet, holds_readers=True)
    visible = RunNote("b", "elsewhere", 7, "p", quiet, quiet, holds_readers=False)
    assert journal.gone(held)
    assert not journal.gone(visible)
    recent = _ago(HELD_LEASE_SECONDS / 3)
    assert not journal.gone(RunNote("c", "elsewhere", 7, "p", recent, recent, True))


async def test_a_large_import_holds_every_reader_off_until_it_ends(
    empty_store: GraphStore, app: Starlette, tmp_path: Path
) -> None:
    """AUTO beyond the one-transaction size: the run is noted as holding readers, the
    watcher shuts the doors before its first write, and they open when it has ended."""
    maintenance: Maintenance = app.state.maintenance
    journal = ImportJournal(empty_store)
    # The watcher below looks every 0.05 s: time for dozens of looks, however slow one
    # is, so only doors shut after the first write fail the test.
    journal.hold_settle_seconds = 2.5
    watcher = HeldRuns(empty_store, journal, maintenance, poll_seconds=0.05)
    watching = await watcher.start()
    shut_while_writing: list[bool] = []
    statuses: list[int] = []

    async def ask(client: httpx.AsyncClient) -> None:
        statuses.append((await client.post("/graphql", json={"query": COUNT})).status_code)

    looks: list[asyncio.Task[None]] = []
    options = ImportOptions(run_id="held-large", transaction_rows=10, batch_size=10)
    try:
        async with _client(app) as client:

            def on_progress(phase: str, done: int, total: int | None) -> None:
                if phase.startswith("writing"):
                    shut_while_writing.append(maintenance.active)
                    # A reader outside the import's context, as another client would be.
                    looks.append(asyncio.create_task(ask(client), context=contextvars.Context()))

            async with journal.running("held-large"):
                summary = await import_files(
                    empty_store,
                    [_firms_file(tmp_path)],
                    options,
                    on_progress=on_progress,
                    hold=RunHold(journal, "held-large"),
                )
            await asyncio.gather(*looks)
            assert summary.held_readers
            assert not summary.one_transaction
            assert "readers held off" in summary.describe()
            assert shut_while_writing
            assert all(shut_while_writing)
            assert set(statuses) == {503}, statuses  # every reader while it wrote: refused
            assert await _answered_count(client) == FIRMS
    finally:
        await stop_watching(watching)


async def test_a_run_of_batches_that_readers_may_see_holds_nobody(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    journal = ImportJournal(empty_store)
    hold = RunHold(journal, "visible", on_begin=lambda: pytest.fail("a visible run held"))
    options = ImportOptions(commit=CommitMode.BATCHES, batch_size=10)
    async with journal.running("visible"):
        summary = await import_files(empty_store, [_firms_file(tmp_path)], options, hold=hold)
    assert not summary.held_readers
    assert options.holds_readers(10**6, empty_store) is False
    assert ImportOptions(commit=CommitMode.HELD).holds_readers(1, empty_store)
    assert not ImportOptions(commit=CommitMode.ONCE).holds_readers(10**6, empty_store)


async def test_a_restore_is_refused_while_an_import_holds_the_doors() -> None:
    maintenance = Maintenance()
    maintenance.hold_for(("held-run",))
    assert maintenance.active
    assert maintenance.began.is_set()
    with pytest.raises(MaintenanceRefused, match="held-run is writing"):
        async with maintenance.exclusive():
            pass
    maintenance.hold_for(())
    assert not maintenance.active
    assert not maintenance.began.is_set()
    async with maintenance.exclusive():
        assert maintenance.status == "restoring"


@pytest.mark.neo4j
async def test_a_held_import_by_another_process_is_never_seen_half_written(
    empty_neo4j: GraphStore, neo4j_server: Neo4jServer, tmp_path: Path
) -> None:
    """``graph-api import --commit held`` in a process of its own, and this process's
    service over the same Neo4j, asked without pause: every answer counts none of the
    run's enterprises or all of them; some requests are refused meanwhile."""
    count = 3_000  # 30 batches
    path = _firms_file(tmp_path, "far", count)
    asked = await _asked_while(empty_neo4j, neo4j_server, *_HELD_IMPORT, str(path))
    assert asked.returncode == 0
    assert asked.after == count
    assert asked.refusals == {"importing"}
    assert set(asked.counts) <= {0, count}, sorted(set(asked.counts))


@pytest.mark.neo4j
async def test_a_held_import_killed_outright_is_undone_before_anyone_reads_it(
    empty_neo4j: GraphStore, neo4j_server: Neo4jServer, tmp_path: Path
) -> None:
    """The importing process is killed mid-run (SIGKILL: no undo of its own): the
    service sees its process gone, undoes the run at once and only then answers, with
    none of it."""
    count = 20_000  # 200 batches: the kill comes while they are written
    path = _firms_file(tmp_path, "cut", count)
    app = create_app(Settings(store="neo4j"), store=empty_neo4j)
    watching = await HeldRuns(
        empty_neo4j, ImportJournal(empty_neo4j), app.state.maintenance
    ).start()
    process = await neo4j_server.graph_api(*_HELD_IMPORT, str(path))
    try:
        async with _client(app) as client:
            for _ in range(600):  # until some of the run is written
                if await _enterprises(empty_neo4j) > 0:
                    break
                await asyncio.sleep(0.05)
            assert (await client.post("/graphql", json={"query": COUNT})).status_code == 503
            process.send_signal(signal.SIGKILL)
            await process.wait()
            first = await _answered_count(client)
    finally:
        await _stopped(watching, process)
    assert first == 0
    assert await empty_neo4j.import_run_notes() == []


async def test_an_embedded_store_made_before_held_runs_gains_the_column(tmp_path: Path) -> None:
    """A store file whose ImportRun table predates ``holds_readers`` opens, reads its old
    notes as holding nobody, and notes held runs."""
    path = tmp_path / "older.lbug"
    database = ladybug.Database(str(path))
    connection = ladybug.Connection(database)
    connection.execute(
        "CREATE NODE TABLE ImportRun(id STRING PRIMARY KEY, host STRING, pid INT64, "
        "process STRING, started STRING, heartbeat STRING)"
    )
    connection.execute(
        "CREATE (:ImportRun {id: 'older', host: 'h', pid: 1, process: 'p', "
        "started: '2026-01-01', heartbeat: '2026-01-01'})"
    )
    connection.close()
    database.close()
    store = EmbeddedStore(str(path))
    await store.connect()
    try:
        assert [note.holds_readers for note in await store.import_run_notes()] == [False]
        now = _ago(0)
        await store.note_import_run(RunNote("newer", "h", 1, "p", now, now, True))
        notes = {note.run_id: note.holds_readers for note in await store.import_run_notes()}
        assert notes == {"older": False, "newer": True}
    finally:
        await store.close()


@pytest.mark.neo4j
async def test_a_restore_by_another_process_holds_this_one_too(
    empty_neo4j: GraphStore, neo4j_server: Neo4jServer, tmp_path: Path
) -> None:
    """``graph-api restore --replace`` in a process of its own: this process's service
    answers the graph as it was or as restored, never a part, and refuses meanwhile,
    saying a restore runs."""
    before, after = 40, 2_500
    await _import_firms(empty_neo4j, tmp_path, "restored", after)
    backup = tmp_path / "graph.backup.gz"
    await back_up(empty_neo4j, backup)
    await wipe(empty_neo4j)
    await _import_firms(empty_neo4j, tmp_path, "earlier", before)
    restoring = ("restore", str(backup), "--store", "neo4j", "--replace")
    asked = await _asked_while(empty_neo4j, neo4j_server, *restoring)
    assert asked.returncode == 0
    assert asked.after == after
    assert asked.refusals == {"restoring"}
    assert set(asked.counts) <= {before, after}, sorted(set(asked.counts))


async def _import_firms(store: GraphStore, folder: Path, prefix: str, count: int) -> None:
    path = _firms_file(folder, prefix, count)
    await import_files(store, [path], ImportOptions(run_id=f"firms-{prefix}"))


async def test_a_run_that_begins_to_hold_says_it_is_alive_at_the_held_rate(
    empty_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Noted as holding readers while its heartbeat waits out the ordinary 30 s: the
    next beat comes at the held rate (else a watcher elsewhere would take the live run
    for silent and undo it)."""
    monkeypatch.setattr(journal_module, "HELD_HEARTBEAT_SECONDS", 0.1)
    ticks = iter(range(10**6))
    journal = ImportJournal(
        empty_store,
        clock=lambda: dt.datetime(2026, 12, 6, tzinfo=dt.UTC) + dt.timedelta(seconds=next(ticks)),
    )
    journal.hold_settle_seconds = 0
    async with journal.running("beating"):
        await journal.hold_readers("beating")
        [noted] = await empty_store.import_run_notes()
        later = noted
        # Well under the ordinary 30 s beat, generous for a loaded machine.
        async with asyncio.timeout(10):
            while later.heartbeat == noted.heartbeat:
                await asyncio.sleep(0.05)
                [later] = await empty_store.import_run_notes()
    assert noted.holds_readers
    assert later.heartbeat > noted.heartbeat


async def test_a_second_held_run_waits_for_the_first(empty_store: GraphStore) -> None:
    now = _ago(0)
    await empty_store.note_import_run(
        RunNote("first", MACHINE, os.getppid(), "another", now, now, True)
    )
    journal = ImportJournal(empty_store)
    journal.hold_settle_seconds = 0
    with pytest.raises(GraphApiError, match="first is writing the graph") as refused:
        async with journal.holding("restore-second"):
            pass
    assert refused.value.code is ErrorCode.STORE_UNAVAILABLE
    assert [note.run_id for note in await empty_store.import_run_notes()] == ["first"]


async def test_two_held_runs_begun_at_one_moment_never_both_write(
    empty_store: GraphStore,
) -> None:
    """Both look for another held run before either notes its own, so both pass that
    look; the second look, made once each has noted itself, stops at least one."""
    journals = [ImportJournal(empty_store), ImportJournal(empty_store)]
    for journal, run_id in zip(journals, ("import-a", "import-b"), strict=True):
        journal.hold_settle_seconds = 0
        await journal.begin(run_id)
    first_looks = 0
    both_looked = asyncio.Event()
    notes = empty_store.import_run_notes

    async def look_together() -> list[RunNote]:
        nonlocal first_looks
        seen = await notes()
        first_looks += 1
        if first_looks == 2:
            both_looked.set()
        await both_looked.wait()  # neither notes itself before both have looked once
        return seen

    empty_store.import_run_notes = look_together  # type: ignore[method-assign]
    try:
        ends = await asyncio.gather(
            journals[0].hold_readers("import-a"),
            journals[1].hold_readers("import-b"),
            return_exceptions=True,
        )
    finally:
        del empty_store.import_run_notes
    assert first_looks >= 4  # each looked twice: before and after noting itself
    refused = [end for end in ends if isinstance(end, GraphApiError)]
    assert refused, "both runs went on to write"
    assert all(end.code is ErrorCode.STORE_UNAVAILABLE for end in refused)
    assert all(end is None or isinstance(end, GraphApiError) for end in ends)
    # A run that gave way no longer holds anyone's readers.
    holding = {note.run_id for note in await empty_store.import_run_notes() if note.holds_readers}
    assert len(holding) == len(ends) - len(refused)
    for journal, run_id in zip(journals, ("import-a", "import-b"), strict=True):
        await journal.end(run_id)


async def test_a_restore_killed_outright_keeps_the_doors_shut_until_one_ends(
    empty_store: GraphStore, app: Starlette
) -> None:
    """Nothing to undo it from and perhaps part of a graph: every process stays shut,
    however often it looks, until a restore runs to its end."""
    maintenance: Maintenance = app.state.maintenance
    journal = ImportJournal(empty_store)
    journal.hold_settle_seconds = 0
    watcher = HeldRuns(empty_store, journal, maintenance)
    silent = _ago(HELD_LEASE_SECONDS + 5)
    killed = RunNote("restore-killed", "a-machine-gone", 7, "gone", silent, silent, True)
    await empty_store.note_import_run(killed)
    for _ in range(3):
        await watcher.look()
        assert maintenance.active
        assert maintenance.status == "restoring"
    async with journal.holding("restore-again"):
        pass  # a restore that ran to its end
    await watcher.look()
    assert await empty_store.import_run_notes() == []
    assert not maintenance.active


async def test_a_failure_to_forget_the_note_does_not_hide_the_runs_own_error(
    empty_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = ImportJournal(empty_store)
    journal.hold_settle_seconds = 0

    async def store_gone(run_id: str) -> None:
        raise GraphApiError(ErrorCode.STORE_UNAVAILABLE, "gone")

    monkeypatch.setattr(empty_store, "forget_import_run", store_gone)
    with pytest.raises(RuntimeError, match="the restore's own failure"):
        async with journal.holding("restore-failing"):
            raise RuntimeError("the restore's own failure")
