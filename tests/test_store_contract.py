"""The store contract: every store operation, on both stores, against the oracle."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from graph_api.domain import LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.seeding import seed_store
from graph_api.store.base import Direction, GraphStore, NodeQuery, SortField
from tests import oracle

pytestmark = pytest.mark.neo4j


async def test_counts_match_the_seed_files(seeded_store: GraphStore) -> None:
    seed = oracle.seed()
    expected_nodes = {kind: len(oracle.nodes_of(kind)) for kind in NodeKind}
    expected_links = {rel: sum(1 for link in seed.links if link.type is rel) for rel in RelType}
    assert await seeded_store.count_nodes() == expected_nodes
    assert await seeded_store.count_links() == expected_links


async def test_every_node_reads_back_exactly_as_seeded(seeded_store: GraphStore) -> None:
    seed = oracle.seed()
    found = await seeded_store.get_nodes([node.id for node in seed.nodes])
    assert len(found) == len(seed.nodes)
    for node in seed.nodes:
        assert found[node.id].to_row() == node.to_row(), node.id


async def test_unknown_ids_are_absent_not_errors(seeded_store: GraphStore) -> None:
    found = await seeded_store.get_nodes(["department:bd", "department:no-such", "x:y"])
    assert list(found) == ["department:bd"]
    assert await seeded_store.get_nodes([]) == {}


@pytest.mark.parametrize("sort", list(SortField))
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("kind", [NodeKind.DEPARTMENT, NodeKind.EVENT, NodeKind.TECHNOLOGY])
async def test_list_order_and_total(
    seeded_store: GraphStore, kind: NodeKind, sort: SortField, descending: bool
) -> None:
    expected = oracle.ordered(kind, sort, descending)
    page = await seeded_store.list_nodes(NodeQuery(kind, 0, 1000, sort, descending))
    assert [node.id for node in page.nodes] == expected
    assert page.total == len(expected)


async def test_list_slices_are_consistent(seeded_store: GraphStore) -> None:
    expected = oracle.ordered(NodeKind.DEPARTMENT, SortField.NAME_EN, False)
    for skip in (0, 7, len(expected) - 3):
        page = await seeded_store.list_nodes(NodeQuery(NodeKind.DEPARTMENT, skip, 5))
        assert [node.id for node in page.nodes] == expected[skip : skip + 5]
        assert page.total == len(expected)
    past_the_end = await seeded_store.list_nodes(NodeQuery(NodeKind.DEPARTMENT, 10_000, 5))
    assert past_the_end.nodes == []
    assert past_the_end.total == len(expected)


@pytest.mark.parametrize(
    ("owner", "rel_type", "direction"),
    [
        ("bureau:devb", RelType.PART_OF, Direction.IN),
        ("department:archsd", RelType.ATTENDED, Direction.OUT),
        ("event:tf-19", RelType.ATTENDED, Direction.IN),
        ("technology:ai", RelType.PART_OF, Direction.IN),
        ("partner:smart-lab", RelType.ORGANISED, Direction.OUT),
    ],
)
async def test_neighbours_in_promised_order(
    seeded_store: GraphStore, owner: str, rel_type: RelType, direction: Direction
) -> None:
    expected = oracle.neighbour_ids(owner, rel_type, direction)
    assert expected, "the fixture should have links here"
    found = (await seeded_store.neighbours([owner], rel_type, direction))[owner]
    assert [n.node.id for n in found.items] == expected
    assert found.total == len(expected)
    assert {n.owner_id for n in found.items} == {owner}
    first_three = (await seeded_store.neighbours([owner], rel_type, direction, limit=3))[owner]
    assert [n.node.id for n in first_three.items] == expected[:3]
    assert first_three.total == len(expected)


async def test_neighbours_narrowed_by_kind_and_role(seeded_store: GraphStore) -> None:
    attendees = oracle.neighbour_ids("event:tf-19", RelType.ATTENDED, Direction.IN)
    kinds = {node.id: node.kind for node in oracle.seed().nodes}
    roles = {
        link.from_id: link.properties.get("role")
        for link in oracle.seed().links
        if link.type is RelType.ATTENDED and link.to_id == "event:tf-19"
    }
    found = await seeded_store.neighbours(
        ["event:tf-19"],
        RelType.ATTENDED,
        Direction.IN,
        kinds=[NodeKind.ENTERPRISE],
        role="EXHIBITOR",
        limit=5,
    )
    expected = [
        party
        for party in attendees
        if kinds[party] is NodeKind.ENTERPRISE and roles[party] == "EXHIBITOR"
    ]
    assert len(expected) == 12
    assert [n.node.id for n in found["event:tf-19"].items] == expected[:5]
    assert found["event:tf-19"].total == 12


async def test_neighbours_of_many_owners_in_one_round_trip(seeded_store: GraphStore) -> None:
    owners = [node.id for node in oracle.nodes_of(NodeKind.DEPARTMENT)]
    before = seeded_store.counters.round_trips
    found = await seeded_store.neighbours(owners, RelType.PART_OF, Direction.OUT)
    assert seeded_store.counters.round_trips == before + 1
    for owner in owners:
        expected = oracle.neighbour_ids(owner, RelType.PART_OF, Direction.OUT)
        got = found[owner].items if owner in found else []
        assert [n.node.id for n in got] == expected


async def test_co_attendees_per_owner_page(seeded_store: GraphStore) -> None:
    owners = ["department:dpo", "department:archsd", "department:bd"]
    found = await seeded_store.co_attendees(owners, NodeKind.ENTERPRISE, limit=4)
    for owner in owners:
        expected = oracle.met(owner, NodeKind.ENTERPRISE)
        got = found.get(owner)
        if not expected:
            assert got is None
            continue
        assert got is not None
        assert got.total == len(expected)
        assert [
            (m.node.id, m.shared_events, m.last_met.isoformat() if m.last_met else "")
            for m in got.items
        ] == expected[:4]


async def test_links_keep_their_properties(seeded_store: GraphStore) -> None:
    seed_links = {
        (link.from_id, link.to_id): link
        for link in oracle.seed().links
        if link.type is RelType.ATTENDED and link.to_id == "event:tf-19"
    }
    found = await seeded_store.neighbours(["event:tf-19"], RelType.ATTENDED, Direction.IN)
    assert found["event:tf-19"].total == len(seed_links)
    for neighbour in found["event:tf-19"].items:
        assert neighbour.link.to_row() == seed_links[(neighbour.node.id, "event:tf-19")].to_row()


async def test_export_gives_back_exactly_the_seed(seeded_store: GraphStore) -> None:
    seed = oracle.seed()
    nodes, links = await seeded_store.export_graph()
    assert [n.to_row() for n in nodes] == [
        n.to_row() for n in sorted(seed.nodes, key=lambda n: n.id)
    ]
    expected = sorted(seed.links, key=lambda link: (link.type.value, link.from_id, link.to_id))
    assert [link.to_row() | {"type": link.type} for link in links] == [
        link.to_row() | {"type": link.type} for link in expected
    ]


async def test_seeding_twice_changes_nothing(empty_store: GraphStore) -> None:
    await seed_store(empty_store, on_progress=lambda _: None)
    nodes, links = await empty_store.count_nodes(), await empty_store.count_links()
    await seed_store(empty_store, on_progress=lambda _: None)
    assert await empty_store.count_nodes() == nodes
    assert await empty_store.count_links() == links
    assert sum(nodes.values()) == len(oracle.seed().nodes)


async def test_update_replaces_properties(empty_store: GraphStore) -> None:
    first = NodeRecord(
        "department:x", NodeKind.DEPARTMENT, "X Office", "X辦", "XO", ("x",), source="test"
    )
    await empty_store.upsert([first], [])
    second = NodeRecord(
        "department:x", NodeKind.DEPARTMENT, "X Department", None, None, (), source="test 2"
    )
    await empty_store.upsert([second], [])
    found = await empty_store.get_nodes(["department:x"])
    assert found["department:x"].to_row() == second.to_row()


async def test_a_disallowed_link_writes_nothing(empty_store: GraphStore) -> None:
    nodes = [
        NodeRecord("department:x", NodeKind.DEPARTMENT, "X", source="test"),
        NodeRecord("technology:y", NodeKind.TECHNOLOGY, "Y", source="test"),
    ]
    bad = LinkRecord(RelType.ATTENDED, "department:x", "technology:y", source="test")
    with pytest.raises(ValueError, match="ATTENDED cannot join a Department to a Technology"):
        await empty_store.upsert(nodes, [bad])
    assert sum((await empty_store.count_nodes()).values()) == 0


async def test_links_of_one_type_are_one_statement_where_the_query_allows(
    empty_store: GraphStore,
) -> None:
    """Attendances by a department and by an enterprise: Neo4j's query names the type
    alone (one statement, one round trip); Ladybug's names the endpoint tables (two)."""
    nodes = [
        NodeRecord("department:x", NodeKind.DEPARTMENT, "X", source="test"),
        NodeRecord("enterprise:y", NodeKind.ENTERPRISE, "Y", source="test"),
        NodeRecord(
            "event:z", NodeKind.EVENT, "Z", source="test", properties={"date": "2024-01-02"}
        ),
    ]
    links = [
        LinkRecord(RelType.ATTENDED, "department:x", "event:z", source="test"),
        LinkRecord(RelType.ATTENDED, "enterprise:y", "event:z", source="test"),
    ]
    before = empty_store.counters.by_query.get("upsert_links", 0)
    await empty_store.upsert(nodes, links)
    statements = empty_store.counters.by_query["upsert_links"] - before
    assert statements == (1 if empty_store.backend == "neo4j" else 2)
    assert (await empty_store.count_links())[RelType.ATTENDED] == 2


@pytest.mark.parametrize("kind", [NodeKind.DEPARTMENT, NodeKind.ENTERPRISE, NodeKind.TECHNOLOGY])
async def test_degree_order_without_a_day_is_the_order_as_of_the_last_day(
    seeded_store: GraphStore, kind: NodeKind
) -> None:
    # Without an as-of day the stored degree is read (list_nodes_by_degree_all_links);
    # it must rank as counting every link begun by the calendar's last day does.
    for descending in (True, False):
        query = NodeQuery(kind, limit=500, sort=SortField.DEGREE, descending=descending)
        stored = await seeded_store.list_nodes(query)
        counted = await seeded_store.list_nodes(
            dataclasses.replace(query, as_of=dt.date(9999, 12, 31))
        )
        assert [node.id for node in stored.nodes] == [node.id for node in counted.nodes]
        assert len(stored.nodes) > 3
