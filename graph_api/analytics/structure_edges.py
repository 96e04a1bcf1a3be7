"""The undirected graph a brokers or communities question runs on, cut from the compact
structure graph (``structure_graph``) by the question's period and lens.

As the networkx graph of the projection was: one edge per pair of entities joined by at
least one allowed link of ``filters.STRUCTURE_TYPES`` (parallel links count once), and
only the entities that have an edge, in id order. With ``trust.inferMeetings`` the MET
links of ``lens.inferred_meetings`` are derived here from the attendance arrays, by the
same rule, and never stored.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from dataclasses import dataclass

from graph_api.analytics.filters import Period
from graph_api.analytics.lens import SMALL_EVENT_LIMIT, Lens
from graph_api.analytics.structure_graph import (
    ATTENDED_CODE,
    ENTERPRISE_CODE,
    EVIDENCE,
    GOVERNMENT_CODES,
    GRAPH_CODES,
    INFERRED_CODE,
    NO_DAY,
    TECH_CODES,
    StructureGraph,
    lens_links,
)

# Keys sorted at a time while edges are cut (``sorted_in_slices``).
SLICE = 50_000


@dataclass(frozen=True)
class Edges:
    """An undirected simple graph over local indices 0..n-1 (local order = id order)."""

    nodes: array[int]  # local index -> entity index in the structure graph
    low: array[int]  # edge -> its end with the lower local index; edges sorted, distinct
    high: array[int]
    offsets: array[int]  # local index -> where its neighbours start in ``neighbours``
    neighbours: array[int]  # local indices, ascending per node

    @property
    def node_count(self) -> int:
        """How many entities have at least one edge."""
        return len(self.nodes)

    @property
    def edge_count(self) -> int:
        """How many distinct edges."""
        return len(self.low)

    def degree(self, local: int) -> int:
        """How many distinct neighbours a node has."""
        return self.offsets[local + 1] - self.offsets[local]

    def neighbours_of(self, local: int) -> array[int]:
        """A node's neighbours, ascending."""
        return self.neighbours[self.offsets[local] : self.offsets[local + 1]]

    def number_of_nodes(self) -> int:
        """``node_count``, named as networkx names it (``structure.betweenness_sources``)."""
        return self.node_count

    def number_of_edges(self) -> int:
        """``edge_count``, named as networkx names it."""
        return self.edge_count


def _in_period(period: Period, day: int) -> bool:
    if day == NO_DAY or period.is_open:
        return True
    if period.start is not None and day < period.start.toordinal():
        return False
    return period.end is None or day <= period.end.toordinal()


def filtered_edges(graph: StructureGraph, period: Period, lens: Lens) -> Edges:
    """The graph of the links ``period`` and ``lens`` allow (memoised on ``graph``)."""
    return graph.memo(("edges", period, lens), lambda: _edges(graph, period, lens))


