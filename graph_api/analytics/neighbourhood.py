"""Where a collaboration-path search reads the graph from, one level at a time.

``StoreNeighbourhood`` asks the store (Neo4j or the embedded store) for the links of
the entities a search is about to widen, filtered in the database by the question's
rules, as light ``Step`` rows (neighbour, type, direction): a question reads only the
part of the graph it walks, bounded by its budget, and never waits for a copy of the
whole graph. Full link and entity records are fetched only for the paths it returns
(``resolve``). ``ProjectionNeighbourhood`` reads an in-memory ``Projection`` instead:
for questions with inferred meetings, which exist only in a projection
(``analytics.lens``), and for the whole-graph analytics that already hold one.

Both give a node's steps in the same order (neighbour id, the preferred link type
first, outgoing before incoming), so a search returns the same paths over either.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import filterfalse, repeat
from typing import NamedTuple, Protocol

from graph_api.analytics.filters import LinkFilter
from graph_api.analytics.hub_links import (
    Columns,
    KeptLinks,
    Mark,
    keep_degrees,
    keep_links,
    kept_degrees,
    kept_links,
    links_in_step_order,
)
from graph_api.analytics.lens import Lens
from graph_api.analytics.projection import Incidence, Projection, link_day, type_rank
from graph_api.analytics.together import together
from graph_api.domain import NodeRecord, RelType
from graph_api.store.base import GraphStore
from graph_api.store.link_scope import LinksAt, LinkScope


class Step(NamedTuple):
    """A link seen from one end, as a search needs it: where it leads, its type, and
    whether it points away from that end."""

    neighbour: str
    type: RelType
    outgoing: bool


def step_order(step: Step) -> tuple[str, int, bool]:
    """How a node's steps are ordered (what every tie between paths is broken by)."""
    return (step.neighbour, type_rank(step.type), not step.outgoing)


@dataclass(frozen=True)
class Resolved:
    """The full records behind some steps: each step's link seen from its owner, and the
    entities at either end."""

    incidences: dict[tuple[str, Step], Incidence]
    nodes: dict[str, NodeRecord]


class Neighbourhood(Protocol):
    """The allowed links around the entities a search has loaded."""

    async def load(self, ids: Collection[str], limit: int) -> bool:
        """Make the steps at ``ids`` available; False if there are more than ``limit``
        of them (the search is over its budget, and nothing was kept)."""

    def steps(self, node_id: str) -> tuple[Step, ...]:
        """The allowed steps from a loaded node, in ``step_order``."""

    def neighbour_ids(self, node_id: str) -> Sequence[str]:
        """Where the allowed steps from a loaded node lead, one per step, in
        ``step_order``: what a search walks, without a ``Step`` built for each."""

    def steps_to(self, node_id: str, neighbour: str) -> list[Step]:
        """The allowed steps from a loaded node to one neighbour, in ``step_order``."""

    def is_loaded(self, node_id: str) -> bool:
        """Whether ``steps(node_id)`` can be asked."""

    async def cost(self, ids: Collection[str]) -> int:
        """How many links the nodes have in all: a cheap estimate of the cost of widening
        a frontier (a hub is met from the other side)."""

    async def resolve(self, steps: Sequence[tuple[str, Step]]) -> Resolved:
        """The link records of these (owner, step) pairs, and their entities."""


class ProjectionNeighbourhood:
    """The links of an in-memory projection that a ``LinkFilter`` allows."""

    def __init__(self, projection: Projection, link_filter: LinkFilter) -> None:
        self.projection = projection
        self.link_filter = link_filter
        self._allowed: dict[str, tuple[Incidence, ...]] = {}

    def _incidences(self, node_id: str) -> tuple[Incidence, ...]:
        found = self._allowed.get(node_id)
        if found is None:
            found = self._allowed[node_id] = tuple(
                inc
                for inc in self.projection.incidences(node_id)
                if self.link_filter.allows(inc.link, inc.day)
            )
        return found

    async def load(self, ids: Collection[str], limit: int) -> bool:
        """Nothing to fetch: the projection holds every link."""
        return True

    def steps(self, node_id: str) -> tuple[Step, ...]:
        """The node's links that the filter allows."""
        return tuple(
            Step(inc.neighbour, inc.link.type, inc.outgoing) for inc in self._incidences(node_id)
        )

    def neighbour_ids(self, node_id: str) -> Sequence[str]:
        """Where the node's allowed links lead."""
        return [inc.neighbour for inc in self._incidences(node_id)]

    def steps_to(self, node_id: str, neighbour: str) -> list[Step]:
        """The node's allowed links to ``neighbour``."""
        return [step for step in self.steps(node_id) if step.neighbour == neighbour]

    def is_loaded(self, node_id: str) -> bool:
        """Always: every node's links are in memory."""
        return True

    async def cost(self, ids: Collection[str]) -> int:
        """The nodes' links of every type."""
        return sum(self.projection.degree(node_id) for node_id in ids)

    async def resolve(self, steps: Sequence[tuple[str, Step]]) -> Resolved:
        """The first allowed link matching each step (adjacency order), from memory."""
        incidences: dict[tuple[str, Step], Incidence] = {}
        for owner, step in steps:
            incidences[(owner, step)] = next(
                inc
                for inc in self._incidences(owner)
                if (inc.neighbour, inc.link.type, inc.outgoing) == step
            )
        ids = {node for owner, step in steps for node in (owner, step.neighbour)}
        return Resolved(incidences, {node: self.projection.nodes[node] for node in ids})


