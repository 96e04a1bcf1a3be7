"""The partnership gaps and matches the store answers (gaps_in_store, reach_in_store,
matching_in_store) equal the same questions over the projection seen through the same
lens, on both stores: every need, status, department, bureau, partner body, score and
reason, under every kind of rule (as of a day, one kind of evidence, a confidence
threshold, a period), on the seed data and on the hand-made fixture graph."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from graph_api.analytics import (
    gaps,
    gaps_in_store,
    hops_in_store,
    matching,
    matching_in_store,
    reach,
    reach_in_store,
)
from graph_api.analytics.filters import CONTACT_TYPES, EVERY_LINK, LinkFilter, Period
from graph_api.analytics.lens import Lens, view
from graph_api.analytics.met_in_store import attendance_scope
from graph_api.analytics.paths import hop_distances
from graph_api.analytics.projection import Projection, build_projection
from graph_api.analytics.supply import Taxonomy, suppliers
from graph_api.domain import Evidence, NodeKind
from graph_api.store import gap_reads
from graph_api.store.base import GraphStore
from tests.analytics_fixture import LINKS, NODES, fixture_projection
from tests.question_samples import LENSES

pytestmark = pytest.mark.neo4j

PERIODS = (EVERY_LINK, LinkFilter(period=Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))))
# As of a day some offices were dissolved and some departments did not exist yet.
GAP_LENSES = (*LENSES, Lens(as_of=dt.date(2021, 6, 30), evidence=frozenset({Evidence.REPORTED})))


@pytest.fixture
async def fixture_store(empty_store: GraphStore) -> GraphStore:
    """The hand-made fixture graph (tests/analytics_fixture.py) on each store in turn."""
    await empty_store.upsert(NODES, LINKS)
    return empty_store


async def _base(store: GraphStore) -> Projection:
    nodes, links = await store.export_graph()
    return build_projection(nodes, links)


def _needs(found: tuple[gaps_in_store.NeedGap, ...]) -> list[tuple[object, ...]]:
    return [
        (g.need.department_id, g.need.technology_id, g.need.incidence.link, g.supplier_count)
        for g in found
    ]


def _projected_needs(projection: Projection, links: LinkFilter) -> list[tuple[object, ...]]:
    return [
        (
            n.department_id,
            n.technology_id,
            n.incidence.link,
            len(suppliers(projection, n.technology_id)),
        )
        for n in gaps.find_unmet_needs(projection, links)
    ]


def _coverage(found: tuple[gaps_in_store.Coverage, ...]) -> list[tuple[object, ...]]:
    return [
        (
            c.technology_id,
            c.status,
            c.departments,
            c.departments_met,
            c.supply_count,
            c.suppliers,
            c.contact_event_count,
            c.contact_events,
        )
        for c in found
    ]


def _projected_coverage(projection: Projection, links: LinkFilter) -> list[tuple[object, ...]]:
    return [
        (
            c.technology_id,
            c.status,
            c.departments,
            c.departments_met,
            len(c.suppliers),
            c.suppliers,
            len(c.contact_events),
            c.contact_events,
        )
        for c in gaps.technology_coverage(projection, links)
    ]


async def test_gaps_in_the_store_equal_the_projection(seeded_store: GraphStore) -> None:
    base = await _base(seeded_store)
    unmet_seen = 0
    for lens, links in itertools.product(GAP_LENSES, PERIODS):
        projection = view(base, lens)
        unmet = await gaps_in_store.unmet_needs(seeded_store, links, lens)
        assert _needs(unmet) == _projected_needs(projection, links), (lens, links)
        unmet_seen += len(unmet)
        coverage = await gaps_in_store.technology_coverage(
            seeded_store, links, lens, with_suppliers=True, with_events=True
        )
        assert _coverage(coverage) == _projected_coverage(projection, links), (lens, links)
        assert await reach_in_store.unreached(seeded_store, links, lens) == reach.unreached(
            projection, links
        )
        bodies = await reach_in_store.default_bodies(seeded_store, lens)
        assert bodies == reach.default_bodies(projection)
        assert await reach_in_store.partner_body_coverage(
            seeded_store, bodies, links, lens
        ) == reach.partner_body_coverage(projection, bodies, links)
    assert unmet_seen > 0


async def test_counts_only_leave_the_lists_out(seeded_store: GraphStore) -> None:
    with_lists = await gaps_in_store.technology_coverage(
        seeded_store, EVERY_LINK, Lens(), with_suppliers=True, with_events=True
    )
    counts = await gaps_in_store.technology_coverage(seeded_store, EVERY_LINK, Lens())
    assert [c.supply_count for c in counts] == [len(c.suppliers) for c in with_lists]
    assert [c.contact_event_count for c in with_lists] == [
        len(c.contact_events) for c in with_lists
    ]
    assert all(not c.suppliers and c.contact_event_count is None for c in counts)
    assert any(c.suppliers for c in with_lists)


@pytest.mark.parametrize("lists_in_database", [True, False], ids=["lists-sent", "lists-kept"])
async def test_matches_in_the_store_equal_the_projection(
    seeded_store: GraphStore, lists_in_database: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not lists_in_database:
        if seeded_store.backend != "embedded":
            pytest.skip("only the embedded store keeps long id lists out of its queries")
        # Every list of candidates counts as long: read every row, keep the named here.
        monkeypatch.setattr(gap_reads, "_NAMED_IN_DATABASE", 0)
    base = await _base(seeded_store)
    departments = sorted({link.from_id for link in base.links if link.type.value == "NEEDS"})
    compared = 0
    for lens, department in itertools.product(LENSES, departments[::9]):
        projection = view(base, lens)
        if department not in projection.nodes:
            continue
        variants = (
            (((), ()), (("MAINLAND",), ()), ((), ("STARTUP", "SME")))
            if lens == Lens()
            else (((), ()),)
        )
        for origins, sizes in variants:
            expected = matching.recommend_matches(
                projection, department, EVERY_LINK, origins, sizes
            )
            found = await matching_in_store.recommend_matches(
                seeded_store, department, EVERY_LINK, lens, origins, sizes
            )
            assert found.matches == expected, (department, lens, origins, sizes)
            compared += len(expected)
    assert compared > 20


async def test_long_id_lists_kept_out_of_the_query_give_the_same_rows(
    seeded_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads, scope = seeded_store.gap_reads, attendance_scope(EVERY_LINK, Lens())
    base = await _base(seeded_store)
    named = sorted(n for n in base.nodes if base.kind_of(n) is NodeKind.ENTERPRISE)[::3]
    department = "department:ogcio"

    async def both() -> tuple[dict[str, tuple[str, ...]], set[str]]:
        return (
            await reads.partner_members(scope, enterprises=named),
            await reads.met_among(scope, department, named),
        )

    sent = await both()
    monkeypatch.setattr(gap_reads, "_NAMED_IN_DATABASE", 0)
    assert await both() == sent
    members, met = sent
    assert members
    assert {e for found in members.values() for e in found} <= set(named)
    assert met
    assert met <= set(named)


async def test_candidates_and_introductions_in_the_store_equal_the_projection(
    fixture_store: GraphStore,
) -> None:
    projection = fixture_projection()
    for links in PERIODS:
        found = await gaps_in_store.unmet_needs(fixture_store, links, Lens())
        page, records = await matching_in_store.with_candidates(
            fixture_store, found, links, Lens(), gaps.DEFAULT_CANDIDATES
        )
        expected = gaps.with_candidates(projection, [g.need for g in found], links)
        assert [(u.need.department_id, u.need.technology_id, u.supplier_count) for u in page] == [
            (u.need.department_id, u.need.technology_id, u.supplier_count) for u in expected
        ]
        assert [[c.match for c in u.candidates] for u in page] == [
            [c.match for c in u.candidates] for u in expected
        ]
        assert [
            [c.introduction.node_ids if c.introduction else None for c in u.candidates]
            for u in page
        ] == [
            [c.introduction.node_ids if c.introduction else None for c in u.candidates]
            for u in expected
        ]
        named = {
            i for u in page for c in u.candidates if c.introduction for i in c.introduction.node_ids
        }
        assert named <= records.keys()
    none_asked, _ = await matching_in_store.with_candidates(
        fixture_store, found, EVERY_LINK, Lens(), 0
    )
    assert all(not u.candidates for u in none_asked)


async def test_hop_distances_stop_once_every_target_is_placed(fixture_store: GraphStore) -> None:
    projection = fixture_projection()
    scope = attendance_scope(EVERY_LINK.with_types(CONTACT_TYPES), Lens())
    everyone = sorted(n for n in projection.nodes if projection.kind_of(n) is NodeKind.ENTERPRISE)
    source = "department:d3"
    expected = hop_distances(projection, source, EVERY_LINK.with_types(CONTACT_TYPES), 5)
    found = await hops_in_store.hop_distances(fixture_store.hop_reads, source, scope, 5, everyone)
    assert found == {e: expected[e] for e in everyone if e in expected}

    def levels_asked() -> int:
        counted = fixture_store.counters.by_query
        return counted.get("next_hop", 0) + counted.get("next_hop_open", 0)

    before = levels_asked()
    nearest = min(found, key=lambda e: (found[e], e))
    await hops_in_store.hop_distances(fixture_store.hop_reads, source, scope, 5, [nearest])
    levels = levels_asked() - before
    # One level per hop to the nearest (per kind of entity on the embedded store).
    assert 0 < levels <= found[nearest] * len(NodeKind)


def test_taxonomy_serves_a_need_from_the_technology_down() -> None:
    taxonomy = Taxonomy({"ai": (), "nlp": ("ai",), "chatbot": ("nlp",), "cv": ("ai",), "5g": ()})
    assert taxonomy.technologies == ("5g", "ai", "chatbot", "cv", "nlp")
    assert taxonomy.serving("ai") == ("ai", "chatbot", "cv", "nlp")
    assert taxonomy.serving("nlp") == ("chatbot", "nlp")
    assert taxonomy.serving("5g") == ("5g",)


def test_an_office_counts_until_it_is_dissolved() -> None:
    assert reach.open_at_end(None, None)
    assert not reach.open_at_end("2024-07-01", None)
    assert reach.open_at_end("2024-07-01", dt.date(2024, 6, 30))
    assert reach.open_at_end("2024-07-01", dt.date(2024, 7, 1))
    assert not reach.open_at_end("2024-07-01", dt.date(2024, 7, 2))
