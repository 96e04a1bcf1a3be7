"""An import that will hold every process's readers off begins to hold before or while its
rows are checked (``transfer/importer.py``), so that the wait for every process to see it
overlaps the check; one that then writes nothing lets the hold go at once."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import json
import os
from pathlib import Path

import pytest

from graph_api.domain import NodeKind
from graph_api.errors import ErrorCode, GraphApiError
from graph_api.store.base import GraphStore
from graph_api.store.run_notes import RunNote
from graph_api.transfer.formats import most_rows
from graph_api.transfer.importer import CommitMode, ImportOptions, import_files
from graph_api.transfer.journal import ImportJournal
from graph_api.transfer.reader_hold import RunHold
from graph_api.transfer.report import ImportFailed
from graph_api.transfer.run_liveness import MACHINE
from graph_api.transfer.source import FileProblem
from tests.editing_support import SOURCE

FIRMS = 60


def _firms_file(folder: Path, bad_last_row: bool = False, count: int = FIRMS) -> Path:
    path = folder / "firms.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name_en", "source"])
        writer.writerows([f"enterprise:hold-{i:05d}", f"Firm {i}", SOURCE] for i in range(count))
        if bad_last_row:
            writer.writerow(["enterprise:hold-bad", "", SOURCE])  # a name is required
    return path


class _Timeline:
    """A hold that notes nothing, and what the import did around it, in order: its
    progress phases, and the hold's beginning, settling and release."""

    def __init__(self) -> None:
        self.events: list[str] = []

    async def begin(self) -> None:
        self.events.append("hold begins")
        await asyncio.sleep(0.2)
        self.events.append("hold settled")

    async def release(self) -> None:
        self.events.append("hold released")

    def on_progress(self, phase: str, done: int, total: int | None) -> None:
        self.events.append(phase)

    def first(self, prefix: str) -> int:
        return next(i for i, event in enumerate(self.events) if event.startswith(prefix))

    def last(self, prefix: str) -> int:
        return max(i for i, event in enumerate(self.events) if event.startswith(prefix))


class _Recorded:
    """A real hold, and whether it began and was released."""

    def __init__(self, hold: RunHold) -> None:
        self.hold, self.events = hold, list[str]()

    async def begin(self) -> None:
        self.events.append("begin")
        await self.hold.begin()

    async def release(self) -> None:
        self.events.append("release")
        await self.hold.release()


async def _held_import(store: GraphStore, path: Path) -> _Timeline:
    timeline = _Timeline()
    options = ImportOptions(transaction_rows=10, batch_size=10)
    summary = await import_files(
        store, [path], options, on_progress=timeline.on_progress, hold=timeline
    )
    assert summary.held_readers
    assert timeline.events.count("hold begins") == 1
    assert "hold released" not in timeline.events
    assert timeline.first("hold settled") < timeline.first("writing"), "written before the hold"
    assert (await store.count_nodes()).get(NodeKind.ENTERPRISE, 0) == FIRMS
    return timeline


