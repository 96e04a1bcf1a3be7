"""Import rate (rows/s) into Neo4j and the embedded store, with a raw-driver baseline.

One run: generate a synthetic graph (``graph_api.generate.scale``, as ``graph-api generate``
does) as CSV files, start a local Neo4j 5.26 (``graph_api.neo4j_local``), then,
``--repeat`` times, each contender in turn (the order rotates from one repeat to the
next, so a change in the machine's load or a cold JVM does not always hit the same one):

- ``neo4j``: ``graph-api import`` into Neo4j: check every row, then write in batches,
  each batch reading what the store holds (to report created/updated/unchanged) and
  writing the changed rows with one audit record each, in one transaction;
- ``baseline``: a raw-driver baseline into the same Neo4j: the same rows, parsed once
  before the clock starts, written with plain ``UNWIND ... MERGE`` in batches of the
  same size (bench/workloads/baseline_import_*.cypher), no checks, no audit trail;
- ``dryrun``: ``graph-api import --dry-run`` against the same (empty) Neo4j: reading,
  checking and planning every row, writing nothing: the importer's own cost;
- ``embedded``: ``graph-api import`` into the embedded store (Ladybug, on disk in a
  temp folder).

Neo4j is emptied before each Neo4j run (not timed), and after each run the entities
and links in the store are counted: a contender that wrote a different graph fails the
run. The medians and the ratios between contenders go to the import-rate section of
BENCHMARKS.md (one section per size).

    .venv/bin/python bench/import_rate.py                 # ~120k rows, about 10 minutes
    .venv/bin/python bench/import_rate.py --size 1m --repeat 1
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import neo4j
from neo4j import AsyncGraphDatabase

from bench._report import (
    DEFAULT_OUTPUT,
    LoadMonitor,
    Ratio,
    command_line,
    facts_list,
    machine,
    median,
    now,
    write_section,
)
from graph_api.domain import NodeKind, RelType, kind_of_id
from graph_api.generate.scale import ScaleSpec, generate_scale
from graph_api.neo4j_local import LocalNeo4j
from graph_api.store.base import GraphStore
from graph_api.store.embedded_store import EmbeddedStore
from graph_api.store.neo4j_store import Neo4jStore
from graph_api.transfer.formats import read_records
from graph_api.transfer.importer import CommitMode, ImportOptions, expand_paths, import_files
from graph_api.transfer.tabular import CsvWriter

WORKLOADS = Path(__file__).resolve().parent / "workloads"
BASELINE_NODES = (WORKLOADS / "baseline_import_nodes.cypher").read_text(encoding="utf-8")
BASELINE_LINKS = (WORKLOADS / "baseline_import_links.cypher").read_text(encoding="utf-8")
CLEAR = (WORKLOADS / "baseline_import_clear.cypher").read_text(encoding="utf-8")
COUNT = (WORKLOADS / "baseline_import_count.cypher").read_text(encoding="utf-8")

SIZES = {  # departments, enterprises, events: the links follow (~45 per event)
    "10k": (50, 500, 200),
    "100k": (200, 5_000, 2_300),
    "1m": (500, 50_000, 22_000),
}
CONTENDERS = {
    "neo4j": "graph-api import → Neo4j",
    "baseline": "raw driver UNWIND … MERGE → Neo4j (baseline)",
    "dryrun": "graph-api import --dry-run → Neo4j (read + check, no writes)",
    "embedded": "graph-api import → embedded (Ladybug, on disk)",
}
Parsed = tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]


@dataclass(frozen=True)
class Generated:
    """The synthetic graph, as CSV files in a folder."""

    files: Path
    entities: int
    links: int

    @property
    def rows(self) -> int:
        """Rows in the files: one per entity and one per link."""
        return self.entities + self.links


def generate(spec: ScaleSpec, folder: Path) -> Generated:
    """Write the synthetic graph for ``spec`` as CSV files into ``folder``."""
    writer = CsvWriter(folder)
    try:
        summary = generate_scale(spec, writer)
    finally:
        writer.close()
    return Generated(folder, summary.nodes.total(), summary.links.total())


def parse_for_baseline(files: Path) -> Parsed:
    """The files' rows, parsed once (the baseline times the database only): entity rows
    by label and link rows by type, as the CSV gives them (strings, unchecked)."""
    nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    links: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for path in expand_paths([files]):
        for record in read_records(path, links=False):
            raw = dict(record.raw)
            kind = kind_of_id(raw["id"])
            if kind is None:
                raise ValueError(f"{record.location}: no kind in id {raw['id']!r}")
            nodes[kind.value].append(raw)
        for record in read_records(path, links=True):
            raw = dict(record.raw)
            ends = {"from_id": raw.pop("from"), "to_id": raw.pop("to")}
            links[raw.pop("type")].append({**ends, "props": raw})
    return nodes, links


async def _clear(driver: neo4j.AsyncDriver) -> None:
    # CALL { } IN TRANSACTIONS needs an auto-commit transaction: session.run, not
    # execute_query (which runs in a managed one).
    async with driver.session() as session:
        result = await session.run(CLEAR)
        await result.consume()


async def _count(driver: neo4j.AsyncDriver) -> tuple[int, int]:
    records, _, _ = await driver.execute_query(COUNT, routing_=neo4j.RoutingControl.READ)
    return int(records[0]["entities"]), int(records[0]["links"])


async def _import(
    store: GraphStore,
    files: Path,
    batch: int,
    dry_run: bool = False,
    commit: CommitMode = CommitMode.AUTO,
) -> float:
    await store.connect()
    try:
        start = time.perf_counter()
        options = ImportOptions("bench", dry_run=dry_run, batch_size=batch, commit=commit)
        summary = await import_files(store, [files], options)
        elapsed = time.perf_counter() - start
        if summary.written == dry_run:
            raise RuntimeError(f"the import did not do what was asked: {summary.describe()}")
        return elapsed
    finally:
        await store.close()


async def _baseline(driver: neo4j.AsyncDriver, rows: Parsed, batch: int) -> float:
    nodes, links = rows
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


async def measure(
    uri: str,
    auth: tuple[str, str],
    data: Generated,
    work: Path,
    contenders: list[str],
    repeat: int,
    batch: int,
    on_run: Callable[[int, str, float], None] = lambda *_: None,
    commit: CommitMode = CommitMode.AUTO,
) -> dict[str, list[float]]:
    """Time each contender ``repeat`` times (seconds per run, by contender key).

    Empties the Neo4j at ``uri`` before every Neo4j run and leaves it empty. Raises
    RuntimeError if a contender leaves a graph of a different size from the others.
    """
    unknown = set(contenders) - set(CONTENDERS)
    if unknown:
        raise ValueError(f"unknown contenders {sorted(unknown)}; known: {sorted(CONTENDERS)}")
    driver = AsyncGraphDatabase.driver(uri, auth=auth)
    sizes: dict[str, tuple[int, int]] = {}
    results: dict[str, list[float]] = {key: [] for key in contenders}
    try:
        # Constraints and indexes, as the store creates them at start-up: the baseline
        # MERGEs on the same uniqueness constraint the importer uses.
        schema = Neo4jStore(uri, *auth)
        await schema.connect()
        await schema.close()
        parsed = parse_for_baseline(data.files) if "baseline" in contenders else None

        async def neo4j_import() -> float:
            return await _import(Neo4jStore(uri, *auth), data.files, batch, commit=commit)

        async def dry_run() -> float:
            return await _import(Neo4jStore(uri, *auth), data.files, batch, dry_run=True)

        async def baseline() -> float:
            assert parsed is not None
            return await _baseline(driver, parsed, batch)

        async def embedded() -> float:
            folder = Path(tempfile.mkdtemp(dir=work)) / "graph"
            store = EmbeddedStore(str(folder))
            elapsed = await _import(store, data.files, batch, commit=commit)
            await store.connect()
            try:
                entities = sum((await store.count_nodes()).values())
                links = sum((await store.count_links()).values())
            finally:
                await store.close()
            sizes.setdefault("embedded", (entities, links))
            return elapsed

        runs: dict[str, Callable[[], Coroutine[Any, Any, float]]] = {
            "neo4j": neo4j_import,
            "baseline": baseline,
            "dryrun": dry_run,
            "embedded": embedded,
        }
        for attempt in range(repeat):
            shift = attempt % len(contenders)
            for key in contenders[shift:] + contenders[:shift]:
                if key != "embedded":
                    await _clear(driver)
                elapsed = await runs[key]()
                if key in ("neo4j", "baseline"):
                    sizes.setdefault(key, await _count(driver))
                results[key].append(elapsed)
                on_run(attempt + 1, key, elapsed)
        await _clear(driver)
    finally:
        await driver.close()
    if len(set(sizes.values())) > 1:
        raise RuntimeError(f"the contenders wrote graphs of different sizes: {sizes}")
    return results


def report(
    size: str,
    data: Generated,
    batch: int,
    results: dict[str, list[float]],
    neo4j_version: str,
    load: str,
    command: str,
) -> str:
    """The Markdown body of one size's import-rate section."""
    lines = [
        f"Measured {now()}: size `{size}`, a synthetic graph of {data.entities:,} entities and "
        f"{data.links:,} links ({data.rows:,} rows, CSV, `graph_api.generate.scale`), batches of "
        f"{batch:,} rows, {max(len(t) for t in results.values())} run(s) per contender, "
        "contenders in rotating order; Neo4j emptied before each Neo4j run (not timed).",
        "",
        *facts_list(machine(neo4j_version)),
        f"- load: {load}",
        f"- command: `{command}`",
        "",
        "| contender | runs (s) | median (s) | rows/s (median) | time ÷ baseline |",
        "|---|---|---|---|---|",
    ]
    base = median(results["baseline"]) if results.get("baseline") else 0.0
    for key, times in results.items():
        middle = median(times)
        runs = ", ".join(f"{value:.1f}" for value in times)
        ratio = str(Ratio(middle, base)) if base else "-"
        lines.append(
            f"| {CONTENDERS[key]} | {runs} | {middle:.1f} | {data.rows / middle:,.0f} | {ratio} |"
        )
    lines.append("")
    if "neo4j" in results and base:
        ours = median(results["neo4j"])
        lines.append(
            f"- graph-api import ÷ raw UNWIND baseline (time, into the same Neo4j): "
            f"**{Ratio(ours, base)}**, i.e. the importer runs at {base / ours:.0%} of the "
            "baseline's rate."
        )
    if "neo4j" in results and "dryrun" in results:
        ours, dry = median(results["neo4j"]), median(results["dryrun"])
        lines.append(
            f"- of the importer's {ours:.1f} s, reading, checking and planning (the dry "
            f"run) take {dry:.1f} s ({dry / ours:.0%}); the rest, {ours - dry:.1f} s, is "
            "writing the rows and their audit records."
        )
    if "neo4j" in results and "embedded" in results:
        ours, emb = median(results["neo4j"]), median(results["embedded"])
        lines.append(
            f"- embedded ÷ Neo4j (graph-api import, time): **{Ratio(emb, ours)}**"
            f" ({data.rows / emb:,.0f} vs {data.rows / ours:,.0f} rows/s)."
        )
    return "\n".join(lines)


