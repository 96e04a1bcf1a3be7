"""Query latency: the GraphQL API against hand-written Cypher through the driver, side by side.

Starts Neo4j Community 5.26 (graph_api.neo4j_local), loads the seed data into it and
into an in-memory embedded store, serves the API over each with uvicorn on a loopback
port, then for each workload in bench/workloads/ (a ``.graphql`` file and the
``.cypher`` that asks Neo4j the same question by hand) runs three paths, interleaved
(one run of each in turn, in rotating order, so a change in the machine's load hits
all three alike):

- the API over HTTP on Neo4j;
- the raw Cypher through the neo4j driver (same process, same Neo4j);
- the API over HTTP on the embedded store.

Before timing, each workload's API answer and raw answer are checked to hold the same
number of ids (the raw baseline asks the same question). It reports median and p95
latency, the ratios measured side by side, and where the API's time goes on Neo4j
(store round-trips per request, time spent inside store calls, the rest). The result
replaces the query-latency section of BENCHMARKS.md.

    .venv/bin/python bench/query_latency.py --repeat 200
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import neo4j
import uvicorn

from bench._keys import bench_access
from bench._report import (
    DEFAULT_OUTPUT,
    LoadMonitor,
    Ratio,
    command_line,
    facts_list,
    machine,
    median,
    now,
    percentile,
    write_section,
)
from bench._scale_servers import bench_client
from graph_api.app import create_app
from graph_api.config import Settings, StoreKind
from graph_api.neo4j_local import LocalNeo4j
from graph_api.seeding import seed_store
from graph_api.store.base import GraphStore
from graph_api.store.embedded_store import EmbeddedStore
from graph_api.store.neo4j_store import Neo4jStore

WORKLOADS = Path(__file__).resolve().parent / "workloads"
SECTION = "query-latency"
HEADING = "## Query latency: API vs raw Cypher"
PATHS = ("api_neo4j", "raw", "api_embedded")


@dataclass(frozen=True)
class Workload:
    """One question, asked as GraphQL and as hand-written Cypher."""

    name: str
    graphql: str
    cypher: str


def workloads(folder: Path = WORKLOADS) -> list[Workload]:
    """Every ``.graphql`` workload with its ``.cypher`` twin, by name."""
    found = []
    for query_file in sorted(folder.glob("*.graphql")):
        cypher_file = query_file.with_suffix(".cypher")
        found.append(
            Workload(
                query_file.stem,
                query_file.read_text(encoding="utf-8"),
                cypher_file.read_text(encoding="utf-8"),
            )
        )
    return found


def id_counts(value: Any) -> Counter[str]:
    """Every id in an answer, with how often it occurs: the values under an ``id`` key
    (GraphQL, and maps built in Cypher) or a ``<var>.id`` column (Cypher rows)."""
    counts: Counter[str] = Counter()

    def walk(item: Any) -> None:
        if isinstance(item, dict):
            for key, inner in item.items():
                if (key == "id" or key.endswith(".id")) and isinstance(inner, str):
                    counts[inner] += 1
                else:
                    walk(inner)
        elif isinstance(item, list):
            for inner in item:
                walk(inner)

    walk(value)
    return counts


class TimedNeo4jStore(Neo4jStore):
    """The Neo4j store, noting when each read starts and ends, to split a request's time
    into time inside store calls and the rest (reads batched by DataLoaders may overlap;
    overlapping intervals count once)."""

    def __init__(self, uri: str, user: str, password: str) -> None:
        super().__init__(uri, user, password)
        self.intervals: list[tuple[float, float]] = []

    async def _read(self, name: str, text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        start = time.perf_counter()
        try:
            return await super()._read(name, text, params)
        finally:
            self.intervals.append((start, time.perf_counter()))

    def take_busy_ms(self) -> float:
        """Milliseconds covered by the reads since the last call (union of intervals)."""
        busy, reach = 0.0, float("-inf")
        for start, end in sorted(self.intervals):
            if end > reach:
                busy += end - max(start, reach)
                reach = end
        self.intervals.clear()
        return busy * 1000


@dataclass
class Samples:
    """Everything measured for one workload (milliseconds)."""

    name: str
    by_path: dict[str, list[float]] = field(default_factory=lambda: {p: [] for p in PATHS})
    store_ms: list[float] = field(default_factory=list)  # per API request on Neo4j
    rest_ms: list[float] = field(default_factory=list)  # the same request minus store_ms
    round_trips: float = 0.0  # store queries per API request on Neo4j
    ids: int = 0  # ids in one answer (the same on every path)


@dataclass
class Results:
    """A whole run."""

    workloads: list[Samples]
    entities: int
    links: int
    repeat: int
    warmup: int


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _serve(store: GraphStore) -> tuple[uvicorn.Server, asyncio.Task[None], str]:
    port = _free_port()
    app = create_app(
        Settings(
            store=StoreKind(store.backend),
            rate_limit_per_minute=0,
            rate_limit_per_key_per_minute=0,
            max_concurrent_per_address=0,
            max_concurrent_per_key=0,
            api_keys_file=bench_access()[0],
        ),
        store=store,
    )
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    task = asyncio.create_task(server.serve())
    for _ in range(600):  # up to 30 s
        if server.started:
            return server, task, f"http://127.0.0.1:{port}/graphql"
        if task.done():
            task.result()
        await asyncio.sleep(0.05)
    raise RuntimeError("the API server did not start within 30 s")


def _rotations(repeat: int) -> Iterator[tuple[str, ...]]:
    for index in range(repeat):
        shift = index % len(PATHS)
        yield PATHS[shift:] + PATHS[:shift]


async def measure(
    neo4j_store: TimedNeo4jStore,
    embedded: GraphStore,
    driver: neo4j.AsyncDriver,
    repeat: int,
    warmup: int,
    chosen: list[Workload] | None = None,
    on_done: Callable[[Samples], None] = lambda _: None,
) -> list[Samples]:
    """Time every workload on the three paths against stores that hold the same graph.

    Raises RuntimeError if an API answer has errors, or if a workload's raw Cypher
    answer holds a different number of ids than its API answer.
    """
    servers = [await _serve(neo4j_store), await _serve(embedded)]
    urls = {"api_neo4j": servers[0][2], "api_embedded": servers[1][2]}
    results = []
    try:
        async with bench_client(bench_access()[1], timeout=60) as client:
            for workload in chosen if chosen is not None else workloads():

                async def api(
                    path: str, text: str = workload.graphql, name: str = workload.name
                ) -> Any:
                    response = await client.post(urls[path], json={"query": text})
                    body = response.json()
                    if response.status_code != 200 or "errors" in body:
                        raise RuntimeError(f"{name} on {path}: {body}")
                    return body["data"]

                async def raw(text: str = workload.cypher) -> Any:
                    records, _, _ = await driver.execute_query(
                        text, routing_=neo4j.RoutingControl.READ
                    )
                    return [record.data() for record in records]

                calls: dict[str, Callable[[], Awaitable[Any]]] = {
                    "api_neo4j": lambda: api("api_neo4j"),
                    "raw": raw,
                    "api_embedded": lambda: api("api_embedded"),
                }
                answers = {path: id_counts(await call()) for path, call in calls.items()}
                sizes = {path: answer.total() for path, answer in answers.items()}
                if len(set(sizes.values())) != 1:
                    raise RuntimeError(f"{workload.name}: the paths disagree on ids: {sizes}")
                samples = Samples(workload.name, ids=sizes["raw"])
                for _ in range(warmup):
                    for call in calls.values():
                        await call()
                neo4j_store.intervals.clear()
                trips_before = neo4j_store.counters.round_trips
                for order in _rotations(repeat):
                    for path in order:
                        start = time.perf_counter()
                        await calls[path]()
                        elapsed = (time.perf_counter() - start) * 1000
                        samples.by_path[path].append(elapsed)
                        if path == "api_neo4j":
                            busy = neo4j_store.take_busy_ms()
                            samples.store_ms.append(busy)
                            samples.rest_ms.append(elapsed - busy)
                trips = neo4j_store.counters.round_trips - trips_before
                samples.round_trips = trips / max(repeat, 1)
                results.append(samples)
                on_done(samples)
    finally:
        for server, task, _ in servers:
            server.should_exit = True
            await task
    return results


async def run(repeat: int, warmup: int) -> tuple[Results, str]:
    """Start Neo4j, seed both stores, measure; the results and the Neo4j version."""
    with LocalNeo4j(quiet=True) as local:
        neo4j_store = TimedNeo4jStore(local.uri, local.user, local.password)
        embedded = EmbeddedStore()
        driver = neo4j.AsyncGraphDatabase.driver(local.uri, auth=(local.user, local.password))
        try:
            for store in (neo4j_store, embedded):
                await store.connect()
                await store.clear()
                await seed_store(store, on_progress=lambda _: None)
            entities = sum((await neo4j_store.count_nodes()).values())
            links = sum((await neo4j_store.count_links()).values())
            rows = await measure(
                neo4j_store,
                embedded,
                driver,
                repeat,
                warmup,
                on_done=lambda s: print(f"{s.name}: done", file=sys.stderr),
            )
        finally:
            await driver.close()
            await neo4j_store.close()
            await embedded.close()
        return Results(rows, entities, links, repeat, warmup), local.version


def _ms(samples: list[float]) -> str:
    return f"{median(samples):.1f} / {percentile(samples, 0.95):.1f}"


def report(results: Results, neo4j_version: str, load: str, command: str) -> str:
    """The Markdown body of the query-latency section."""
    lines = [
        f"Measured {now()}; {results.repeat} timed runs per path and workload after "
        f"{results.warmup} warm-up runs, the three paths interleaved in rotating order. "
        f"Seed data ({results.entities:,} entities, {results.links:,} links). The HTTP "
        "client, the API server (uvicorn, one process, one event loop shared with the "
        "client), the raw driver and Neo4j all run on this machine.",
        "",
        *facts_list(machine(neo4j_version)),
        f"- load: {load}",
        f"- command: `{command}`",
        "",
        "Latency in milliseconds, median / p95. Ratios are taken between paths measured "
        "side by side in this run.",
        "",
        "| workload | ids in answer | API on Neo4j | raw Cypher (driver) | API ÷ raw, median "
        "| API ÷ raw, p95 | API on embedded | embedded ÷ Neo4j API, median |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in results.workloads:
        api, raw, emb = (row.by_path[path] for path in PATHS)
        lines.append(
            f"| {row.name} | {row.ids} | {_ms(api)} | {_ms(raw)} "
            f"| {Ratio(median(api), median(raw))} "
            f"| {Ratio(percentile(api, 0.95), percentile(raw, 0.95))} "
            f"| {_ms(emb)} | {Ratio(median(emb), median(api))} |"
        )
    lines += [
        "",
        "Where a request's time goes, API on Neo4j (medians, ms): *in store calls* is the "
        "wall time during which at least one of the request's Cypher queries was in "
        "flight; *rest* is HTTP, GraphQL parsing and validation, resolvers, DataLoaders, "
        "cursor and JSON encoding, and the client.",
        "",
        "| workload | store queries per request | API total | in store calls "
        "| rest | raw Cypher, one query |",
        "|---|---|---|---|---|---|",
    ]
    for row in results.workloads:
        lines.append(
            f"| {row.name} | {row.round_trips:g} | {median(row.by_path['api_neo4j']):.1f} "
            f"| {median(row.store_ms):.1f} | {median(row.rest_ms):.1f} "
            f"| {median(row.by_path['raw']):.1f} |"
        )
    return "\n".join(lines)


def _parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Query latency: the GraphQL API (on Neo4j and on the embedded store) "
        "against the same questions as raw Cypher through the neo4j driver, side by side. "
        "Writes the query-latency section of BENCHMARKS.md.",
    )
    parser.add_argument("--repeat", type=int, default=100, help="timed runs per path (100)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed runs first (10)")
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="Markdown file whose query-latency section is replaced (BENCHMARKS.md)",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print the results only; write no file"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.warmup < 0:
        parser.error("--repeat must be at least 1 and --warmup at least 0")
    return args


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and write its section of BENCHMARKS.md."""
    args = _parse(argv)
    command = command_line()
    with LoadMonitor() as load:
        results, version = asyncio.run(run(args.repeat, args.warmup))
    body = report(results, version, load.describe(), command)
    print(body)
    if not args.no_write:
        write_section(args.output, SECTION, HEADING, body)
        print(f"written to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
