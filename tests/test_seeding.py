"""Seeding never overwrites what users changed (graph_api.seeding), on both stores, and
the Docker Compose start path only seeds an empty graph: its API command, run twice
against a real Neo4j, keeps an edit made between the two starts."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from graph_api.app import create_app
from graph_api.auth.roles import Role
from graph_api.cli import app as cli
from graph_api.config import Settings
from graph_api.domain import RelType
from graph_api.resources import resource_dir
from graph_api.seeding import seed_store
from graph_api.seeding.files import default_seed_paths, load_seed_files
from graph_api.store.base import GraphStore
from graph_api.store.embedded_store import EmbeddedStore
from tests.auth_support import as_role
from tests.conftest import Neo4jServer
from tests.served_process import serving_process

ROOT = resource_dir("cypher").parent
DPO = "department:dpo"


async def _edit(store: GraphStore) -> tuple[str, tuple[RelType, str, str]]:
    """Change one seeded entity and one seeded link, as a user would; their new values."""
    seed = load_seed_files(default_seed_paths())
    node = next(n for n in seed.nodes if n.id == DPO)
    link = next(ln for ln in seed.links if ln.from_id == DPO)
    await store.upsert(
        [dataclasses.replace(node, name_en="Digital Policy Office (edited)")],
        [dataclasses.replace(link, source="https://example.org/edited")],
    )
    return "Digital Policy Office (edited)", (link.type, link.from_id, link.to_id)


async def _edits_kept(store: GraphStore, key: tuple[RelType, str, str]) -> bool:
    node = (await store.get_nodes([DPO]))[DPO]
    link = (await store.get_links([key]))[key]
    return node.name_en.endswith("(edited)") and link.source == "https://example.org/edited"


async def test_a_second_seed_keeps_edits_and_says_so(empty_store: GraphStore) -> None:
    first = await seed_store(empty_store, on_progress=lambda _: None)
    assert (first.kept_nodes, first.kept_links, first.edited) == (0, 0, 0)
    _, key = await _edit(empty_store)
    again = await seed_store(empty_store, on_progress=lambda _: None)
    assert (again.nodes, again.links) == (0, 0)
    assert (again.kept_nodes, again.kept_links) == (first.nodes, first.links)
    assert again.edited == 2
    assert "2 of them differ from the seed files" in again.describe()
    assert await _edits_kept(empty_store, key)
    restored = await seed_store(empty_store, on_progress=lambda _: None, overwrite=True)
    assert (restored.nodes, restored.links) == (first.nodes, first.links)
    assert not await _edits_kept(empty_store, key)
    assert (await seed_store(empty_store, on_progress=lambda _: None)).edited == 0


async def test_seeding_adds_only_what_is_missing(empty_store: GraphStore) -> None:
    files = default_seed_paths()
    real = [path for path in files if path.name.startswith("real-")]
    part = await seed_store(empty_store, real, on_progress=lambda _: None)
    whole = await seed_store(empty_store, on_progress=lambda _: None)
    assert (whole.kept_nodes, whole.kept_links) == (part.nodes, part.links)
    assert whole.nodes > 0
    assert whole.edited == 0
    assert sum((await empty_store.count_nodes()).values()) == part.nodes + whole.nodes


def test_the_compose_api_starts_the_server_without_a_seed_step() -> None:
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    command = re.search(r"^\s+command: (\[.*\])$", text, re.M)
    assert command is not None
    # `serve` seeds only an empty store (its --seed default), so a restart keeps edits.
    assert json.loads(command.group(1)) == ["graph-api", "serve", "--host", "0.0.0.0"]  # noqa: S104


async def test_a_restart_as_compose_runs_it_keeps_edits(tmp_path: Path) -> None:
    store = EmbeddedStore(str(tmp_path / "graph.lbug"))
    await store.connect()
    try:
        await seed_store(store, on_progress=lambda _: None)
        _, key = await _edit(store)
        # What `graph-api serve` does on start (seed defaults to "if the store is empty").
        app = create_app(Settings(store="embedded"), store=store, seed_if_empty=True)
        async with app.router.lifespan_context(app):
            pass
        assert await _edits_kept(store, key)
    finally:
        await store.close()


def test_the_seed_command_reports_kept_edits(tmp_path: Path) -> None:
    path = tmp_path / "graph.lbug"
    runner = CliRunner()
    first = runner.invoke(cli, ["seed", "--embedded-path", str(path)])
    assert first.exit_code == 0, first.output
    again = runner.invoke(cli, ["seed", "--embedded-path", str(path)])
    assert again.exit_code == 0, again.output
    assert "wrote 0 entities and 0 links" in again.output
    assert "left as they are" in again.output


EDIT = """mutation { updateEntity(id: "department:dpo",
  input: {description: "Edited after the seed", source: "https://example.org/edited"}) {
  entity { description } } }"""
SEEN = """{ department(id: "department:dpo") { description }
  history(id: "department:dpo", first: 1) { edges { node { actor } } } }"""


@pytest.mark.parametrize("empty_store", ["neo4j"], indirect=True)
def test_the_compose_command_on_neo4j_keeps_an_edit_across_a_restart(
    empty_store: GraphStore, neo4j_server: Neo4jServer, tmp_path: Path
) -> None:
    # The API container's own command and environment, run twice against a real Neo4j
    # that starts empty: the first start seeds it, an editor changes a seeded record,
    # and the second start (a restart, or `docker compose up` again) must keep it.
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    command = json.loads(re.search(r"^\s+command: (\[.*\])$", text, re.M).group(1))  # type: ignore[union-attr]
    assert command[:2] == ["graph-api", "serve"]
    env = {
        "GRAPH_API_STORE": "neo4j",
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USER": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
    }
    editor = as_role(Role.EDITOR)  # beyond loopback anonymous callers are refused
    with serving_process(tmp_path / "first.log", env, *command[2:]) as base:
        edited = httpx.post(f"{base}/graphql", json={"query": EDIT}, headers=editor).json()
    assert edited["data"]["updateEntity"]["entity"]["description"] == "Edited after the seed"
    with serving_process(tmp_path / "second.log", env, *command[2:]) as base:
        seen = httpx.post(f"{base}/graphql", json={"query": SEEN}, headers=editor).json()
    assert seen["data"]["department"]["description"] == "Edited after the seed", seen
    assert seen["data"]["history"]["edges"][0]["node"]["actor"] == "key:test-editor"
    assert "seeded an empty neo4j store" in (tmp_path / "first.log").read_text(encoding="utf-8")
    second = (tmp_path / "second.log").read_text(encoding="utf-8")
    assert "the seed data is not loaded again" in second
