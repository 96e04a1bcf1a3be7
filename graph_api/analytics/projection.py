"""An immutable in-memory projection of the graph, read by the analytics questions that
need the whole graph (gaps, matching, brokers, communities, who met whom); collaboration
paths read the store instead (``analytics.neighbourhood``).

Built from ``GraphStore.export_graph()`` (two round-trips) and cached per store object.
A cached projection is reused while both hold:

* the store's ``counters.generation`` is unchanged (no write from this process), and
* it is younger than ``projection_cache.PROJECTION_TTL_SECONDS`` (30 s, counted from
  when it was ready), so several API processes sharing one Neo4j cluster see each
  other's writes within that time. A refresh that finds the same data keeps the old
  projection, with the results already derived from it.

Caching and refreshing live in ``projection_cache``.

Both stores export the same records, so the projection (and every answer computed
from it) is the same on both by construction.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

import networkx as nx

from graph_api.analytics.filters import LinkFilter
from graph_api.domain import LinkRecord, NodeKind, NodeRecord, RelType

# Personal data is never analysed, whatever the role: persons and their links are
# left out of the projection, so no answer can reveal them.
_LEFT_OUT_KINDS = frozenset({NodeKind.PERSON})
# When two entities are joined by several links, a path uses the first of these: an
# attendance reads as a meeting ("met X at the forum"), so it goes first.
_LINK_PREFERENCE = (
    RelType.ATTENDED,
    RelType.PILOTED,
    RelType.MET,
    RelType.ORGANISED,
    RelType.CO_ORGANISED,
    RelType.INCUBATED_BY,
    RelType.MEMBER_OF,
    RelType.PART_OF,
    RelType.NEEDS,
    RelType.OFFERS,
    RelType.REPRESENTS,
)
# Types not named above (added to the model later) come after, in the model's order.
_TYPE_ORDER = {
    rel_type: index
    for index, rel_type in enumerate(
        [*_LINK_PREFERENCE, *(t for t in RelType if t not in _LINK_PREFERENCE)]
    )
}

T = TypeVar("T")

# Results keyed by argument values kept per projection (most recently used first out);
# each may be a derived projection or a networkx graph, so the bound is memory's bound.
ARGUMENT_MEMO_SIZE = 8
_BY_ARGUMENT = "__by_argument__"


class Incidence(NamedTuple):
    """A link seen from one of its ends (a named tuple: there are two per link, and
    building 200,000 of them for a 100,000-link graph should stay cheap)."""

    neighbour: str
    link: LinkRecord
    outgoing: bool  # the link points from the owner to ``neighbour``
    # The link's own date or, for an undated link to an event, the event's day: the date
    # every period filter compares (filters.LinkFilter).
    day: dt.date | None


@dataclass(frozen=True, eq=False)
class Projection:
    """Nodes by id, links, and adjacency with the links on it; read-only after building."""

    nodes: Mapping[str, NodeRecord]
    links: tuple[LinkRecord, ...]
    adjacency: Mapping[str, tuple[Incidence, ...]]
    by_type: Mapping[tuple[str, RelType], tuple[Incidence, ...]]
    generation: int = 0
    # Entities a lens left out because they did not exist yet on its as-of day, with the
    # day they began (analytics.lens): so "not found" can say "not yet" instead.
    not_yet: Mapping[str, dt.date] = field(default_factory=dict)
    # Ids asked about that were merged away, with the entity each became (mergeEntities):
    # so "not found" can name the id to use instead.
    merged_into: Mapping[str, str] = field(default_factory=dict)
    # When the graph was read from the store: answers from a projection are as of then.
    built_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    # Results derived from this projection alone (communities, betweenness); safe to keep
    # because the projection never changes.
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    def incidences(self, node_id: str, rel_type: RelType | None = None) -> tuple[Incidence, ...]:
        """The links at ``node_id`` (of one type, if given), sorted by neighbour id then type."""
        if rel_type is None:
            return self.adjacency.get(node_id, ())
        return self.by_type.get((node_id, rel_type), ())

    def degree(self, node_id: str) -> int:
        """How many links touch ``node_id``."""
        return len(self.adjacency.get(node_id, ()))

    def ids_of(self, kind: NodeKind) -> tuple[str, ...]:
        """Ids of every node of a kind, sorted."""
        return self.memo(("ids_of", kind), lambda: tuple(sorted(_ids(self.nodes, kind))))

    def kind_of(self, node_id: str) -> NodeKind | None:
        """The kind of a node, or None if the projection does not hold it."""
        record = self.nodes.get(node_id)
        return record.kind if record else None

    def memo(self, key: Any, compute: Callable[[], T], *, by_argument: bool = False) -> T:
        """``compute()`` once per projection and key; later calls return the same value.

        ``by_argument`` marks keys made of a caller's argument values (a period, an as-of
        day, a confidence): there can be as many as callers send, so only the
        ``ARGUMENT_MEMO_SIZE`` most recently used of them are kept."""
        store: dict[Any, Any] = self._memo
        if by_argument:
            store = self._memo.setdefault(_BY_ARGUMENT, OrderedDict())
            if key in store:
                store.move_to_end(key)  # type: ignore[attr-defined]
        if key not in store:
            store[key] = compute()
            if by_argument and len(store) > ARGUMENT_MEMO_SIZE:
                store.popitem(last=False)  # type: ignore[call-arg]
        value: T = store[key]
        return value

    def kept_by_argument(self) -> int:
        """How many argument-keyed results are kept now (at most ARGUMENT_MEMO_SIZE)."""
        return len(self._memo.get(_BY_ARGUMENT, ()))

    def graph(self, links: LinkFilter) -> nx.Graph[str]:
        """An undirected networkx graph over the links ``links`` allows (nodes and edges
        inserted in id order, so algorithms that depend on it stay deterministic)."""

        def build() -> nx.Graph[str]:
            edges = {
                (min(node_id, inc.neighbour), max(node_id, inc.neighbour))
                for node_id, incidences in self.adjacency.items()
                for inc in incidences
                if inc.outgoing and links.allows(inc.link, inc.day)
            }
            graph: nx.Graph[str] = nx.Graph()
            graph.add_nodes_from(sorted({node for edge in edges for node in edge}))
            graph.add_edges_from(sorted(edges))
            return graph

        # A period comes from a caller; the type sets come from the code (a few).
        return self.memo(("graph", links), build, by_argument=not links.period.is_open)


def _ids(nodes: Mapping[str, NodeRecord], kind: NodeKind) -> Iterable[str]:
    return (node_id for node_id, record in nodes.items() if record.kind is kind)


def _link_key(link: LinkRecord) -> tuple[Any, ...]:
    # A total order on links (the stores only order by type and endpoints), so parallel
    # links come out the same on both stores.
    props = tuple(sorted((key, str(value)) for key, value in link.properties.items()))
    day = link.date.isoformat() if link.date else ""
    return (_TYPE_ORDER[link.type], link.from_id, link.to_id, day, props, link.source or "")


def type_rank(rel_type: RelType) -> int:
    """Where a link type stands in the preference for path steps (lower first)."""
    return _TYPE_ORDER[rel_type]


def incidence_order(incidence: Incidence) -> tuple[Any, ...]:
    """How a node's links are ordered: by neighbour id, then the preferred link type, then
    outgoing before incoming, then the link itself (what every tie is broken by)."""
    return (
        incidence.neighbour,
        _TYPE_ORDER[incidence.link.type],
        not incidence.outgoing,
        _link_key(incidence.link),
    )


def build_projection(
    nodes: Iterable[NodeRecord], links: Iterable[LinkRecord], generation: int = 0
) -> Projection:
    """The projection of these records; links to unknown or personal-data nodes are dropped."""
    by_id = {
        record.id: record
        for record in sorted(nodes, key=lambda record: record.id)
        if record.kind not in _LEFT_OUT_KINDS
    }
    kept = sorted(
        (link for link in links if link.from_id in by_id and link.to_id in by_id), key=_link_key
    )
    adjacency: dict[str, list[Incidence]] = defaultdict(list)
    for link in kept:
        day = link_day(by_id, link)
        adjacency[link.from_id].append(Incidence(link.to_id, link, True, day))
        adjacency[link.to_id].append(Incidence(link.from_id, link, False, day))
    sorted_adjacency: dict[str, tuple[Incidence, ...]] = {}
    by_type: dict[tuple[str, RelType], list[Incidence]] = defaultdict(list)
    for node_id in sorted(adjacency):
        # Neighbour id first: path steps and meetings then come out in id order, which is
        # what every tie in the analytics is broken by.
        ordered = sorted(adjacency[node_id], key=incidence_order)
        sorted_adjacency[node_id] = tuple(ordered)
        for incidence in ordered:
            by_type[(node_id, incidence.link.type)].append(incidence)
    return Projection(
        nodes=by_id,
        links=tuple(kept),
        adjacency=sorted_adjacency,
        by_type={key: tuple(value) for key, value in by_type.items()},
        generation=generation,
    )


def same_graph(a: Projection, b: Projection) -> bool:
    """Whether two projections hold the same nodes and links."""
    return a.links == b.links and a.nodes == b.nodes


def link_day(nodes: Mapping[str, NodeRecord], link: LinkRecord) -> dt.date | None:
    """The day a link counts on: its own date or, for an undated link to an event, the
    event's day (what every period and as-of filter compares)."""
    if link.date is not None:
        return link.date
    target = nodes.get(link.to_id)
    return target.date if target is not None and target.kind is NodeKind.EVENT else None
