"""``exportRecords``: the graph exported through the API while the service runs, on both
stores; the export reads back through ``importRecords`` into an empty store as the same
graph; persons only for administrators; refusals with clear messages; and the CLI's
``export --server``."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph_api.auth.roles import Role
from graph_api.domain import LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.store.base import GraphStore
from tests.app_client import app_client
from tests.auth_support import as_role, key_for
from tests.conftest import mark_written
from tests.gql_client import data, error
from tests.oracle import seed
from tests.test_import_upload import upload

pytestmark = pytest.mark.neo4j

EXPORT = """query ($format: ExportFormat!, $event: ID, $around: ID, $hops: Int! = 1) {
  exportRecords(format: $format, event: $event, around: $around, hops: $hops) {
    filename format entities links personalData content } }"""


async def _export(client: httpx.AsyncClient, **variables: Any) -> Any:
    variables.setdefault("format", "JSONL")
    return (await data(client, EXPORT, **variables))["exportRecords"]


async def test_an_export_reads_back_as_the_same_graph(seeded_store: GraphStore) -> None:
    async with app_client(seeded_store) as client:
        found = await _export(client, format="JSON")
        assert (found["entities"], found["links"]) == (len(seed().nodes), len(seed().links))
        assert found["filename"] == "graph.json"
        mark_written(seeded_store)  # emptied here: the next test gets the seed data again
        await seeded_store.clear()
        answer = await upload(client, found["filename"], found["content"].encode())
    assert answer["data"]["importRecords"]["created"] == len(seed().nodes) + len(seed().links)
    counts = await seeded_store.count_nodes()
    assert sum(counts.values()) == len(seed().nodes)


async def test_a_part_of_the_graph_and_every_format(api: httpx.AsyncClient) -> None:
    forum = await _export(api, event="event:tf-19")
    lines = [json.loads(line) for line in forum["content"].splitlines()]
    assert len(lines) == forum["entities"] + forum["links"]
    assert any(record.get("id") == "event:tf-19" for record in lines)
    around = await _export(api, format="GRAPHML", around="department:dpo")
    assert around["content"].startswith("<?xml")
    assert 'id="department:dpo"' in around["content"]


async def test_persons_are_exported_to_administrators_only(empty_store: GraphStore) -> None:
    source = "https://example.org/test (invented)"
    person = NodeRecord("person:chan-tai-man", NodeKind.PERSON, "Chan Tai Man", source=source)
    event = NodeRecord("event:tf-1", NodeKind.EVENT, "Forum", source=source)
    attended = LinkRecord(RelType.ATTENDED, person.id, event.id, source=source)
    await empty_store.upsert([person, event], [attended])
    async with app_client(empty_store) as client:
        admin = await _export(client)
        client.headers.update(as_role(Role.EDITOR))
        editor = await _export(client)
        client.headers.update(as_role(Role.ANALYST))
        refused = await error(client, EXPORT, format="JSONL")
    assert (admin["entities"], admin["links"], admin["personalData"]) == (2, 1, True)
    assert (editor["entities"], editor["links"], editor["personalData"]) == (1, 0, False)
    assert "Chan" not in editor["content"]
    assert refused["extensions"]["code"] == "FORBIDDEN"


async def test_no_part_is_gathered_through_a_person_below_admin(empty_store: GraphStore) -> None:
    """Two forums one person attended: around the first, two hops reach the second only
    through the person, which would tell an editor what that person attended."""
    source = "https://example.org/test (invented)"
    person = NodeRecord("person:chan-tai-man", NodeKind.PERSON, "Chan Tai Man", source=source)
    first = NodeRecord("event:tf-1", NodeKind.EVENT, "Forum 1", source=source)
    second = NodeRecord("event:tf-2", NodeKind.EVENT, "Forum 2", source=source)
    links = [LinkRecord(RelType.ATTENDED, person.id, e.id, source=source) for e in (first, second)]
    await empty_store.upsert([person, first, second], links)
    async with app_client(empty_store) as client:
        admin = await _export(client, around=first.id, hops=2)
        by_person = await _export(client, around=person.id)
        client.headers.update(as_role(Role.EDITOR))
        editor = await _export(client, around=first.id, hops=2)
        refused = await error(client, EXPORT, format="JSONL", around=person.id)
    assert second.id in admin["content"]
    assert second.id in by_person["content"]
    assert (editor["entities"], editor["links"]) == (1, 0)
    assert second.id not in editor["content"]
    assert "Chan" not in editor["content"]
    assert refused["extensions"]["code"] == "FORBIDDEN"
    assert "admin" in refused["message"]
    assert "Chan" not in refused["message"]


async def test_bad_and_oversized_exports_are_refused(seeded_store: GraphStore) -> None:
    async with app_client(seeded_store, max_export_bytes=1_000) as client:
        both = await error(
            client, EXPORT, format="JSONL", event="event:tf-19", around="department:dpo"
        )
        assert both["extensions"]["code"] == "BAD_USER_INPUT"
        big = await error(client, EXPORT, format="JSONL")
        assert big["extensions"]["code"] == "BAD_USER_INPUT"
        assert "export a part" in big["message"]
        unknown = await error(client, EXPORT, format="JSONL", event="event:nowhere")
        assert unknown["extensions"]["code"] == "NOT_FOUND"
        # refused while gathering, before anything is written: far more links than fit
        wide = await error(client, EXPORT, format="JSONL", around="bureau:itib", hops=3)
        assert wide["extensions"]["code"] == "BAD_USER_INPUT"
        assert "fewer hops" in wide["message"]


async def test_the_cli_exports_through_a_running_service(
    seeded_store: GraphStore, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from graph_api.app import create_app
    from graph_api.cli import app as cli
    from graph_api.config import Settings
    from tests.live_server import serving

    editor = key_for("cli-export-editor", Role.EDITOR)
    output = tmp_path / "forum.jsonl"
    app = create_app(Settings(store=seeded_store.backend), store=seeded_store)
    async with serving(app) as at:
        arguments = ["export", "-f", "jsonl", "--event", "event:tf-19", "-o", str(output)]
        done = await asyncio.to_thread(
            CliRunner().invoke, cli, [*arguments, "--server", f"http://{at}", "--key", editor]
        )
    assert done.exit_code == 0, done.output
    assert "no personal data" in done.output
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert any(record.get("id") == "event:tf-19" for record in records)
