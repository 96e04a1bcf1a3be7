"""A path search over the store (level by level, rules applied in Cypher) finds exactly
what the same search finds over the in-memory projection seen through the same lens:
the same paths, steps, links and directions, on both stores, for random pairs of parties
on the seed data under every kind of rule (types, period, as-of day, trust)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from graph_api.analytics.filters import EVERY_LINK
from graph_api.analytics.lens import Lens, view
from graph_api.analytics.neighbourhood import StoreNeighbourhood, link_scope
from graph_api.analytics.paths import PathsAnswer, collaboration_paths, find_paths
from graph_api.analytics.projection import build_projection
from graph_api.domain import Evidence, LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.store.base import GraphStore
from graph_api.store.link_scope import LinkScope
from tests.question_samples import FILTERS, LENSES, PARTY_KINDS

pytestmark = pytest.mark.neo4j


def _shape(answer: PathsAnswer) -> list[list[tuple[str, str, bool, str, str]]]:
    return [
        [
            (
                step.node_id,
                step.incidence.link.type.value,
                step.incidence.outgoing,
                step.incidence.link.from_id,
                step.incidence.link.to_id,
            )
            for step in path.steps
        ]
        for path in answer.paths
    ]


async def test_store_search_finds_what_the_projection_search_finds(
    seeded_store: GraphStore,
) -> None:
    nodes, links = await seeded_store.export_graph()
    base = build_projection(nodes, links)
    parties = sorted(n.id for n in nodes if n.kind in PARTY_KINDS)
    rng = random.Random(2019)  # noqa: S311 - a fixed sample of pairs, not a secret
    compared = found = 0
    for _ in range(40):
        source, target = rng.sample(parties, 2)
        lens, links_allowed = rng.choice(LENSES), rng.choice(FILTERS)
        projection = view(base, lens)
        if source not in projection.nodes or target not in projection.nodes:
            continue
        expected = collaboration_paths(projection, source, target, links_allowed, k=3)
        neighbourhood = StoreNeighbourhood(seeded_store, link_scope(links_allowed, lens))
        got = await find_paths(neighbourhood, source, target, links_allowed, k=3)
        assert _shape(got) == _shape(expected), (source, target, lens, links_allowed)
        assert [p.node_ids for p in got.paths] == [p.node_ids for p in expected.paths]
        assert got.reason == expected.reason
        assert got.complete == expected.complete
        compared += 1
        found += bool(got.paths)
    # The comparison covered real paths, not only "no path".
    assert compared >= 30
    assert found >= 20


async def test_the_store_says_how_many_links_each_entity_has(seeded_store: GraphStore) -> None:
    _, links = await seeded_store.export_graph()
    degree: dict[str, int] = {}
    for link in links:
        for end in (link.from_id, link.to_id):
            degree[end] = degree.get(end, 0) + 1
    wanted = ["department:bd", "partner:hkstp", "event:tf-19", "enterprise:s-0046"]
    assert await seeded_store.node_degrees([*wanted, "department:nope"]) == {
        node_id: degree[node_id] for node_id in wanted
    }


def test_a_scope_is_open_only_without_date_or_trust_rules() -> None:
    types = frozenset(RelType)
    assert LinkScope(types).is_open
    assert LinkScope(types, evidence=frozenset(e.value for e in Evidence)).is_open
    assert not LinkScope(types, as_of=dt.date(2024, 1, 1)).is_open
    assert not LinkScope(types, start=dt.date(2024, 1, 1)).is_open
    assert not LinkScope(types, evidence=frozenset({"RECORDED"})).is_open
    assert not LinkScope(types, min_confidence=0.5).is_open


def test_inferred_meetings_have_no_store_side_scope() -> None:
    with pytest.raises(ValueError, match="projection"):
        link_scope(EVERY_LINK, Lens(infer_meetings=True))


async def test_persons_read_count_against_a_levels_limit(empty_store: GraphStore) -> None:
    # An enterprise with four representatives (persons, never on a path) and two pilots,
    # all six links pointing at it. The embedded store reads them with persons (and cuts
    # the read at the limit before dropping them): a cut read must not pass for a whole
    # one. Neo4j leaves persons out in the query, so it reads two links and has them all.
    firm = NodeRecord(id="enterprise:rep", kind=NodeKind.ENTERPRISE, name_en="Rep Ltd", source="t")
    people = [
        NodeRecord(id=f"person:p{i}", kind=NodeKind.PERSON, name_en=f"P {i}", source="t")
        for i in range(4)
    ]
    pilots = [
        NodeRecord(id=f"department:d{i}", kind=NodeKind.DEPARTMENT, name_en=f"D {i}", source="t")
        for i in range(2)
    ]
    links = [LinkRecord(RelType.REPRESENTS, p.id, firm.id, source="t") for p in people] + [
        LinkRecord(RelType.PILOTED, d.id, firm.id, source="t") for d in pilots
    ]
    await empty_store.upsert([firm, *people, *pilots], links)
    scope = link_scope(EVERY_LINK, Lens())
    tight = StoreNeighbourhood(empty_store, scope)
    if await tight.load([firm.id], 3):
        assert empty_store.backend == "neo4j"
        assert list(tight.neighbour_ids(firm.id)) == ["department:d0", "department:d1"]
    ample = StoreNeighbourhood(empty_store, scope)
    assert await ample.load([firm.id], 6)
    assert list(ample.neighbour_ids(firm.id)) == ["department:d0", "department:d1"]


async def test_a_search_from_a_hub_widens_the_smaller_side_first(empty_store: GraphStore) -> None:
    # From a forum with 150 attendees to an enterprise three steps from it (through a
    # workshop and one attendee): the store reports no degree for the two ends, so each
    # is weighed by the links loaded for it; widening the forum first would examine 150.
    def node(node_id: str, kind: NodeKind) -> NodeRecord:
        return NodeRecord(id=node_id, kind=kind, name_en=node_id, source="t")

    forum, workshop, leaf = "event:forum", "event:workshop", "enterprise:leaf"
    attendees = [f"enterprise:a{i:03d}" for i in range(150)]
    nodes = [
        node(forum, NodeKind.EVENT),
        node(workshop, NodeKind.EVENT),
        *(node(a, NodeKind.ENTERPRISE) for a in [leaf, *attendees]),
    ]
    links = [LinkRecord(RelType.ATTENDED, a, forum, source="t") for a in attendees] + [
        LinkRecord(RelType.ATTENDED, attendees[7], workshop, source="t"),
        LinkRecord(RelType.ATTENDED, leaf, workshop, source="t"),
    ]
    await empty_store.upsert(nodes, links)
    # The ends are weighed by the links loaded for them: the store is not asked again.
    loaded = StoreNeighbourhood(empty_store, link_scope(EVERY_LINK, Lens()))
    assert await loaded.load([forum, leaf], 1_000)
    trips = empty_store.counters.round_trips
    assert [await loaded.cost([forum]), await loaded.cost([leaf])] == [150, 1]
    assert empty_store.counters.round_trips == trips
    neighbourhood = StoreNeighbourhood(empty_store, link_scope(EVERY_LINK, Lens()))
    answer = await find_paths(neighbourhood, forum, leaf, EVERY_LINK, k=1)
    assert [p.node_ids for p in answer.paths] == [(forum, attendees[7], workshop, leaf)]
    assert answer.work < 20
