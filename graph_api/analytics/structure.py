"""The shape of the collaboration network: brokers and communities.

Both run on the *collaboration graph*: parties and events joined by contact links
without the org chart (``filters.STRUCTURE_TYPES``: ATTENDED, ORGANISED, CO_ORGANISED,
PILOTED, INCUBATED_BY, MEMBER_OF, and MET when meetings are inferred). Events stay
nodes (a forum is not turned into a clique of its 7,000 participants), so the graph has
as many edges as linked pairs. It is cut from the compact structure graph
(``structure_graph``, integer arrays read from the store in pages) by the question's
period and lens (``structure_edges``); no whole-graph Python copy of records is made.
``structure_worker`` computes the no-argument answers in the background.

* Brokers: betweenness centrality (normalised) with python-igraph (C; in a child
  process on a large graph, ``igraph_process``), the same values networkx gave. Exact
  while nodes × edges is at most ``BETWEENNESS_WORK`` (the seed graph is far below);
  above that, estimated from ``BETWEENNESS_WORK // edges`` source nodes (at least 16)
  drawn with a fixed seed exactly as networkx drew them (so the answer is the same
  every time for the same data), scaled as networkx 3.6 scales them. Ranked with the
  communities each bridges once per graph and arguments, and kept (``broker_ranking``):
  a request reads the kept ranking.
* Communities: Louvain modularity (resolution 1) with a fixed seed, then one refinement
  that moves single nodes between communities while modularity rises (``refine``); each
  community is described by the technologies its members need or offer most. Up to
  ``NETWORKX_LOUVAIN_EDGES`` edges this is networkx's Louvain, run on the compact graph
  (integer nodes in id order): igraph's multilevel Louvain visits nodes in another
  order and splits the seed data differently, and the answers on the seed data and the
  fixtures were to stay as they were. Above it (networkx's graph costs ~0.5 KB per edge
  and minutes of Python), igraph's ``community_multilevel`` with a seeded generator;
  ``method`` says which ran.
"""

from __future__ import annotations

import random
from array import array
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

import networkx as nx

from graph_api.analytics import igraph_process
from graph_api.analytics.broker_ranking import RankedBrokers, Ranking, of_kinds, rank_brokers
from graph_api.analytics.filters import EVERY_LINK, LinkFilter
from graph_api.analytics.id_table import IdTable
from graph_api.analytics.lens import PLAIN, Lens
from graph_api.analytics.projection import Projection
from graph_api.analytics.structure_edges import Edges, filtered_edges, technologies_of
from graph_api.analytics.structure_graph import StructureGraph, graph_of_records
from graph_api.domain import PARTY_KINDS, NodeKind

SEED = 2019
# Betweenness costs one breadth-first search per source node: exact (every node a source)
# while nodes × edges stays under this, else sampled sources.
BETWEENNESS_WORK = 2_500_000
MIN_BETWEENNESS_SAMPLES = 16
LOUVAIN_RESOLUTION = 1.0
NETWORKX_LOUVAIN_EDGES = 200_000
REFINE_ROUNDS = 10
TECHNOLOGIES_PER_COMMUNITY = 5
BROKER_KINDS = PARTY_KINDS | {NodeKind.EVENT}
STRUCTURE_LINKS = "ATTENDED, ORGANISED, CO_ORGANISED, PILOTED, INCUBATED_BY, MEMBER_OF"

Source = StructureGraph | Projection


@dataclass(frozen=True)
class Community:
    """A cluster of parties (and the events they share) that meet each other more than
    they meet the rest; ``index`` counts from 1, largest community first."""

    index: int
    # Kept with the graph: one string each, not an object per id (see id_table).
    member_ids: IdTable  # parties, by id
    event_ids: IdTable
    technologies: tuple[tuple[str, int], ...]  # (technology id, members needing/offering it)


class Counted(Protocol):
    """A graph that can say its size (networkx's names; ``Edges`` has them too)."""

    def number_of_nodes(self) -> int: ...
    def number_of_edges(self) -> int: ...


def compact(source: Source) -> StructureGraph:
    """The structure graph of ``source`` (a projection's is made once and kept on it)."""
    if isinstance(source, StructureGraph):
        return source
    return source.memo(
        ("structure_graph",),
        lambda: graph_of_records(source.nodes.values(), source.links, source.generation),
    )