class StoreNeighbourhood:
    """Steps fetched from the store a frontier at a time, kept for one question."""

    def __init__(self, store: GraphStore, scope: LinkScope) -> None:
        self.store = store
        self.scope = scope
        # Per loaded node, its steps' columns in step order: neighbours, types, outgoing.
        self._columns: dict[str, Columns] = {}
        self._steps: dict[str, tuple[Step, ...]] = {}  # built when a path needs them
        self._degrees: dict[str, int] = {}
        self._mark: Mark | None = None

    async def load(self, ids: Collection[str], limit: int) -> bool:
        """Fetch the steps at the ids not loaded yet (one round-trip per kind of entity
        on the embedded store, one in all on Neo4j); a hub's, if another question read
        them since the last write, from ``hub_links``."""
        missing = [node_id for node_id in ids if node_id not in self._columns]
        if not missing:
            return True
        mark = await self.question_mark()
        kept = kept_links(self.store, mark, self.scope, missing)
        kept_read = sum(links.read for links in kept.values())
        fetch = [node_id for node_id in missing if node_id not in kept]
        found: list[LinksAt] = []
        if fetch and kept_read <= limit:
            found = await self.store.path_links(fetch, self.scope, limit - kept_read)
        if kept_read + sum(links.read for links in found) > limit:
            return False
        parts: dict[str, list[LinksAt]] = defaultdict(list)
        for links in found:
            parts[links.owner_id].append(links)
        for node_id, entry in kept.items():
            self._take(node_id, entry)
        for node_id in fetch:
            entry = links_in_step_order(parts.get(node_id, []))
            self._take(node_id, entry)
            keep_links(self.store, mark, self.scope, node_id, entry)
        return True

    def _take(self, node_id: str, entry: KeptLinks) -> None:
        self._columns[node_id] = entry.columns
        if entry.degrees is not None:
            # A degree only weighs which side to widen next (the paths found are the same
            # either way, budget allowing): the latest read's is as good.
            self._degrees.update(zip(entry.columns[0], entry.degrees, strict=True))
        # A loaded node's cost is its allowed steps, unless the store reports its degree.
        self._degrees.setdefault(node_id, len(entry.columns[0]))

    async def question_mark(self) -> Mark:
        """The store's write mark, read once per question before its first read (what
        it keeps in ``hub_links`` is kept under it); a caller may ask for it beside its
        own first reads."""
        if self._mark is None:
            self._mark = await self.store.write_mark()
        return self._mark

    def steps(self, node_id: str) -> tuple[Step, ...]:
        """The loaded node's allowed steps."""
        found = self._steps.get(node_id)
        if found is None:
            neighbours, types, outgoing = self._columns[node_id]
            found = self._steps[node_id] = tuple(
                Step(neighbour, _TYPES[name], out)
                for neighbour, name, out in zip(neighbours, types, outgoing, strict=True)
            )
        return found

    def neighbour_ids(self, node_id: str) -> Sequence[str]:
        """Where the loaded node's allowed steps lead."""
        return self._columns[node_id][0]

    def steps_to(self, node_id: str, neighbour: str) -> list[Step]:
        """The loaded node's allowed steps to ``neighbour``: found by bisection, since
        its neighbours are sorted (no ``Step`` built for the rest of a hub's links)."""
        neighbours, types, outgoing = self._columns[node_id]
        first = bisect.bisect_left(neighbours, neighbour)
        last = bisect.bisect_right(neighbours, neighbour, first)
        return [Step(neighbour, _TYPES[types[i]], outgoing[i]) for i in range(first, last)]

    def is_loaded(self, node_id: str) -> bool:
        """Whether the node's steps were fetched."""
        return node_id in self._columns

    async def cost(self, ids: Collection[str]) -> int:
        """The nodes' degrees: as the store reported them when they were reached, else
        the steps of a loaded node, else kept since another question asked the store
        (``hub_links``), else asked of the store (one round-trip)."""
        # Over a frontier of tens of thousands: looked up in C (filterfalse, map).
        degrees = self._degrees
        unknown = list(filterfalse(degrees.__contains__, ids))
        if unknown:
            mark = await self.question_mark()
            kept = kept_degrees(self.store, mark, unknown)
            self._degrees |= kept
            asked = [node_id for node_id in unknown if node_id not in kept]
            if asked:
                found = await self.store.node_degrees(asked)
                self._degrees |= found
                keep_degrees(self.store, mark, found)
        return sum(map(degrees.get, ids, repeat(0)))

    async def resolve(self, steps: Sequence[tuple[str, Step]]) -> Resolved:
        """The links (by type, from, to: at most one each) and entities of the steps."""
        keys = {
            (owner, step): (
                step.type,
                *((owner, step.neighbour) if step.outgoing else (step.neighbour, owner)),
            )
            for owner, step in steps
        }
        ids = sorted({node for owner, step in steps for node in (owner, step.neighbour)})
        links, nodes = await together(
            self.store.get_links(list(dict.fromkeys(keys.values()))), self.store.get_nodes(ids)
        )
        incidences = {
            (owner, step): Incidence(
                step.neighbour, links[key], step.outgoing, link_day(nodes, links[key])
            )
            for (owner, step), key in keys.items()
        }
        return Resolved(incidences, nodes)


# A link type by its name.
_TYPES = {rel_type.value: rel_type for rel_type in RelType}


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
        with_sample=lens.with_sample,
    )
