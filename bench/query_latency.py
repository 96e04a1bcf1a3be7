"""Query latency: the GraphQL API against hand-written Cypher through the driver, side by side.

Starts Neo4j Community 5.26 (graph_api.neo4j_local), loads the seed data, serves the
API with uvicorn on a loopback port, then for each workload in bench/workloads/ (a
``.graphql`` file and the ``.cypher`` that fetches the same data by hand) runs both,
interleaved, and reports median and p95 latency and their ratio. The embedded store is
measured through the same API for reference. Results go to BENCHMARKS.md with the
machine and date.

    .venv/bin/python bench/query_latency.py --repeat 200
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import socket
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import neo4j
import uvicorn

from graph_api.app import create_app
from graph_api.config import Settings, StoreKind
from graph_api.neo4j_local import LocalNeo4j
from graph_api.seeding import seed_store
from graph_api.store.base import GraphStore
from graph_api.store.embedded_store import EmbeddedStore
from graph_api.store.neo4j_store import Neo4jStore

WORKLOADS = Path(__file__).resolve().parent / "workloads"
RESULTS_START = "<!-- query-latency:start -->"
RESULTS_END = "<!-- query-latency:end -->"


@dataclass(frozen=True)
class Timing:
    """Latencies of one workload on one path, in milliseconds."""

    median: float
    p95: float


def _timing(samples: list[float]) -> Timing:
    ordered = sorted(samples)
    return Timing(statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _serve(store: GraphStore) -> tuple[uvicorn.Server, asyncio.Task[None], str]:
    port = _free_port()
    app = create_app(Settings(store=StoreKind(store.backend)), store=store)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    task = asyncio.create_task(server.serve())
    for _ in range(600):  # up to 30 s
        if server.started:
            return server, task, f"http://127.0.0.1:{port}/graphql"
        await asyncio.sleep(0.05)
    raise RuntimeError("the API server did not start within 30 s")


async def _measure(call: Callable[[], Awaitable[None]], repeat: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        await call()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


async def run(repeat: int, warmup: int) -> list[tuple[str, Timing, Timing, Timing]]:
    """Measure every workload; rows of (name, API on Neo4j, raw Cypher, API on embedded)."""
    rows = []
    with LocalNeo4j() as local:
        neo4j_store = Neo4jStore(local.uri, local.user, local.password)
        embedded = EmbeddedStore()
        for store in (neo4j_store, embedded):
            await store.connect()
            await store.clear()
            await seed_store(store, on_progress=lambda _: None)
        driver = neo4j.AsyncGraphDatabase.driver(local.uri, auth=(local.user, local.password))
        servers = [await _serve(neo4j_store), await _serve(embedded)]
        try:
            async with httpx.AsyncClient(timeout=30) as client:
                for query_file in sorted(WORKLOADS.glob("*.graphql")):
                    query = query_file.read_text(encoding="utf-8")
                    cypher = query_file.with_suffix(".cypher").read_text(encoding="utf-8")

                    def api(
                        url: str, text: str = query, name: str = query_file.name
                    ) -> Callable[[], Awaitable[None]]:
                        async def call() -> None:
                            response = await client.post(url, json={"query": text})
                            body = response.json()
                            if "errors" in body:
                                raise RuntimeError(f"{name}: {body['errors']}")

                        return call

                    async def raw(text: str = cypher) -> None:
                        await driver.execute_query(text, routing_=neo4j.RoutingControl.READ)

                    neo4j_api = await _measure(api(servers[0][2]), repeat, warmup)
                    raw_cypher = await _measure(raw, repeat, warmup)
                    embedded_api = await _measure(api(servers[1][2]), repeat, warmup)
                    rows.append(
                        (
                            query_file.stem,
                            _timing(neo4j_api),
                            _timing(raw_cypher),
                            _timing(embedded_api),
                        )
                    )
                    print(f"{query_file.stem}: done", file=sys.stderr)
        finally:
            for server, task, _ in servers:
                server.should_exit = True
                await task
            await driver.close()
            await neo4j_store.close()
            await embedded.close()
        version = local.version
    return [(f"{name} (Neo4j {version})", a, b, c) for name, a, b, c in rows]


def _machine() -> str:
    cpu = platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    cores = os.cpu_count() or 0
    return f"{cpu}, {cores} cores, {platform.system()} {platform.release()}"


def report(rows: list[tuple[str, Timing, Timing, Timing]], repeat: int) -> str:
    """The Markdown section for BENCHMARKS.md."""
    lines = [
        RESULTS_START,
        f"Measured {dt.date.today().isoformat()} on {_machine()}, Python "
        f"{platform.python_version()}, {repeat} runs per path after warm-up, seed data "
        "(265 entities, 1,037 links). Client, API and database share the machine.",
        "",
        "| workload | API on Neo4j, median / p95 ms | raw Cypher, median / p95 ms "
        "| API ÷ raw (median) | API on embedded, median / p95 ms |",
        "|---|---|---|---|---|",
    ]
    for name, api, raw, embedded in rows:
        lines.append(
            f"| {name} | {api.median:.1f} / {api.p95:.1f} | {raw.median:.1f} / {raw.p95:.1f} "
            f"| {api.median / raw.median:.1f}× | {embedded.median:.1f} / {embedded.p95:.1f} |"
        )
    lines.append(RESULTS_END)
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark and write its section of BENCHMARKS.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=100, help="timed runs per path (100)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed runs first (10)")
    parser.add_argument(
        "--output",
        type=Path,
        default=Path("BENCHMARKS.md"),
        help="Markdown file whose query-latency section is replaced",
    )
    args = parser.parse_args()
    rows = asyncio.run(run(args.repeat, args.warmup))
    section = report(rows, args.repeat)
    print(section)
    text = args.output.read_text(encoding="utf-8") if args.output.exists() else "# Benchmarks\n"
    if RESULTS_START in text:
        before, rest = text.split(RESULTS_START, 1)
        text = before + section + rest.split(RESULTS_END, 1)[1]
    else:
        text = text.rstrip() + "\n\n## Query latency: API vs raw Cypher\n\n" + section + "\n"
    args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
