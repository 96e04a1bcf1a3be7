"""The shape of the collaboration network: brokers and communities.

Both are computed with networkx on the *collaboration graph*: parties and events joined
by contact links without the org chart (``filters.STRUCTURE_TYPES``: ATTENDED,
ORGANISED, CO_ORGANISED, PILOTED, INCUBATED_BY, MEMBER_OF). Events stay nodes (a
forum is not turned into a clique of its 7,000 participants), so the graph has as many
edges as links. The same networkx code runs for both stores, over the projection.

* Brokers: betweenness centrality (normalised). Exact while nodes × edges is at most
  ``BETWEENNESS_WORK`` (the seed graph is far below); above that, estimated from
  ``BETWEENNESS_WORK // edges`` source nodes (at least 16) drawn with a fixed seed, so
  the answer is the same every time for the same data.
* Communities: Louvain modularity (resolution 1) with a fixed seed over a graph whose
  nodes and edges are inserted in id order, then one refinement that moves single nodes
  between communities while modularity rises (``refine``); each community is described
  by the technologies its members need or offer most. (Greedy modularity, networkx's
  other deterministic choice, took 235 s on an 80,000-edge graph; Louvain takes 3 s.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

import networkx as nx

from graph_api.analytics.filters import EVERY_LINK, STRUCTURE_TYPES, LinkFilter
from graph_api.analytics.projection import Projection
from graph_api.model import NodeKind, RelType

SEED = 2019
# Betweenness costs one breadth-first search per source node: exact (every node a source)
# while nodes × edges stays under this, else sampled sources, ~5 s at 80,000 edges.
BETWEENNESS_WORK = 2_500_000
MIN_BETWEENNESS_SAMPLES = 16
LOUVAIN_RESOLUTION = 1.0
REFINE_ROUNDS = 10
TECHNOLOGIES_PER_COMMUNITY = 5
PARTY_KINDS = frozenset(
    {NodeKind.BUREAU, NodeKind.DEPARTMENT, NodeKind.PARTNER_BODY, NodeKind.ENTERPRISE}
)
BROKER_KINDS = PARTY_KINDS | {NodeKind.EVENT}


@dataclass(frozen=True)
class Community:
    """A cluster of parties (and the events they share) that meet each other more than
    they meet the rest; ``index`` counts from 1, largest community first."""

    index: int
    member_ids: tuple[str, ...]  # parties, by id
    event_ids: tuple[str, ...]
    technologies: tuple[tuple[str, int], ...]  # (technology id, members needing/offering it)


@dataclass(frozen=True)
class Broker:
    """A node that lies on many shortest paths between others."""

    node_id: str
    betweenness: float
    degree: int
    communities_bridged: int  # distinct communities among it and its neighbours


def _graph(projection: Projection, links: LinkFilter) -> nx.Graph[str]:
    return projection.graph(links.with_types(STRUCTURE_TYPES))


def betweenness_sources(graph: nx.Graph[str]) -> int | None:
    """How many source nodes betweenness samples on ``graph`` (None: all of them, exact)."""
    nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
    if nodes * edges <= BETWEENNESS_WORK:
        return None
    return min(nodes, max(MIN_BETWEENNESS_SAMPLES, BETWEENNESS_WORK // edges))


def _betweenness(projection: Projection, links: LinkFilter) -> dict[str, float]:
    def compute() -> dict[str, float]:
        graph = _graph(projection, links)
        scores = nx.betweenness_centrality(
            graph, k=betweenness_sources(graph), normalized=True, seed=SEED
        )
        # Rounded so that float noise can never reorder ties.
        return {node: round(score, 9) for node, score in scores.items()}

    return projection.memo(("betweenness", links), compute, by_argument=not links.period.is_open)


def _technologies(projection: Projection, members: Collection[str]) -> tuple[tuple[str, int], ...]:
    counts: Counter[str] = Counter()
    for member in members:
        used = {
            inc.neighbour
            for rel_type in (RelType.NEEDS, RelType.OFFERS)
            for inc in projection.incidences(member, rel_type)
        }
        counts.update(used)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(ranked[:TECHNOLOGIES_PER_COMMUNITY])


def communities(projection: Projection, links: LinkFilter) -> tuple[Community, ...]:
    """Louvain communities of the collaboration graph: most parties first (the size
    reported), then most events, then by first id."""

    def compute() -> tuple[Community, ...]:
        graph = _graph(projection, links)
        if graph.number_of_nodes() == 0:
            return ()
        found = nx.community.louvain_communities(graph, resolution=LOUVAIN_RESOLUTION, seed=SEED)
        refined = refine(graph, [sorted(group) for group in found])
        # Largest first by the size reported (parties; events are not counted in it).
        groups = sorted(refined, key=lambda g: (-_parties(projection, g), -len(g), g[0]))
        answer = []
        for index, group in enumerate(groups, start=1):
            members = tuple(n for n in group if projection.kind_of(n) in PARTY_KINDS)
            events = tuple(n for n in group if projection.kind_of(n) is NodeKind.EVENT)
            answer.append(Community(index, members, events, _technologies(projection, members)))
        return tuple(answer)

    return projection.memo(("communities", links), compute, by_argument=not links.period.is_open)


def _parties(projection: Projection, group: list[str]) -> int:
    return sum(projection.kind_of(node) in PARTY_KINDS for node in group)


def refine(graph: nx.Graph[str], groups: list[list[str]]) -> list[list[str]]:
    """Move single nodes to the neighbouring community that raises modularity most, in id
    order, until none moves (at most ``REFINE_ROUNDS`` passes).

    Louvain merges whole communities after its first pass and never revisits one node, so
    it can leave a bridge node stranded in a small community of its own (two clusters
    joined by one link come out as three); this pass, Louvain's own local move applied to
    its final answer, repairs that. Gains are compared exactly as Louvain does:
    links into the community − its total degree × the node's degree / 2m."""
    two_m = 2 * graph.number_of_edges()
    if two_m == 0:
        return groups
    community = {node: index for index, group in enumerate(groups) for node in group}
    totals: Counter[int] = Counter()
    for node, index in community.items():
        totals[index] += graph.degree(node)
    for _ in range(REFINE_ROUNDS):
        moved = False
        for node in sorted(graph):
            own, degree = community[node], graph.degree(node)
            totals[own] -= degree
            links_to = Counter(community[n] for n in graph.neighbors(node))
            best = own
            best_gain = links_to[own] - totals[own] * degree * LOUVAIN_RESOLUTION / two_m
            for index in sorted(links_to):
                gain = links_to[index] - totals[index] * degree * LOUVAIN_RESOLUTION / two_m
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
    return list(regrouped.values())


