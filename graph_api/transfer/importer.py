"""Bulk import: stream files in, validate every row first, then write in batches that
either all stay or are all undone.

1. Check: stream every entity row, then every link row, through the seed rules
   (``graph_api.domain.validation``); a link's ends must be entities of the import or of the
   store. Rejected rows are reported with their reason. By default one rejected row
   means nothing is written. (``graph_api.transfer.import_check``)
2. Write: the checked rows in batches (entities first, then links), as step 1 kept them
   (up to ``import_check.KEPT_ROWS`` rows; a larger run is streamed and checked again).
   Each batch reads what the store holds for its keys, so every row is reported as
   created, updated or unchanged; only changed rows are written, with one change record each
   (``UNWIND`` statements on both stores). Re-importing a file therefore writes nothing
   at all. The next batch is parsed while one is being written, and read and planned
   then too unless the two share a key; in one transaction (3.) the transaction takes
   reads and writes in turn, so only the parsing overlaps. (``graph_api.transfer.import_write``)
3. A run of up to ``GraphStore.one_transaction_rows`` valid rows (on Neo4j sized from
   the server's memory, ``store.neo4j_memory``; 500,000 on the embedded store; unless
   ``ImportOptions.transaction_rows`` says) is one
   transaction (``GraphStore.one_transaction``): readers see it when it has finished,
   all at once, and a run that fails, is stopped or is killed leaves nothing behind. A
   larger run would outgrow the store's transaction memory, so by default it commits
   batch by batch while every service process on the store holds its readers off
   (``hold``: ``transfer.reader_hold``, ``graph_api.held_runs``; begun
   before step 1 if the files have more lines than one transaction takes rows, or as
   soon as step 1 has read that many rows, so that its wait for every process to see
   it passes while the rows are checked), and
   a failed run is undone from its change records (each holds the record as it was
   before; see :func:`undo_import`). ``CommitMode`` forces any of these ways, or
   batches that readers see as they go, with the service answering meanwhile.

Beyond ``KEPT_ROWS`` rows, memory grows with the number of distinct entities, never with
the number of rows.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from graph_api.store.base import GraphStore
from graph_api.store.changes import utc_now
from graph_api.transfer.formats import SUFFIXES, most_rows
from graph_api.transfer.import_check import KEPT_ROWS, RowChecker
from graph_api.transfer.import_write import BatchWriter
from graph_api.transfer.reader_hold import EarlyHold, ReaderHold
from graph_api.transfer.report import (
    ImportFailed,
    ImportSummary,
    ProgressCallback,
    RowAction,
    RowCallback,
)
from graph_api.transfer.run_ids import new_run_id
from graph_api.transfer.source import FileProblem
from graph_api.transfer.undo import BATCH_SIZE, undo_import


class CommitMode(StrEnum):
    """How an import's batches commit."""

    AUTO = "auto"  # ONCE up to the store's one_transaction_rows, HELD beyond
    ONCE = "once"  # one transaction: seen all at once, nothing left if it fails
    HELD = "held"  # each batch on its own, readers held off until the end; undone if it fails
    BATCHES = "batches"  # each batch on its own: seen as it goes, undone if it fails


