"""Imports the service runs itself (the ``importRecords`` mutation, and ``graph-api import
--server``): the uploaded files are copied, a chunk at a time, to a private temporary
folder under their own names, imported as one run with the same checks, batches, dry
run and report as ``graph-api import`` (so a CSV export's ``links.csv`` may name the
entities of its ``nodes-*.csv``), and noted in the import journal, so a run written
batch by batch whose process is killed part-way is undone by the next sweep of a
process of the store (``graph_api.transfer.journal``).

The temporary folder's path never reaches the caller: every location and message in the
report names the file as it was uploaded.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from graph_api.store.base import GraphStore
from graph_api.transfer.formats import format_of
from graph_api.transfer.importer import ImportOptions, import_files
from graph_api.transfer.journal import ImportJournal
from graph_api.transfer.reader_hold import RunHold
from graph_api.transfer.report import ImportFailed, ImportSummary, RowAction, RowReport
from graph_api.transfer.run_ids import new_run_id
from graph_api.transfer.source import FileProblem

MAX_REPORTED_ROWS = 100  # rows listed in an answer; the totals count every row
MAX_FILES = 50  # files in one run: a CSV export is a dozen
_UNSAFE = re.compile(r"[^\w.\-]")
_CHUNK = 1 << 20


class UploadedFile(Protocol):
    """A file received with a request (Starlette's UploadFile is one)."""

    filename: str | None

    async def read(self, size: int = -1) -> bytes:
        """The next ``size`` bytes (all that is left when -1); b"" at the end."""
        ...


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
    store: GraphStore,
    uploads: Sequence[UploadedFile],
    options: ImportOptions,
) -> UploadReport:
    """Import uploaded files as one run. Rows rejected or a failed write give a report
    that says so (nothing stays written); a file that cannot be read raises
    ``FileProblem``."""
    names = [upload_name(str(upload.filename or "")) for upload in uploads]
    if not names:
        raise FileProblem("no file was sent: send one or more files to import.")
    if len(names) > MAX_FILES:
        raise FileProblem(f"{len(names)} files were sent; at most {MAX_FILES} go in one run.")
    if twice := sorted({name for name in names if names.count(name) > 1}):
        raise FileProblem(f"two files are named {twice[0]}: give each file its own name.")
    for name in names:
        format_of(Path(name))  # an unknown type is refused before anything is written
    run_id = options.run_id or new_run_id()
    options = dataclasses.replace(options, run_id=run_id)
    journal = ImportJournal(store)
    with tempfile.TemporaryDirectory(prefix="graph-api-upload-") as folder:
        paths = [Path(folder) / name for name in names]
        for upload, path in zip(uploads, paths, strict=True):
            await _save(upload, path)
        hidden = str(Path(folder)) + "/"
        as_uploaded = [Path(name) for name in names]
        report = UploadReport(ImportSummary(run_id=run_id, files=as_uploaded))

        def on_row(row: RowReport) -> None:
            report.add(
                RowReport(
                    row.location.replace(hidden, ""),
                    row.record,
                    row.action,
                    row.reason.replace(hidden, ""),
                )
            )

        try:
            async with journal.running(run_id, not options.dry_run):
                hold = RunHold(journal, run_id)
                report.summary = await import_files(store, paths, options, on_row, hold=hold)
        except ImportFailed as failed:  # nothing stayed written
            report.summary = failed.summary
            report.failure = str(failed).replace(hidden, "")
        except FileProblem as problem:
            raise FileProblem(str(problem).replace(hidden, "")) from None
        report.summary.files = as_uploaded
        report.rows.sort(key=lambda row: row.action is not RowAction.REJECTED)
        return report


async def _save(upload: UploadedFile, path: Path) -> None:
    """Copy an upload to ``path`` a chunk at a time (it may be tens of megabytes)."""
    with path.open("wb") as handle:
        while chunk := await upload.read(_CHUNK):
            handle.write(chunk)
