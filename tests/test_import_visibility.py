"""An import is one transaction on both stores: readers see none of it while it runs and
all of it once it has finished; a run killed outright leaves nothing to undo; live
subscribers hear of it only once it has committed. Runs too large for one transaction
commit batch by batch (``CommitMode.BATCHES``, the default beyond the store's
``one_transaction_rows``):
visible as they go, undone if they fail."""

from __future__ import annotations

import asyncio
import contextvars
import csv
import re
import signal
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph_api.cli import app
from graph_api.domain import NodeKind, NodeRecord
from graph_api.errors import ErrorCode, GraphApiError
from graph_api.events import ChangeEvent
from graph_api.neo4j_local import LocalNeo4j
from graph_api.store.base import GraphStore
from graph_api.store.changes import ChangeSet, utc_now
from graph_api.store.neo4j_memory import FEWEST_ROWS
from graph_api.store.neo4j_store import Neo4jStore
from graph_api.transfer.importer import CommitMode, ImportOptions, import_files
from graph_api.transfer.report import ImportFailed
from tests.conftest import Neo4jServer
from tests.editing_support import SOURCE, load_base

pytestmark = pytest.mark.neo4j

FIRMS = 300
BATCH = 10  # 30 batches: many chances for a reader to look in between


def _firms_file(folder: Path, count: int = FIRMS, prefix: str = "vis") -> Path:
    path = folder / f"{prefix}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name_en", "source"])
        for i in range(count):
            writer.writerow([f"enterprise:{prefix}-{i:05d}", f"Visible Test Firm {i}", SOURCE])
    return path


async def _enterprises(store: GraphStore) -> int:
    return (await store.count_nodes()).get(NodeKind.ENTERPRISE, 0)


async def _import_watched(store: GraphStore, path: Path, options: ImportOptions) -> list[int]:
    """Import ``path`` while another caller counts the enterprises after each batch;
    return the counts it saw while batches were still to come."""
    seen: list[int] = []
    progress = {"done": 0, "total": 0}
    looks: list[asyncio.Task[None]] = []

    async def look() -> None:
        count = await _enterprises(store)
        if progress["done"] < progress["total"]:  # the last batch was not even planned
            seen.append(count)

    def on_progress(phase: str, done: int, total: int | None) -> None:
        if phase == "writing entities":
            progress.update(done=done, total=total or 0)
            # Another caller: a task in a fresh context, outside the import's transaction.
            looks.append(asyncio.create_task(look(), context=contextvars.Context()))

    await import_files(store, [path], options, on_progress=on_progress)
    await asyncio.gather(*looks)
    return seen


async def test_readers_see_an_import_all_at_once(empty_store: GraphStore, tmp_path: Path) -> None:
    assert empty_store.one_transaction_rows >= FIRMS  # so AUTO makes it one transaction
    before = await _enterprises(empty_store)
    seen = await _import_watched(
        empty_store, _firms_file(tmp_path), ImportOptions(batch_size=BATCH)
    )
    assert seen, "no look happened while the import ran"
    assert set(seen) == {before}
    assert await _enterprises(empty_store) == before + FIRMS


