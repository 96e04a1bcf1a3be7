"""Measure the import rate (rows/s) into Neo4j and the embedded store, side by side.

One run: generate a synthetic graph (``graph_api.scale``) as CSV files, start a local
Neo4j 5.26 (``graph_api.neo4j_local``), then, ``--repeat`` times each:

- ``graph-api import`` into Neo4j: check every row, then write in batches, each batch
  reading what the store holds (to report created/updated/unchanged) and writing the
  changed rows with one audit record each, in one transaction;
- a raw-driver baseline into the same Neo4j: the same rows, already parsed, written with
  plain ``UNWIND ... MERGE`` in batches of the same size, no checks, no audit trail;
- ``graph-api import`` into the embedded store (Ladybug, on disk in a temp folder).

The median of the repeats is reported, and the ratio of the importer to the baseline.
Results go to BENCHMARKS.md (``--output``), with the machine and versions.

    .venv/bin/python bench/import_rate.py                 # ~120k rows, a few minutes
    .venv/bin/python bench/import_rate.py --size 1m --repeat 1
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import ladybug
import neo4j
from neo4j import AsyncGraphDatabase

from graph_api.model import NodeKind, RelType, kind_of_id
from graph_api.neo4j_local import LocalNeo4j
from graph_api.scale import ScaleSpec, generate_scale
from graph_api.store.embedded_store import EmbeddedStore
from graph_api.store.neo4j_store import Neo4jStore
from graph_api.transfer.formats import CsvWriter, read_records
from graph_api.transfer.importer import ImportOptions, expand_paths, import_files

WORKLOADS = Path(__file__).parent / "workloads"
BASELINE_NODES = (WORKLOADS / "baseline_import_nodes.cypher").read_text(encoding="utf-8")
BASELINE_LINKS = (WORKLOADS / "baseline_import_links.cypher").read_text(encoding="utf-8")

SIZES = {  # departments, enterprises, events: the links follow (~45 per event)
    "10k": (50, 500, 200),
    "100k": (200, 5_000, 2_300),
    "1m": (500, 50_000, 22_000),
}


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Import rate into Neo4j and the embedded store, with a raw-driver "
        "UNWIND ... MERGE baseline, on a synthetic graph (graph-api generate).",
    )
    parser.add_argument("--size", choices=sorted(SIZES), default="100k", help="graph size")
    parser.add_argument("--repeat", type=int, default=3, help="runs per contender (median)")
    parser.add_argument("--batch-size", type=int, default=1_000, help="rows per transaction")
    parser.add_argument("--seed", type=int, default=2019, help="generator seed")
    parser.add_argument(
        "--stores", default="neo4j,baseline,embedded", help="which contenders to run"
    )
    parser.add_argument("--neo4j-heap", default="2g", help="Neo4j JVM heap (-Xmx)")
    parser.add_argument("--output", type=Path, help="write the results (Markdown) here")
    return parser.parse_args()


async def _clear_neo4j(driver: neo4j.AsyncDriver) -> None:
    # In slices: deleting a million links in one transaction needs a large heap.
    async with driver.session() as session:
        result = await session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        )
        await result.consume()


async def _our_import(store_factory: Callable[[], Any], files: Path, batch: int) -> float:
    store = store_factory()
    await store.connect()
    try:
        start = time.perf_counter()
        summary = await import_files(store, [files], ImportOptions("bench", batch_size=batch))
        elapsed = time.perf_counter() - start
        if not summary.written:
            raise RuntimeError(f"the import wrote nothing: {summary.describe()}")
        return elapsed
    finally:
        await store.close()


def _baseline_rows(files: Path) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[Any]]]:
    """The files' rows, parsed once (the baseline times the database only)."""
    nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    links: dict[str, list[Any]] = defaultdict(list)
    for path in expand_paths([files]):
        for record in read_records(path, links=False):
            raw = dict(record.raw)
            kind = kind_of_id(raw["id"])
            assert kind is not None
            nodes[kind.value].append(raw)
        for record in read_records(path, links=True):
            raw = dict(record.raw)
            ends = {"from_id": raw.pop("from"), "to_id": raw.pop("to")}
            links[raw.pop("type")].append({**ends, "props": raw})
    return nodes, links