async def test_a_held_import_of_more_lines_than_a_transaction_holds_before_its_check(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    timeline = await _held_import(empty_store, _firms_file(tmp_path))
    assert timeline.first("hold begins") < timeline.first("checking")


async def test_a_held_import_of_a_json_document_holds_once_it_has_read_enough_rows(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    """A JSON document's lines say nothing of its records: the hold begins once the check
    has read more rows than one transaction takes, still before the check ends."""
    path = tmp_path / "firms.json"
    nodes = [
        {"id": f"enterprise:hold-{i:05d}", "name_en": f"Firm {i}", "source": SOURCE}
        for i in range(FIRMS)
    ]
    document = {"dataset": "firms", "sample": False, "nodes": nodes, "links": []}
    path.write_text(json.dumps(document), encoding="utf-8")
    timeline = await _held_import(empty_store, path)
    begun = timeline.first("hold begins")
    assert timeline.first("checking") < begun < timeline.last("checking")


def test_the_most_rows_of_line_files_are_their_lines(tmp_path: Path) -> None:
    csv_file = _firms_file(tmp_path)  # a header and FIRMS rows, each ending in a newline
    lines = tmp_path / "firms.jsonl"
    lines.write_text('{"id": "enterprise:a"}\n{"id": "enterprise:b"}', encoding="utf-8")
    assert most_rows([csv_file]) == FIRMS + 2
    assert most_rows([csv_file, lines]) == FIRMS + 2 + 2
    document = tmp_path / "firms.json"
    document.write_text("{}", encoding="utf-8")
    assert most_rows([csv_file, document]) is None


async def test_a_rejected_import_lets_its_hold_go_without_waiting_it_out(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    journal = ImportJournal(empty_store)
    journal.hold_settle_seconds = 3_600  # waited out, the test would time out below
    hold = _Recorded(RunHold(journal, "held-rejected"))
    options = ImportOptions(run_id="held-rejected", transaction_rows=10, batch_size=10)
    with pytest.raises(ImportFailed, match="1 rows rejected"):
        async with asyncio.timeout(60), journal.running("held-rejected"):
            await import_files(
                empty_store, [_firms_file(tmp_path, bad_last_row=True)], options, hold=hold
            )
    assert hold.events == ["begin", "release"]
    assert await empty_store.import_run_notes() == []  # the run, and its hold, are gone
    assert sum((await empty_store.count_nodes()).values()) == 0


async def test_a_file_that_cannot_be_read_after_the_hold_began_leaves_nobody_held(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    """A run that fails otherwise than by rejecting rows is left for a sweep (abandoned),
    but its note must not shut every process's doors for a run that wrote nothing."""
    journal = ImportJournal(empty_store)
    journal.hold_settle_seconds = 0
    links = tmp_path / "links.csv"
    links.write_text("type,from,to,colour\n", encoding="utf-8")  # an unknown column
    hold = _Recorded(RunHold(journal, "held-unreadable"))
    options = ImportOptions(run_id="held-unreadable", transaction_rows=10, batch_size=10)
    with pytest.raises(FileProblem, match="unknown column 'colour'"):
        async with journal.running("held-unreadable"):
            await import_files(empty_store, [_firms_file(tmp_path), links], options, hold=hold)
    assert hold.events == ["begin", "release"]
    (note,) = await empty_store.import_run_notes()
    assert note.run_id == "held-unreadable"
    assert not note.holds_readers
    await journal.end("held-unreadable")


async def test_an_import_of_fewer_valid_rows_than_lines_lets_the_hold_go(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    """Lines are counted generously (the header, a last line): a run of exactly one
    transaction's rows begins to hold, then is written in one transaction, let go."""
    timeline = _Timeline()
    options = ImportOptions(transaction_rows=FIRMS, batch_size=10)
    summary = await import_files(
        empty_store,
        [_firms_file(tmp_path)],
        options,
        on_progress=timeline.on_progress,
        hold=timeline,
    )
    assert summary.one_transaction
    assert not summary.held_readers
    assert timeline.first("hold begins") < timeline.first("hold released")
    assert timeline.first("hold released") < timeline.first("writing")


async def test_an_import_refused_its_hold_is_refused_before_it_writes(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    """Another process's held run is writing: the hold, begun before the check, is
    refused with STORE_UNAVAILABLE naming that run, and nothing is written."""
    now = dt.datetime.now(dt.UTC).isoformat()
    other = RunNote("held-elsewhere", MACHINE, os.getppid(), "another", now, now, True)
    await empty_store.note_import_run(other)
    journal = ImportJournal(empty_store)
    options = ImportOptions(run_id="held-refused", transaction_rows=10, batch_size=10)
    with pytest.raises(GraphApiError, match="held-elsewhere is writing") as refused:
        async with journal.running("held-refused"):
            await import_files(
                empty_store,
                [_firms_file(tmp_path, count=100)],
                options,
                hold=RunHold(journal, "held-refused"),
            )
    assert refused.value.code is ErrorCode.STORE_UNAVAILABLE
    assert (await empty_store.count_nodes()).get(NodeKind.ENTERPRISE, 0) == 0
    await empty_store.forget_import_run("held-elsewhere")
    await journal.end("held-refused")


class _Refused:
    """A hold refused one turn of the event loop after it begins, as a real one is
    when another run holds readers off; the refusal's timing is then known exactly."""

    async def begin(self) -> None:
        await asyncio.sleep(0)
        raise GraphApiError(ErrorCode.STORE_UNAVAILABLE, "held-elsewhere is writing")

    async def release(self) -> None:
        """Nothing was noted."""


async def test_an_import_refused_its_hold_stops_checking_at_once(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    """Once the refusal is known, the check stops at its next batch instead of reading
    every row first (a race against the real store's refusal failed on a slow CI
    machine, so the refusal's timing is fixed here)."""
    checked: list[int] = []
    rows = 5_000
    options = ImportOptions(run_id="held-refused", transaction_rows=10, batch_size=10)
    with pytest.raises(GraphApiError, match="held-elsewhere is writing"):
        await import_files(
            empty_store,
            [_firms_file(tmp_path, count=rows)],
            options,
            on_progress=lambda phase, done, total: checked.append(done),
            hold=_Refused(),
        )
    assert checked, "the check never began"
    assert max(checked) <= 3 * options.batch_size, (
        f"{max(checked)} of {rows} rows were checked after the refusal was known"
    )


@pytest.mark.parametrize(
    ("options", "after"),
    [
        (ImportOptions(commit=CommitMode.AUTO, transaction_rows=40_000), 40_001),
        (ImportOptions(commit=CommitMode.HELD), 1),
        (ImportOptions(commit=CommitMode.ONCE), None),
        (ImportOptions(commit=CommitMode.BATCHES), None),
        (ImportOptions(commit=CommitMode.HELD, dry_run=True), None),
    ],
)
async def test_when_each_commit_mode_begins_to_hold(
    empty_store: GraphStore, options: ImportOptions, after: int | None
) -> None:
    assert options.hold_after(empty_store) == after
