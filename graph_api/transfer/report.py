"""What an import did, row by row and in total, and the per-row CSV report file."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO


class RowAction(StrEnum):
    """What an import did (or, in a dry run, would do) with one row."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


@dataclass(frozen=True)
class RowReport:
    """One row's fate: where it is, what record it names, what happened and why."""

    location: str
    record: str
    action: RowAction
    reason: str = ""


@dataclass
class ImportSummary:
    """The totals of an import run (its change records carry ``run_id`` as their batch)."""

    run_id: str
    files: list[Path]
    dry_run: bool = False
    counts: dict[RowAction, int] = field(default_factory=lambda: dict.fromkeys(RowAction, 0))
    rows: int = 0  # rows read (a row rejected stops the import before the rest are counted)
    written: bool = False
    rolled_back: bool = False
    one_transaction: bool = False  # written as one transaction (else batch by batch)
    held_readers: bool = False  # batch by batch with every service's readers held off
    error: str | None = None

    def describe(self) -> str:
        """One line: the totals and whether anything was written."""
        totals = ", ".join(f"{count} {action.value}" for action, count in self.counts.items())
        if self.dry_run:
            outcome = "dry run: nothing written"
        elif self.rolled_back:
            outcome = "failed and undone: the graph is as it was"
        elif self.written:
            how = (
                "in one transaction"
                if self.one_transaction
                else "batch by batch, readers held off until it ended"
                if self.held_readers
                else "batch by batch"
            )
            outcome = f"written as import {self.run_id}, {how}"
        else:
            outcome = "nothing written"
        return f"{self.rows} rows: {totals}; {outcome}"


class ImportFailed(Exception):
    """An import that wrote nothing (rows rejected) or undid what it wrote (an error)."""

    def __init__(self, summary: ImportSummary, message: str) -> None:
        super().__init__(message)
        self.summary = summary


RowCallback = Callable[[RowReport], None]
ProgressCallback = Callable[[str, int, int | None], None]  # (phase, rows done, rows in all)


class ReportFile:
    """Writes every row's report to a CSV file as it comes (the file can be very long)."""

    def __init__(self, path: Path) -> None:
        self._handle: IO[str] = path.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._handle)
        self._writer.writerow(["location", "record", "action", "reason"])

    def __call__(self, row: RowReport) -> None:
        """Append one row."""
        self._writer.writerow([row.location, row.record, row.action.value, row.reason])

    def close(self) -> None:
        """Finish the file."""
        self._handle.close()