async def _baseline(uri: str, auth: tuple[str, str], rows: Any, batch: int) -> float:
    nodes, links = rows
    driver = AsyncGraphDatabase.driver(uri, auth=auth)
    try:
        await _clear_neo4j(driver)
        start = time.perf_counter()
        for label, items in nodes.items():
            text = BASELINE_NODES.replace("__KIND__", NodeKind(label).value)
            for part in range(0, len(items), batch):
                await driver.execute_query(text, {"rows": items[part : part + batch]})
        for rel_type, items in links.items():
            text = BASELINE_LINKS.replace("__TYPE__", RelType(rel_type).value)
            for part in range(0, len(items), batch):
                await driver.execute_query(text, {"rows": items[part : part + batch]})
        return time.perf_counter() - start
    finally:
        await _clear_neo4j(driver)
        await driver.close()


def _machine() -> dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    kib = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{cpu} ({os.cpu_count()} CPUs visible, nproc)",
        "ram": f"{kib / 1024 / 1024:.1f} GiB",
        "python": platform.python_version(),
        "neo4j driver": neo4j.__version__,
        "ladybug": getattr(ladybug, "__version__", "unknown"),
        "os": platform.platform(),
    }


def _table(rows: int, results: dict[str, list[float]]) -> list[str]:
    lines = [
        "| contender | runs (s) | median (s) | rows/s |",
        "|---|---|---|---|",
    ]
    for name, times in results.items():
        median = statistics.median(times)
        runs = ", ".join(f"{value:.1f}" for value in times)
        lines.append(f"| {name} | {runs} | {median:.1f} | {rows / median:,.0f} |")
    return lines


async def _run(args: argparse.Namespace, work: Path) -> list[str]:
    departments, enterprises, events = SIZES[args.size]
    spec = ScaleSpec(departments, enterprises, events, seed=args.seed)
    files = work / "data"
    writer = CsvWriter(files)
    summary = generate_scale(spec, writer)
    writer.close()
    rows = summary.nodes.total() + summary.links.total()
    print(f"{summary.nodes.total()} entities + {summary.links.total()} links = {rows} rows")
    contenders = args.stores.split(",")
    results: dict[str, list[float]] = {}
    with LocalNeo4j(jvm_options=(f"-Xmx{args.neo4j_heap}",), quiet=True) as server:
        auth = (server.user, server.password)
        neo4j_name = f"graph-api import → Neo4j {server.version}"
        baseline_rows = _baseline_rows(files) if "baseline" in contenders else None
        for attempt in range(1, args.repeat + 1):
            runs: dict[str, Callable[[], Coroutine[Any, Any, float]]] = {}
            if "neo4j" in contenders:

                def neo4j_store() -> Neo4jStore:
                    return Neo4jStore(server.uri, *auth)

                async def ours_neo4j() -> float:
                    driver = AsyncGraphDatabase.driver(server.uri, auth=auth)
                    await _clear_neo4j(driver)
                    await driver.close()
                    return await _our_import(neo4j_store, files, args.batch_size)

                runs[neo4j_name] = ours_neo4j
            if baseline_rows is not None:

                async def baseline() -> float:
                    return await _baseline(server.uri, auth, baseline_rows, args.batch_size)

                runs["raw driver UNWIND … MERGE → Neo4j (baseline)"] = baseline
            if "embedded" in contenders:

                async def ours_embedded() -> float:
                    folder = Path(tempfile.mkdtemp(dir=work)) / "graph"
                    return await _our_import(
                        lambda: EmbeddedStore(str(folder)), files, args.batch_size
                    )

                runs["graph-api import → embedded (Ladybug)"] = ours_embedded
            for name, run in runs.items():
                elapsed = await run()
                results.setdefault(name, []).append(elapsed)
                print(f"run {attempt}: {name}: {elapsed:.1f} s, {rows / elapsed:,.0f} rows/s")
        version = server.version
    lines = [f"### Import rate, {args.size} ({rows:,} rows), batches of {args.batch_size}", ""]
    lines += [f"- {key}: {value}" for key, value in {**_machine(), "neo4j": version}.items()]
    command = f"python bench/import_rate.py --size {args.size} --repeat {args.repeat}"
    lines += [f"- command: `{command}`", ""]
    lines += _table(rows, results)
    baseline_name = next((name for name in results if "baseline" in name), None)
    if baseline_name and neo4j_name in results:
        ratio = statistics.median(results[baseline_name]) / statistics.median(results[neo4j_name])
        lines += ["", f"graph-api import into Neo4j runs at {ratio:.0%} of the baseline's rate."]
    return lines


def main() -> None:
    """Run the benchmark and print (and optionally write) the Markdown results."""
    args = _parse()
    # The driver logs a warning per query naming a relationship type no link has yet.
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="graph-api-bench-") as work:
        lines = asyncio.run(_run(args, Path(work)))
    text = "\n".join(lines) + "\n"
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"written to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
