"""Batching: a query's store round-trips depend on its shape, never on its page size."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.domain import LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.store.base import GraphStore
from tests import oracle
from tests.auth_support import ADMIN_HEADERS
from tests.gql_client import gql

pytestmark = pytest.mark.neo4j

NESTED = """
query ($first: Int!) {
  departments(first: $first) {
    edges { node {
      id
      bureau { id nameEn }
      needs(first: 5) { totalCount edges { link { need } node { id } } }
      eventsAttended(first: 5) { edges { link { role date } node { id date } } }
      enterprisesMet(first: 3) { totalCount edges { sharedEvents node { id } } }
    } }
  }
}
"""


def _synthetic_graph(departments: int) -> tuple[list[NodeRecord], list[LinkRecord]]:
    src = "test fixture"
    nodes = [
        NodeRecord("bureau:b", NodeKind.BUREAU, "Bureau", source=src),
        NodeRecord("technology:t", NodeKind.TECHNOLOGY, "Tech", source=src),
        NodeRecord("enterprise:e", NodeKind.ENTERPRISE, "Firm", source=src),
        NodeRecord(
            "event:v", NodeKind.EVENT, "Forum", source=src, properties={"date": dt.date(2024, 1, 1)}
        ),
    ]
    links = [LinkRecord(RelType.ATTENDED, "enterprise:e", "event:v", src)]
    for index in range(departments):
        node_id = f"department:d{index:03d}"
        nodes.append(
            NodeRecord(node_id, NodeKind.DEPARTMENT, f"Department {index:03d}", source=src)
        )
        links += [
            LinkRecord(RelType.PART_OF, node_id, "bureau:b", src),
            LinkRecord(RelType.NEEDS, node_id, "technology:t", src, properties={"need": "n"}),
            LinkRecord(
                RelType.ATTENDED,
                node_id,
                "event:v",
                src,
                dt.date(2024, 1, 1),
                properties={"role": "ATTENDEE"},
            ),
        ]
    return nodes, links


async def _round_trips(client: httpx.AsyncClient, store: GraphStore, first: int) -> int:
    before = store.counters.round_trips
    body = await gql(client, NESTED, {"first": first})
    assert "errors" not in body, body
    edges = body["data"]["departments"]["edges"]
    assert len(edges) == first
    assert all(edge["node"]["bureau"]["id"] == "bureau:b" for edge in edges)
    assert all(edge["node"]["enterprisesMet"]["totalCount"] == 1 for edge in edges)
    return store.counters.round_trips - before


async def test_round_trips_do_not_grow_with_page_size(empty_store: GraphStore) -> None:
    nodes, links = _synthetic_graph(120)
    await empty_store.upsert(nodes, links)
    app = create_app(Settings(store=empty_store.backend), store=empty_store)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t", headers=ADMIN_HEADERS
    ) as c:
        small = await _round_trips(c, empty_store, 10)
        large = await _round_trips(c, empty_store, 100)
    # One list query, then one batched query per nested field (bureau, needs, events,
    # met); on Neo4j the three linked lists are read together in one query instead.
    expected = 3 if empty_store.reads_nested else 5
    assert small == large == expected


async def test_met_fields_match_the_oracle(api: httpx.AsyncClient) -> None:
    met = "(first: 100) { totalCount edges { sharedEvents lastMet node { id } } }"
    query = (
        f'{{ department(id: "department:dpo") {{ enterprisesMet{met} }}'
        f' enterprise(id: "enterprise:s-0014") {{ departmentsMet{met} }} }}'
    )
    body = await gql(api, query)
    for field, owner, kind in [
        (body["data"]["department"]["enterprisesMet"], "department:dpo", NodeKind.ENTERPRISE),
        (body["data"]["enterprise"]["departmentsMet"], "enterprise:s-0014", NodeKind.DEPARTMENT),
    ]:
        expected = oracle.met(owner, kind)
        assert expected
        assert field["totalCount"] == len(expected)
        got = [(e["node"]["id"], e["sharedEvents"], e["lastMet"]) for e in field["edges"]]
        assert got == expected
