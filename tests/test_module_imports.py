"""Every top-level module and package of graph_api imports on its own, in a fresh
interpreter: no import cycle hides behind the order in which the app happens to import
things (graph_api.events once failed unless graph_api.store came first)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import graph_api

TOP_LEVEL = sorted(f"graph_api.{m.name}" for m in pkgutil.iter_modules(graph_api.__path__))


def test_the_list_is_not_empty() -> None:
    assert {"graph_api.events", "graph_api.store", "graph_api.app"} <= set(TOP_LEVEL)


@pytest.mark.parametrize("module", TOP_LEVEL)
def test_a_module_imports_on_its_own(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
