"""The compact structure graph behind brokers and communities: read in pages from both
stores, filtered on its arrays as the lens would filter the projection, and giving the
answers the networkx code over the whole-graph projection gave (kept here as the
reference)."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar

import networkx as nx
import pytest

from graph_api.analytics import structure, structure_graph
from graph_api.analytics.filters import EVERY_LINK, STRUCTURE_TYPES, LinkFilter, Period
from graph_api.analytics.lens import PLAIN, Lens, view
from graph_api.analytics.projection import Projection, build_projection
from graph_api.analytics.structure_edges import filtered_edges
from graph_api.analytics.structure_graph import (
    FIRST_PAGE,
    PAGE_LINKS,
    PAGE_SIZE,
    GraphBuilder,
    StructureGraph,
    graph_of_records,
    next_page_size,
    read_structure_graph,
)
from graph_api.domain import Evidence, NodeKind, RelType
from graph_api.store import structure_reads
from graph_api.store.base import GraphStore
from tests import oracle
from tests.analytics_fixture import fixture_projection

T = TypeVar("T")


def _seed() -> Projection:
    return build_projection(oracle.seed().nodes, oracle.seed().links)


def _reference(
    projection: Projection, links: LinkFilter
) -> tuple[dict[str, float], list[list[str]]]:
    """What the networkx code over the projection answered: betweenness, communities."""
    graph = projection.graph(links.with_types(STRUCTURE_TYPES))
    k = structure.betweenness_sources(graph)
    scores = nx.betweenness_centrality(graph, k=k, normalized=True, seed=structure.SEED)
    found = nx.community.louvain_communities(graph, resolution=1.0, seed=structure.SEED)
    groups = [sorted(group) for group in found]
    # The refinement, written over networkx as it was.
    two_m = 2 * graph.number_of_edges()
    community = {node: index for index, group in enumerate(groups) for node in group}
    totals: Counter[int] = Counter()
    for node, index in community.items():
        totals[index] += graph.degree(node)
    for _ in range(structure.REFINE_ROUNDS):
        moved = False
        for node in sorted(graph):
            own, degree = community[node], graph.degree(node)
            totals[own] -= degree
            links_to = Counter(community[n] for n in graph.neighbors(node))
            best, best_gain = own, links_to[own] - totals[own] * degree / two_m
            for index in sorted(links_to):
                gain = links_to[index] - totals[index] * degree / two_m
                if gain > best_gain + 1e-12:
                    best, best_gain = index, gain
            totals[best] += degree
            community[node] = best
            moved = moved or best != own
        if not moved:
            break
    regrouped: dict[int, list[str]] = {}
    for node in sorted(community):
        regrouped.setdefault(community[node], []).append(node)
    return scores, sorted(regrouped.values())


@pytest.mark.parametrize("source", [_seed, fixture_projection])
@pytest.mark.parametrize(
    "period", [Period(), Period(dt.date(2023, 1, 1), None), Period(None, dt.date(2023, 12, 31))]
)
def test_same_answers_as_networkx_over_the_projection(source: object, period: Period) -> None:
    projection = source()  # type: ignore[operator]
    links = LinkFilter(period=period)
    scores, groups = _reference(projection, links)
    graph = graph_of_records(projection.nodes.values(), projection.links)
    found = structure.brokers(graph, links, kinds=structure.BROKER_KINDS)
    # Rounded to 9 places as the API answers (float noise never reorders ties).
    assert {b.node_id: b.betweenness for b in found} == pytest.approx(
        {node: score for node, score in scores.items() if round(score, 9) > 0}, abs=1e-9
    )
    answer = structure.communities(graph, links)
    assert sorted(sorted((*c.member_ids, *c.event_ids)) for c in answer) == groups


LENSES = [
    Lens(as_of=dt.date(2022, 6, 30)),
    Lens(evidence=frozenset({Evidence.RECORDED})),
    Lens(min_confidence=0.9),
    Lens(infer_meetings=True),
    Lens(as_of=dt.date(2024, 1, 1), infer_meetings=True, min_confidence=0.6),
    Lens(evidence=frozenset({Evidence.INFERRED}), infer_meetings=True),
]


@pytest.mark.parametrize("lens", LENSES, ids=str)
def test_the_lens_on_the_arrays_is_the_lens_on_the_projection(lens: Lens) -> None:
    # The projection's lens derives a new projection (inferred MET links included); the
    # compact graph filters its arrays instead, without reading records again.
    base = _seed()
    links = LinkFilter(period=Period(dt.date(2019, 1, 1), None))
    graph = graph_of_records(base.nodes.values(), base.links)
    derived = view(base, lens)
    assert structure.brokers(graph, links, lens=lens) == structure.brokers(derived, links)
    assert structure.communities(graph, links, lens=lens) == structure.communities(derived, links)


def _arrays(graph: StructureGraph) -> tuple[object, ...]:
    links = sorted(
        zip(
            graph.source,
            graph.target,
            graph.types,
            graph.days,
            graph.evidence,
            graph.confidence,
            strict=True,
        )
    )
    return (graph.ids, graph.kinds, list(graph.starts), graph.small, links)


async def test_the_store_read_in_pages_equals_the_records(seeded_store: GraphStore) -> None:
    nodes, links = await seeded_store.export_graph()
    expected = _arrays(graph_of_records(nodes, links))
    before = seeded_store.counters.by_query.get("structure_page", 0)
    entities = sum(node.kind is not NodeKind.PERSON for node in nodes)
    assert FIRST_PAGE < entities < 3 * FIRST_PAGE
    assert _arrays(await read_structure_graph(seeded_store)) == expected
    # 100 entities, then up to twice as many (the seed's links are far below PAGE_LINKS).
    assert seeded_store.counters.by_query["structure_page"] == before + 2
    # Pages of 40 entities (a link may point to one of a later page): the same graph.
    assert _arrays(await read_structure_graph(seeded_store, page_size=40)) == expected
    pages = entities // 40 + 1  # the last one short (or empty), which says it is the last
    assert seeded_store.counters.by_query["structure_page"] == before + 2 + pages


async def test_the_read_builds_its_arrays_off_the_event_loop(
    seeded_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At 10^5 a page's rows held every request for 100 ms, and the last step for 2.4 s.
    threads: dict[str, set[int]] = {"add_page": set(), "build": set(), "decode": set()}
    build, add_page, decode = GraphBuilder.build, structure_graph.add_page, structure_reads._node

    def recorded(name: str, function: Callable[..., T]) -> Callable[..., T]:
        def call(*args: Any) -> T:
            threads[name].add(threading.get_ident())
            return function(*args)

        return call

    monkeypatch.setattr(GraphBuilder, "build", recorded("build", build))
    monkeypatch.setattr(structure_graph, "add_page", recorded("add_page", add_page))
    monkeypatch.setattr(structure_reads, "_node", recorded("decode", decode))
    assert (await read_structure_graph(seeded_store)).ids
    assert all(threads.values())
    assert threading.get_ident() not in set.union(*threads.values())


def test_a_page_is_sized_by_the_links_the_last_one_brought() -> None:
    # Hubs sort together: a page of departments brings hundreds of links each.
    assert next_page_size(100, PAGE_LINKS * 4) == 25
    assert next_page_size(100, PAGE_LINKS) == 100
    assert next_page_size(100, 10) == 200  # at most doubled: the next may hold hubs
    assert next_page_size(4_000, 10) == PAGE_SIZE
    assert next_page_size(1, PAGE_LINKS * 10) == 1  # never empty


def test_persons_and_other_links_are_left_out() -> None:
    builder = GraphBuilder()
    builder.add_node("event:b", NodeKind.EVENT, dt.date(2024, 1, 2), small=True)
    builder.add_node("department:a", NodeKind.DEPARTMENT, None, small=False)
    builder.add_link("department:a", "event:b", RelType.ATTENDED, None, "REPORTED", 0.5)
    # A link to an id never added as an entity (a person, or deleted meanwhile): dropped.
    builder.add_link("department:a", "person:x", RelType.REPRESENTS, None, "RECORDED", 1.0)
    graph = builder.build(generation=7)
    assert graph.ids == ("department:a", "event:b")
    assert (list(graph.source), list(graph.target)) == ([0], [1])
    assert graph.kind(1) is NodeKind.EVENT
    assert graph.small == b"\x00\x01"
    assert graph.generation == 7
    edges = filtered_edges(graph, Period(), PLAIN)
    assert (edges.node_count, edges.edge_count, edges.degree(0)) == (2, 1, 1)
    trusted = filtered_edges(graph, Period(), Lens(evidence=frozenset({Evidence.RECORDED})))
    assert trusted.edge_count == 0


def test_sampled_betweenness_is_networkx_sampled_betweenness() -> None:
    # Above BETWEENNESS_WORK sources are drawn as networkx draws them, and scaled the same.
    reference: nx.Graph[int] = nx.gnm_random_graph(2_000, 20_000, seed=5)
    builder = GraphBuilder()
    for node in reference:
        builder.add_node(f"enterprise:{node:05d}", NodeKind.ENTERPRISE, None, small=False)
    for a, b in reference.edges():
        builder.add_link(
            f"enterprise:{a:05d}", f"enterprise:{b:05d}", RelType.MET, None, "RECORDED", 1.0
        )
    graph = builder.build()
    edges = filtered_edges(graph, Period(), PLAIN)
    sources = structure.betweenness_sources(edges)
    assert sources == structure.BETWEENNESS_WORK // edges.edge_count
    assert "estimated from" in structure.betweenness_method(graph, EVERY_LINK)
    local: nx.Graph[int] = nx.Graph()
    local.add_nodes_from(sorted(n for n in reference if reference.degree(n)))
    local.add_edges_from(sorted(reference.edges()))
    expected = nx.betweenness_centrality(local, k=sources, normalized=True, seed=structure.SEED)
    found = {b.node_id: b.betweenness for b in structure.brokers(graph, EVERY_LINK)}
    assert found == pytest.approx(
        {f"enterprise:{n:05d}": s for n, s in expected.items() if round(s, 9) > 0}, abs=1e-9
    )


def test_igraph_louvain_on_large_graphs_repeats_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    # Above NETWORKX_LOUVAIN_EDGES igraph's multilevel Louvain runs, with a seeded
    # generator: the same communities every time, and ``method`` says which ran.
    monkeypatch.setattr(structure, "NETWORKX_LOUVAIN_EDGES", 0)
    base = _seed()
    first = structure.communities(graph_of_records(base.nodes.values(), base.links), EVERY_LINK)
    again = structure.communities(graph_of_records(base.nodes.values(), base.links), EVERY_LINK)
    assert first == again
    assert len(first) > 3
    assert "igraph multilevel" in structure.community_method(_seed(), EVERY_LINK)
