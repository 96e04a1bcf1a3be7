"""Terminal output of the import, export and generate commands: progress bars and reports."""

from __future__ import annotations

import math
import time
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from graph_api.transfer.report import ImportSummary, RowAction, RowReport

_REFRESH_SECONDS = 0.1
SHOWN_ROWS = 100  # an import this small has every row shown; a larger one, only problems
SHOWN_PROBLEMS = 20


class ProgressBars:
    """One bar per phase (checking, writing, ...), updated at most ten times a second so
    a million-row import does not spend its time drawing."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("{task.description:<18}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            console=console,
        )
        self._tasks: dict[str, TaskID] = {}
        self._started: dict[str, float] = {}
        self._last: dict[str, float] = {}  # when each phase last moved: its rate stops there
        # Each phase's latest (done, total), given to the bar only when it is drawn: rich's
        # own update takes a lock and a few microseconds, which once a row added up to 5 µs
        # a row (0.6 s of a 125,000-row import's check, which nothing else overlaps).
        self._counts: dict[str, tuple[int, int | None]] = {}
        # The first update is drawn whatever the clock reads (monotonic time starts near 0
        # on a machine just booted).
        self._shown = -math.inf

    def __enter__(self) -> ProgressBars:
        self._progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        for phase in self._tasks:
            self._draw(phase)
        self._progress.stop()

    @property
    def drawn(self) -> list[Task]:
        """The bars as last drawn, one per phase, in the order the phases began."""
        return self._progress.tasks

    def update(self, phase: str, done: int, total: int | None = None) -> None:
        """Record progress; drawn when a tenth of a second has passed or a phase ends."""
        now = time.monotonic()
        if phase not in self._tasks:
            for earlier in self._tasks:  # a new phase ends the ones before it, as full
                finished = self._counts[earlier][0]
                self._counts[earlier] = (finished, finished)
                self._draw(earlier)
            self._tasks[phase] = self._progress.add_task(phase, total=total, rate="")
            self._started[phase] = now
        self._last[phase] = now
        self._counts[phase] = (done, total)
        if now - self._shown >= _REFRESH_SECONDS or done == total:
            self._shown = now
            self._draw(phase)

    def _draw(self, phase: str) -> None:
        done, total = self._counts[phase]  # every phase has a count before it is drawn
        elapsed = max(self._last[phase] - self._started[phase], 1e-3)
        self._progress.update(
            self._tasks[phase], completed=done, total=total, rate=f"{done / elapsed:,.0f} rows/s"
        )


class RowLog:
    """Keeps the rows worth printing: all of a small import, the problems of a large one."""

    def __init__(self) -> None:
        self.rows: list[RowReport] = []
        self.problems: list[RowReport] = []
        self.seen = 0

    def __call__(self, row: RowReport) -> None:
        """Take one row's report."""
        self.seen += 1
        if self.seen <= SHOWN_ROWS + 1:
            self.rows.append(row)
        if row.action is RowAction.REJECTED and len(self.problems) < SHOWN_PROBLEMS:
            self.problems.append(row)

    def print(self, console: Console, summary: ImportSummary, report_file: str | None) -> None:
        """Print every row (small imports) or the first problems, then the totals."""
        shown = self.rows if self.seen <= SHOWN_ROWS else self.problems
        for row in shown:  # plain lines: they survive narrow terminals, grep and logs
            line = f"{row.action.value:<9} {row.location}  {row.record}"
            if row.reason:
                line += f": {row.reason}"
            console.print(
                line,
                style="red" if row.action is RowAction.REJECTED else None,
                markup=False,
                highlight=False,
                emoji=False,  # "department:x" must not become an emoji
            )
        hidden = summary.counts[RowAction.REJECTED] - len(self.problems)
        if self.seen > SHOWN_ROWS and hidden > 0:
            console.print(f"... and {hidden} more rejected rows")
        if self.seen > SHOWN_ROWS and not report_file:
            console.print("Every row's outcome: run again with --report FILE.")
        console.print(summary.describe(), markup=False, emoji=False)