def community_of(projection: Projection, links: LinkFilter) -> dict[str, int]:
    """Node id -> the index of its community."""
    return {
        node: community.index
        for community in communities(projection, links)
        for node in (*community.member_ids, *community.event_ids)
    }


def brokers(
    projection: Projection, links: LinkFilter, kinds: Collection[NodeKind] = PARTY_KINDS
) -> tuple[Broker, ...]:
    """Nodes of these kinds with betweenness above zero, highest first, then by id."""
    graph = _graph(projection, links)
    scores = _betweenness(projection, links)
    membership = community_of(projection, links)
    answer = [
        Broker(
            node,
            score,
            graph.degree(node),
            len({membership[n] for n in (node, *graph.neighbors(node)) if n in membership}),
        )
        for node, score in scores.items()
        if score > 0 and projection.kind_of(node) in kinds
    ]
    answer.sort(key=lambda b: (-b.betweenness, b.node_id))
    return tuple(answer)


COMMUNITY_METHOD = (
    f"Louvain modularity (resolution {LOUVAIN_RESOLUTION}, seed {SEED}, networkx) then "
    "single-node refinement, on parties and events joined by ATTENDED, ORGANISED, "
    "CO_ORGANISED, PILOTED, INCUBATED_BY, MEMBER_OF"
)


def betweenness_method(projection: Projection, links: LinkFilter) -> str:
    """How betweenness is computed for this graph: exact, or sampled with a fixed seed."""
    graph = _graph(projection, links)
    nodes, sources = graph.number_of_nodes(), betweenness_sources(graph)
    if sources is None:
        return f"exact betweenness centrality over {nodes} nodes (networkx)"
    return (
        f"betweenness centrality over {nodes} nodes estimated from {sources} sources drawn "
        f"with seed {SEED} (networkx)"
    )


def precompute(projection: Projection) -> None:
    """Compute (and memoise on ``projection``) the brokers and communities of the whole
    graph, as asked with no arguments: for a background task, off the request path."""
    brokers(projection, EVERY_LINK)
