"""This API at the sizes users reach, side by side with raw Cypher and @neo4j/graphql.

For each size (about 10^3, 10^4 and 10^5 entities, ten links each, made by
``graph-api generate``), one run:

1. generates the graph, starts a local Neo4j 5.26 (graph_api.neo4j_local, sized for
   10^6 links) and loads the graph with ``graph-api import`` into it and into an
   on-disk embedded store, timing both loads;
2. serves this API twice with ``graph-api serve`` (over Neo4j, over the embedded store),
   each in a process of its own, and the Neo4j GraphQL Library (@neo4j/graphql 7 on
   Apollo Server, bench/neo4j_graphql/, installed from npm on first use) over the same
   Neo4j;
3. asks every workload of bench/workloads/scale/ of every contender that can ask it
   (this API on Neo4j and on the embedded store, the workload's raw Cypher through the
   Python driver, @neo4j/graphql where it can express the question): ``--repeat`` times
   one request at a time, contenders interleaved (p50, p95, p99), then by ``--clients``
   concurrent clients (throughput); and the API processes' resident memory;
4. writes the figures and every target's ratio to the scale section of BENCHMARKS.md.

    .venv/bin/python bench/scale.py                       # 1k and 10k, ~10 minutes
    .venv/bin/python bench/scale.py --sizes 1k,10k,100k   # adds 10^5 (loads ~10^6 links)
    .venv/bin/python bench/scale.py --sizes 1k --repeat 5 --no-write   # a quick look
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._report import LoadMonitor, command_line, write_section
from bench._scale_report import report
from bench._scale_run import (
    SIZES,
    SizeResult,
    add_size_and_report_options,
    chosen_sizes,
    measure,
    say,
    workload_names,
)
from bench._scale_servers import neo4j_graphql_installed


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(
        prog="bench/scale.py",
        description="Measure this API at 10^3-10^5 entities against raw Cypher and "
        "@neo4j/graphql on the same Neo4j, and the embedded store; write BENCHMARKS.md.",
        epilog="Example: .venv/bin/python bench/scale.py --sizes 1k,10k --repeat 50",
    )
    add_size_and_report_options(
        parser,
        "1k,10k",
        f"Comma-separated sizes among {', '.join(SIZES)} (default 1k,10k; 100k "
        "loads about a million links: allow an hour).",
    )
    parser.add_argument(
        "--repeat", type=int, default=30, help="Timed requests per contender (default 30)."
    )
    parser.add_argument(
        "--clients", type=int, default=8, help="Concurrent clients for throughput (default 8)."
    )
    parser.add_argument(
        "--skip-neo4j-graphql",
        action="store_true",
        help="Leave out @neo4j/graphql (needs Node.js and npm; the report says so).",
    )
    parser.add_argument(
        "--workloads",
        default="",
        help="Comma-separated workloads to run, by file name in bench/workloads/scale/ "
        f"(default: all of {', '.join(workload_names())}). With fewer than all, add "
        "--no-write: the report would leave the others out.",
    )
    arguments = parser.parse_args(argv)
    arguments.sizes = chosen_sizes(parser, arguments.sizes)
    chosen = [name for name in arguments.workloads.split(",") if name]
    strange = [name for name in chosen if name not in workload_names()]
    if strange:
        parser.error(
            f"unknown workload(s) {', '.join(strange)}; choose from {', '.join(workload_names())}"
        )
    arguments.workloads = chosen or None
    if arguments.repeat < 2 or arguments.clients < 1:
        parser.error("--repeat must be at least 2 and --clients at least 1")
    return arguments


async def run(arguments: argparse.Namespace) -> tuple[list[SizeResult], str]:
    """Measure every size asked for; the results and the load during the run."""
    with_library = not arguments.skip_neo4j_graphql and neo4j_graphql_installed()
    results = []
    with LoadMonitor() as load:
        for size in arguments.sizes:
            results.append(
                await measure(
                    size,
                    arguments.repeat,
                    arguments.clients,
                    with_library,
                    say=say,
                    workloads=arguments.workloads,
                )
            )
    return results, load.describe()


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and write (or print) its report."""
    arguments = parse_arguments(argv)
    results, load = asyncio.run(run(arguments))
    body = report(results, arguments.repeat, arguments.clients, load, command_line())
    print(body)
    if not arguments.no_write:
        write_section(
            arguments.output, "scale", "## At scale: API vs raw Cypher vs @neo4j/graphql", body
        )
        print(f"Wrote the scale section of {arguments.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