def _parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Import rate into Neo4j and the embedded store, with a raw-driver "
        "UNWIND ... MERGE baseline, on a synthetic graph (graph-api generate). Writes "
        "the import-rate section for the size to BENCHMARKS.md.",
    )
    parser.add_argument(
        "--size", choices=list(SIZES), default="100k", help="graph size (100k: ~120k rows)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per contender (median)")
    parser.add_argument("--batch-size", type=int, default=1_000, help="rows per transaction")
    parser.add_argument("--seed", type=int, default=2019, help="generator seed")
    parser.add_argument(
        "--stores",
        default=",".join(CONTENDERS),
        help=f"which contenders to run, comma-separated ({','.join(CONTENDERS)})",
    )
    parser.add_argument("--neo4j-heap", default="2g", help="Neo4j JVM heap (-Xmx)")
    parser.add_argument(
        "--commit",
        type=CommitMode,
        default=CommitMode.AUTO,
        choices=list(CommitMode),
        help="how graph-api import commits: auto (one transaction up to the store's "
        "limit: 40,000 rows on Neo4j, 500,000 embedded), once, or batches",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="Markdown file whose import-rate section for this size is replaced (BENCHMARKS.md)",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print the results only; write no file"
    )
    args = parser.parse_args(argv)
    args.stores = [key.strip() for key in args.stores.split(",") if key.strip()]
    unknown = set(args.stores) - set(CONTENDERS)
    if unknown or not args.stores:
        parser.error(f"--stores takes some of {','.join(CONTENDERS)}")
    if args.repeat < 1 or args.batch_size < 1:
        parser.error("--repeat and --batch-size must be at least 1")
    return args


