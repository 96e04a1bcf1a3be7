"""bench/soak.py stays runnable: its edit is valid for this API's schema, its flatness
rule judges growth (not level), its --help teaches, and it soaks both stores end to end
at 10^3 entities for a few seconds: a check that it runs, not of the memory it finds."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from graphql import build_schema, parse, validate

from bench._scale_servers import Ask
from bench.soak import (
    EDIT,
    STORES,
    Soak,
    SoakResult,
    parse_arguments,
    report,
    soak_client,
    soak_size,
)

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = build_schema((ROOT / "schema.graphql").read_text(encoding="utf-8"))


def test_the_edit_is_valid_for_the_schema() -> None:
    assert validate(SCHEMA, parse(EDIT.read_text(encoding="utf-8"))) == []


def test_a_steady_process_is_flat_and_a_growing_one_is_not() -> None:
    steady = Soak(samples=[(t, 500.0 + (t % 20) / 10) for t in range(0, 601, 5)])
    assert steady.flat()
    assert abs(steady.growth_per_10_min()) < 5
    # 2 MiB a minute on about 215 MiB: 20 MiB per 10 minutes, over 5% of the level.
    growing = Soak(samples=[(t, 200.0 + t / 30) for t in range(0, 601, 5)])
    assert growing.growth_per_10_min() == pytest.approx(20.0)
    assert not growing.flat()
    # Warm-up in the first half does not count against it.
    warming = Soak(samples=[(t, 100.0 + min(t, 200) / 2) for t in range(0, 601, 5)])
    assert warming.flat()
    # A process that died is never flat, however its last samples look.
    died = Soak(samples=[(t, 500.0) for t in range(0, 301, 5)], died_at=305.0)
    assert not died.flat()
    arguments = argparse.Namespace(minutes=10, clients=8, interval=5)
    text = report(
        [SoakResult("1k", soaks={"api-neo4j": died, "api-embedded": Soak()})], arguments, ""
    )
    assert "NO: the process died after 305 s" in text
    assert "NO: the process died at once" in text


async def test_refusals_are_counted_by_code_and_question() -> None:
    async def refused(_: dict[str, Any]) -> int:
        raise RuntimeError("{'message': 'busy', 'extensions': {'code': 'STORE_UNAVAILABLE'}}")

    async def answered(_: dict[str, Any]) -> int:
        return 1

    soak = Soak()
    plan: list[tuple[str, Ask, dict[str, Any]]] = [
        ("brokers", refused, {}),
        ("lookup", answered, {}),
    ]
    await soak_client(plan, 0, time.monotonic() + 0.05, soak)
    assert set(soak.errors) == {"STORE_UNAVAILABLE (brokers)"}
    # The two questions in turn: as many of each, give or take the last.
    assert soak.answered > 0
    assert abs(soak.answered - soak.errors["STORE_UNAVAILABLE (brokers)"]) <= 1


def test_the_harness_teaches_and_refuses_nonsense() -> None:
    shown = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "soak.py"), "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--minutes" in shown
    assert "flat" in shown
    for wrong in (["--sizes", "1m"], ["--minutes", "0"], ["--clients", "0"]):
        with pytest.raises(SystemExit):
            parse_arguments(wrong)


@pytest.mark.neo4j
async def test_the_harness_soaks_both_stores_at_1k() -> None:
    said: list[str] = []
    result = await soak_size("1k", minutes=0.15, clients=2, interval=1, say=said.append)
    assert 900 <= result.entities <= 1_200
    assert set(result.soaks) == set(STORES)
    for soak in result.soaks.values():
        assert soak.answered > 0, soak.errors
        assert soak.edits > 0
        assert not soak.errors, soak.errors
        assert len(soak.samples) >= 5
        assert all(mib > 20 for _, mib in soak.samples)  # a live process's memory
    arguments = argparse.Namespace(minutes=0.15, clients=2, interval=1)
    text = report([result, result], arguments, "load: quiet")
    assert text.count("| 1k (") == 4  # two sizes, two stores each
    assert "Peak memory of api-neo4j at 1k ÷ at 1k (target < 2×): **1.00× (met)**" in text
