"""Where a collaboration-path search reads the graph from, one level at a time.

``StoreNeighbourhood`` asks the store (Neo4j or the embedded store) for the links of
the entities a search is about to widen, filtered in the database by the question's
rules: a question reads only the part of the graph it walks, bounded by its budget,
and never waits for a copy of the whole graph. ``ProjectionNeighbourhood`` reads an
in-memory ``Projection`` instead: the other analytics, and questions with inferred
meetings, which exist only in a projection (``analytics.lens``).

Both give a node's links in the same order (neighbour id, the preferred link type
first, outgoing before incoming, then the link's own key), so a search returns the
same paths over either.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Protocol

from graph_api.analytics.filters import LinkFilter
from graph_api.analytics.lens import Lens
from graph_api.analytics.projection import Incidence, Projection, incidence_order
from graph_api.store.base import GraphStore
from graph_api.store.link_scope import LinkScope


class Neighbourhood(Protocol):
    """The allowed links around the entities a search has loaded."""

    async def load(self, ids: Collection[str], limit: int) -> bool:
        """Make the links at ``ids`` available; False if there are more than ``limit``
        of them (the search is over its budget, and nothing was kept)."""

    def incidences(self, node_id: str) -> tuple[Incidence, ...]:
        """The allowed links at a loaded node, in the order described above."""

    def is_loaded(self, node_id: str) -> bool:
        """Whether ``incidences(node_id)`` can be asked."""

    def degree(self, node_id: str) -> int:
        """How many links a node has (a cheap estimate of the cost of widening it)."""


class ProjectionNeighbourhood:
    """The links of an in-memory projection that a ``LinkFilter`` allows."""

    def __init__(self, projection: Projection, link_filter: LinkFilter) -> None:
        self.projection = projection
        self.link_filter = link_filter
        self._allowed: dict[str, tuple[Incidence, ...]] = {}

    async def load(self, ids: Collection[str], limit: int) -> bool:
        """Nothing to fetch: the projection holds every link."""
        return True

    def incidences(self, node_id: str) -> tuple[Incidence, ...]:
        """The node's links that the filter allows."""
        found = self._allowed.get(node_id)
        if found is None:
            found = self._allowed[node_id] = tuple(
                inc
                for inc in self.projection.incidences(node_id)
                if self.link_filter.allows(inc.link, inc.day)
            )
        return found

    def is_loaded(self, node_id: str) -> bool:
        """Always: every node's links are in memory."""
        return True

    def degree(self, node_id: str) -> int:
        """The node's links of every type."""
        return self.projection.degree(node_id)


class StoreNeighbourhood:
    """Links fetched from the store a frontier at a time, kept for one question."""

    def __init__(self, store: GraphStore, scope: LinkScope) -> None:
        self.store = store
        self.scope = scope
        self._incidences: dict[str, tuple[Incidence, ...]] = {}
        self._degrees: dict[str, int] = {}

    async def load(self, ids: Collection[str], limit: int) -> bool:
        """Fetch the links at the ids not loaded yet, in one round-trip."""
        missing = [node_id for node_id in ids if node_id not in self._incidences]
        if not missing:
            return True
        found = await self.store.path_links(missing, self.scope, limit)
        if len(found) > limit:
            return False
        grouped: dict[str, list[Incidence]] = defaultdict(list)
        for link in found:
            grouped[link.owner_id].append(
                Incidence(link.neighbour_id, link.link, link.outgoing, link.day)
            )
            self._degrees.setdefault(link.neighbour_id, link.neighbour_degree)
        for node_id in missing:
            self._incidences[node_id] = tuple(sorted(grouped[node_id], key=incidence_order))
        return True

    def incidences(self, node_id: str) -> tuple[Incidence, ...]:
        """The loaded node's allowed links."""
        return self._incidences[node_id]

    def is_loaded(self, node_id: str) -> bool:
        """Whether the node's links were fetched."""
        return node_id in self._incidences

    def degree(self, node_id: str) -> int:
        """The degree the store reported when the node was reached, else its allowed links."""
        known = self._degrees.get(node_id)
        if known is not None:
            return known
        return len(self._incidences.get(node_id, ()))


def link_scope(link_filter: LinkFilter, lens: Lens) -> LinkScope:
    """The store-side form of a question's link filter seen through a lens (a lens that
    infers meetings has no store-side form: those links exist only in a projection)."""
    if lens.infer_meetings:
        raise ValueError("inferred meetings exist only in a projection")
    return LinkScope(
        types=link_filter.types,
        start=link_filter.period.start,
        end=link_filter.period.end,
        as_of=lens.as_of,
        evidence=frozenset(e.value for e in lens.evidence),
        min_confidence=lens.min_confidence,
    )
