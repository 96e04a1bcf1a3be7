"""The scale section of BENCHMARKS.md: figures per size, and every target with its ratio,
measured side by side in one run, said plainly when it is not met."""

from __future__ import annotations

from collections.abc import Callable

from bench._report import facts_list, machine, now
from bench._scale_run import (
    CONTENDERS,
    KEPT_ANSWERS,
    LATENCY_BUDGET_SECONDS,
    SLOW_MEDIAN_MS,
    SizeResult,
    Timing,
)

ENTITY_WORKLOADS = (
    "department_detail",
    "top_departments",
    "event_attendees",
    "enterprise_page",
    "search",
    "lookup",
)


def _cell(timing: Timing | None, repeat: int, kept: bool = False) -> str:
    if timing is None:
        return "-"
    if timing.error is not None:
        return f"failed: {timing.error}"
    latency = f"{timing.p50:.1f} / {timing.p(0.95):.1f} / {timing.p(0.99):.1f}"
    if len(timing.latencies) < repeat:  # a slow contender, stopped at its share of time
        latency += f" ({len(timing.latencies)} requests)"
    if kept:
        latency += " †"
    if timing.throughput_error is not None:
        return f"{latency} · concurrent requests failed: {timing.throughput_error}"
    return f"{latency} · {timing.throughput:.0f}/s"


def _first(name: str, ms: float | None) -> str:
    if ms is None:
        return f"{name} no answer (past the server's time limit; the run went on without it)"
    return f"{name} {ms:,.0f} ms"


def _ready(name: str, seconds: float | None) -> str:
    if seconds is None:
        return f"{name} not within the wait"
    return f"{name} {seconds:,.0f} s"


def _verdict(ratio: float | None, target: float, at_most: bool) -> str:
    if ratio is None:
        return "not measured"
    met = ratio <= target if at_most else ratio >= target
    return f"{ratio:.2f}× ({'met' if met else 'NOT met'})"


def _answered(result: SizeResult, workload: str, contender: str) -> Timing | None:
    """The contender's timing of a workload, if it was measured and answered."""
    timing = result.timings.get((workload, contender))
    return timing if timing is not None and timing.error is None else None


def _targets(result: SizeResult) -> list[str]:
    lines = [
        "| workload | API p50 ÷ raw p50 (≤ 1.3×) | API throughput ÷ @neo4j/graphql (≥ 1×) |",
        "|---|---|---|",
    ]
    for workload in ENTITY_WORKLOADS:
        api = _answered(result, workload, "api-neo4j")
        raw = _answered(result, workload, "raw")
        library = _answered(result, workload, "neo4j-graphql")
        latency = api.p50 / raw.p50 if api and raw and raw.p50 else None
        concurrent = api and library and not (api.throughput_error or library.throughput_error)
        throughput = api.throughput / library.throughput if api and library and concurrent else None
        lines.append(
            f"| {workload} | {_verdict(latency, 1.3, True)} | {_verdict(throughput, 1.0, False)} |"
        )
    for store in ("api-neo4j", "api-embedded"):
        paths = _answered(result, "collaboration_paths", store)
        lookup = _answered(result, "lookup", store)
        ratio = paths.p(0.99) / lookup.p50 if paths and lookup and lookup.p50 else None
        lines.append(
            f"\n- collaborationPaths p99 ÷ single-entity lookup p50, {store} (≤ 5×): "
            f"**{_verdict(ratio, 5.0, True)}**"
        )
    return lines


def _size(result: SizeResult, repeat: int) -> list[str]:
    workloads = sorted({workload for workload, _ in result.timings})
    lines = [
        f"### {result.size}: {result.entities:,} entities, {result.links:,} links",
        "",
        f"Loaded with `graph-api import`: Neo4j {result.load_seconds.get('neo4j', 0):.0f} s, "
        f"embedded store {result.load_seconds.get('embedded', 0):.0f} s. First gap "
        "question after start (`unmetNeeds`, answered by the store): "
        + ", ".join(_first(name, ms) for name, ms in result.first_request_ms.items())
        + ". Brokers ready (the background worker's first result) after: "
        + ", ".join(_ready(name, s) for name, s in result.structure_ready_s.items())
        + ". Resident memory of the API process before / after the workloads: "
        + ", ".join(f"{name} {a:.0f} / {b:.0f} MiB" for name, (a, b) in result.memory_mib.items())
        + ".",
        "",
        "Latency in ms, p50 / p95 / p99 (one client), then throughput with the clients "
        "below; `-` where a contender cannot ask the question.",
        "",
        *_table(
            workloads,
            lambda workload, name: _cell(
                result.timings.get((workload, name)),
                repeat,
                kept=name.startswith("api-") and workload in KEPT_ANSWERS,
            ),
        ),
    ]
    return [*lines, "", *_first_requests(result, workloads), "", *_targets(result), ""]


def _table(workloads: list[str], cell: Callable[[str, str], str]) -> list[str]:
    """A table of workloads by contender, each cell ``cell(workload, contender)``."""
    lines = ["| workload | " + " | ".join(CONTENDERS) + " |", "|---|" + "---|" * len(CONTENDERS)]
    for workload in workloads:
        lines.append(f"| {workload} | " + " | ".join(cell(workload, n) for n in CONTENDERS) + " |")
    return lines


def _first_requests(result: SizeResult, workloads: list[str]) -> list[str]:
    lines = [
        "† The API keeps this question's whole answer until the next write "
        "(`analytics/answer_cache.py`), and nothing was written between these requests: "
        "the figures are of kept answers. What a user waits after a write is the first "
        "request, below.",
        "",
        "First request of each workload, in ms (nothing kept or cached for it yet; the "
        "raw and @neo4j/graphql figures include Neo4j planning the query):",
        "",
    ]

    def first(workload: str, name: str) -> str:
        timing = result.timings.get((workload, name))
        ms = timing.first_ms if timing is not None else None
        return "-" if ms is None else f"{ms:,.1f}"

    return [*lines, *_table(workloads, first)]


def report(results: list[SizeResult], repeat: int, clients: int, load: str, command: str) -> str:
    """The Markdown body of the scale section."""
    version = results[0].neo4j_version if results else None
    lines = [
        f"Measured {now()}; per size, {repeat} timed requests per contender and workload "
        f"(contenders interleaved in rotating order; a contender whose requests took its "
        f"share of {LATENCY_BUDGET_SECONDS:.0f} s per workload stops at 3 or more, its "
        "count shown) after 3 warm-up requests, then "
        f"{clients} concurrent clients for throughput (2 clients, one request each, where "
        f"the median passed {SLOW_MEDIAN_MS / 1000:.0f} s). Every contender runs on this one "
        "machine: the API in its own uvicorn process per store, @neo4j/graphql on Node.js, "
        "the raw driver in the harness, one Neo4j (heap 3 GiB, page cache 2 GiB).",
        "",
        *facts_list(machine(version)),
        f"- load: {load}",
        f"- command: `{command}`",
        "",
    ]
    for result in results:
        lines += _size(result, repeat)
    by_size = {result.size: result for result in results}
    if "1k" in by_size and len(by_size) > 1:
        largest = results[-1]
        for store in ("api-neo4j", "api-embedded"):
            small = by_size["1k"].memory_mib.get(store, (0.0, 0.0))[1]
            large = largest.memory_mib.get(store, (0.0, 0.0))[1]
            ratio = large / small if small else None
            lines.append(
                f"- Memory of {store} at {largest.size} ÷ at 1k (target < 2×): "
                f"**{_verdict(ratio, 2.0, True)}**"
            )
    return "\n".join(lines)
