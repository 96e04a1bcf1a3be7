"""An import that will hold every process's readers off begins to hold while its rows are
still being checked (``transfer/importer.py``), so that the wait for every process to see
it overlaps the check; one that then writes nothing lets the hold go at once."""

from __future__ import annotations

import asyncio
import csv
import functools
from pathlib import Path

import pytest

from graph_api.domain import NodeKind
from graph_api.store.base import GraphStore
from graph_api.transfer.importer import CommitMode, ImportOptions, import_files
from graph_api.transfer.journal import ImportJournal
from graph_api.transfer.report import ImportFailed
from tests.editing_support import SOURCE

FIRMS = 60


def _firms_file(folder: Path, bad_last_row: bool = False) -> Path:
    path = folder / "firms.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name_en", "source"])
        writer.writerows([f"enterprise:hold-{i:05d}", f"Firm {i}", SOURCE] for i in range(FIRMS))
        if bad_last_row:
            writer.writerow(["enterprise:hold-bad", "", SOURCE])  # a name is required
    return path


async def test_a_held_import_begins_to_hold_while_its_rows_are_checked(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    events: list[str] = []

    async def hold() -> None:
        events.append("hold begins")
        await asyncio.sleep(0.2)
        events.append("hold settled")

    def on_progress(phase: str, done: int, total: int | None) -> None:
        events.append(phase)

    options = ImportOptions(transaction_rows=10, batch_size=10)
    summary = await import_files(
        empty_store, [_firms_file(tmp_path)], options, on_progress=on_progress, before_batches=hold
    )
    assert summary.held_readers
    assert events.count("hold begins") == 1
    begun = events.index("hold begins")
    last_checked = max(i for i, phase in enumerate(events) if phase.startswith("checking"))
    first_write = events.index("writing entities")
    assert begun < last_checked, "the hold began only after every row was checked"
    assert events.index("hold settled") < first_write, "a row was written before the hold"
    assert (await empty_store.count_nodes()).get(NodeKind.ENTERPRISE, 0) == FIRMS


async def test_a_rejected_import_lets_its_hold_go_without_waiting_it_out(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    journal = ImportJournal(empty_store)
    journal.hold_settle_seconds = 3_600  # waited out, the test would time out below
    options = ImportOptions(run_id="held-rejected", transaction_rows=10, batch_size=10)
    with pytest.raises(ImportFailed, match="1 rows rejected"):
        async with asyncio.timeout(60), journal.running("held-rejected"):
            await import_files(
                empty_store,
                [_firms_file(tmp_path, bad_last_row=True)],
                options,
                before_batches=functools.partial(journal.hold_readers, "held-rejected"),
            )
    assert await empty_store.import_run_notes() == []  # the run, and its hold, are gone
    assert sum((await empty_store.count_nodes()).values()) == 0


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
