"""``importRecords``: a file imported through the API while the service runs, on both
stores, with the CLI's checks, dry run and report; refused for non-editors, for files
that cannot be read and for bodies over the upload limit; no server path in any answer."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph_api.auth.roles import Role
from graph_api.resources import resource_dir
from graph_api.store.base import GraphStore
from tests.app_client import app_client
from tests.auth_support import as_role

pytestmark = pytest.mark.neo4j

EXAMPLES = resource_dir("docs") / "import-examples"
IMPORT = """mutation ($file: Upload!, $dryRun: Boolean!) {
  importRecords(file: $file, dryRun: $dryRun) {
    runId dryRun written rows created updated unchanged rejected summary failure
    report { location record action reason } } }"""


async def upload(
    client: httpx.AsyncClient, name: str, content: bytes, dry_run: bool = False
) -> Any:
    """Send a GraphQL multipart request carrying one file; the decoded answer."""
    operations = {"query": IMPORT, "variables": {"file": None, "dryRun": dry_run}}
    response = await client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (name, content, "application/octet-stream")},
    )
    assert response.status_code == 200, response.text
    assert "graph-api-upload" not in response.text  # no server path in any answer
    return response.json()


def _example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


async def test_an_uploaded_file_is_checked_written_and_idempotent(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    journal = tmp_path / "imports"
    async with app_client(empty_store, import_journal_dir=str(journal)) as client:
        dry = (await upload(client, "enterprises.csv", _example("enterprises.csv"), True))["data"]
        assert dry["importRecords"]["dryRun"] is True
        assert dry["importRecords"]["written"] is False
        assert dry["importRecords"]["created"] == 3
        assert await empty_store.get_nodes(["enterprise:ex-harbour-vision"]) == {}
        body = await upload(client, "enterprises.csv", _example("enterprises.csv"))
        done = body["data"]["importRecords"]
        assert done["written"] is True
        assert (done["created"], done["rejected"], done["failure"]) == (3, 0, None)
        assert done["report"][0]["location"].startswith("enterprises.csv:")
        found = await empty_store.get_nodes(["enterprise:ex-harbour-vision"])
        assert found["enterprise:ex-harbour-vision"].name_zh == "港灣視覺有限公司"
        again = (await upload(client, "enterprises.csv", _example("enterprises.csv")))["data"]
        assert (again["importRecords"]["unchanged"], again["importRecords"]["created"]) == (3, 0)
    assert not list(journal.glob("*")) if journal.exists() else True  # every run ended


async def test_rejected_rows_write_nothing_and_are_reported_first(
    empty_store: GraphStore,
) -> None:
    good = _example("enterprises.csv").decode()
    bad = good + "enterprise:ex-broken,Enterprise,,,,,,,true,NOWHERE,HUGE,2020\n"
    async with app_client(empty_store) as client:
        answer = (await upload(client, "mixed.csv", bad.encode()))["data"]["importRecords"]
    assert answer["written"] is False
    assert answer["rejected"] == 1
    assert "nothing was written" in answer["failure"]
    first = answer["report"][0]
    assert first["action"] == "rejected"
    assert first["record"] == "enterprise:ex-broken"
    assert first["location"] == "mixed.csv:5"
    assert first["reason"]
    assert await empty_store.get_nodes(["enterprise:ex-harbour-vision"]) == {}


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("graph.xlsx", b"PK\x03\x04", "unknown file type"),
        ("../../etc/graph.graphml", b"<graphml><node", "not well-formed XML"),
    ],
)
async def test_a_file_that_cannot_be_read_is_bad_input(
    empty_store: GraphStore, name: str, content: bytes, says: str
) -> None:
    async with app_client(empty_store) as client:
        body = await upload(client, name, content)
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert says in error["message"]
    assert "/etc" not in error["message"]


async def test_only_editors_may_import(empty_store: GraphStore) -> None:
    async with app_client(empty_store) as client:
        client.headers.update(as_role(Role.ANALYST))
        body = await upload(client, "enterprises.csv", _example("enterprises.csv"))
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await empty_store.get_nodes(["enterprise:ex-harbour-vision"]) == {}


async def test_an_upload_over_the_limit_is_refused_before_it_is_read(
    empty_store: GraphStore,
) -> None:
    async with app_client(empty_store, max_body_bytes=1_000, max_upload_bytes=2_000) as client:
        operations = {"query": IMPORT, "variables": {"file": None, "dryRun": False}}
        response = await client.post(
            "/graphql",
            data={"operations": json.dumps(operations), "map": '{"0": ["variables.file"]}'},
            files={"0": ("big.csv", b"x" * 5_000, "text/csv")},
        )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"


async def test_the_cli_imports_through_a_running_service(empty_store: GraphStore) -> None:
    from typer.testing import CliRunner

    from graph_api.app import create_app
    from graph_api.cli import app as cli
    from graph_api.config import Settings
    from tests.auth_support import key_for
    from tests.live_server import serving

    runner = CliRunner()
    editor, analyst = key_for("cli-editor", Role.EDITOR), key_for("cli-analyst", Role.ANALYST)
    files = [str(EXAMPLES / "enterprises.csv"), str(EXAMPLES / "events.csv")]
    async with serving(create_app(Settings(store=empty_store.backend), store=empty_store)) as at:
        server = f"http://{at}"

        def run(*args: str) -> Any:
            return runner.invoke(cli, ["import", *args, "--server", server])

        refused = await asyncio.to_thread(run, *files, "--key", analyst)
        assert refused.exit_code == 1
        assert "FORBIDDEN" in refused.output
        done = await asyncio.to_thread(run, *files, "--key", editor)
        assert done.exit_code == 0, done.output
        assert "enterprises.csv: 3 rows" in done.output
        assert "written as import" in done.output
    found = await empty_store.get_nodes(["enterprise:ex-harbour-vision", "event:ex-tf-20"])
    assert set(found) == {"enterprise:ex-harbour-vision", "event:ex-tf-20"}
    gone = await asyncio.to_thread(
        runner.invoke, cli, ["import", *files, "--server", "http://127.0.0.1:9", "--key", editor]
    )
    assert gone.exit_code == 1
    assert "did not answer" in gone.output