def _edges(source: Source, links: LinkFilter, lens: Lens) -> tuple[StructureGraph, Edges]:
    graph = compact(source)
    return graph, filtered_edges(graph, links.period, lens)


def betweenness_sources(graph: Counted) -> int | None:
    """How many source nodes betweenness samples on ``graph`` (None: all of them, exact)."""
    nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
    if nodes * edges <= BETWEENNESS_WORK:
        return None
    return min(nodes, max(MIN_BETWEENNESS_SAMPLES, BETWEENNESS_WORK // edges))


def _betweenness(edges: Edges) -> list[float]:
    """Normalised betweenness per local node, as networkx computes it (ordered pairs)."""
    n = edges.node_count
    if n < 3:
        return [0.0] * n
    k = betweenness_sources(edges)
    if k is None or k == n:
        # igraph counts each unordered pair once; networkx each ordered pair.
        raw = igraph_process.betweenness(n, edges.low, edges.high, None)
        return [2 * value / ((n - 1) * (n - 2)) for value in raw]
    # What networkx draws with the seed (a fixed seed for repeatable answers, not secrecy).
    sources = random.Random(SEED).sample(range(n), k)  # noqa: S311
    raw = igraph_process.betweenness(n, edges.low, edges.high, sources)
    chosen = set(sources)
    # igraph halves undirected counts from sources too: 2 × raw is networkx's sum.
    on_source, off_source = 2 / ((k - 1) * (n - 2)), 2 / (k * (n - 2))
    return [value * (on_source if v in chosen else off_source) for v, value in enumerate(raw)]


def _louvain(edges: Edges) -> list[list[int]]:
    if edges.edge_count <= NETWORKX_LOUVAIN_EDGES:
        graph: nx.Graph[int] = nx.Graph()
        graph.add_nodes_from(range(edges.node_count))
        graph.add_edges_from(zip(edges.low, edges.high, strict=True))
        found = nx.community.louvain_communities(graph, resolution=LOUVAIN_RESOLUTION, seed=SEED)
        return [sorted(group) for group in found]
    membership = igraph_process.multilevel(
        edges.node_count, edges.low, edges.high, LOUVAIN_RESOLUTION, SEED
    )
    groups: dict[int, list[int]] = {}
    for node, index in enumerate(membership):
        groups.setdefault(index, []).append(node)
    return list(groups.values())


def refine(edges: Edges, groups: list[list[int]]) -> list[list[int]]:
    """Move single nodes to the neighbouring community that raises modularity most, in id
    order, until none moves (at most ``REFINE_ROUNDS`` passes).

    Louvain merges whole communities after its first pass and never revisits one node, so
    it can leave a bridge node stranded in a small community of its own (two clusters
    joined by one link come out as three); this pass, Louvain's own local move applied to
    its final answer, repairs that. Gains are compared exactly as Louvain does:
    links into the community − its total degree × the node's degree / 2m."""
    two_m = 2 * edges.edge_count
    if two_m == 0:
        return groups
    community = [0] * edges.node_count
    for index, group in enumerate(groups):
        for node in group:
            community[node] = index
    totals: Counter[int] = Counter()
    for node, index in enumerate(community):
        totals[index] += edges.degree(node)
    for _ in range(REFINE_ROUNDS):
        moved = False
        for node in range(edges.node_count):
            own, degree = community[node], edges.degree(node)
            totals[own] -= degree
            links_to = Counter(community[n] for n in edges.neighbours_of(node))
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
    regrouped: dict[int, list[int]] = {}
    for node, index in enumerate(community):
        regrouped.setdefault(index, []).append(node)
    return list(regrouped.values())


def communities(source: Source, links: LinkFilter, lens: Lens = PLAIN) -> tuple[Community, ...]:
    """Louvain communities of the collaboration graph: most parties first (the size
    reported), then most events, then by first id."""
    graph, edges = _edges(source, links, lens)
    return graph.memo(
        ("communities", links.period, lens), lambda: _communities(graph, edges, links, lens)
    )


def _community_of(graph: StructureGraph, edges: Edges, links: LinkFilter, lens: Lens) -> array[int]:
    """Each entity's community number, by entity index (0: in none): kept with the graph,
    so that communities and the broker ranking read one Louvain run."""
    return graph.memo(
        ("community_of", links.period, lens), lambda: _number_communities(graph, edges)
    )


def _number_communities(graph: StructureGraph, edges: Edges) -> array[int]:
    numbers = array("i", [0]) * len(graph.ids)
    if edges.node_count == 0:
        return numbers
    groups = [[edges.nodes[node] for node in group] for group in refine(edges, _louvain(edges))]

    def parties(group: list[int]) -> int:
        return sum(graph.kind(node) in PARTY_KINDS for node in group)

    # Largest first by the size reported (parties; events are not counted in it).
    groups.sort(key=lambda g: (-parties(g), -len(g), g[0]))
    for number, group in enumerate(groups, start=1):
        for node in group:
            numbers[node] = number
    return numbers


def _communities(
    graph: StructureGraph, edges: Edges, links: LinkFilter, lens: Lens
) -> tuple[Community, ...]:
    numbers = _community_of(graph, edges, links, lens)
    groups: list[list[int]] = [[] for _ in range(max(numbers, default=0))]
    for node, number in enumerate(numbers):  # entity order, as each group was
        if number:
            groups[number - 1].append(node)
    used = technologies_of(graph, lens)
    answer = []
    for index, group in enumerate(groups, start=1):
        members = [node for node in group if graph.kind(node) in PARTY_KINDS]
        counts: Counter[int] = Counter()
        for member in members:
            counts.update(used.get(member, ()))
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        answer.append(
            Community(
                index,
                IdTable([graph.ids[node] for node in members]),
                IdTable([graph.ids[n] for n in group if graph.kind(n) is NodeKind.EVENT]),
                tuple((graph.ids[t], n) for t, n in ranked[:TECHNOLOGIES_PER_COMMUNITY]),
            )
        )
    return tuple(answer)


def brokers(
    source: Source,
    links: LinkFilter,
    kinds: Collection[NodeKind] = PARTY_KINDS,
    lens: Lens = PLAIN,
) -> RankedBrokers:
    """Nodes of these kinds with betweenness above zero, highest first, then by id:
    ranked once per graph and arguments (``broker_ranking``), picked once per kinds."""
    graph, edges = _edges(source, links, lens)
    ranking = graph.memo(
        ("broker_ranking", links.period, lens), lambda: _ranking(graph, edges, links, lens)
    )
    # The kinds last: a caller's choice, kept among the few recent (MEMO_SIZE).
    positions = graph.memo(
        ("brokers", links.period, lens, frozenset(kinds)),
        lambda: of_kinds(graph, ranking, kinds),
    )
    return RankedBrokers(graph, ranking, positions)


def _ranking(graph: StructureGraph, edges: Edges, links: LinkFilter, lens: Lens) -> Ranking:
    # Rounded so that float noise can never reorder ties.
    scores = array("d", (round(score, 9) for score in _betweenness(edges)))
    return rank_brokers(edges, scores, _community_of(graph, edges, links, lens))


def community_method(source: Source, links: LinkFilter, lens: Lens = PLAIN) -> str:
    """How communities are found for this graph: which library's Louvain ran."""
    _, edges = _edges(source, links, lens)
    library = "networkx" if edges.edge_count <= NETWORKX_LOUVAIN_EDGES else "igraph multilevel"
    return (
        f"Louvain modularity (resolution {LOUVAIN_RESOLUTION}, seed {SEED}, {library}) then "
        f"single-node refinement, on parties and events joined by {STRUCTURE_LINKS}"
    )


def betweenness_method(source: Source, links: LinkFilter, lens: Lens = PLAIN) -> str:
    """How betweenness is computed for this graph: exact, or sampled with a fixed seed."""
    _, edges = _edges(source, links, lens)
    nodes, sources = edges.node_count, betweenness_sources(edges)
    if sources is None or sources == nodes:
        return f"exact betweenness centrality over {nodes} nodes (igraph)"
    return (
        f"betweenness centrality over {nodes} nodes estimated from {sources} sources drawn "
        f"with seed {SEED} (igraph)"
    )


def precompute(graph: StructureGraph) -> None:
    """Compute (and memoise on ``graph``) the brokers and communities of the whole graph,
    as asked with no arguments: for the background worker, off the request path."""
    brokers(graph, EVERY_LINK)
