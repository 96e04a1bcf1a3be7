"""Every query the API sends to Neo4j finds where it starts through an index or a label,
never by scanning every node: the documented example queries and the store-answered
analytics are run against the test Neo4j, each distinct Cypher text they sent is
EXPLAINed with the parameters it was sent with, and no plan may hold an AllNodesScan."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import neo4j
import pytest

from graph_api.app import create_app
from graph_api.config import Settings, StoreKind
from graph_api.resources import resource_dir
from graph_api.store.base import GraphStore
from graph_api.store.cypher_library import CypherLibrary
from graph_api.store.neo4j_store import Neo4jStore
from tests.auth_support import ADMIN_HEADERS
from tests.conftest import Neo4jServer
from tests.gql_client import gql

pytestmark = pytest.mark.neo4j

ROOT = resource_dir("cypher").parent
READ_ONLY_EXAMPLES = [
    path
    for path in sorted((ROOT / "docs" / "queries").rglob("*.graphql"))
    if not re.search(r"^(mutation|subscription)\b", path.read_text(encoding="utf-8"), re.M)
]
ANALYTICS = [
    '{ collaborationPaths(from: "department:bd", to: "partner:hkstp", k: 3) { paths { hops } } }',
    '{ collaborationPaths(from: "department:bd", to: "partner:hkstp", asOf: "2024-01-01") '
    "{ paths { hops } } }",
    '{ whoMet(party: "department:dpo", first: 3) { totalCount partners { party { id } } } }',
    '{ meetings(a: "department:landsd", b: "enterprise:s-0046") { event { id } } }',
    # Read in pages by id from the compact structure graph's own query.
    "{ brokers(first: 3) { totalCount } communities(first: 2) { totalCount } }",
    # Analytics lists named so: the ranked ids looked up by name (ids_named).
    '{ brokers(first: 3, nameContains: "department") { totalCount } }',
    '{ whoMet(party: "department:dpo", nameContains: "ltd") { totalCount } }',
    '{ changes(since: "2024-01-01") { counts { newMeetings gapsClosed firstTimeAttendees } } }',
    '{ changes(since: "2024-01-01", basis: RECORDED) { counts { newMeetings gapsClosed } } }',
]


class RecordingNeo4jStore(Neo4jStore):
    """A Neo4j store that keeps every distinct read it sends, with its parameters."""

    def __init__(self, server: Neo4jServer) -> None:
        super().__init__(server.uri, server.user, server.password)
        self.sent: dict[str, tuple[str, dict[str, Any]]] = {}

    async def _read(self, name: str, text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        self.sent.setdefault(text, (name, params))
        return await super()._read(name, text, params)


@pytest.fixture
async def recording_store(
    neo4j_server: Neo4jServer, seeded_neo4j: GraphStore
) -> AsyncIterator[RecordingNeo4jStore]:
    # Its own connection to the Neo4j that seeded_neo4j filled with the seed data.
    store = RecordingNeo4jStore(neo4j_server)
    await store.connect()
    yield store
    await store.close()


def _operators(plan: dict[str, Any]) -> list[str]:
    found = [str(plan.get("operatorType", ""))]
    for child in plan.get("children", []):
        found += _operators(child)
    return found


async def test_no_query_the_api_sends_scans_every_node(
    recording_store: RecordingNeo4jStore, neo4j_server: Neo4jServer
) -> None:
    app = create_app(Settings(store=StoreKind.NEO4J), store=recording_store)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=ADMIN_HEADERS
    ) as client:
        for text in [*(p.read_text(encoding="utf-8") for p in READ_ONLY_EXAMPLES), *ANALYTICS]:
            body = await gql(client, text, _variables(text))
            assert "errors" not in body, body["errors"]
    # The examples touch every kind of read: lists, nested lists, search, paths, meetings.
    names = {name for name, _ in recording_store.sent.values()}
    assert {
        "path_links_open",
        "path_links",
        "who_met_partners",
        "search_entities",
        "structure_page",
        "ids_named",
    } <= names
    async with neo4j.AsyncGraphDatabase.driver(
        neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password)
    ) as driver:
        # The check can fail: a lookup by a property without a label scans every node.
        _, summary, _ = await driver.execute_query(
            "EXPLAIN MATCH (n) WHERE n.id = $id RETURN n", {"id": "department:bd"}
        )
        assert any(op.startswith("AllNodesScan") for op in _operators(summary.plan or {}))
        for text, (name, params) in recording_store.sent.items():
            _, summary, _ = await driver.execute_query("EXPLAIN " + text, params)
            operators = _operators(summary.plan or {})
            scans = [op for op in operators if op.startswith("AllNodesScan")]
            assert not scans, f"{name} scans every node: {operators}"
            repeated = _scans_per_row(summary.plan or {})
            assert not repeated, f"{name} scans an index or label once per row: {repeated}"


_PER_ROW = ("Apply", "Optional", "RollUpApply", "SemiApply", "AntiSemiApply", "SelectOrSemiApply")
_SCANS = ("NodeByLabelScan", "NodeIndexScan", "AllNodesScan", "NodeIndexContainsScan")


def _scans_per_row(plan: dict[str, Any]) -> list[str]:
    """Scans on the right-hand side of an Apply-like operator, which run once for each
    row on the left: with many rows, hits × entities (the search query once did this)."""
    found: list[str] = []
    children = plan.get("children", [])
    kind = str(plan.get("operatorType", "")).split("@")[0]
    if kind.endswith(_PER_ROW) and len(children) == 2:
        found += [op for op in _operators(children[1]) if op.split("@")[0].startswith(_SCANS)]
    for child in children:
        found += _scans_per_row(child)
    return found


def _variables(text: str) -> dict[str, object]:
    match = re.search(r"^# variables: (.+)$", text, re.MULTILINE)
    return json.loads(match.group(1)) if match else {}


def test_there_are_examples_to_run() -> None:
    assert len(READ_ONLY_EXAMPLES) >= 4


def test_a_scan_under_an_apply_is_caught_and_a_seek_is_not() -> None:
    def plan(operator: str, *children: dict[str, Any]) -> dict[str, Any]:
        return {"operatorType": f"{operator}@neo4j", "children": list(children)}

    # The old search plan: for each hit, every entity from the kind index.
    scan_per_row = plan(
        "Apply",
        plan("ProcedureCall"),
        plan("Optional", plan("Expand(Into)", plan("NodeIndexScan"))),
    )
    assert _scans_per_row(scan_per_row) == ["NodeIndexScan@neo4j"]
    seek_per_row = plan("Apply", plan("Unwind"), plan("NodeUniqueIndexSeek"))
    assert _scans_per_row(seek_per_row) == []
    scan_once = plan("Expand(All)", plan("NodeByLabelScan"))
    assert _scans_per_row(scan_once) == []


def _db_hits(plan: dict[str, Any]) -> int:
    return int(plan.get("dbHits", 0)) + sum(_db_hits(child) for child in plan.get("children", []))


async def test_where_the_trail_ends_costs_the_same_however_many_records_share_a_time(
    empty_neo4j: GraphStore, neo4j_server: Neo4jServer
) -> None:
    # An import in one transaction stamps all its change records with one time. Where
    # the trail ends (read for every analytics question) and what follows a position in
    # it (each process's relay, every second) must not read every one of them.
    tied, at = 3_000, "2026-12-07T12:00:00.000000Z"
    library = CypherLibrary("neo4j")
    async with neo4j.AsyncGraphDatabase.driver(
        neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password)
    ) as driver:
        await driver.execute_query(
            "UNWIND range(1, $tied) AS i "
            "CREATE (:Change {id: 'change:t-' + right('00000' + toString(i), 5), at: $at})",
            {"tied": tied, "at": at},
        )
        last = f"change:t-{tied:05d}"
        asked = [
            ("latest_change", {}, [(at, last)]),
            (
                "changes_after",
                {"at": at, "id": f"change:t-{tied - 3:05d}", "limit": 100},
                [(at, f"change:t-{n:05d}") for n in range(tied - 2, tied + 1)],
            ),
        ]
        for name, params, expected in asked:
            records, summary, _ = await driver.execute_query(
                "PROFILE " + library.text(name), params
            )
            rows = [dict(record.get("change") or record) for record in records]
            assert [(row["at"], row["id"]) for row in rows] == expected, name
            hits = _db_hits(summary.profile or {})
            assert hits < tied // 10, f"{name} read {hits} records for {len(rows)} rows"
