"""bench/scale.py stays runnable: its workloads are valid for this API's schema and each
has a raw Cypher twin, its --help teaches, and its measuring core runs end to end at
10^3 entities with every contender (this API on both stores, raw Cypher, and the Neo4j
GraphQL Library installed from npm): a check that it runs, not of its speed."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from graphql import build_schema, parse, validate

from bench._scale_report import report
from bench._scale_run import (
    CONTENDERS,
    NO_RAW_TWIN,
    WORKLOADS,
    SizeResult,
    Timing,
    measure,
    time_requests,
    workload_names,
)
from bench._scale_servers import Ask, _own_resident_mib, resident_mib
from bench.scale import parse_arguments

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = build_schema((ROOT / "schema.graphql").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", workload_names())
def test_every_scale_workload_is_valid_and_has_its_cypher(name: str) -> None:
    document = parse((WORKLOADS / f"{name}.graphql").read_text(encoding="utf-8"))
    assert validate(SCHEMA, document) == []
    assert (WORKLOADS / f"{name}.cypher").is_file() != (name in NO_RAW_TWIN)


def test_the_harness_teaches_and_refuses_unknown_sizes() -> None:
    shown = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "scale.py"), "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--sizes" in shown
    assert "@neo4j/graphql" in shown
    with pytest.raises(SystemExit):
        parse_arguments(["--sizes", "1m"])


async def test_a_slow_contender_stops_at_its_share_and_the_others_go_on() -> None:
    async def slow(_: dict[str, Any]) -> int:
        await asyncio.sleep(0.05)
        return 1

    async def fast(_: dict[str, Any]) -> int:
        return 1

    timings = {"slow": Timing(), "fast": Timing()}
    asks: dict[str, Ask] = {"slow": slow, "fast": fast}
    # Each has 0.05 s of the 0.1 s: the slow one has used it after its first request.
    await time_requests(asks, {"slow": {}, "fast": {}}, 20, timings, budget=0.1)
    assert len(timings["slow"].latencies) == 3  # never fewer than 3
    assert len(timings["fast"].latencies) == 20
    result = SizeResult("1k", timings={("lookup", "api-neo4j"): timings["slow"]})
    row = next(line for line in report([result], 20, 1, "-", "-").splitlines() if "lookup" in line)
    assert "(3 requests)" in row


@pytest.mark.neo4j
async def test_the_harness_measures_every_contender_at_1k() -> None:
    said: list[str] = []
    result = await measure("1k", repeat=2, clients=2, with_neo4j_graphql=True, say=said.append)
    assert 900 <= result.entities <= 1_200
    assert result.links > 5 * result.entities
    assert {name for _, name in result.timings} == set(CONTENDERS)
    for workload in workload_names():
        contenders = ("api-neo4j", "api-embedded", "raw")
        for contender in contenders[:2] if workload in NO_RAW_TWIN else contenders:
            timing = result.timings[(workload, contender)]
            assert len(timing.latencies) == 2
            assert timing.throughput > 0
            assert timing.first_ms is not None
            assert timing.first_ms > 0
    # The same question on both stores holds the same ids (the harness counts them), and
    # so does its raw Cypher twin: a ratio between different answers would mean nothing.
    # (The paths workload asks for hops only, so its API answer names no ids to count.)
    for workload in workload_names():
        on_neo4j = result.timings[(workload, "api-neo4j")].ids
        assert on_neo4j == result.timings[(workload, "api-embedded")].ids, workload
        if workload not in NO_RAW_TWIN and workload != "collaboration_paths":
            assert on_neo4j == result.timings[(workload, "raw")].ids, workload
    assert set(result.memory_mib) == {"api-neo4j", "api-embedded"}
    # A small graph's brokers are computed on the request: ready at once.
    assert all(ready is not None and ready < 60 for ready in result.structure_ready_s.values())
    assert all(before > 0 and after > 0 for before, after in result.memory_mib.values())
    body = report([result], 2, 2, "(test)", "(test)")
    assert "collaborationPaths p99 ÷ single-entity lookup p50, api-neo4j" in body
    assert "| department_detail |" in body
    # A kept answer's timed requests are marked as such, and its first request is shown.
    kept_row = next(line for line in body.splitlines() if line.startswith("| recommendations |"))
    assert " †" in kept_row
    assert "First request of each workload" in body
    assert said[0] == "1k: generating"


def test_a_service_s_memory_counts_its_children() -> None:
    # The service's igraph child is part of what it holds (analytics.igraph_process).
    # Measured on a parent of its own: this test process has a Neo4j among its children.
    child = "x = bytearray(100 * 2**20); print('ready', flush=True); import sys; sys.stdin.read()"
    parent = (
        "import subprocess, sys; "
        f"c = subprocess.Popen([sys.executable, '-c', {child!r}], stdout=sys.stdout); "
        "sys.stdin.read(); c.kill(); c.wait()"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", parent], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline() == b"ready\n"
        alone = _own_resident_mib(process.pid)
        assert 0 < alone < 90
        assert resident_mib(process.pid) > alone + 95
    finally:
        process.communicate()
