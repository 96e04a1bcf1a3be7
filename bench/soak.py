"""Memory under sustained mixed load: does the API's resident memory stay flat, and how
does it grow with the graph? (Issue 11: at 10^5 entities, flat over 10 minutes and
under 2× that at 10^3.)

For each size, one run:

1. generates the graph and loads it into a local Neo4j and an on-disk embedded store,
   as bench/scale.py does;
2. serves this API over each store (``graph-api serve``, a process each) and, for
   ``--minutes``, lets ``--clients`` clients per API ask without pause: each client goes
   round an edit of an enterprise (bench/workloads/soak/) and every workload of
   bench/workloads/scale/ (entity queries and analytics), starting at a different place
   in the round from the others. Both APIs are soaked at once;
3. samples each API process's resident memory (VmRSS, its igraph child's included)
   every ``--interval`` seconds.

A process is called flat when its growth over the second half of the run, by least
squares and extrapolated to 10 minutes, is under 5% of its level. The section it writes
to BENCHMARKS.md (``soak``) holds every sample's summary, and, with two sizes or more,
the peak at the largest size ÷ the peak at the smallest.

    .venv/bin/python bench/soak.py                                  # 1k and 100k, ~45 min
    .venv/bin/python bench/soak.py --sizes 1k --minutes 1 --no-write  # a quick look
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
import neo4j

from bench._keys import bench_access, bench_editor_headers
from bench._report import (
    LoadMonitor,
    command_line,
    facts_list,
    machine,
    median,
    now,
    write_section,
)
from bench._scale_run import (
    NEO4J_JVM,
    SIZES,
    WORKLOADS,
    add_size_and_report_options,
    chosen_sizes,
    count_graph,
    load_graph,
    neo4j_env,
    refusal,
    say,
    workload_names,
    workload_parameters,
)
from bench._scale_servers import Ask, api_server, bench_client, graphql_asker, resident_mib
from graph_api.neo4j_local import LocalNeo4j

EDIT = Path(__file__).resolve().parent / "workloads" / "soak" / "edit_enterprise.graphql"
FLAT_SHARE = 0.05  # growth over 10 minutes, as a share of the level, still called flat
STORES = ("api-neo4j", "api-embedded")


@dataclass
class Soak:
    """One API process soaked: its memory samples and what its clients were answered."""

    samples: list[tuple[float, float]] = field(default_factory=list)  # (seconds, MiB)
    answered: int = 0
    edits: int = 0
    # Refusals by code and the question refused: "STORE_UNAVAILABLE (brokers)".
    errors: Counter[str] = field(default_factory=Counter)
    # Seconds into the run when the process was found gone (killed for its memory, say).
    died_at: float | None = None

    def second_half(self) -> list[tuple[float, float]]:
        """The samples of the run's second half (the first holds warm-up and caches)."""
        end = self.samples[-1][0] if self.samples else 0.0
        return [sample for sample in self.samples if sample[0] >= end / 2]

    def growth_per_10_min(self) -> float:
        """MiB per 10 minutes over the second half, by least squares (0 if too few)."""
        points = self.second_half()
        if len(points) < 3:
            return 0.0
        mean_t = sum(t for t, _ in points) / len(points)
        mean_m = sum(m for _, m in points) / len(points)
        spread = sum((t - mean_t) ** 2 for t, _ in points)
        slope = sum((t - mean_t) * (m - mean_m) for t, m in points) / spread
        return slope * 600

    def level(self) -> float:
        """The median resident memory of the second half, in MiB."""
        return median([m for _, m in self.second_half()]) if self.samples else 0.0

    def flat(self) -> bool:
        """Whether the second half grows by less than FLAT_SHARE of its level per 10 min
        (never for a process that died)."""
        return self.died_at is None and self.growth_per_10_min() < FLAT_SHARE * self.level()


@dataclass
class SoakResult:
    """One size: the graph and each API's soak."""

    size: str
    entities: int = 0
    links: int = 0
    soaks: dict[str, Soak] = field(default_factory=dict)
    neo4j_version: str = ""


