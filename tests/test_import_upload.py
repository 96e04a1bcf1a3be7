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
from graph_api.transfer.uploads import MAX_FILES
from tests.app_client import app_client
from tests.auth_support import as_role

pytestmark = pytest.mark.neo4j

EXAMPLES = resource_dir("docs") / "import-examples"
IMPORT = """mutation ($file: Upload!, $dryRun: Boolean!) {
  importRecords(file: $file, dryRun: $dryRun) {
    runId dryRun written rows created updated unchanged rejected summary failure
    report { location record action reason } } }"""

HISTORY = "query($id: ID!) { history(id: $id) { edges { node { summary } } } }"


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
    noted_before = empty_store.counters.by_query.get("note_import_run", 0)
    async with app_client(empty_store) as client:
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
        # The change record names the row by the file's name: the upload's temporary
        # folder is the server's, and analysts read the history.
        history = await client.post(
            "/graphql",
            json={"query": HISTORY, "variables": {"id": "enterprise:ex-harbour-vision"}},
            headers=as_role(Role.ANALYST),
        )
        [change] = history.json()["data"]["history"]["edges"]
        assert change["node"]["summary"]["row"] == "enterprises.csv:2", change
        assert "graph-api-upload" not in history.text
    # The two runs that wrote were noted in the store while they wrote (not the dry run) ...
    assert empty_store.counters.by_query.get("note_import_run", 0) == noted_before + 2
    assert await empty_store.import_run_notes() == []  # ... and every run ended


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
    assert "graph.xlsx" in error["message"] or "graph.graphml:" in error["message"]
    assert "../" not in error["message"]  # the file went under its own name only


MANY = """mutation ($files: [Upload!]!) {
  importRecords(files: $files) { written created failure } }"""


async def upload_many(client: httpx.AsyncClient, files: list[tuple[str, bytes]]) -> Any:
    """Send several files in one GraphQL multipart request; the decoded answer."""
    operations = {"query": MANY, "variables": {"files": [None] * len(files)}}
    places = {str(i): [f"variables.files.{i}"] for i in range(len(files))}
    response = await client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps(places)},
        files=[(str(i), (name, content, "text/plain")) for i, (name, content) in enumerate(files)],
    )
    assert response.status_code == 200, response.text
    return response.json()


async def _csv_export_of_a_small_graph(store: GraphStore, folder: Path) -> list[Path]:
    """A forum organised by HKSTP, exported as CSV to ``folder`` and then cleared from
    ``store``; the export's files in the order a folder lists them (links.csv first)."""
    from graph_api.domain import LinkRecord, NodeKind, NodeRecord, RelType
    from graph_api.transfer.exporter import export
    from graph_api.transfer.formats import Format

    source = "https://example.org/test (invented)"
    forum = NodeRecord("event:ex-forum", NodeKind.EVENT, "Forum", source=source, sample=True)
    hkstp = NodeRecord("partner:ex-park", NodeKind.PARTNER_BODY, "Park", source=source)
    organised = LinkRecord(RelType.ORGANISED, hkstp.id, forum.id, source=source)
    await store.upsert([forum, hkstp], [organised])
    await export(store, Format.CSV, folder)
    await store.clear()
    return sorted(await asyncio.to_thread(lambda: list(folder.iterdir())))


