"""Bulk import on both stores: good files, bad rows, dry runs, re-imports, a failure in the
middle that must leave nothing behind, undo, streaming memory, and the command line."""

from __future__ import annotations

import csv
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graph_api.cli import app
from graph_api.domain import LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.resources import resource_dir
from graph_api.seeding import seed_store
from graph_api.store.base import GraphStore
from graph_api.store.changes import ChangeSet
from graph_api.store.embedded_store import EmbeddedStore
from graph_api.store.neo4j_store import Neo4jStore
from graph_api.transfer.importer import ImportOptions, import_files
from graph_api.transfer.report import ImportFailed, RowAction, RowReport
from graph_api.transfer.source import FileProblem
from graph_api.transfer.undo import UnknownRun, require_run, undo_import
from tests.editing_support import SOURCE, load_base

pytestmark = pytest.mark.neo4j

EXAMPLES = resource_dir("cypher").parent / "docs" / "import-examples"
NODE_COLUMNS = ["id", "name_en", "source", "origin", "size"]
LINK_COLUMNS = ["type", "from", "to", "source", "role", "date"]


def _csv(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _firms(count: int, start: int = 0) -> list[dict[str, Any]]:
    return [
        {"id": f"enterprise:t-{i:04d}", "name_en": f"Test Firm {i}", "source": SOURCE}
        for i in range(start, start + count)
    ]


def _attendance(firm_ids: list[str], event: str = "event:tf-20") -> list[dict[str, Any]]:
    return [
        {"type": "ATTENDED", "from": firm, "to": event, "source": SOURCE, "role": "ATTENDEE"}
        for firm in firm_ids
    ]


async def _snapshot(store: GraphStore) -> tuple[list[dict[str, Any]], list[LinkRecord]]:
    nodes, links = await store.export_graph()
    return [node.to_row() for node in nodes], links


async def test_the_examples_import_into_the_seeded_graph(empty_store: GraphStore) -> None:
    await seed_store(empty_store, on_progress=lambda _: None)
    before = await _snapshot(empty_store)
    rows: list[RowReport] = []
    dry = await import_files(empty_store, [EXAMPLES], ImportOptions(dry_run=True), rows.append)
    assert (dry.counts[RowAction.CREATED], dry.counts[RowAction.UPDATED]) == (20, 1)
    assert await _snapshot(empty_store) == before  # a dry run writes nothing
    assert (await empty_store.history("event:ex-tf-20", 5)).total == 0

    real: list[RowReport] = []
    summary = await import_files(
        empty_store, [EXAMPLES], ImportOptions(actor="importer"), real.append
    )
    assert real == rows  # the dry run said exactly what the import then did
    assert summary.rows == 21
    assert (summary.counts[RowAction.CREATED], summary.counts[RowAction.UPDATED]) == (20, 1)
    assert summary.written
    stored = await empty_store.get_nodes(["enterprise:ex-harbour-vision", "event:ex-tf-20"])
    assert stored["enterprise:ex-harbour-vision"].aliases == ("Harbour Vision", "HV Ltd")
    assert stored["event:ex-tf-20"].properties["number"] == 20
    key = (RelType.ATTENDED, "enterprise:ex-nordvik-sensing", "event:ex-tf-20")
    link = (await empty_store.get_links([key]))[key]
    assert link.properties == {"role": "EXHIBITOR", "evidence": "REPORTED", "confidence": 0.8}
    history = await empty_store.history("event:ex-tf-20", 50)
    assert history.total == 8  # the event and the seven links to it
    assert {change.actor for change in history.changes} == {"importer"}
    assert {change.batch for change in history.changes} == {summary.run_id}

    again = await import_files(empty_store, [EXAMPLES])
    assert again.counts[RowAction.UNCHANGED] == 21
    assert not again.written
    assert (await empty_store.history("event:ex-tf-20", 50)).total == 8


async def test_bad_rows_are_rejected_with_reasons_and_nothing_is_written(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    await load_base(empty_store)
    before = await _snapshot(empty_store)
    nodes = [
        *_firms(2),
        {"id": "enterprise:t-bad", "name_en": " ", "source": SOURCE},
        {"id": "enterprise:t-mars", "name_en": "Mars Ltd", "source": SOURCE, "origin": "MARS"},
        {"id": "department:t-dept", "name_en": "Dept", "source": SOURCE, "size": "SME"},
    ]
    links = _attendance(["enterprise:t-0000", "enterprise:t-bad", "enterprise:nobody"])
    links.append({"type": "ATTENDED", "from": "technology:ai", "to": "event:tf-20",
                  "source": SOURCE, "role": "HOST"})  # fmt: skip
    files = [
        _csv(tmp_path / "nodes.csv", NODE_COLUMNS, nodes),
        _csv(tmp_path / "links.csv", LINK_COLUMNS, links),
    ]
    rows: list[RowReport] = []
    with pytest.raises(ImportFailed) as failed:
        await import_files(empty_store, files, on_row=rows.append)
    reasons = {row.record: row.reason for row in rows if row.action is RowAction.REJECTED}
    assert reasons == {
        "enterprise:t-bad": "name_en is blank",
        "enterprise:t-mars": "origin 'MARS' is not one of HONG_KONG, MAINLAND, OVERSEAS",
        "department:t-dept": "size is not a property of a Department record (only Enterprise)",
        "ATTENDED enterprise:t-bad -> event:tf-20": (
            "from 'enterprise:t-bad' is an entity whose own row was rejected"
        ),
        "ATTENDED enterprise:nobody -> event:tf-20": (
            "from 'enterprise:nobody' is not an entity in the graph"
        ),
        "ATTENDED technology:ai -> event:tf-20": (
            "from/to: ATTENDED cannot join Technology -> Event (allowed: Bureau -> Event, "
            "Department -> Event, Enterprise -> Event, PartnerBody -> Event, Person -> Event)"
        ),
    }
    assert {row.location for row in rows} >= {f"{files[0]}:4", f"{files[1]}:5"}
    assert failed.value.summary.counts[RowAction.REJECTED] == 6
    assert await _snapshot(empty_store) == before
    assert await empty_store.batch_changes(failed.value.summary.run_id, 10) == []

    skipped = await import_files(empty_store, files, ImportOptions(skip_invalid=True))
    assert skipped.counts[RowAction.CREATED] == 3  # two firms and one attendance
    assert skipped.counts[RowAction.REJECTED] == 6


class _FailAfter:
    """A real store that fails its Nth write: before writing, or after committing (as if
    the answer were lost on the way back)."""

    fail_at = 6
    after_commit = False
    writes = 0

    async def apply(self, changes: ChangeSet) -> None:
        self.writes += 1
        if self.writes == self.fail_at and not self.after_commit:
            raise ConnectionError("injected: the database went away")
        await super().apply(changes)  # type: ignore[misc]
        if self.writes == self.fail_at:
            raise ConnectionError("injected: the answer was lost after the commit")


class _FailingEmbedded(_FailAfter, EmbeddedStore):
    pass


class _FailingNeo4j(_FailAfter, Neo4jStore):
    pass


@pytest.mark.parametrize("after_commit", [False, True], ids=["before", "after-commit"])
async def test_a_failure_in_the_middle_leaves_nothing(
    empty_store: GraphStore,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    after_commit: bool,
) -> None:
    store: _FailAfter
    if empty_store.backend == "embedded":
        store = _FailingEmbedded()
    else:  # the same database as empty_store, which the fixture has marked for reseeding
        server = request.getfixturevalue("neo4j_server")
        store = _FailingNeo4j(server.uri, server.user, server.password)
    assert isinstance(store, GraphStore)
    await store.connect()
    try:
        await load_base(store)
        before = await _snapshot(store)
        nodes = [*_firms(30), {"id": "enterprise:acme", "name_en": "Acme Renamed",
                               "source": SOURCE}]  # fmt: skip
        links = _attendance([f"enterprise:t-{i:04d}" for i in range(30)])
        links += _attendance(["enterprise:acme"])  # updates the role of an existing link
        files = [
            _csv(tmp_path / "nodes.csv", NODE_COLUMNS, nodes),
            _csv(tmp_path / "links.csv", LINK_COLUMNS, links),
        ]
        store.after_commit = after_commit
        with pytest.raises(ImportFailed) as failed:
            # 31 entities in 4 batches, then links: the 6th write fails.
            await import_files(store, files, ImportOptions(batch_size=10))
        summary = failed.value.summary
        assert summary.rolled_back
        assert "injected" in (summary.error or "")
        assert await _snapshot(store) == before
        assert await store.batch_changes(summary.run_id, 10) == []
        assert (await store.history("enterprise:acme", 5)).total == 0
    finally:
        await store.close()


async def test_undo_restores_what_an_import_changed(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    await load_base(empty_store)
    before = await _snapshot(empty_store)
    nodes = [*_firms(3), {"id": "enterprise:acme", "name_en": "Acme Renamed", "source": SOURCE}]
    files = [
        _csv(tmp_path / "nodes.csv", NODE_COLUMNS, nodes),
        _csv(tmp_path / "links.csv", LINK_COLUMNS, _attendance(["enterprise:acme"])),
    ]
    # A record stated twice is two edits in order: the undo must reach back to the first.
    _csv(tmp_path / "again.csv", NODE_COLUMNS, [{**nodes[-1], "name_en": "Acme Again"}])
    summary = await import_files(empty_store, [*files, tmp_path / "again.csv"])
    assert summary.counts[RowAction.UPDATED] == 3
    assert await _snapshot(empty_store) != before
    # 3 firms created, Acme updated twice, its attendance updated: 6 changes.
    assert await undo_import(empty_store, summary.run_id) == 6
    assert await _snapshot(empty_store) == before
    assert await undo_import(empty_store, summary.run_id) == 0


async def test_every_format_reads_the_seed_record_shape(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    await load_base(empty_store)
    document = {
        "dataset": "t",
        "description": "a test",
        "links": [
            {"type": "OFFERS", "from": "enterprise:t-doc", "to": "technology:ai", "source": SOURCE}
        ],
        "nodes": [
            {"id": "enterprise:t-doc", "kind": "Enterprise", "name_en": "Doc Ltd", "source": SOURCE}
        ],
        "sample": True,  # after the arrays, as in seed files with sorted keys
    }
    (tmp_path / "doc.json").write_text(json.dumps(document), encoding="utf-8")
    lines = [
        {"id": "enterprise:t-line", "name_en": "Line Ltd", "source": SOURCE},
        {"type": "OFFERS", "from": "enterprise:t-line", "to": "technology:cv", "source": SOURCE},
    ]
    (tmp_path / "lines.jsonl").write_text(
        "\n".join(json.dumps(line) for line in lines) + "\n\n", encoding="utf-8"
    )
    summary = await import_files(empty_store, [tmp_path])
    assert summary.counts[RowAction.CREATED] == 4
    found = await empty_store.get_nodes(["enterprise:t-doc", "enterprise:t-line"])
    assert found["enterprise:t-doc"].sample  # the file said so
    assert not found["enterprise:t-line"].sample


async def test_whole_file_problems_stop_the_import(empty_store: GraphStore, tmp_path: Path) -> None:
    (tmp_path / "odd.csv").write_text("id,name_en,colour\n", encoding="utf-8")
    with pytest.raises(FileProblem, match="unknown column 'colour'"):
        await import_files(empty_store, [tmp_path / "odd.csv"])
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(FileProblem, match="unknown file type"):
        await import_files(empty_store, [tmp_path / "notes.txt"])
    (tmp_path / "broken.jsonl").write_text('{"id": "enterprise:x",\n', encoding="utf-8")
    rows: list[RowReport] = []
    with pytest.raises(ImportFailed):
        await import_files(empty_store, [tmp_path / "broken.jsonl"], on_row=rows.append)
    assert rows[0].reason.startswith("invalid JSON")


def _peak(store_path: Path, files: list[Path]) -> int:
    import asyncio

    async def run() -> None:
        store = EmbeddedStore(str(store_path))
        await store.connect()
        try:
            # Past the rows kept from checking to writing, which then read the files again.
            await import_files(store, files, ImportOptions(batch_size=200, kept_rows=100))
        finally:
            await store.close()

    tracemalloc.start()
    try:
        asyncio.run(run())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_as_the_file_grows(tmp_path: Path) -> None:
    """Eight times the rows, about the same peak: beyond the rows kept from checking to
    writing, rows are streamed, never collected."""
    firms = _firms(100)
    event_rows = [
        {"id": f"event:t-{i:03d}", "name_en": f"Workshop {i}", "source": SOURCE} for i in range(40)
    ]
    peaks = []
    for events in (5, 40):
        folder = tmp_path / f"e{events}"
        folder.mkdir()
        nodes = _csv(folder / "nodes.csv", NODE_COLUMNS, firms + event_rows)
        links = [
            row
            for event in event_rows[:events]
            for row in _attendance([firm["id"] for firm in firms], event["id"])
        ]
        _csv(folder / "links.csv", LINK_COLUMNS, links)
        peaks.append(_peak(folder / "graph", [nodes, folder / "links.csv"]))
    small, large = peaks
    assert large < small * 1.5, peaks


def test_the_command_reports_rows_and_writes_a_report(tmp_path: Path) -> None:
    runner = CliRunner()
    path = str(tmp_path / "graph")
    assert runner.invoke(app, ["seed", "--embedded-path", path]).exit_code == 0
    report = tmp_path / "report.csv"
    args = ["import", str(EXAMPLES), "--embedded-path", path, "--report", str(report)]
    dry = runner.invoke(app, [*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "created   " in dry.output
    assert "dry run: nothing written" in dry.output
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    assert "21 rows: 20 created, 1 updated, 0 unchanged, 0 rejected" in done.output
    with report.open(encoding="utf-8") as handle:
        reported = list(csv.DictReader(handle))
    assert len(reported) == 21
    assert {row["action"] for row in reported} == {"created", "updated"}
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name_en,source\ndepartment:x,,nowhere\n", encoding="utf-8")
    failed = runner.invoke(app, ["import", str(bad), "--embedded-path", path])
    assert failed.exit_code == 1
    assert "department:x: name_en is missing" in failed.output
    help_text = runner.invoke(app, ["import", "--help"]).output
    assert "--dry-run" in help_text
    assert "--undo" in help_text


async def test_files_in_other_encodings_are_read_or_refused_clearly(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    rows = "id,name_en,name_zh,source\nenterprise:t-enc,Encoded Firm,編碼公司," + SOURCE + "\n"
    # Excel's "CSV UTF-8" (with a byte-order mark) and Windows' "Unicode text" (UTF-16).
    (tmp_path / "excel.csv").write_bytes(rows.encode("utf-8-sig"))
    (tmp_path / "windows.csv").write_bytes(rows.replace("t-enc", "t-u16").encode("utf-16"))
    summary = await import_files(empty_store, [tmp_path / "excel.csv", tmp_path / "windows.csv"])
    assert summary.counts[RowAction.CREATED] == 2
    found = await empty_store.get_nodes(["enterprise:t-enc", "enterprise:t-u16"])
    assert {node.name_zh for node in found.values()} == {"編碼公司"}
    # Big5 (common in Hong Kong) is not guessed at: the error says how to convert it.
    (tmp_path / "big5.csv").write_bytes(rows.replace("t-enc", "t-big5").encode("big5"))
    (tmp_path / "big5.jsonl").write_bytes(
        '{"id": "enterprise:t-b", "name_zh": "編碼"}'.encode("big5")
    )
    for name in ("big5.csv", "big5.jsonl"):
        with pytest.raises(FileProblem, match=r"not UTF-8 text.*iconv -f BIG5-HKSCS"):
            await import_files(empty_store, [tmp_path / name])
    assert await empty_store.get_nodes(["enterprise:t-big5", "enterprise:t-b"]) == {}


async def test_undoing_a_run_that_does_not_exist_is_refused(empty_store: GraphStore) -> None:
    with pytest.raises(UnknownRun, match="No import run '20990101T000000Z-deadbeef'"):
        await require_run(empty_store, "20990101T000000Z-deadbeef")
    done = await import_files(empty_store, [EXAMPLES / "enterprises.csv"])
    await require_run(empty_store, done.run_id)  # a real run passes
    await undo_import(empty_store, done.run_id)
    with pytest.raises(UnknownRun):  # and is gone once undone
        await require_run(empty_store, done.run_id)


def test_the_command_refuses_to_undo_an_unknown_run(tmp_path: Path) -> None:
    path = str(tmp_path / "graph")
    result = CliRunner().invoke(
        app, ["import", "--undo", "20990101T000000Z-deadbeef", "--embedded-path", path]
    )
    assert result.exit_code == 1
    assert "Nothing undone" in result.output
    assert "Traceback" not in result.output


async def test_a_partial_row_changes_only_the_fields_it_gives(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    await load_base(empty_store)
    firm = NodeRecord(
        id="enterprise:t-part",
        kind=NodeKind.ENTERPRISE,
        name_en="Partial Firm",
        name_zh="部分公司",
        source=SOURCE,
        sample=True,
        properties={"origin": "MAINLAND", "size": "SME"},
    )
    talk = LinkRecord(
        RelType.ATTENDED, firm.id, "event:tf-20", SOURCE, None, properties={"role": "SPEAKER"}
    )
    await empty_store.upsert([firm], [talk])
    # No name_zh, origin, size or sample column: those stay as they are.
    renamed = _csv(tmp_path / "renamed.csv", ["id", "name_en", "source"], [
        {"id": firm.id, "name_en": "Partial Firm Ltd", "source": SOURCE}])  # fmt: skip
    rows: list[RowReport] = []
    dry = await import_files(
        empty_store, [renamed], ImportOptions(dry_run=True), on_row=rows.append
    )
    assert dry.counts[RowAction.UPDATED] == 1
    assert rows[0].reason == "changes name_en ('Partial Firm' -> 'Partial Firm Ltd')"
    await import_files(empty_store, [renamed])
    kept = (await empty_store.get_nodes([firm.id]))[firm.id]
    assert (kept.name_en, kept.name_zh, kept.sample) == ("Partial Firm Ltd", "部分公司", True)
    assert kept.properties["origin"] == "MAINLAND"
    # An empty cell in a given column clears that field; a JSON null does too.
    blank = {"id": firm.id, "name_en": "Partial Firm Ltd", "name_zh": "", "source": SOURCE}
    cleared = _csv(tmp_path / "cleared.csv", ["id", "name_en", "name_zh", "source"], [blank])
    (tmp_path / "size.jsonl").write_text(
        json.dumps({"id": firm.id, "name_en": "Partial Firm Ltd", "source": SOURCE, "size": None})
        + "\n",
        encoding="utf-8",
    )
    rows.clear()
    await import_files(empty_store, [cleared, tmp_path / "size.jsonl"], on_row=rows.append)
    assert [row.reason for row in rows] == ["clears name_zh", "clears size"]
    kept = (await empty_store.get_nodes([firm.id]))[firm.id]
    assert kept.name_zh is None
    assert "size" not in kept.properties
    assert kept.properties["origin"] == "MAINLAND"
    assert kept.sample
    # A link row without a role column keeps the link's role, and its confidence is set.
    links = _csv(tmp_path / "links.csv", ["type", "from", "to", "source", "confidence"], [
        {"type": "ATTENDED", "from": firm.id, "to": "event:tf-20", "source": SOURCE,
         "confidence": "0.9"}])  # fmt: skip
    await import_files(empty_store, [links])
    [link] = (await empty_store.get_links([(RelType.ATTENDED, firm.id, "event:tf-20")])).values()
    assert link.properties["role"] == "SPEAKER"
    assert link.properties["confidence"] == 0.9


async def test_a_link_to_or_from_sample_data_is_sample_data(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    # As through the API (editing/links.py): an invented entity's links are invented too,
    # whether the entity is in the store already or in the same import.
    await load_base(empty_store)
    invented = NodeRecord(
        "enterprise:t-invented", NodeKind.ENTERPRISE, "Invented Firm", source=SOURCE, sample=True
    )
    await empty_store.upsert([invented], [])
    new_sample = {**_firms(1, start=7)[0], "sample": "true"}
    new_real = _firms(1, start=8)[0]
    firms = _csv(tmp_path / "firms.csv", ["id", "name_en", "source", "sample"], [
        new_sample, {**new_real, "sample": "false"}])  # fmt: skip
    ids = [invented.id, new_sample["id"], new_real["id"]]
    links = _csv(tmp_path / "links.csv", ["type", "from", "to", "source", "role"],
                 _attendance(ids))  # fmt: skip
    await import_files(empty_store, [firms, links])
    stored = await empty_store.get_links([(RelType.ATTENDED, i, "event:tf-20") for i in ids])
    assert {key[1]: link.sample for key, link in stored.items()} == {
        invented.id: True,
        new_sample["id"]: True,
        new_real["id"]: False,
    }
    # Importing the same files again changes nothing: the flag is what was stored.
    again = await import_files(empty_store, [firms, links])
    assert again.counts[RowAction.UNCHANGED] == 5
