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
- ``audited``: the same, with one change record per row, as the importer writes them,
  created in the same statement: the least an importer that keeps a per-row audit
  trail (history, undo) can write (``bench/_import_baselines.py``);
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
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from bench._import_measure import CONTENDERS, Generated, generate, measure
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
from graph_api.generate.scale import ScaleSpec
from graph_api.neo4j_local import LocalNeo4j
from graph_api.transfer.importer import CommitMode

SIZES = {  # departments, enterprises, events: the links follow (~45 per event)
    "10k": (50, 500, 200),
    "100k": (200, 5_000, 2_300),
    "1m": (500, 50_000, 22_000),
}


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
    if "audited" in results and base:
        audited = median(results["audited"])
        lines.append(
            f"- the audit trail alone (raw UNWIND with a change record per row ÷ without): "
            f"**{Ratio(audited, base)}**: an importer that keeps one can reach at most "
            f"{base / audited:.0%} of the plain baseline's rate."
        )
        if "neo4j" in results:
            ours = median(results["neo4j"])
            lines.append(
                f"- graph-api import ÷ raw UNWIND with the same change records: "
                f"**{Ratio(ours, audited)}** ({audited / ours:.0%} of its rate)."
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
