"""The measuring core of bench/scale.py: one size, every workload, every contender.

For one generated graph, loaded into a local Neo4j and an on-disk embedded store, each
workload (bench/workloads/scale/) is asked of every contender that can ask it: first
``repeat`` times one request at a time, the contenders interleaved in rotating order so
a change in the machine's load hits them alike (latency: p50, p95, p99); then by
``clients`` concurrent clients for ``repeat`` requests each (throughput). Before timing,
every contender's answer to every workload must hold ids (none answers empty).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import neo4j

from bench._keys import bench_access
from bench._report import DEFAULT_OUTPUT, median, percentile
from bench._scale_servers import (
    GRAPH_API,
    Ask,
    Refused,
    api_server,
    bench_client,
    cypher_asker,
    graphql_asker,
    neo4j_graphql_server,
    resident_mib,
)
from graph_api.neo4j_local import LocalNeo4j

WORKLOADS = Path(__file__).resolve().parent / "workloads" / "scale"
CONTENDERS = ("api-neo4j", "raw", "neo4j-graphql", "api-embedded")
# Workloads no raw Cypher query can answer, and why (they have no .cypher twin).
NO_RAW_TWIN = {
    "brokers": "betweenness needs the Graph Data Science library, not in Community",
    "invite_list": "the match score is summed in Python from several reads per department",
    "change_digest": "the digest compares the graph on two days in several reads",
}
# Workloads whose answer may rightly be empty (no path, no unmet need).
MAY_BE_EMPTY = frozenset({"collaboration_paths", "unmet_needs", "invite_list"})
# Questions whose whole answer the API keeps until the next write (analytics.answer_cache):
# with nothing written between requests, their timed requests are served from it, and
# the first request (``Timing.first_ms``) is what a user waits after a write.
KEPT_ANSWERS = frozenset({"change_digest", "invite_list", "recommendations"})
# How long a workload's timed requests may take in all: each contender's share of it
# (at least 3 requests are always made), so a question that takes a minute at 10^5 is
# measured, not repeated for an hour, and does not cut the others' requests short.
LATENCY_BUDGET_SECONDS = 120.0
# Above this median, throughput is measured with 2 clients making one request each.
SLOW_MEDIAN_MS = 2_000.0
# How long to wait for the background worker's first brokers answer after start.
STRUCTURE_WAIT_SECONDS = 900.0

# Entities of each size come from `graph-api generate` (about 10 links per entity).
SIZES: dict[str, tuple[str, ...]] = {
    "1k": ("--departments", "30", "--enterprises", "700", "--events", "230"),
    "10k": ("--departments", "100", "--enterprises", "7000", "--events", "2300"),
    "100k": ("--departments", "500", "--enterprises", "75000", "--events", "22000"),
}
# A Neo4j sized for 10^5 entities and 10^6 links (the defaults suit a test database).
NEO4J_JVM = ("-Xmx3g", "-Dgraphapi.pagecache.mib=2048")
FIRST_QUESTION = "{ unmetNeeds(first: 1) { totalCount } }"


@dataclass
class Timing:
    """One workload on one contender: latencies (ms) and throughput (requests/s)."""

    latencies: list[float] = field(default_factory=list)
    # The first request's latency (ms): nothing kept or cached yet for this question.
    first_ms: float | None = None
    throughput: float = 0.0
    ids: int = 0
    # Why the contender could not answer (an error code), if it could not: the run goes on.
    error: str | None = None
    # Why its concurrent requests failed (e.g. QUERY_TIMEOUT with 8 clients), if they did.
    throughput_error: str | None = None

    def p(self, fraction: float) -> float:
        """A latency percentile, in ms."""
        return percentile(self.latencies, fraction)

    @property
    def p50(self) -> float:
        """The median latency, in ms."""
        return median(self.latencies)


@dataclass
class SizeResult:
    """Everything measured at one size."""

    size: str
    entities: int = 0
    links: int = 0
    load_seconds: dict[str, float] = field(default_factory=dict)
    timings: dict[tuple[str, str], Timing] = field(default_factory=dict)
    memory_mib: dict[str, tuple[float, float]] = field(default_factory=dict)
    first_request_ms: dict[str, float | None] = field(default_factory=dict)
    # Seconds from start-up until brokers answered (the background worker's first result).
    structure_ready_s: dict[str, float | None] = field(default_factory=dict)
    neo4j_version: str = ""


def add_size_and_report_options(parser: argparse.ArgumentParser, sizes: str, help: str) -> None:
    """``--sizes`` (checked by :func:`chosen_sizes`), ``--no-write`` and the hidden
    ``--output``: what bench/scale.py and bench/soak.py share."""
    parser.add_argument("--sizes", default=sizes, help=help)
    parser.add_argument(
        "--no-write", action="store_true", help="Print the report; leave BENCHMARKS.md alone."
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help=argparse.SUPPRESS)


def chosen_sizes(parser: argparse.ArgumentParser, text: str) -> list[str]:
    """The sizes named in ``text`` (comma-separated), or the parser's error naming the
    known ones."""
    sizes = text.split(",")
    unknown = [size for size in sizes if size not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {', '.join(unknown)}; choose from {', '.join(SIZES)}")
    return sizes


def say(text: str) -> None:
    """A progress line on stderr (the report goes to stdout)."""
    print(f"==> {text}", file=sys.stderr, flush=True)


def workload_names() -> list[str]:
    """Every workload with a GraphQL file for this API."""
    return sorted(
        p.stem for p in WORKLOADS.glob("*.graphql") if not p.name.endswith(".neo4j-graphql.graphql")
    )


def _text(name: str, suffix: str) -> str | None:
    path = WORKLOADS / f"{name}{suffix}"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _run(command: list[str], env: dict[str, str] | None = None) -> float:
    """Run one of our commands, failing loudly; how long it took, in seconds."""
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603 - our own CLI with fixed arguments
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return time.perf_counter() - started


def load_graph(
    size: str, folder: Path, local: LocalNeo4j, say: Callable[[str], None]
) -> tuple[Path, dict[str, float]]:
    """Generate a graph of ``size`` in ``folder`` and load it with ``graph-api import``
    into ``local`` and into an on-disk embedded store: (that store's path, seconds each
    load took)."""
    data, embedded = folder / "data", folder / "embedded"
    say(f"{size}: generating")
    _run([str(GRAPH_API), "generate", *SIZES[size], "-o", str(data)])
    say(f"{size}: loading Neo4j")
    seconds = {
        "neo4j": _run(
            [str(GRAPH_API), "import", str(data), "--store", "neo4j"],
            env={**_env(), **neo4j_env(local)},
        )
    }
    say(f"{size}: loading the embedded store")
    seconds["embedded"] = _run(
        [str(GRAPH_API), "import", str(data), "--embedded-path", str(embedded)], env=_env()
    )
    return embedded, seconds


def neo4j_env(local: LocalNeo4j) -> dict[str, str]:
    """The settings that point ``graph-api`` at ``local``."""
    return {"NEO4J_URI": local.uri, "NEO4J_USER": local.user, "NEO4J_PASSWORD": local.password}


async def count_graph(driver: neo4j.AsyncDriver) -> tuple[int, int]:
    """How many entities and links the database holds."""
    counts, _, _ = await driver.execute_query(
        "MATCH (n:Entity) WITH count(n) AS n MATCH ()-[l]->() RETURN n, count(l) AS l"
    )
    return int(counts[0]["n"]), int(counts[0]["l"])


async def workload_parameters(driver: neo4j.AsyncDriver) -> dict[str, Any]:
    """The ids every workload asks about, chosen the same way each time: the most active
    department, the biggest event, and an enterprise it never shared an event with."""
    query = """
    MATCH (d:Department) WITH d ORDER BY COUNT { (d)-[:ATTENDED]->() } DESC, d.id LIMIT 1
    MATCH (e:Event) WITH d, e ORDER BY COUNT { (e)<-[:ATTENDED]-() } DESC, e.id LIMIT 1
    MATCH (m:Enterprise) WHERE NOT EXISTS { (d)-[:ATTENDED]->()<-[:ATTENDED]-(m) }
      AND EXISTS { (m)-[:ATTENDED]->() }
    WITH d, e, m ORDER BY m.id LIMIT 1
    RETURN d.id AS department, e.id AS event, m.id AS enterprise
    """
    records, _, _ = await driver.execute_query(query)
    found = dict(records[0].data())
    return {**found, "text": "Cloud"}


def _variables(text: str, parameters: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in parameters.items() if f"${name}" in text}


async def time_requests(
    asks: dict[str, Ask],
    variables: dict[str, dict[str, Any]],
    repeat: int,
    timings: dict[str, Timing],
    budget: float = LATENCY_BUDGET_SECONDS,
) -> None:
    """``repeat`` timed requests per contender, one at a time, in rotating order. A
    contender whose own requests have taken its share of ``budget`` (a raw `SHORTEST 3`
    of 10 s at 10^5) stops after 3; the others go on to ``repeat``: a p99 needs its
    requests, and the first run with one budget for all gave the API's paths 6."""
    names = list(asks)
    share = budget / max(len(names), 1)
    spent = dict.fromkeys(names, 0.0)
    for turn in range(repeat):
        shift = turn % len(names)
        for name in names[shift:] + names[:shift]:
            if timings[name].error is not None or (turn >= 3 and spent[name] > share):
                continue
            started = time.perf_counter()
            try:
                timings[name].ids = await asks[name](variables[name])
            except (RuntimeError, neo4j.exceptions.Neo4jError) as error:
                timings[name].error = refusal(error)  # reported; the others go on
                continue
            elapsed = time.perf_counter() - started
            spent[name] += elapsed
            timings[name].latencies.append(elapsed * 1000)


