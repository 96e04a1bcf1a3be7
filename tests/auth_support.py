"""API keys for the tests: one keys file for the whole session, and headers per role.

Imported by conftest before anything builds a ``Settings``, so every app the tests start
(in process or as a subprocess) reads this file through ``GRAPH_API_KEYS_FILE``.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from pathlib import Path

from graph_api.auth.api_keys import KeyRing
from graph_api.auth.roles import Role

KEYS_DIR = Path(tempfile.mkdtemp(prefix="graph-api-test-keys-"))
KEYS_FILE = KEYS_DIR / "api-keys.json"
os.environ["GRAPH_API_KEYS_FILE"] = str(KEYS_FILE)
atexit.register(shutil.rmtree, KEYS_DIR, True)
_RING = KeyRing(KEYS_FILE)


@functools.cache
def key_for(name: str, role: Role = Role.ADMIN) -> str:
    """An API key named ``name`` with ``role`` (made once per session)."""
    return _RING.create(name, role)[1]


def bearer(name: str, role: Role = Role.ADMIN) -> dict[str, str]:
    """Headers that authenticate as the key ``name``; changes record 'key:<name>'."""
    return {"Authorization": f"Bearer {key_for(name, role)}"}


def as_role(role: Role) -> dict[str, str]:
    """Headers of a caller holding exactly ``role``."""
    return bearer(f"test-{role.label}", role)


ADMIN_HEADERS = as_role(Role.ADMIN)
