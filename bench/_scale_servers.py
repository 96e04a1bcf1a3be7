"""The contenders of bench/scale.py, each a way to ask one workload once.

- ``api-neo4j`` and ``api-embedded``: this API over HTTP, served by ``graph-api serve``
  in a process of its own (so the client shares no event loop with it and its resident
  memory can be read from /proc);
- ``raw``: the workload's hand-written Cypher through the official Python driver;
- ``neo4j-graphql``: the Neo4j GraphQL Library (``@neo4j/graphql`` on Apollo Server,
  bench/neo4j_graphql/, installed from npm into that folder only) over the same Neo4j.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import neo4j

from bench._keys import bench_access

ROOT = Path(__file__).resolve().parent.parent
NEO4J_GRAPHQL = ROOT / "bench" / "neo4j_graphql"
GRAPH_API = Path(sys.executable).parent / "graph-api"

Ask = Callable[[dict[str, Any]], Awaitable[int]]
"""Ask one workload with these variables; the number of ids in the answer."""


def free_port() -> int:
    """A loopback port that is free right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_http(url: str, process: subprocess.Popen[bytes], seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {process.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code < 500:
                return
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


@contextlib.contextmanager
def api_server(env: dict[str, str], *args: str) -> Iterator[tuple[str, int]]:
    """``graph-api serve`` in its own process: (GraphQL URL, process id)."""
    port = free_port()
    command = [str(GRAPH_API), "serve", "--no-seed", "--port", str(port), *args]
    process = subprocess.Popen(  # noqa: S603 - our own CLI, fixed arguments
        command,
        # The harness is one client address sending as fast as it can: no rate limit.
        env={
            **os.environ,
            "GRAPH_API_RATE_LIMIT_PER_MINUTE": "0",
            "GRAPH_API_RATE_LIMIT_PER_KEY_PER_MINUTE": "0",
            "GRAPH_API_MAX_CONCURRENT_PER_ADDRESS": "0",
            "GRAPH_API_MAX_CONCURRENT_PER_KEY": "0",
            "GRAPH_API_KEYS_FILE": bench_access()[0],
            **env,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_http(f"http://127.0.0.1:{port}/healthz", process)
        yield f"http://127.0.0.1:{port}/graphql", process.pid
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server; one busy past its shutdown grace (a projection build) is killed."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


def neo4j_graphql_installed() -> bool:
    """Whether Node.js and npm are here (the library is installed on first use)."""
    return shutil.which("node") is not None and shutil.which("npm") is not None


@contextlib.contextmanager
def neo4j_graphql_server(uri: str, user: str, password: str) -> Iterator[str]:
    """The Neo4j GraphQL Library on Apollo Server (npm ci on first use): its URL."""
    if not (NEO4J_GRAPHQL / "node_modules").is_dir():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"],  # noqa: S607 - npm from PATH
            cwd=NEO4J_GRAPHQL,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    port = free_port()
    env = {**os.environ, "NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password}
    process = subprocess.Popen(
        ["node", "server.mjs"],  # noqa: S607 - node from PATH
        cwd=NEO4J_GRAPHQL,
        env={**env, "PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_http(f"http://127.0.0.1:{port}/", process, seconds=60)
        yield f"http://127.0.0.1:{port}/"
    finally:
        _stop(process)


def resident_mib(pid: int) -> float:
    """A process's resident memory (VmRSS) with its children's, in MiB: the service's
    own and its igraph child's (``analytics.igraph_process``)."""
    return sum(_own_resident_mib(process) for process in (pid, *_children(pid)))


def _own_resident_mib(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # it ended meanwhile
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):  # ended meanwhile
            continue
        if parent == pid:
            found.append(int(stat.parent.name))
    return found


def bench_client(headers: dict[str, str], timeout: float = 600) -> httpx.AsyncClient:
    """An HTTP client for the harness. It drops a connection idle for 2 s: uvicorn closes
    one idle for 5 s, httpx kept them 5 s too, and a request sent on a connection the
    server was closing failed as "connection lost" (enterprise_page's 8 clients at 10^3,
    2026-12-07 11:30): a race of the client's, not the server's answer."""
    return httpx.AsyncClient(
        timeout=timeout, headers=headers, limits=httpx.Limits(keepalive_expiry=2.0)
    )


def count_ids(value: Any) -> int:
    """How many ``id`` fields an answer holds (the check that contenders agree)."""
    if isinstance(value, dict):
        return ("id" in value) + sum(count_ids(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_ids(v) for v in value)
    return 0


class Refused(RuntimeError):
    """An answer with errors, or none: ``code`` is the first error's code, if any."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


def graphql_asker(client: httpx.AsyncClient, url: str, query: str) -> Ask:
    """Ask a GraphQL endpoint; errors fail the run (a benchmark of errors means nothing)."""

    async def ask(variables: dict[str, Any]) -> int:
        try:
            response = await client.post(url, json={"query": query, "variables": variables})
        except httpx.TransportError as lost:  # reported for this contender; the run goes on
            raise Refused(
                f"{url}: {type(lost).__name__} (connection lost)", "connection lost"
            ) from lost
        try:
            body = response.json()
        except ValueError as unreadable:  # not JSON: a proxy's page, a crash
            raise Refused(
                f"{url}: {response.text[:400]}", f"HTTP {response.status_code}"
            ) from unreadable
        if response.status_code != 200 or body.get("errors"):
            errors = body.get("errors") or [{}]
            code = (errors[0].get("extensions") or {}).get("code")
            raise Refused(f"{url}: {str(body)[:400]}", code or f"HTTP {response.status_code}")
        return count_ids(body["data"])

    return ask


def cypher_asker(driver: neo4j.AsyncDriver, text: str) -> Ask:
    """Run raw Cypher through the driver, one query per request."""

    async def ask(variables: dict[str, Any]) -> int:
        records, _, _ = await driver.execute_query(
            text, variables, routing_=neo4j.RoutingControl.READ
        )
        return sum(count_ids(record.data()) for record in records) or len(records)

    return ask