def refusal(error: Exception) -> str:
    """The error code an answer carried (QUERY_TIMEOUT, ...), else the error's type."""
    if isinstance(error, Refused) and error.code:
        return error.code
    code = re.search(r"'code': '(\w+)'", str(error))
    return code.group(1) if code else type(error).__name__


async def _throughput(ask: Ask, variables: dict[str, Any], clients: int, repeat: int) -> float:
    async def client() -> None:
        for _ in range(repeat):
            await ask(variables)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return clients * repeat / (time.perf_counter() - started)


async def measure(
    size: str,
    repeat: int,
    clients: int,
    with_neo4j_graphql: bool,
    say: Callable[[str], None],
    workloads: list[str] | None = None,
) -> SizeResult:
    """Generate, load and measure one size (see the module docstring): every workload,
    or only ``workloads``."""
    result = SizeResult(size)
    with (
        tempfile.TemporaryDirectory() as folder,
        LocalNeo4j(quiet=True, jvm_options=NEO4J_JVM) as local,
    ):
        result.neo4j_version = local.version
        embedded, result.load_seconds = load_graph(size, Path(folder), local, say)
        env = neo4j_env(local)
        async with neo4j.AsyncGraphDatabase.driver(
            local.uri, auth=(local.user, local.password)
        ) as driver:
            result.entities, result.links = await count_graph(driver)
            parameters = await workload_parameters(driver)
            with (
                api_server(env, "--store", "neo4j") as (api_neo4j, neo4j_pid),
                api_server({}, "--embedded-path", str(embedded)) as (api_embedded, embedded_pid),
                _maybe_neo4j_graphql(with_neo4j_graphql, local) as neo4j_graphql,
            ):
                pids = {"api-neo4j": neo4j_pid, "api-embedded": embedded_pid}
                async with bench_client(bench_access()[1]) as http:
                    urls = {"api-neo4j": api_neo4j, "api-embedded": api_embedded}
                    for name, url in urls.items():
                        started = time.perf_counter()
                        ask = graphql_asker(http, url, "{ unmetNeeds(first: 1) { totalCount } }")
                        try:
                            await ask({})
                        except RuntimeError as refused:  # e.g. past the per-query time limit
                            say(f"{size}: first question on {name} not answered: {refused}")
                            result.first_request_ms[name] = None
                        else:
                            elapsed = (time.perf_counter() - started) * 1000
                            result.first_request_ms[name] = elapsed
                    for name, url in urls.items():
                        result.structure_ready_s[name] = await _structure_ready(http, url)
                    before = {name: resident_mib(pid) for name, pid in pids.items()}
                    for workload in workloads or workload_names():
                        say(f"{size}: {workload}")
                        await _one_workload(
                            workload,
                            http,
                            driver,
                            urls,
                            neo4j_graphql,
                            parameters,
                            repeat,
                            clients,
                            result,
                        )
                    for name, pid in pids.items():
                        result.memory_mib[name] = (before[name], resident_mib(pid))
    return result