async def test_several_files_are_one_run_whatever_their_order(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    """Links in the first file may join entities of a later one, as a CSV export's
    links.csv (sorted first) does with its nodes-*.csv."""
    files = await _csv_export_of_a_small_graph(empty_store, tmp_path)
    assert files[0].name == "links.csv"
    sent = [(path.name, path.read_bytes()) for path in files]
    async with app_client(empty_store) as client:
        alone = (await upload(client, "links.csv", sent[0][1]))["data"]["importRecords"]
        together = (await upload_many(client, sent))["data"]["importRecords"]
        twice = await upload_many(client, [sent[0], sent[0]])
        none = await client.post("/graphql", json={"query": MANY, "variables": {"files": []}})
    assert alone["written"] is False  # its entities are in the other files
    assert (together["written"], together["created"], together["failure"]) == (True, 3, None)
    assert set(await empty_store.get_nodes(["event:ex-forum", "partner:ex-park"])) == {
        "event:ex-forum",
        "partner:ex-park",
    }
    assert twice["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "two files are named links.csv" in twice["errors"][0]["message"]
    assert none.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_at_most_fifty_files_go_in_one_run(empty_store: GraphStore) -> None:
    many = [(f"part-{number}.csv", b"id,kind,name_en\n") for number in range(MAX_FILES + 1)]
    async with app_client(empty_store) as client:
        refused = await upload_many(client, many)
    [error] = refused["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert f"{MAX_FILES + 1} files were sent; at most {MAX_FILES} go in one run" in error["message"]


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
        assert "enterprises.csv, events.csv: 4 rows" in done.output
        assert "written as import" in done.output
    found = await empty_store.get_nodes(["enterprise:ex-harbour-vision", "event:ex-tf-20"])
    assert set(found) == {"enterprise:ex-harbour-vision", "event:ex-tf-20"}
    gone = await asyncio.to_thread(
        runner.invoke, cli, ["import", *files, "--server", "http://127.0.0.1:9", "--key", editor]
    )
    assert gone.exit_code == 1
    assert "did not answer" in gone.output


async def test_the_cli_imports_a_csv_export_folder_through_a_running_service(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from graph_api.app import create_app
    from graph_api.cli import app as cli
    from graph_api.config import Settings
    from tests.auth_support import key_for
    from tests.live_server import serving

    await _csv_export_of_a_small_graph(empty_store, tmp_path)
    editor = key_for("cli-folder-editor", Role.EDITOR)
    async with serving(create_app(Settings(store=empty_store.backend), store=empty_store)) as at:
        arguments = ["import", str(tmp_path), "--server", f"http://{at}", "--key", editor]
        done = await asyncio.to_thread(CliRunner().invoke, cli, arguments)
    assert done.exit_code == 0, done.output
    assert "links.csv, nodes-" in done.output
    assert "event:ex-forum" in await empty_store.get_nodes(["event:ex-forum"])


async def test_an_upload_growing_past_the_limit_as_it_streams_is_refused(
    empty_store: GraphStore,
) -> None:
    """No declared length: the limit is found while the file arrives, and the answer is
    the refusal (not a failed request)."""
    boundary = "cut"
    operations = json.dumps({"query": IMPORT, "variables": {"file": None, "dryRun": True}})
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{operations}'
        f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n'
        f'{{"0": ["variables.file"]}}\r\n--{boundary}\r\nContent-Disposition: form-data; '
        f'name="0"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n'
    ).encode()

    async def body() -> Any:
        yield head
        for _ in range(10):
            yield b"x" * 1_000

    async with app_client(empty_store, max_body_bytes=1_000, max_upload_bytes=3_000) as client:
        response = await client.post(
            "/graphql",
            content=body(),
            headers={"content-type": f"multipart/form-data; boundary={boundary}"},
        )
        assert response.status_code == 413
        assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"
        assert (await client.post("/graphql", json={"query": "{ __typename }"})).status_code == 200


async def test_the_cli_says_how_to_send_files_too_large_together(empty_store: GraphStore) -> None:
    from typer.testing import CliRunner

    from graph_api.app import create_app
    from graph_api.cli import app as cli
    from graph_api.config import Settings
    from tests.auth_support import key_for
    from tests.live_server import serving

    editor = key_for("cli-large-editor", Role.EDITOR)
    files = [str(EXAMPLES / "links.csv"), str(EXAMPLES / "workshop.jsonl")]  # 2,474 bytes
    settings = Settings(store=empty_store.backend, max_body_bytes=1_000, max_upload_bytes=2_000)
    async with serving(create_app(settings, store=empty_store)) as at:
        arguments = ["import", *files, "--server", f"http://{at}", "--key", editor]
        refused = await asyncio.to_thread(CliRunner().invoke, cli, arguments)
    assert refused.exit_code == 1
    assert "REQUEST_TOO_LARGE" in refused.output
    assert "smaller groups" in refused.output
