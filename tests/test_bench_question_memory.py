"""bench/question_memory.py stays runnable: on the seed data it asks each question it is
given, cold, and reports a peak for each (a check that it runs, not of the figures)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.question_memory import measure, table
from graph_api.config import Settings
from graph_api.store.base import GraphStore

ROOT = Path(__file__).resolve().parent.parent
SEED = {
    "department": "department:dpo",
    "event": "event:tf-2",
    "enterprise": "enterprise:s-0002",
    "text": "Digital",
}


@pytest.mark.neo4j
async def test_each_question_is_asked_cold_and_measured(seeded_store: GraphStore) -> None:
    names = ["lookup", "recommendations", "change_digest"]
    settings = Settings(store=seeded_store.backend, rate_limit_per_minute=0)
    found = await measure(settings, SEED, names, store=seeded_store, structure_seconds=60)
    assert [row.name for row in found] == names
    assert all(row.error is None for row in found), found
    assert all(row.peak_mib > 0 for row in found)
    assert all(row.peak_mib >= row.held_mib for row in found)
    assert "| recommendations |" in table(found)


def test_the_harness_teaches_and_refuses_unknown_workloads() -> None:
    script = str(ROOT / "bench" / "question_memory.py")
    shown = subprocess.run(
        [sys.executable, script, "--help"], capture_output=True, text=True, check=True
    )
    assert "NEO4J_URI" in shown.stdout
    refused = subprocess.run(
        [sys.executable, script, "--workloads", "nothing"], capture_output=True, text=True
    )
    assert refused.returncode == 2
    assert "unknown workloads" in refused.stderr
