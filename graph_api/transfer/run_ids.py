"""The ids of import runs and restores, as noted in the store and named on command lines
and in the API."""

from __future__ import annotations

import datetime as dt
import re
import uuid

# Restores are noted as runs too (``ImportJournal.holding``), under ids that begin so.
RESTORE_PREFIX = "restore-"

_RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}")


def new_run_id() -> str:
    """A sortable, unique id for one import run."""
    return f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def restore_run_id() -> str:
    """A new id under which a restore is noted while it holds readers off."""
    return f"{RESTORE_PREFIX}{new_run_id()}"


def is_run_id(text: str) -> bool:
    """Whether ``text`` can be an import run's id (command lines and the API take them;
    they never hold a path or a quote)."""
    return _RUN_ID.fullmatch(text) is not None and ".." not in text
