"""Imports the service runs itself (the ``importRecords`` mutation, and ``graph-api import
--server``): the uploaded file is written to a private temporary folder under its own
name, imported with the same checks, batches, dry run and report as ``graph-api
import``, and noted in the import journal, so a process killed part-way has the run
undone when the service next starts.

The temporary folder's path never reaches the caller: every location and message in the
report names the file as it was uploaded.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from graph_api.config import Settings
from graph_api.store.base import GraphStore
from graph_api.transfer.formats import format_of
from graph_api.transfer.importer import ImportOptions, import_files, new_run_id
from graph_api.transfer.journal import ImportJournal, store_identity
from graph_api.transfer.report import ImportFailed, ImportSummary, RowAction, RowReport
from graph_api.transfer.source import FileProblem

MAX_REPORTED_ROWS = 100  # rows listed in an answer; the totals count every row
_UNSAFE = re.compile(r"[^\w.\-]")


@dataclass
class UploadReport:
    """What an uploaded import did: its totals, and the rows worth reading (rejected
    ones first, then the others, at most ``MAX_REPORTED_ROWS``)."""

    summary: ImportSummary
    rows: list[RowReport] = field(default_factory=list)
    failure: str | None = None

    def add(self, row: RowReport) -> None:
        """Keep a row for the answer while there is room (rejected rows make room)."""
        if len(self.rows) < MAX_REPORTED_ROWS:
            self.rows.append(row)
        elif row.action is RowAction.REJECTED:
            kept = next(
                (i for i, r in enumerate(self.rows) if r.action is not RowAction.REJECTED), None
            )
            if kept is not None:
                self.rows[kept] = row


def upload_name(filename: str) -> str:
    """The uploaded file's own name, made safe to write (no folders, plain characters)."""
    name = _UNSAFE.sub("_", Path(filename or "upload").name)[-100:]
    return name if name.strip("._") else "upload"


async def import_upload(
    store: GraphStore, settings: Settings, filename: str, content: bytes, options: ImportOptions
) -> UploadReport:
    """Import one uploaded file. Rows rejected or a failed write give a report that says
    so (nothing stays written); a file that cannot be read raises ``FileProblem``."""
    name = upload_name(filename)
    format_of(Path(name))  # an unknown type is refused before anything is written
    run_id = options.run_id or new_run_id()
    options = ImportOptions(
        actor=options.actor,
        dry_run=options.dry_run,
        skip_invalid=options.skip_invalid,
        batch_size=options.batch_size,
        run_id=run_id,
    )
    journal = ImportJournal(Path(settings.import_journal_dir))
    with tempfile.TemporaryDirectory(prefix="graph-api-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        hidden = str(Path(folder)) + "/"
        report = UploadReport(ImportSummary(run_id=run_id, files=[Path(name)]))

        def on_row(row: RowReport) -> None:
            report.add(
                RowReport(
                    row.location.replace(hidden, ""),
                    row.record,
                    row.action,
                    row.reason.replace(hidden, ""),
                )
            )

        if not options.dry_run:
            journal.begin(run_id, store_identity(settings))
        try:
            report.summary = await import_files(store, [path], options, on_row)
        except (ImportFailed, asyncio.CancelledError) as failed:  # nothing stayed written
            journal.end(run_id)
            if isinstance(failed, asyncio.CancelledError):
                raise
            report.summary = failed.summary
            report.failure = str(failed).replace(hidden, "")
        except FileProblem as problem:
            journal.end(run_id)
            raise FileProblem(str(problem).replace(hidden, "")) from None
        else:
            journal.end(run_id)
        report.summary.files = [Path(name)]
        report.rows.sort(key=lambda row: row.action is not RowAction.REJECTED)
        return report