def _edges(graph: StructureGraph, period: Period, lens: Lens) -> Edges:
    size = len(graph.ids)
    pairs: set[int] = set()  # low * size + high: one int per edge, far lighter than tuples
    for link in lens_links(graph, lens, GRAPH_CODES):
        if _in_period(period, graph.days[link]):
            a, b = graph.source[link], graph.target[link]
            pairs.add(min(a, b) * size + max(a, b))
    if lens.infer_meetings:
        for government, enterprise, day in inferred_meetings(graph, lens):
            if _in_period(period, day):
                pairs.add(
                    government * size + enterprise
                    if government < enterprise
                    else enterprise * size + government
                )
    keys = sorted_in_slices(pairs, size)
    del pairs
    touched = sorted({key // size for key in keys} | {key % size for key in keys})
    local = {node: position for position, node in enumerate(touched)}
    low = array("i", (local[key // size] for key in keys))
    high = array("i", (local[key % size] for key in keys))
    del keys
    return Edges(array("i", touched), low, high, *_adjacency(len(touched), low, high))


def sorted_in_slices(keys: set[int], size: int, slice_size: int = SLICE) -> list[int]:
    """``sorted(keys)`` for keys ``low * size + high`` (both under ``size``), sorted a
    slice at a time: one sort of a million keys holds the interpreter lock, and so every
    request of the service, for 0.25 s at 10^5 entities. Slices are cut by count (about
    ``slice_size`` keys, at whole ``low`` ends), not by value: ids sort by kind, so a
    few hubs' keys crowd one stretch of values."""
    per_low = array("i", [0]) * size
    for key in keys:
        per_low[key // size] += 1
    slice_of = array("i", [0]) * size
    current = filled = 0
    for low in range(size):
        if filled >= slice_size:
            current, filled = current + 1, 0
        slice_of[low] = current
        filled += per_low[low]
    buckets: list[list[int]] = [[] for _ in range(current + 1)]
    for key in keys:
        buckets[slice_of[key // size]].append(key)
    ordered: list[int] = []
    for index, bucket in enumerate(buckets):
        bucket.sort()
        ordered += bucket
        buckets[index] = []  # freed as it goes
    return ordered


def _adjacency(count: int, low: array[int], high: array[int]) -> tuple[array[int], array[int]]:
    degree = array("i", [0]) * (count + 1)
    for a, b in zip(low, high, strict=True):
        degree[a + 1] += 1
        degree[b + 1] += 1
    for i in range(count):
        degree[i + 1] += degree[i]
    offsets = array("i", degree)
    filled = array("i", degree)
    neighbours = array("i", [0]) * (2 * len(low))
    # Edges come sorted by (low, high): each node's neighbours come out ascending.
    for a, b in zip(low, high, strict=True):
        neighbours[filled[b]] = a
        filled[b] += 1
    for a, b in zip(low, high, strict=True):
        neighbours[filled[a]] = b
        filled[a] += 1
    return offsets, neighbours


def inferred_meetings(graph: StructureGraph, lens: Lens) -> list[tuple[int, int, int]]:
    """(government, enterprise, day) of each MET link the lens trusts: both attended a
    small event of at most ``SMALL_EVENT_LIMIT`` parties; its day is their first such
    event's, its confidence 1 - 0.5^n for n such events (``lens.inferred_meetings``)."""
    # From every attendance of the day, whatever the evidence filter, sample data aside
    # when the lens leaves it out (as lens._derive).
    dated = Lens(as_of=lens.as_of, with_sample=lens.with_sample)
    attendance: dict[int, set[int]] = defaultdict(set)
    for link in lens_links(graph, dated, frozenset({ATTENDED_CODE})):
        event = graph.target[link]
        if graph.small[event]:
            attendance[event].add(graph.source[link])
    shared: dict[tuple[int, int], list[int]] = defaultdict(list)
    for event, parties in attendance.items():
        if len(parties) > SMALL_EVENT_LIMIT:
            continue
        governments = [p for p in parties if graph.kinds[p] in GOVERNMENT_CODES]
        enterprises = [p for p in parties if graph.kinds[p] == ENTERPRISE_CODE]
        for government in governments:
            for enterprise in enterprises:
                shared[(government, enterprise)].append(graph.starts[event])
    if EVIDENCE[INFERRED_CODE] not in lens.evidence:
        return []
    found = []
    for (government, enterprise), days in shared.items():
        confidence = round(1 - 0.5 ** len(days), 4)
        if confidence >= lens.min_confidence:
            dated_days = [day for day in days if day != NO_DAY]
            found.append((government, enterprise, min(dated_days) if dated_days else NO_DAY))
    return found


def technologies_of(graph: StructureGraph, lens: Lens) -> dict[int, set[int]]:
    """Entity index -> the technologies it needs or offers, as the lens sees them.

    Not kept: only the communities are computed from it, and they are kept. Kept with
    the graph, its 280,000 sets and numbers at 10^5 entities held 22 MB, and the
    allocator's arenas they were scattered in held more."""
    used: dict[int, set[int]] = defaultdict(set)
    for link in lens_links(graph, lens, TECH_CODES):
        used[graph.source[link]].add(graph.target[link])
    return dict(used)