async def test_batch_by_batch_commits_are_seen_as_they_go(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    seen = await _import_watched(
        empty_store,
        _firms_file(tmp_path),
        ImportOptions(batch_size=BATCH, commit=CommitMode.BATCHES),
    )
    assert any(0 < count < FIRMS for count in seen), seen
    assert await _enterprises(empty_store) == FIRMS


@pytest.mark.parametrize("commit", [CommitMode.ONCE, CommitMode.BATCHES], ids=str)
async def test_a_failing_import_leaves_nothing_either_way(
    empty_store: GraphStore, tmp_path: Path, commit: CommitMode
) -> None:
    await load_base(empty_store)
    before = await empty_store.export_graph()
    # A failure while writing, five batches in (as a full disk or a lost connection).
    options = ImportOptions(batch_size=BATCH, commit=commit)

    def on_progress(phase: str, done: int, total: int | None) -> None:
        if phase == "writing entities" and done >= 5 * BATCH:
            raise RuntimeError("the disk is full")

    with pytest.raises(ImportFailed) as failed:
        await import_files(empty_store, [_firms_file(tmp_path)], options, on_progress=on_progress)
    assert "the disk is full" in str(failed.value)
    assert failed.value.summary.rolled_back
    assert await empty_store.export_graph() == before


async def test_subscribers_hear_an_import_once_it_has_committed(
    empty_store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = empty_store.change_feed
    progress = {"done": 0, "total": 1}
    published: list[tuple[int, bool]] = []  # (events, whether batches were still to come)
    publish = feed.publish

    def recording_publish(events: Sequence[ChangeEvent]) -> None:
        published.append((len(events), progress["done"] < progress["total"]))
        publish(events)

    monkeypatch.setattr(feed, "publish", recording_publish)

    def on_progress(phase: str, done: int, total: int | None) -> None:
        if phase == "writing entities":
            progress.update(done=done, total=total or 0)

    async with feed.subscribe():
        await import_files(
            empty_store,
            [_firms_file(tmp_path)],
            ImportOptions(batch_size=BATCH),
            on_progress=on_progress,
        )
    assert published, "nothing was published"
    assert not any(early for _, early in published), published
    assert sum(count for count, _ in published) == FIRMS


async def test_a_change_made_while_an_import_writes(empty_store: GraphStore) -> None:
    """Neo4j takes other writes meanwhile; the embedded store has one writer, and refuses
    them with a clear STORE_UNAVAILABLE to try again."""
    firm = NodeRecord(
        id="enterprise:during", kind=NodeKind.ENTERPRISE, name_en="During", source=SOURCE
    )
    outside = contextvars.Context()
    async with empty_store.one_transaction():
        change = ChangeSet(nodes=[firm])
        attempt = asyncio.create_task(empty_store.apply(change), context=outside)
        if empty_store.backend == "embedded":
            with pytest.raises(GraphApiError) as refused:
                await attempt
            assert refused.value.code is ErrorCode.STORE_UNAVAILABLE
            assert "import is being written" in refused.value.message
        else:
            await attempt
    expected = {} if empty_store.backend == "embedded" else {"enterprise:during": firm}
    assert await empty_store.get_nodes(["enterprise:during"]) == expected


async def test_an_import_killed_outright_on_neo4j_leaves_nothing(
    neo4j_server: Neo4jServer, tmp_path: Path
) -> None:
    """Neo4j drops the transaction of a client that vanished. (The embedded store's case
    is in test_import_signals.py.)"""
    count = 60_000  # about 15 s of writing: the kill comes well before the end
    path = _firms_file(tmp_path, count=count, prefix="kill")
    process = await neo4j_server.graph_api(
        *("import", str(path), "--store", "neo4j", "--batch-size", "100", "--commit", "once"),
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    first = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
    assert re.match(r"Import \S+ \(commit: once", first), first
    store = Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password)
    await store.connect()
    try:
        await _until_writing(store)  # the kill must come while the run writes
        process.send_signal(signal.SIGKILL)
        await process.wait()
        ids = [f"enterprise:kill-{i:05d}" for i in range(0, count, 97)]
        assert await store.get_nodes(ids) == {}
    finally:
        await store.close()


def test_the_threshold_is_a_setting(tmp_path: Path) -> None:
    """GRAPH_API_IMPORT_TRANSACTION_ROWS moves where an import turns to batches (that
    hold every service's readers off, and say so)."""
    path = _firms_file(tmp_path, count=10, prefix="setting")
    runner = CliRunner()
    store = ["--embedded-path", str(tmp_path / "store")]
    small = runner.invoke(app, ["import", str(path), *store])
    assert small.exit_code == 0, small.output
    assert "in one transaction" in small.output
    again = _firms_file(tmp_path, count=12, prefix="setting")  # 2 new rows, 10 unchanged
    env = {"GRAPH_API_IMPORT_TRANSACTION_ROWS": "5"}
    large = runner.invoke(app, ["import", str(again), *store], env=env)
    assert large.exit_code == 0, large.output
    # Beyond it: batches, with every service process told to refuse requests meanwhile.
    said = " ".join(large.output.split())  # as one line, however the console wrapped it
    assert "batch by batch, readers held off until it ended" in said
    assert "refuses requests while the import is checked and written" in said


async def test_an_import_too_large_for_one_transaction_says_what_to_do(
    tmp_path: Path,
) -> None:
    """A run in one transaction that reaches Neo4j's transaction memory limit (70% of the
    heap: here a small Neo4j of its own) leaves nothing written and a message naming the
    ways round it. Left to choose (AUTO), the importer knows from the server's memory
    that the run does not fit, and commits it batch by batch instead."""
    big = _firms_file(tmp_path, count=40_000, prefix="big")
    with LocalNeo4j(jvm_options=("-Xms192m", "-Xmx192m"), quiet=True) as small:
        store = Neo4jStore(small.uri, small.user, small.password)
        await store.connect()
        try:
            with pytest.raises(ImportFailed) as failed:
                await import_files(store, [big], ImportOptions(commit=CommitMode.ONCE))
            assert sum((await store.count_nodes()).values()) == 0
            # 192 MiB: about 8,000 rows, where the fixed 40,000 would have chosen one
            # transaction for this run, and failed as above.
            assert FEWEST_ROWS < store.one_transaction_rows < 12_000
            summary = await import_files(store, [big], ImportOptions())
            assert summary.written
            assert not summary.one_transaction
            assert await _enterprises(store) == 40_000
        finally:
            await store.close()
    message = str(failed.value)
    assert "too large for one transaction" in message
    assert "--commit batches" in message
    assert "GRAPH_API_IMPORT_TRANSACTION_ROWS" in message
    assert failed.value.summary.rolled_back


async def test_a_run_in_one_transaction_is_recorded_when_it_commits(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    """Its change records carry the commit's time, not each batch's: other processes'
    change relays read the trail by time and look back only a few seconds."""
    last_planned: list[str] = []

    def on_progress(phase: str, done: int, total: int | None) -> None:
        if phase == "writing entities" and done == total:
            last_planned.append(utc_now())

    summary = await import_files(
        empty_store,
        [_firms_file(tmp_path)],
        ImportOptions(batch_size=BATCH),
        on_progress=on_progress,
    )
    changes = await empty_store.batch_changes(summary.run_id, FIRMS + 1)
    assert len(changes) == FIRMS
    assert len({change.at for change in changes}) == 1
    assert changes[0].at >= last_planned[0]


async def _until_writing(store: Neo4jStore) -> None:
    """Wait (up to a minute) until some transaction on the Neo4j runs an import's write."""
    show = "SHOW TRANSACTIONS YIELD currentQuery RETURN collect(currentQuery) AS queries"
    for _ in range(600):
        rows = await store.read_text("show_transactions", show, {})
        if any("UNWIND $rows" in query for query in rows[0]["queries"]):
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the import never began writing")
