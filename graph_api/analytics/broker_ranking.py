"""Brokers ranked once per structure graph, and kept as arrays.

A broker's rank needs its betweenness (kept with the graph) and how many distinct
communities it and its neighbours belong to: a pass over every link. Each request made
that pass (at 10^5 entities, 2 million lookups: 356 ms a request, p50). Now it is made
once per graph and question arguments (for the no-argument question by the background
worker, with the other whole-graph answers), kept as four arrays of about 20 bytes a
broker, and the kinds a request asks for are picked once more per kinds; ``Broker``
objects are made only for the page a request shows.
"""

from __future__ import annotations

from array import array
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import overload

from graph_api.analytics.id_table import equal_sequences
from graph_api.analytics.structure_edges import Edges
from graph_api.analytics.structure_graph import KINDS, StructureGraph
from graph_api.domain import NodeKind


@dataclass(frozen=True)
class Broker:
    """A node that lies on many shortest paths between others."""

    node_id: str
    betweenness: float
    degree: int
    communities_bridged: int  # distinct communities among it and its neighbours


@dataclass(frozen=True)
class Ranking:
    """Every entity with betweenness above zero, highest first, then by id, as parallel
    arrays: its index in the graph, betweenness, degree and communities bridged."""

    nodes: array[int]
    scores: array[float]
    degrees: array[int]
    bridged: array[int]


def rank_brokers(edges: Edges, scores: Sequence[float], community_of: Sequence[int]) -> Ranking:
    """Rank the entities of ``edges`` by ``scores`` (per local node), each with the
    distinct communities (``community_of`` each entity index; 0: none) among it and its
    neighbours."""
    # Entities are indexed in id order, and local nodes in entity order: ties by id.
    chosen = sorted((local for local, score in enumerate(scores) if score > 0),
                    key=lambda local: (-scores[local], local))  # fmt: skip
    ranking = Ranking(array("i"), array("d"), array("i"), array("i"))
    for local in chosen:
        bridged = {community_of[edges.nodes[n]] for n in edges.neighbours_of(local)}
        bridged.add(community_of[edges.nodes[local]])
        bridged.discard(0)
        ranking.nodes.append(edges.nodes[local])
        ranking.scores.append(scores[local])
        ranking.degrees.append(edges.degree(local))
        ranking.bridged.append(len(bridged))
    return ranking


def of_kinds(graph: StructureGraph, ranking: Ranking, kinds: Collection[NodeKind]) -> array[int]:
    """The positions in ``ranking`` of the entities of ``kinds``, in rank order."""
    codes = {KINDS.index(kind) for kind in kinds}
    return array("i", (p for p, node in enumerate(ranking.nodes) if graph.kinds[node] in codes))


class RankedBrokers(Sequence[Broker]):
    """Brokers in rank order, made into ``Broker`` objects only when read."""

    __slots__ = ("_graph", "_positions", "_ranking")

    def __init__(self, graph: StructureGraph, ranking: Ranking, positions: array[int]) -> None:
        self._graph, self._ranking, self._positions = graph, ranking, positions

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, index: int) -> Broker: ...

    @overload
    def __getitem__(self, index: slice) -> list[Broker]: ...

    def __getitem__(self, index: int | slice) -> Broker | list[Broker]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        at, ranking = self._positions[index], self._ranking
        return Broker(
            self._graph.ids[ranking.nodes[at]],
            ranking.scores[at],
            ranking.degrees[at],
            ranking.bridged[at],
        )

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same brokers in the same order (a tuple too)."""
        return equal_sequences(self, other)

    __hash__ = None  # type: ignore[assignment]
