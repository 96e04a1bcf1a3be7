"""Uncertain dates are marked in the data and shown in answers, on both stores: the 19th
Technology Forum's day is a stand-in (its report was published on 2024-08-05), so the
event says APPROXIMATE and explanations that date a step by it say so."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from graph_api.domain import DateCertainty
from graph_api.seeding.files import default_seed_paths, load_seed_files
from graph_api.store.base import GraphStore
from graph_api.transfer.importer import import_files
from graph_api.transfer.report import ImportFailed, RowAction, RowReport
from tests.gql_client import gql

pytestmark = pytest.mark.neo4j

EVENTS = """{ uncertain: event(id: "event:tf-19") { date dateCertainty }
  stated: event(id: "event:tf-1") { date dateCertainty } }"""
PATH = """{ collaborationPaths(from: "department:dpo", to: "department:cedd", k: 1) {
  paths { steps { entity { id } } explanation } } }"""


def test_the_seed_marks_only_stand_in_days() -> None:
    seed = load_seed_files(default_seed_paths())
    marked = {
        node.id: node.properties["date_certainty"]
        for node in seed.nodes
        if node.properties.get("date_certainty")
    }
    assert marked == {"event:tf-19": DateCertainty.APPROXIMATE}


async def test_events_say_how_sure_their_day_is(api: httpx.AsyncClient) -> None:
    body = await gql(api, EVENTS)
    assert "errors" not in body, body["errors"]
    assert body["data"] == {
        "uncertain": {"date": "2024-08-01", "dateCertainty": "APPROXIMATE"},
        "stated": {"date": "2019-06-26", "dateCertainty": "EXACT"},
    }


async def test_explanations_say_a_day_is_approximate(api: httpx.AsyncClient) -> None:
    body = await gql(api, PATH)
    assert "errors" not in body, body["errors"]
    (path,) = body["data"]["collaborationPaths"]["paths"]
    assert path["steps"][0]["entity"]["id"] == "event:tf-19"
    assert (
        "Technology Forum (59 parties, strength 0.026: the Digital Policy Office spoke) on "
        "2024-08-01 (an approximate date)" in path["explanation"]
    )


async def test_an_unknown_certainty_is_rejected_on_import(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    rows = tmp_path / "events.csv"
    rows.write_text(
        "id,kind,name_en,source,date,date_certainty\n"
        "event:x,Event,A forum,https://example.org,2024-01-01,ROUGHLY\n",
        encoding="utf-8",
    )
    reports: list[RowReport] = []
    with pytest.raises(ImportFailed):
        await import_files(empty_store, [rows], on_row=reports.append)
    reasons = [row.reason for row in reports if row.action is RowAction.REJECTED]
    assert len(reasons) == 1
    assert "date_certainty" in reasons[0]
    assert "APPROXIMATE" in reasons[0]  # the message says what would be accepted
    assert await empty_store.get_nodes(["event:x"]) == {}
