"""The import's progress bars: drawn at most ten times a second, yet every bar ends at
its phase's last count, and a phase that a later one follows ends full."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from graph_api.transfer import console
from graph_api.transfer.console import ProgressBars


def _bars() -> ProgressBars:
    return ProgressBars(Console(file=io.StringIO(), force_terminal=True))


def test_each_bar_ends_at_its_phase_last_count() -> None:
    with _bars() as bars:
        for done in range(1, 20_001):
            bars.update("checking links", done)
        for done in range(1, 301):
            bars.update("writing links", done, 1_000)  # cut short: the import stopped
    shown = {task.description: (task.completed, task.total) for task in bars.drawn}
    # The check was followed by the writes, so it ended full; the writes stopped at 300.
    assert shown == {"checking links": (20_000, 20_000), "writing links": (300, 1_000)}


def test_counts_between_draws_wait_for_the_next_draw(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console, "_REFRESH_SECONDS", 3_600.0)  # no second draw in the test
    with _bars() as bars:
        bars.update("checking entities", 1)
        drawn = bars.drawn[0].completed
        for done in range(2, 1_001):
            bars.update("checking entities", done)
        assert bars.drawn[0].completed == drawn == 1
    assert bars.drawn[0].completed == 1_000  # drawn as the bars closed
