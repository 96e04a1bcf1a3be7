"""An analyst's API key for the benchmarks' own API servers, in a keys file of their own
(the analytics questions need the analyst role; anonymous callers are viewers)."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from graph_api.auth.api_keys import KeyRing
from graph_api.auth.roles import Role


@functools.cache
def bench_access() -> tuple[str, dict[str, str]]:
    """(keys file for the servers, headers for the clients), made once per run."""
    folder = Path(tempfile.mkdtemp(prefix="graph-api-bench-keys-"))
    atexit.register(shutil.rmtree, folder, True)
    keys_file = folder / "api-keys.json"
    key = KeyRing(keys_file).create("bench", Role.ANALYST)[1]
    return str(keys_file), {"Authorization": f"Bearer {key}"}


@functools.cache
def bench_editor_headers() -> dict[str, str]:
    """Headers of an editor's key in the same keys file (the soak's edits need one);
    ask before starting a server, which reads the file when it starts."""
    key = KeyRing(Path(bench_access()[0])).create("bench-editor", Role.EDITOR)[1]
    return {"Authorization": f"Bearer {key}"}