async def _run(
    args: argparse.Namespace, work: Path
) -> tuple[Generated, dict[str, list[float]], str]:
    departments, enterprises, events = SIZES[args.size]
    data = generate(ScaleSpec(departments, enterprises, events, seed=args.seed), work / "data")
    print(f"{data.entities} entities + {data.links} links = {data.rows} rows", file=sys.stderr)

    def progress(attempt: int, key: str, elapsed: float) -> None:
        print(
            f"run {attempt}: {CONTENDERS[key]}: {elapsed:.1f} s, {data.rows / elapsed:,.0f} rows/s",
            file=sys.stderr,
        )

    with LocalNeo4j(jvm_options=(f"-Xmx{args.neo4j_heap}",), quiet=True) as server:
        results = await measure(
            server.uri,
            (server.user, server.password),
            data,
            work,
            args.stores,
            args.repeat,
            args.batch_size,
            progress,
            args.commit,
        )
        return data, results, server.version


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and write its section of BENCHMARKS.md."""
    args = _parse(argv)
    # The driver logs a warning per query naming a relationship type no link has yet.
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    command = command_line()
    with LoadMonitor() as load, tempfile.TemporaryDirectory(prefix="graph-api-bench-") as work:
        data, results, version = asyncio.run(_run(args, Path(work)))
    body = report(args.size, data, args.batch_size, results, version, load.describe(), command)
    print(body)
    if not args.no_write:
        heading = f"## Import rate into Neo4j: {args.size} ({data.rows:,} rows)"
        write_section(args.output, f"import-rate-{args.size}", heading, body)
        print(f"written to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