async def _one_workload(
    workload: str,
    http: httpx.AsyncClient,
    driver: neo4j.AsyncDriver,
    urls: dict[str, str],
    neo4j_graphql: str | None,
    parameters: dict[str, Any],
    repeat: int,
    clients: int,
    result: SizeResult,
) -> None:
    ours = _text(workload, ".graphql") or ""
    texts = {"api-neo4j": ours, "api-embedded": ours}
    asks: dict[str, Ask] = {name: graphql_asker(http, url, ours) for name, url in urls.items()}
    if (raw := _text(workload, ".cypher")) is not None:
        asks["raw"], texts["raw"] = cypher_asker(driver, raw), raw
    their = _text(workload, ".neo4j-graphql.graphql")
    if neo4j_graphql is not None and their is not None:
        asks["neo4j-graphql"] = graphql_asker(http, neo4j_graphql, their)
        texts["neo4j-graphql"] = their
    variables = {name: _variables(texts[name], parameters) for name in asks}
    timings = {name: Timing() for name in asks}
    for name, ask in list(asks.items()):  # warm up; every contender must answer something
        try:
            for warm_up in range(3):
                started = time.perf_counter()
                if await ask(variables[name]) == 0 and workload not in MAY_BE_EMPTY:
                    raise RuntimeError(f"{workload} on {name} answered no ids")
                if warm_up == 0:
                    timings[name].first_ms = (time.perf_counter() - started) * 1000
        except (RuntimeError, neo4j.exceptions.Neo4jError) as error:
            # A contender that cannot answer (a time limit at 10^5, say) is reported as
            # such, and the others are still measured.
            timings[name].error = refusal(error)
            result.timings[(workload, name)] = timings[name]
            del asks[name]
    await time_requests(asks, variables, repeat, timings)
    for name, ask in asks.items():
        result.timings[(workload, name)] = timings[name]
        if timings[name].error is not None:
            continue
        slow = timings[name].p50 > SLOW_MEDIAN_MS
        try:
            timings[name].throughput = await _throughput(
                ask,
                variables[name],
                min(clients, 2) if slow else clients,
                1 if slow else max(repeat // 2, 1),
            )
        except (RuntimeError, neo4j.exceptions.Neo4jError) as error:
            timings[name].throughput_error = refusal(error)


async def _structure_ready(http: httpx.AsyncClient, url: str) -> float | None:
    """Seconds until brokers answers (the background worker's first result), asking
    every 2 s; None if not within STRUCTURE_WAIT_SECONDS."""
    started = time.perf_counter()
    while time.perf_counter() - started < STRUCTURE_WAIT_SECONDS:
        try:
            response = await http.post(url, json={"query": "{ brokers(first: 1) { totalCount } }"})
        except httpx.TransportError:  # a dropped connection: ask again, as a client would
            response = None
        answered = response is not None and response.status_code == 200
        if answered and response is not None and not response.json().get("errors"):
            return time.perf_counter() - started
        await asyncio.sleep(2)
    return None


class _NoServer:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *_: object) -> None:
        return None


def _maybe_neo4j_graphql(wanted: bool, local: LocalNeo4j) -> Any:
    if not wanted:
        return _NoServer()
    return neo4j_graphql_server(local.uri, local.user, local.password)


def _env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key != "GRAPH_API_STORE"} | {
        "PYTHONUNBUFFERED": "1",
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
    }
