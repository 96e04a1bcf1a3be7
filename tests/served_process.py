"""`graph-api serve` as a separate process, as users start it: on a free loopback port,
its output in a log file, waited for until /readyz answers 200 (the log's end is shown
if it exits or is not ready in time), and stopped afterwards."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import ClientConnection

from graph_api.auth.roles import Role
from tests.auth_support import as_role
from tests.live_server import free_port, graphql_socket

STARTUP_SECONDS = 60


@contextlib.contextmanager
def serving_process(log_path: Path, env: dict[str, str], *arguments: str) -> Iterator[str]:
    """Run `graph-api serve --port <free> <arguments>` with ``env`` added to this
    process's environment; yield its base URL once ready."""
    with serving(log_path, env, *arguments) as (base, _):
        yield base


@contextlib.contextmanager
def serving(
    log_path: Path, env: dict[str, str], *arguments: str
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """As :func:`serving_process`, yielding the process too (to signal it)."""
    port = free_port()
    graph_api = Path(sys.executable).with_name("graph-api")
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(graph_api), "serve", "--port", str(port), *arguments],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **env},
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while True:
                if process.poll() is not None:
                    pytest.fail(f"graph-api serve exited: {log_path.read_text()[-3000:]}")
                try:
                    if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"graph-api serve not ready: {log_path.read_text()[-3000:]}")
                time.sleep(0.2)
            yield base, process
        finally:
            if process.poll() is None:
                process.terminate()
            process.wait(timeout=30)


@contextlib.asynccontextmanager
async def subscribed(base: str, query: str) -> AsyncIterator[ClientConnection]:
    """A graphql-transport-ws connection to the served process at ``base``, as an analyst,
    acknowledged and subscribed to ``query`` (operation id "1")."""
    url = base.replace("http", "ws", 1) + "/graphql"
    async with graphql_socket(url, as_role(Role.ANALYST)) as ws:
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
        yield ws
