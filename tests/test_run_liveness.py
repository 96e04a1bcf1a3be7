"""Unit tests of the judgement of whether an import run's note is still somebody's."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from graph_api.store.run_notes import RunNote
from graph_api.transfer import run_liveness
from graph_api.transfer.run_liveness import (
    ABANDONED,
    HELD_LEASE_SECONDS,
    LEASE_SECONDS,
    MACHINE,
    THIS_PROCESS,
    is_gone,
    silent_for,
)

NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)


def _ago(seconds: float) -> str:
    return (NOW - dt.timedelta(seconds=seconds)).isoformat()


def _note(
    heartbeat: str,
    host: str = "elsewhere",
    pid: int = 1,
    process: str = "other",
    holds_readers: bool = False,
) -> RunNote:
    return RunNote("run-1", host, pid, process, heartbeat, heartbeat, holds_readers)


def _ended_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(child.stdout)


def test_an_abandoned_run_is_gone_whoever_noted_it() -> None:
    assert is_gone(_note(ABANDONED, host=MACHINE, pid=os.getpid(), process=THIS_PROCESS), NOW)


def test_another_machines_run_is_gone_only_after_its_lease() -> None:
    assert not is_gone(_note(_ago(LEASE_SECONDS - 5)), NOW)
    assert is_gone(_note(_ago(LEASE_SECONDS + 5)), NOW)


def test_a_run_holding_readers_off_has_the_shorter_lease() -> None:
    assert not is_gone(_note(_ago(HELD_LEASE_SECONDS - 5), holds_readers=True), NOW)
    assert is_gone(_note(_ago(HELD_LEASE_SECONDS + 5), holds_readers=True), NOW)


def test_this_processs_run_is_alive_only_while_it_is_at_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    note = _note(_ago(0), host=MACHINE, pid=os.getpid(), process=THIS_PROCESS)
    monkeypatch.setattr(run_liveness, "ACTIVE", {"run-1"})
    assert not is_gone(note, NOW)
    monkeypatch.setattr(run_liveness, "ACTIVE", set())
    assert is_gone(note, NOW)


def test_on_this_machine_a_run_whose_process_ended_is_gone_at_once() -> None:
    assert is_gone(_note(_ago(0), host=MACHINE, pid=_ended_pid()), NOW)


def test_on_this_machine_a_live_process_keeps_its_run_however_long_silent() -> None:
    parent = os.getppid()  # alive, and not this process
    assert not is_gone(_note(_ago(LEASE_SECONDS * 10), host=MACHINE, pid=parent), NOW)
    # ...unless it held readers off: a pid reused since by another process.
    assert is_gone(
        _note(_ago(LEASE_SECONDS + 5), host=MACHINE, pid=parent, holds_readers=True), NOW
    )


def test_an_earlier_process_with_this_pid_left_its_run() -> None:
    assert is_gone(_note(_ago(0), host=MACHINE, pid=os.getpid(), process="earlier"), NOW)


def test_a_heartbeat_the_journal_did_not_write_counts_as_just_now() -> None:
    assert silent_for(_note("not a time"), NOW) == 0.0
    assert not is_gone(_note("not a time"), NOW)
