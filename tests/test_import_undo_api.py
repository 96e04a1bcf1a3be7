"""Undoing an import through the running service (``undoImport``, and ``graph-api import
--undo RUN --server URL``): an editor undoes the runs made with their own key, an admin
any; what the run wrote is gone, and a second undo finds nothing to undo."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import httpx
from typer.testing import CliRunner

from graph_api.app import create_app
from graph_api.auth.roles import Role
from graph_api.cli import app as cli
from graph_api.config import Settings
from graph_api.resources import resource_dir
from graph_api.store.base import GraphStore
from tests.auth_support import key_for
from tests.gql_client import error_codes, gql
from tests.live_server import serving

EXAMPLES = resource_dir("docs") / "import-examples"
FIRMS = ["enterprise:ex-harbour-vision"]
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
