"""Hop distances found by the store a step at a time (``analytics.hops_in_store``) are
those of a breadth-first search over the whole graph (``paths.hop_distances`` on a
projection), on both stores, under every lens and period, whether the search widens
every level or walks back from its targets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph_api.analytics.filters import CONTACT_TYPES, EVERY_LINK, LinkFilter, Period
from graph_api.analytics.hops_in_store import hop_distances
from graph_api.analytics.lens import Lens, view
from graph_api.analytics.met_in_store import attendance_scope
from graph_api.analytics.paths import hop_distances as projected_hop_distances
from graph_api.analytics.projection import Projection, build_projection
from graph_api.domain import Evidence, NodeKind
from graph_api.generate.scale import ScaleSpec, generate_scale
from graph_api.store.base import GraphStore
from graph_api.transfer.formats import Format, open_writer
from graph_api.transfer.importer import import_files
from tests.analytics_fixture import LINKS, NODES
from tests.question_samples import LENSES

pytestmark = pytest.mark.neo4j

MAX_HOPS = 5
PERIODS = (EVERY_LINK, LinkFilter(period=Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))))
ALL_LENSES = (*LENSES, Lens(as_of=dt.date(2021, 6, 30), evidence=frozenset({Evidence.REPORTED})))


async def _projection(store: GraphStore) -> Projection:
    nodes, links = await store.export_graph()
    return build_projection(nodes, links)


def _of_kind(projection: Projection, kind: NodeKind) -> list[str]:
    return sorted(n for n in projection.nodes if projection.kind_of(n) is kind)


async def _agree(
    store: GraphStore, base: Projection, links: LinkFilter, lens: Lens, sources: list[str]
) -> int:
    """Check every source against every target set; return how many targets were placed."""
    contact = links.with_types(CONTACT_TYPES)
    scope = attendance_scope(contact, lens)
    seen = view(base, lens)
    enterprises = _of_kind(base, NodeKind.ENTERPRISE)
    placed = 0
    for source in sources:
        expected = projected_hop_distances(seen, source, contact, MAX_HOPS)
        furthest = sorted(enterprises, key=lambda e: (-expected.get(e, MAX_HOPS + 1), e))
        # Every enterprise (few levels widened), and the three furthest (walked back from).
        for targets in (enterprises, furthest[:3], [furthest[-1]]):
            found = await hop_distances(store.hop_reads, source, scope, MAX_HOPS, targets)
            assert found == {t: expected[t] for t in targets if t in expected}, (source, targets)
            placed += len(found)
    return placed


@pytest.mark.parametrize("links", PERIODS, ids=["every-link", "2024"])
@pytest.mark.parametrize("lens", ALL_LENSES, ids=str)
async def test_the_fixture_graph(empty_store: GraphStore, links: LinkFilter, lens: Lens) -> None:
    await empty_store.upsert(NODES, LINKS)
    base = await _projection(empty_store)
    departments = _of_kind(base, NodeKind.DEPARTMENT)
    assert await _agree(empty_store, base, links, lens, departments) > 0 or lens.as_of


async def test_a_generated_graph_where_levels_grow_fast(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    writer = open_writer(Format.CSV, tmp_path / "scale", "test")
    try:
        generate_scale(ScaleSpec(departments=10, enterprises=200, events=60, seed=5), writer)
    finally:
        writer.close()
    await import_files(empty_store, [tmp_path / "scale"])
    base = await _projection(empty_store)
    departments = _of_kind(base, NodeKind.DEPARTMENT)
    # Over a whole year every enterprise is two hops away (big forums); over a quarter
    # they are two to four hops away, and some out of reach.
    quarter = LinkFilter(period=Period(dt.date(2024, 1, 1), dt.date(2024, 3, 31)))
    for links, lens in (
        (EVERY_LINK, Lens()),
        (quarter, Lens()),
        (quarter, Lens(as_of=dt.date(2024, 2, 15), min_confidence=0.5)),
    ):
        assert await _agree(empty_store, base, links, lens, departments) > len(departments)
    # Targets were placed by walking back more than one step, not only by widening.
    assert empty_store.counters.by_query.get("hop_neighbours", 0) > 0


async def test_a_search_walks_back_rather_than_widen_a_level_larger_than_its_targets(
    empty_store: GraphStore,
) -> None:
    await empty_store.upsert(NODES, LINKS)
    base = await _projection(empty_store)
    scope = attendance_scope(EVERY_LINK.with_types(CONTACT_TYPES), Lens())
    source = "department:d3"
    expected = projected_hop_distances(base, source, EVERY_LINK.with_types(CONTACT_TYPES), 5)
    target = max(_of_kind(base, NodeKind.ENTERPRISE), key=lambda e: (expected.get(e, 0), e))
    assert expected[target] >= 3  # so a plain search would widen three levels

    counted = empty_store.counters.by_query

    def reads(name: str) -> int:
        return counted.get(name, 0)

    # A search that widens every level up to the target: how many reads that takes.
    before = reads("next_hop_open")
    seen, level = {source}, {source}
    while target not in seen:
        level = await empty_store.hop_reads.next_hop(scope, level) - seen
        seen |= level
    widening_every_level = reads("next_hop_open") - before

    def walked_back() -> int:
        return reads("hop_touching") + reads("hop_neighbours")

    before, before_back = reads("next_hop_open"), walked_back()
    found = await hop_distances(empty_store.hop_reads, source, scope, 5, [target])
    assert found == {target: expected[target]}
    assert walked_back() > before_back
    assert reads("next_hop_open") - before < widening_every_level


@pytest.mark.parametrize("lens", ALL_LENSES, ids=str)
async def test_touching_a_level_is_having_a_neighbour_in_it(
    empty_store: GraphStore, lens: Lens
) -> None:
    # Neo4j's search asks which entities touch a level; the embedded store's reads their
    # neighbours and tests them itself. Both answers agree, on both stores.
    await empty_store.upsert(NODES, LINKS)
    base = await _projection(empty_store)
    scope = attendance_scope(EVERY_LINK.with_types(CONTACT_TYPES), lens)
    reads = empty_store.hop_reads
    everyone = sorted(base.nodes)
    level = await reads.next_hop(scope, ["department:d3"])
    neighbours = await reads.neighbours(scope, everyone)
    touching = await reads.touching(scope, everyone, level)
    assert touching == {e for e, near in neighbours.items() if not near.isdisjoint(level)}
    assert touching or lens.as_of