@dataclass(frozen=True)
class ImportOptions:
    """How to import: who the changes are recorded for, and what to do with bad rows."""

    actor: str = "import"
    dry_run: bool = False
    skip_invalid: bool = False  # write the valid rows even if some were rejected
    batch_size: int = BATCH_SIZE
    run_id: str | None = None  # default: a new one (new_run_id)
    commit: CommitMode = CommitMode.AUTO
    # Where AUTO turns from ONCE to BATCHES (None: the store's one_transaction_rows).
    transaction_rows: int | None = None
    # False for callers below admin: Person rows and their links are then rejected.
    personal_data: bool = True
    # Checked rows kept for writing; a larger run is read and checked again to write it.
    kept_rows: int = KEPT_ROWS

    def in_one_transaction(self, rows: int, store: GraphStore) -> bool:
        """Whether a run of ``rows`` valid rows into ``store`` is one transaction."""
        if self.commit is CommitMode.AUTO:
            limit = self.transaction_rows
            return rows <= (store.one_transaction_rows if limit is None else limit)
        return self.commit is CommitMode.ONCE

    def holds_readers(self, rows: int, store: GraphStore) -> bool:
        """Whether a run of ``rows`` valid rows holds readers off until it ends."""
        if self.commit is CommitMode.AUTO:
            return not self.in_one_transaction(rows, store)
        return self.commit is CommitMode.HELD

    def hold_after(self, store: GraphStore) -> int | None:
        """The number of rows read after which the run will hold readers off if they
        are all valid (None: it never does)."""
        if self.dry_run or self.commit in (CommitMode.ONCE, CommitMode.BATCHES):
            return None
        if self.commit is CommitMode.HELD:
            return 1
        limit = self.transaction_rows
        return (store.one_transaction_rows if limit is None else limit) + 1


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """The files to read: files as given, folders as every importable file in them."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            files.append(path)
        else:
            raise FileProblem(f"{path}: no such file or folder")
    return files


async def import_files(
    store: GraphStore,
    paths: Sequence[Path],
    options: ImportOptions | None = None,
    on_row: RowCallback | None = None,
    on_progress: ProgressCallback | None = None,
    hold: ReaderHold | None = None,
) -> ImportSummary:
    """Import the files into ``store``: all of their rows, or (on any failure) none.
    A run that holds readers off (``hold``: the callers' ``RunHold``) waits until its
    hold has settled before its first write, having begun it before the check (files
    with more lines than one transaction takes rows) or during it.

    Raises ImportFailed when rows were rejected (nothing is written unless
    ``skip_invalid``) or when writing failed (what was written is undone first).
    """
    options = options or ImportOptions()
    files = expand_paths(paths)
    run_id = options.run_id or new_run_id()
    summary = ImportSummary(run_id=run_id, files=files, dry_run=options.dry_run)
    checker = RowChecker(
        store,
        summary,
        options.batch_size,
        on_row,
        on_progress,
        options.personal_data,
        options.kept_rows,
    )
    early = EarlyHold(hold)
    hold_after = options.hold_after(store)
    checker.hold_after, checker.on_hold = hold_after, early.begin
    checker.between_batches = early.raise_if_refused
    try:
        if hold_after is not None and (most_rows(files) or 0) >= hold_after:
            early.begin()  # the files may well hold that many valid rows
            await asyncio.sleep(0)  # under way before the check, all CPU, holds the loop
        await checker.check()
        rejected = summary.counts[RowAction.REJECTED]
        if rejected and not options.skip_invalid:
            raise ImportFailed(summary, f"{rejected} rows rejected; nothing was written")
    except BaseException:
        await early.let_go()
        raise
    writer = BatchWriter(checker, actor=options.actor, dry_run=options.dry_run)
    valid = checker.valid["entities"] + checker.valid["links"]
    one_transaction = not options.dry_run and options.in_one_transaction(valid, store)
    summary.one_transaction = one_transaction
    summary.held_readers = not options.dry_run and options.holds_readers(valid, store)
    if summary.held_readers:
        await early.settled()
    else:  # begun for lines that were not all valid rows: one transaction after all
        await early.let_go()
    try:
        async with store.one_transaction() if one_transaction else contextlib.nullcontext():
            await writer.write(links=False)
            await writer.write(links=True)
            if one_transaction and summary.written:
                # Recorded when it becomes visible: the trail is read by time.
                await store.stamp_batch(run_id, utc_now())
    except BaseException as error:  # also Ctrl-C: never leave half an import behind
        if isinstance(error, asyncio.CancelledError | KeyboardInterrupt):
            summary.error = f"interrupted ({error or 'Ctrl-C'})"
        else:
            summary.error = f"{type(error).__name__}: {error}"
        if not options.dry_run:
            if not one_transaction:
                # Even if no batch reported success: one cut short may have committed.
                await undo_import(store, summary.run_id, on_progress=on_progress)
            summary.rolled_back, summary.written = True, False
        raise ImportFailed(summary, f"the import failed and was undone: {summary.error}") from error
    return summary
