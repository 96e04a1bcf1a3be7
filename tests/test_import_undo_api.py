"""Undoing an import through the running service (``undoImport``, and ``graph-api import
--undo RUN --server URL``): an editor undoes the runs made with their own key and that
nobody has changed since, an admin any; what the run wrote is gone, a second undo finds
nothing to undo, and two at once undo it once."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from graph_api.app import create_app
from graph_api.auth.roles import Role
from graph_api.cli import app as cli
from graph_api.config import Settings
from graph_api.domain import NodeKind, NodeRecord
from graph_api.editing.import_runs import undo_run
from graph_api.errors import GraphApiError
from graph_api.resources import resource_dir
from graph_api.store.base import GraphStore
from graph_api.transfer.importer import import_files
from graph_api.transfer.journal import ImportJournal
from tests.auth_support import key_for
from tests.gql_client import error_codes, gql
from tests.live_server import serving

EXAMPLES = resource_dir("docs") / "import-examples"
FIRMS = ["enterprise:ex-harbour-vision"]
PERSON = "person:chan-tai-man"
UNDO = "mutation ($run: String!) { undoImport(runId: $run) { runId undone } }"


async def test_an_editor_undoes_their_own_import_through_the_service(
    empty_store: GraphStore,
) -> None:
    runner = CliRunner()
    editor = key_for("undo-editor", Role.EDITOR)
    other = key_for("undo-other-editor", Role.EDITOR)
    files = [str(EXAMPLES / "enterprises.csv")]
    async with serving(create_app(Settings(store=empty_store.backend), store=empty_store)) as at:
        server = f"http://{at}"

        def run(*args: str) -> Any:
            return runner.invoke(cli, ["import", *args, "--server", server])

        done = await asyncio.to_thread(run, *files, "--key", editor)
        assert done.exit_code == 0, done.output
        assert set(await empty_store.get_nodes(FIRMS)) == set(FIRMS)
        [run_id] = set(re.findall(r"\d{8}T\d{6}Z-[0-9a-f]{8}", done.output))

        refused = await asyncio.to_thread(run, "--undo", run_id, "--key", other)
        assert refused.exit_code == 1
        assert "FORBIDDEN" in refused.output
        assert "[red]" not in refused.output  # markup is applied, not printed
        assert set(await empty_store.get_nodes(FIRMS)) == set(FIRMS)  # still there

        undone = await asyncio.to_thread(run, "--undo", run_id, "--key", editor)
        assert undone.exit_code == 0, undone.output
        assert f"Undid 3 changes of import {run_id}." in undone.output
        again = await asyncio.to_thread(run, "--undo", run_id, "--key", editor)
        assert again.exit_code == 1
        assert "NOT_FOUND" in again.output
    assert await empty_store.get_nodes(FIRMS) == {}


async def test_a_run_id_that_is_no_run_id_is_refused(empty_store: GraphStore) -> None:
    app = create_app(Settings(store=empty_store.backend), store=empty_store)
    headers = {"Authorization": f"Bearer {key_for('undo-admin', Role.ADMIN)}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as api:
        for run_id, code in [("../../etc/passwd", "BAD_USER_INPUT"), ("", "BAD_USER_INPUT"),
                             ("20991231T000000Z-00000000", "NOT_FOUND")]:  # fmt: skip
            assert error_codes(await gql(api, UNDO, {"run": run_id})) == [code]


IMPORT = """mutation ($file: Upload!) { importRecords(file: $file) { runId created } }"""


async def _import(api: httpx.AsyncClient, name: str) -> str:
    operations = {"query": IMPORT, "variables": {"file": None}}
    response = await api.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (name, (EXAMPLES / name).read_bytes(), "text/csv")},
    )
    run_id: str = response.json()["data"]["importRecords"]["runId"]
    return run_id


async def test_a_run_changed_since_by_others_is_undone_by_an_admin_only(
    empty_store: GraphStore,
) -> None:
    # An editor's undo once deleted an admin's later links to what the run created, and
    # threw away other editors' edits of it, without a word.
    app = create_app(Settings(store=empty_store.backend), store=empty_store)
    transport = httpx.ASGITransport(app=app)

    def client(name: str, role: Role) -> httpx.AsyncClient:
        headers = {"Authorization": f"Bearer {key_for(name, role)}"}
        return httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers)

    async with (
        client("undo-a", Role.EDITOR) as editor,
        client("undo-b", Role.EDITOR) as other,
        client("undo-admin", Role.ADMIN) as admin,
    ):
        run_id = await _import(editor, "enterprises.csv")
        rename = """mutation { updateEntity(id: "enterprise:ex-harbour-vision", input: {
          description: "edited later", source: "https://example.org/b"}) { change { id } } }"""
        assert "errors" not in await gql(other, rename)
        refused = await gql(editor, UNDO, {"run": run_id})
        assert error_codes(refused) == ["CONFLICT"]
        assert "key:undo-b changed what it wrote" in refused["errors"][0]["message"]
        assert set(await empty_store.get_nodes(FIRMS)) == set(FIRMS)  # nothing undone
        done = await gql(admin, UNDO, {"run": run_id})
        assert done["data"]["undoImport"]["undone"] == 3
    assert await empty_store.get_nodes(FIRMS) == {}


async def test_one_run_undone_twice_at_once_is_undone_once(empty_store: GraphStore) -> None:
    # Five at once each reported the whole run undone (15,000 changes for 3,000).
    summary = await import_files(empty_store, [EXAMPLES / "enterprises.csv"])
    journal = ImportJournal(empty_store)
    results = await asyncio.gather(
        *(undo_run(empty_store, journal, summary.run_id, "import", True) for _ in range(3)),
        return_exceptions=True,
    )
    undone = [result for result in results if isinstance(result, int)]
    refused = [result.code.value for result in results if isinstance(result, GraphApiError)]
    assert undone == [3]
    assert refused == ["CONFLICT", "CONFLICT"]  # the first takes it before anything is awaited


async def test_a_conflict_over_a_persons_link_names_no_person(empty_store: GraphStore) -> None:
    person = NodeRecord(id=PERSON, kind=NodeKind.PERSON, name_en="Chan Tai Man", source="s")
    await empty_store.upsert([person], [])
    app = create_app(Settings(store=empty_store.backend), store=empty_store)
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {key_for('undo-events', Role.EDITOR)}"}
    admin_headers = {"Authorization": f"Bearer {key_for('undo-admin', Role.ADMIN)}"}
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as editor,
        httpx.AsyncClient(transport=transport, base_url="http://t", headers=admin_headers) as admin,
    ):
        run_id = await _import(editor, "events.csv")
        attended = {"type": "ATTENDED", "fromId": PERSON, "toId": "event:ex-tf-20", "source": "s"}
        record = "mutation($l: LinkInput!) { recordLink(input: $l) { change { id } } }"
        assert "errors" not in await gql(admin, record, {"l": attended})
        refused = await gql(editor, UNDO, {"run": run_id})
    assert error_codes(refused) == ["CONFLICT"]
    message = json.dumps(refused)
    assert "personal data" in message
    assert "chan-tai-man" not in message
    assert "undo-admin" not in message  # nor whose change it was, beyond the role's reach


async def test_a_run_still_being_written_is_not_undone(empty_store: GraphStore) -> None:
    summary = await import_files(empty_store, [EXAMPLES / "enterprises.csv"])
    journal = ImportJournal(empty_store)
    await journal.begin(summary.run_id)  # as a batch-by-batch run under way notes it
    with pytest.raises(GraphApiError) as refused:
        await undo_run(empty_store, journal, summary.run_id, "import", True)
    assert refused.value.code.value == "CONFLICT"
    assert set(await empty_store.get_nodes(FIRMS)) == set(FIRMS)
    await journal.end(summary.run_id)
