"""bench/rebuild_stalls.py stays runnable: on the seed data it asks during the first
structure build and after it, and reports both (a check that it runs, not of the
figures)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.rebuild_stalls import measure, table
from graph_api.config import Settings
from graph_api.store.base import GraphStore

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.neo4j
async def test_lookups_are_timed_during_the_build_and_after_it(seeded_store: GraphStore) -> None:
    settings = Settings(store=seeded_store.backend, rate_limit_per_minute=0)
    during, after = await measure(
        settings, "department:dpo", after_seconds=0.5, store=seeded_store, build_limit=60
    )
    assert after.lookups_ms  # the seed's build is quick: the lookups after it carry the check
    assert after.lateness_ms
    assert all(ms > 0 for ms in during.lookups_ms + after.lookups_ms)
    shown = table((during, after))
    assert "| during the build |" in shown
    assert "| 0.5 s after it |" in shown


def test_the_harness_teaches() -> None:
    script = str(ROOT / "bench" / "rebuild_stalls.py")
    shown = subprocess.run(
        [sys.executable, script, "--help"], capture_output=True, text=True, check=True
    )
    assert "NEO4J_URI" in shown.stdout
    assert "--after" in shown.stdout