async def soak_client(
    plan: list[tuple[str, Ask, dict[str, Any]]], start: int, end: float, soak: Soak
) -> None:
    """One client: ask the plan's (name, ask, variables) in turn from ``start`` until
    ``end`` (monotonic), counting answers, edits and refusals (by code and name)."""
    step = start
    while time.monotonic() < end:
        name, ask, variables = plan[step % len(plan)]
        step += 1
        if "description" in variables:
            variables = {**variables, "description": f"Soak edit {start}-{step}"}
        try:
            await ask(variables)
        except (RuntimeError, httpx.HTTPError) as error:
            soak.errors[f"{refusal(error)} ({name})"] += 1
        else:
            soak.answered += 1
            soak.edits += "description" in variables


async def _sample(pid: int, end: float, interval: float, soak: Soak) -> None:
    started = time.monotonic()
    while True:
        try:
            mib = resident_mib(pid)
        except FileNotFoundError:
            mib = 0.0
        if mib == 0.0:  # gone, or a zombie (no VmRSS): a crash, not memory given back
            soak.died_at = time.monotonic() - started
            return
        soak.samples.append((time.monotonic() - started, mib))
        if time.monotonic() >= end:
            return
        await asyncio.sleep(min(interval, max(end - time.monotonic(), 0)))


