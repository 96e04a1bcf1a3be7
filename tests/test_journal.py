"""The import journal: a run is noted while it writes, forgotten when it ends (even with
an error, which the importer undid), kept when it is cut off (its undo may not have
finished), and a note whose process is gone names an interrupted run."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest

from graph_api.transfer.journal import ImportJournal

STORE = "embedded:/tmp/graph"


def _notes(folder: Path) -> list[str]:
    return sorted(path.stem for path in folder.glob("*.json"))


def test_a_run_is_noted_while_it_runs_and_forgotten_when_it_ends(tmp_path: Path) -> None:
    journal = ImportJournal(tmp_path)
    with journal.running("run-1", STORE):
        assert _notes(tmp_path) == ["run-1"]
    assert _notes(tmp_path) == []


def test_a_run_that_fails_is_forgotten_and_a_dry_run_never_noted(tmp_path: Path) -> None:
    journal = ImportJournal(tmp_path)
    with pytest.raises(ValueError, match="rows rejected"), journal.running("run-1", STORE):
        raise ValueError("rows rejected")
    with journal.running("run-2", STORE, noted=False):
        assert _notes(tmp_path) == []
    assert _notes(tmp_path) == []


@pytest.mark.parametrize("stop", [asyncio.CancelledError, KeyboardInterrupt])
def test_a_run_cut_off_stays_noted(tmp_path: Path, stop: type[BaseException]) -> None:
    journal = ImportJournal(tmp_path)
    with pytest.raises(stop), journal.running("run-1", STORE):
        raise stop()
    assert _notes(tmp_path) == ["run-1"]


def test_only_runs_whose_process_is_gone_are_interrupted(tmp_path: Path) -> None:
    journal = ImportJournal(tmp_path)
    journal.begin("alive", STORE)  # this very process
    journal.begin("other-store", "neo4j:bolt://elsewhere/neo4j")
    journal.begin("gone", STORE)
    note = json.loads((tmp_path / "gone.json").read_text(encoding="utf-8"))
    (tmp_path / "gone.json").write_text(json.dumps({**note, "pid": 2**22 + 1, "process": "x"}))
    (tmp_path / "not-ours.json").write_text("{}")
    assert [note.run_id for note in journal.interrupted(STORE)] == ["gone"]


def test_an_earlier_process_with_this_pid_is_gone(tmp_path: Path) -> None:
    """A container's service is pid 1 after every restart: the pid alone would take the
    run cut off before the restart for one still under way, and never undo it."""
    journal = ImportJournal(tmp_path)
    journal.begin("before-restart", STORE)
    journal.begin("running-now", STORE)
    note = json.loads((tmp_path / "before-restart.json").read_text(encoding="utf-8"))
    assert note["pid"] == os.getpid()
    (tmp_path / "before-restart.json").write_text(json.dumps({**note, "process": "earlier"}))
    assert [note.run_id for note in journal.interrupted(STORE)] == ["before-restart"]
