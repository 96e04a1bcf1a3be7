"""Brokers and communities on a graph small enough to work out by hand: two clusters of
three parties each, meeting at two events of their own, and one pilot between them.

    department:a1 ─┬─ event:xa1 ─┐            enterprise:b1 ─┬─ event:xb1 ─┐
    department:a2 ─┤             │            enterprise:b2 ─┤             │
    department:a3 ─┴─ event:xa2 ─┘            enterprise:b3 ─┴─ event:xb2 ─┘
    (each a attended both xa events; each b both xb events)
    department:a1 ─PILOTED─► enterprise:b1     (the only bridge)
"""

from __future__ import annotations

import networkx as nx
import pytest

from graph_api.analytics.filters import EVERY_LINK
from graph_api.analytics.projection import Projection, build_projection
from graph_api.analytics.structure import betweenness_sources, brokers, communities
from graph_api.domain import LinkRecord, NodeKind, NodeRecord, RelType

A_SIDE = ("department:a1", "department:a2", "department:a3")
B_SIDE = ("enterprise:b1", "enterprise:b2", "enterprise:b3")


def _two_clusters() -> Projection:
    def node(node_id: str) -> NodeRecord:
        kind = {
            "department": NodeKind.DEPARTMENT,
            "enterprise": NodeKind.ENTERPRISE,
            "event": NodeKind.EVENT,
            "technology": NodeKind.TECHNOLOGY,
        }[node_id.split(":")[0]]
        return NodeRecord(id=node_id, kind=kind, name_en=node_id)

    events = ("event:xa1", "event:xa2", "event:xb1", "event:xb2")
    technologies = ("technology:x", "technology:y")
    nodes = [node(n) for n in (*A_SIDE, *B_SIDE, *events, *technologies)]
    links = [LinkRecord(RelType.ATTENDED, a, e) for a in A_SIDE for e in events[:2]]
    links += [LinkRecord(RelType.ATTENDED, b, e) for b in B_SIDE for e in events[2:]]
    links.append(LinkRecord(RelType.PILOTED, "department:a1", "enterprise:b1"))
    # Technologies describe communities but are not part of the collaboration graph.
    links += [LinkRecord(RelType.NEEDS, a, "technology:x") for a in A_SIDE[:2]]
    links += [LinkRecord(RelType.OFFERS, b, "technology:y") for b in B_SIDE]
    links.append(LinkRecord(RelType.OFFERS, "enterprise:b3", "technology:x"))
    return build_projection(nodes, links)


def test_brokers_by_betweenness() -> None:
    # 10 nodes; normalised betweenness divides pair counts by (10-1)(10-2)/2 = 36.
    # a1: every pair (one of the 4 other A-side nodes, one of the 5 B-side nodes) passes
    #     through a1: 20; and xa1–xa2 has 3 shortest paths (via a1, a2, a3): 1/3. → 61/108.
    # a2, a3: only xa1–xa2, 1/3 each → 1/108.    b1, b2, b3: the same by symmetry.
    found = brokers(_two_clusters(), EVERY_LINK)
    scores = {b.node_id: b.betweenness for b in found}
    assert [b.node_id for b in found] == [
        "department:a1",
        "enterprise:b1",
        "department:a2",
        "department:a3",
        "enterprise:b2",
        "enterprise:b3",
    ]
    assert scores["department:a1"] == pytest.approx(61 / 108)
    assert scores["department:a2"] == pytest.approx(1 / 108)
    # a1 touches both communities (its own, and b1's across the pilot).
    assert found[0].communities_bridged == 2
    assert found[0].degree == 3


def test_event_brokers() -> None:
    # xa1: a2–a3 (1 of 2 paths), a1–a2, a1–a3 (1 of 2 each): 3/2; a2 or a3 to any of the
    # 5 B-side nodes goes a2→(xa1 or xa2)→a1: 1/2 each, 10 pairs: 5. → 6.5/36 = 13/72.
    found = brokers(_two_clusters(), EVERY_LINK, kinds={NodeKind.EVENT})
    assert [b.node_id for b in found] == ["event:xa1", "event:xa2", "event:xb1", "event:xb2"]
    assert found[0].betweenness == pytest.approx(13 / 72)


def test_communities_with_their_technologies() -> None:
    found = communities(_two_clusters(), EVERY_LINK)
    assert [(c.index, tuple(c.member_ids), tuple(c.event_ids)) for c in found] == [
        (1, A_SIDE, ("event:xa1", "event:xa2")),
        (2, B_SIDE, ("event:xb1", "event:xb2")),
    ]
    # A: a1, a2 need x. B: all three offer y, b3 also x.
    assert found[0].technologies == (("technology:x", 2),)
    assert found[1].technologies == (("technology:y", 3), ("technology:x", 1))


def test_same_answer_every_time() -> None:
    first = _two_clusters()
    assert communities(first, EVERY_LINK) == communities(_two_clusters(), EVERY_LINK)
    assert list(brokers(first, EVERY_LINK)) == list(brokers(_two_clusters(), EVERY_LINK))


def test_betweenness_is_sampled_only_on_large_graphs() -> None:
    # Exact while nodes × edges ≤ 2,500,000; above, 2,500,000 // edges sources (≥ 16).
    small: nx.Graph[str] = nx.path_graph(1_000)  # 1,000 × 999
    assert betweenness_sources(small) is None
    large: nx.Graph[str] = nx.path_graph(5_000)  # 5,000 × 4,999
    assert betweenness_sources(large) == 2_500_000 // 4_999 == 500
    dense: nx.Graph[str] = nx.gnm_random_graph(3_000, 200_000, seed=1)
    assert betweenness_sources(dense) == 16
