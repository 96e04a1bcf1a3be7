"""Whether an import run's note still has somebody writing or undoing it.

A note names an interrupted run when it was abandoned, when its process has ended
(asked where pids can be asked: the same machine and process namespace, ``MACHINE``; a
hostname alone is shared by every replica of a pinned container name), or when it has
not said it was alive for ``LEASE_SECONDS`` (clocks may differ by less than that), or
``HELD_LEASE_SECONDS`` for a run that holds every service's readers off. The journal
(``graph_api.transfer.journal``) writes the notes; this module only judges them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import uuid
from pathlib import Path

from graph_api.store.run_notes import RunNote

LEASE_SECONDS = 600.0
ABANDONED = "1970-01-01T00:00:00+00:00"  # a heartbeat that is stale for everyone
# A run that holds readers off is waited for by every service process: it beats often,
# and a silence of HELD_LEASE_SECONDS (clocks may differ by less) ends the wait.
HELD_LEASE_SECONDS = 30.0


def _machine() -> str:
    """Where this process's pid means something: the host, its boot, its pid namespace
    (a container's own; pids of two containers are not comparable)."""
    parts = [socket.gethostname()]
    with contextlib.suppress(OSError):
        parts.append(Path("/proc/sys/kernel/random/boot_id").read_text().strip())
    with contextlib.suppress(OSError):
        parts.append(str(os.stat("/proc/self/ns/pid").st_ino))
    return "|".join(parts)


MACHINE = _machine()
# This process, told apart from an earlier one that had the same pid (a container's
# service is pid 1 after every restart; pids are reused).
THIS_PROCESS = uuid.uuid4().hex
# The runs this process is writing or undoing now. A note of this process naming any
# other run (an undo that failed, a run whose end could not be recorded) is nobody's.
ACTIVE: set[str] = set()


def is_gone(note: RunNote, now: dt.datetime) -> bool:
    """Whether ``note``'s run has nobody writing or undoing it any more, at ``now``."""
    if note.heartbeat == ABANDONED:
        return True
    if note.process == THIS_PROCESS:
        return note.run_id not in ACTIVE  # ours: alive only while we are at it
    if note.host == MACHINE:
        if note.pid == os.getpid():
            return True  # an earlier process that had this pid
        try:
            os.kill(note.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:  # alive, and someone else's
            pass
        # A live pid that stopped saying so long ago is another process's now.
        return note.holds_readers and silent_for(note, now) > LEASE_SECONDS
    # Another machine's run: its process cannot be asked, only its silence heard.
    return silent_for(note, now) > (HELD_LEASE_SECONDS if note.holds_readers else LEASE_SECONDS)


def silent_for(note: RunNote, now: dt.datetime) -> float:
    """Seconds since the note's run last said it was alive (0 for a time the journal did
    not write: such a note is left be)."""
    try:
        return (now - dt.datetime.fromisoformat(note.heartbeat)).total_seconds()
    except (ValueError, TypeError):
        return 0.0
