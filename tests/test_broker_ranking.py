"""Brokers ranked once per structure graph (graph_api.analytics.broker_ranking): the kept
ranking answers as working each broker out on every request did, for any kinds, and a
second request with other kinds reads the kept ranking."""

from __future__ import annotations

from collections.abc import Collection

import pytest

from graph_api.analytics import structure
from graph_api.analytics.broker_ranking import Broker, Ranking, rank_brokers
from graph_api.analytics.filters import EVERY_LINK
from graph_api.analytics.lens import PLAIN
from graph_api.analytics.projection import Projection, build_projection
from graph_api.analytics.structure import brokers, communities, compact
from graph_api.analytics.structure_edges import Edges, filtered_edges
from graph_api.domain import PARTY_KINDS, NodeKind
from graph_api.seeding.files import default_seed_paths, load_seed_files

KINDS = [PARTY_KINDS, frozenset({NodeKind.EVENT}), frozenset(NodeKind), frozenset()]


@pytest.fixture(scope="module")
def seed_projection() -> Projection:
    seed = load_seed_files(default_seed_paths())
    return build_projection(seed.nodes, seed.links)


def _worked_out(projection: Projection, kinds: Collection[NodeKind]) -> list[Broker]:
    """Brokers as each request worked them out before they were kept: every node with a
    score, its distinct communities among it and its neighbours, by id strings."""
    graph = compact(projection)
    edges = filtered_edges(graph, EVERY_LINK.period, PLAIN)
    scores = [round(score, 9) for score in structure._betweenness(edges)]
    membership = {
        node: community.index
        for community in communities(graph, EVERY_LINK)
        for node in (*community.member_ids, *community.event_ids)
    }
    answer = []
    for local, score in enumerate(scores):
        node = edges.nodes[local]
        if score > 0 and graph.kind(node) in kinds:
            around = [graph.ids[edges.nodes[n]] for n in edges.neighbours_of(local)]
            bridged = {membership[i] for i in (graph.ids[node], *around) if i in membership}
            answer.append(Broker(graph.ids[node], score, edges.degree(local), len(bridged)))
    answer.sort(key=lambda b: (-b.betweenness, b.node_id))
    return answer


@pytest.mark.parametrize("kinds", KINDS, ids=lambda kinds: ",".join(sorted(kinds)) or "none")
def test_the_kept_ranking_answers_as_working_it_out_each_time(
    seed_projection: Projection, kinds: frozenset[NodeKind]
) -> None:
    expected = _worked_out(seed_projection, kinds)
    found = brokers(seed_projection, EVERY_LINK, kinds)
    assert list(found) == expected
    assert found == expected
    assert found == tuple(expected)
    assert found != expected[:-1] or not expected
    assert len(found) == len(expected)
    assert found[1:4] == expected[1:4]
    if expected:
        assert found[-1] == expected[-1]
        assert any(broker.communities_bridged > 1 for broker in expected) or not kinds


def test_other_kinds_read_the_kept_ranking(
    seed_projection: Projection, monkeypatch: pytest.MonkeyPatch
) -> None:
    ranked: list[Edges] = []

    def counted(edges: Edges, *args: object) -> Ranking:
        ranked.append(edges)
        return rank_brokers(edges, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(structure, "rank_brokers", counted)
    fresh = build_projection(seed_projection.nodes.values(), seed_projection.links)
    for kinds in KINDS:
        brokers(fresh, EVERY_LINK, kinds)
    assert len(ranked) == 1


def test_entities_in_no_community_bridge_none(seed_projection: Projection) -> None:
    graph = compact(seed_projection)
    edges = filtered_edges(graph, EVERY_LINK.period, PLAIN)
    first = communities(graph, EVERY_LINK)[0]
    inside = {*first.member_ids, *first.event_ids}
    # Only the first community given: every other entity counts as in none.
    community_of = [int(node_id in inside) for node_id in graph.ids]
    ranking = rank_brokers(edges, [1.0] * edges.node_count, community_of)
    for position, node in enumerate(ranking.nodes):
        local = list(edges.nodes).index(node)
        around = {graph.ids[edges.nodes[n]] for n in edges.neighbours_of(local)}
        touches = bool(({graph.ids[node]} | around) & inside)
        assert ranking.bridged[position] == int(touches)
    assert 0 < sum(ranking.bridged) < len(ranking.nodes)
