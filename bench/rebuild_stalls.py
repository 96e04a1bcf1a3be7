"""How long requests wait while brokers and communities are recomputed: the service
started in-process over a Neo4j holding a generated graph, whose background worker reads
the structure graph and computes on it at once; meanwhile one client asks for a single
entity, again and again, and a probe measures how late the event loop wakes it.

    # a graph loaded as bench/scale.py does (graph-api generate, then graph-api import):
    NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=… .venv/bin/python bench/rebuild_stalls.py

Prints a Markdown table: lookups and the loop's lateness while the first build runs
(until brokers answers) and for ``--after`` seconds once it is done. A build that holds
the event loop (Python's interpreter lock held by igraph, say) shows as a long stall.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from bench._in_process import (
    brokers_computed,
    in_process_settings,
    loaded_graph_parameters,
    print_table,
)
from bench._keys import bench_access
from bench._scale_run import WORKLOADS
from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.store.base import GraphStore

LOOKUP = (WORKLOADS / "lookup.graphql").read_text(encoding="utf-8")
PROBE_SECONDS = 0.002
STALL_MS = 100


@dataclass
class Phase:
    """What one phase (the build, or after it) saw."""

    name: str
    lookups_ms: list[float] = field(default_factory=list)
    lateness_ms: list[float] = field(default_factory=list)  # the probe's, each wake-up


async def measure(
    settings: Settings,
    department: str,
    after_seconds: float = 10,
    store: GraphStore | None = None,
    build_limit: float = 600,
) -> tuple[Phase, Phase]:
    """Lookups and the loop's lateness during the service's first structure build and
    for ``after_seconds`` after it."""
    keys_file, headers = bench_access()
    app = create_app(settings.model_copy(update={"api_keys_file": keys_file}), store=store)
    during, after = Phase("during the build"), Phase(f"{after_seconds:g} s after it")
    phase = during
    running = True

    async def probe() -> None:
        while running:
            started = time.perf_counter()
            await asyncio.sleep(PROBE_SECONDS)
            phase.lateness_ms.append((time.perf_counter() - started - PROBE_SECONDS) * 1000)

    async def lookups(client: httpx.AsyncClient) -> None:
        body = {"query": LOOKUP, "variables": {"department": department}}
        while running:
            started = time.perf_counter()
            answer = await client.post("/graphql", json=body, headers=headers)
            if "errors" in answer.json():
                raise RuntimeError(f"the lookup was refused: {answer.text[:300]}")
            phase.lookups_ms.append((time.perf_counter() - started) * 1000)

    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=600
        ) as client,
    ):
        workers = [asyncio.create_task(probe()), asyncio.create_task(lookups(client))]
        try:
            await brokers_computed(client, headers, build_limit, every=1)
            phase = after
            await asyncio.sleep(after_seconds)
        finally:
            running = False
            await asyncio.gather(*workers)
    return during, after


def _quantile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(fraction * len(ordered)), len(ordered) - 1)] if ordered else 0.0


def table(phases: tuple[Phase, Phase]) -> str:
    """The phases as a Markdown table."""
    lines = [
        "| phase | lookups | lookup p50 / p99 / max ms | loop stalls over "
        f"{STALL_MS} ms | longest stall ms |",
        "|---|---|---|---|---|",
    ]
    for phase in phases:
        looks = phase.lookups_ms
        median = statistics.median(looks) if looks else 0.0
        stalls = sum(late > STALL_MS for late in phase.lateness_ms)
        lines.append(
            f"| {phase.name} | {len(looks):,} | {median:.1f} / {_quantile(looks, 0.99):.1f} / "
            f"{max(looks, default=0):.1f} | {stalls} | {max(phase.lateness_ms, default=0):.0f} |"
        )
    return "\n".join(lines)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="How long requests wait while the service computes brokers and "
        "communities in the background: starts the service in-process over the Neo4j at "
        "NEO4J_URI (NEO4J_USER, NEO4J_PASSWORD) holding a generated graph and asks for "
        "one entity again and again during its first build and after it. Prints a "
        "Markdown table.",
    )
    parser.add_argument(
        "--after", type=float, default=10, help="seconds measured after the build (default 10)"
    )
    return parser.parse_args(argv)


async def _main(arguments: argparse.Namespace) -> str:
    parameters = await loaded_graph_parameters()
    return table(await measure(in_process_settings(), parameters["department"], arguments.after))


def main(argv: list[str] | None = None) -> None:
    """Measure and print the table."""
    print_table(_main(_parse(argv)))


if __name__ == "__main__":
    main()
