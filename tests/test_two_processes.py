"""Several API processes behind one address: on Neo4j, a subscriber of one `graph-api
serve` hears a write made through another, and each answers the other's writes at once
(and reads after the other's Graph-Bookmark token);
on the embedded store a second process is refused, saying why, because the store file
belongs to one process."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from graph_api.auth.roles import Role
from graph_api.store.base import GraphStore
from tests.auth_support import as_role
from tests.conftest import Neo4jServer
from tests.live_server import free_port
from tests.served_process import serving_process, subscribed

pytestmark = pytest.mark.neo4j

PROTOCOL = "graphql-transport-ws"
CREATE = """mutation($input: EntityInput!) { createEntity(input: $input) { entity { id } } }"""
FIRM = {"kind": "ENTERPRISE", "id": "enterprise:two-procs", "nameEn": "Two Procs", "source": "test"}


async def test_a_write_through_one_process_reaches_the_others(
    empty_store: GraphStore, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if empty_store.backend == "embedded":
        _a_second_process_is_refused_the_embedded_file(tmp_path)
        return
    server: Neo4jServer = request.getfixturevalue("neo4j_server")
    env = {
        "GRAPH_API_STORE": "neo4j",
        "NEO4J_URI": server.uri,
        "NEO4J_USER": server.user,
        "NEO4J_PASSWORD": server.password,
        # The same on both, so each accepts the other's Graph-Bookmark tokens.
        "GRAPH_API_BOOKMARK_KEY": "both processes are given this one key",
    }
    with (
        serving_process(tmp_path / "a.log", env, "--no-seed") as first,
        serving_process(tmp_path / "b.log", env, "--no-seed") as second,
    ):
        subscription = "subscription { graphChanged { change { entityId } } }"
        async with subscribed(first, subscription) as ws:
            await asyncio.sleep(1.5)  # the subscription is listening (the protocol has no ack)
            async with httpx.AsyncClient(headers=as_role(Role.EDITOR)) as http:
                made = await http.post(
                    f"{second}/graphql", json={"query": CREATE, "variables": {"input": FIRM}}
                )
                assert made.json() == {"data": {"createEntity": {"entity": {"id": FIRM["id"]}}}}
                async with asyncio.timeout(10):
                    heard = json.loads(await ws.recv())
                assert heard["payload"]["data"]["graphChanged"]["change"]["entityId"] == FIRM["id"]
                # And the first process answers with the write at once, also when the
                # client asks it to read after the write's token (Graph-Bookmark), which
                # a process other than the one that wrote must accept.
                token = made.headers["Graph-Bookmark"]
                found = await http.post(
                    f"{first}/graphql",
                    json={"query": '{ enterprise(id: "enterprise:two-procs") { nameEn } }'},
                    headers={"Graph-Bookmark": token},
                )
                assert found.json() == {"data": {"enterprise": {"nameEn": "Two Procs"}}}


def _a_second_process_is_refused_the_embedded_file(tmp_path: Path) -> None:
    store = ["--embedded-path", str(tmp_path / "graph")]
    with serving_process(tmp_path / "a.log", {}, *store):
        graph_api = Path(sys.executable).parent / "graph-api"
        second = subprocess.run(
            [str(graph_api), "serve", "--port", str(free_port()), *store],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert second.returncode != 0
    assert "Is another graph-api process using it?" in second.stdout + second.stderr
    assert "Traceback" not in second.stdout + second.stderr