async def soak_one(
    url: str, pid: int, parameters: dict[str, Any], minutes: float, clients: int, interval: float
) -> Soak:
    """Soak one API (see the module docstring)."""
    soak = Soak()
    access = bench_access()[1]
    async with (
        bench_client(access) as reader,
        bench_client(bench_editor_headers()) as editor,
    ):
        edit = EDIT.read_text(encoding="utf-8")
        plan = [("edit", graphql_asker(editor, url, edit), {**parameters, "description": ""})]
        for name in workload_names():
            text = (WORKLOADS / f"{name}.graphql").read_text(encoding="utf-8")
            variables = {k: v for k, v in parameters.items() if f"${k}" in text}
            plan.append((name, graphql_asker(reader, url, text), variables))
        end = time.monotonic() + minutes * 60
        step = max(len(plan) // clients, 1)
        await asyncio.gather(
            _sample(pid, end, interval, soak),
            *(soak_client(plan, number * step, end, soak) for number in range(clients)),
        )
    return soak


async def soak_size(
    size: str, minutes: float, clients: int, interval: float, say: Any
) -> SoakResult:
    """Generate, load and soak one size on both stores at once."""
    result = SoakResult(size)
    with (
        tempfile.TemporaryDirectory() as folder,
        LocalNeo4j(quiet=True, jvm_options=NEO4J_JVM) as local,
    ):
        result.neo4j_version = local.version
        embedded, _ = load_graph(size, Path(folder), local, say)
        async with neo4j.AsyncGraphDatabase.driver(
            local.uri, auth=(local.user, local.password)
        ) as driver:
            result.entities, result.links = await count_graph(driver)
            parameters = await workload_parameters(driver)
        bench_editor_headers()  # the key must be in the file before the servers read it
        with (
            api_server(neo4j_env(local), "--store", "neo4j") as (neo4j_url, neo4j_pid),
            api_server({}, "--embedded-path", str(embedded)) as (embedded_url, embedded_pid),
        ):
            say(f"{size}: soaking both APIs for {minutes:g} min")
            soaks = await asyncio.gather(
                soak_one(neo4j_url, neo4j_pid, parameters, minutes, clients, interval),
                soak_one(embedded_url, embedded_pid, parameters, minutes, clients, interval),
            )
        result.soaks = dict(zip(STORES, soaks, strict=True))
    return result


def _verdict(soak: Soak) -> str:
    if soak.died_at is not None:
        return f"NO: the process died after {soak.died_at:.0f} s"
    return "yes" if soak.flat() else "NO"


def report(results: list[SoakResult], arguments: argparse.Namespace, load: str) -> str:
    """The soak section of BENCHMARKS.md."""
    facts = machine(results[0].neo4j_version if results else None)
    lines = [
        f"Measured {now()}: for each size, both APIs soaked at once for {arguments.minutes:g} "
        f"min by {arguments.clients} clients each (every workload of "
        "bench/workloads/scale/ and an edit, in turn), resident memory "
        f"sampled every {arguments.interval:g} s. Flat: growth over the second half, by "
        f"least squares and extrapolated to 10 min, under {FLAT_SHARE:.0%} of its level.",
        "",
        *facts_list({**facts, "load": load, "command": f"`{command_line()}`"}),
        "",
        "| size | API | requests answered (edits) | errors | MiB after 1 min | "
        "level (2nd half median) | peak | end | growth / 10 min | flat |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        for name, soak in result.soaks.items():
            errors = ", ".join(f"{code} {n}" for code, n in soak.errors.most_common()) or "none"
            if not soak.samples:
                lines.append(
                    f"| {result.size} | {name} | {soak.answered:,} | {errors} | "
                    "- | - | - | - | - | NO: the process died at once |"
                )
                continue
            warm = next((m for t, m in soak.samples if t >= 60), soak.samples[-1][1])
            lines.append(
                f"| {result.size} ({result.entities:,} / {result.links:,}) | {name} | "
                f"{soak.answered:,} ({soak.edits:,}) | {errors} | {warm:,.0f} | "
                f"{soak.level():,.0f} | {max(m for _, m in soak.samples):,.0f} | "
                f"{soak.samples[-1][1]:,.0f} | {soak.growth_per_10_min():+,.1f} | "
                f"{_verdict(soak)} |"
            )
    if len(results) >= 2:
        small, large = results[0], results[-1]
        lines.append("")
        for name in STORES:
            if not (small.soaks[name].samples and large.soaks[name].samples):
                continue
            low = max(m for _, m in small.soaks[name].samples)
            high = max(m for _, m in large.soaks[name].samples)
            met = "met" if high < 2 * low else "NOT met"
            lines.append(
                f"- Peak memory of {name} at {large.size} ÷ at {small.size} (target < 2×): "
                f"**{high / low:.2f}× ({met})**"
            )
    return "\n".join(lines)


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(
        prog="bench/soak.py",
        description="Soak this API over both stores with mixed reads and edits; is its "
        "memory flat, and how does it grow with the graph? Writes BENCHMARKS.md.",
        epilog="Example: .venv/bin/python bench/soak.py --sizes 1k --minutes 1 --no-write",
    )
    add_size_and_report_options(
        parser,
        "1k,100k",
        f"Comma-separated sizes among {', '.join(SIZES)}, smallest first (default "
        "1k,100k: the target compares them; 100k loads a million links, ~10 min).",
    )
    parser.add_argument("--minutes", type=float, default=10, help="Soak length (default 10).")
    parser.add_argument("--clients", type=int, default=8, help="Clients per API (default 8).")
    parser.add_argument("--interval", type=float, default=5, help="Seconds between samples.")
    arguments = parser.parse_args(argv)
    arguments.sizes = chosen_sizes(parser, arguments.sizes)
    if arguments.minutes <= 0 or arguments.clients < 1 or arguments.interval <= 0:
        parser.error("--minutes and --interval must be positive, --clients at least 1")
    return arguments


async def run(arguments: argparse.Namespace) -> tuple[list[SoakResult], str]:
    """Soak every size asked for; the results and the load during the run."""
    results = []
    with LoadMonitor() as load:
        for size in arguments.sizes:
            results.append(
                await soak_size(
                    size,
                    arguments.minutes,
                    arguments.clients,
                    arguments.interval,
                    say=say,
                )
            )
    return results, load.describe()


def main(argv: list[str] | None = None) -> None:
    """Run the soak and write (or print) its report."""
    arguments = parse_arguments(argv)
    results, load = asyncio.run(run(arguments))
    body = report(results, arguments, load)
    print(body)
    if not arguments.no_write:
        write_section(arguments.output, "soak", "## Memory under sustained load", body)
        print(f"Wrote the soak section of {arguments.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
