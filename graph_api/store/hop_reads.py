"""The reads behind hop distances (how far each candidate is from a department over
contact links), answered by the database one step at a time, ids only.

A search from the source widens one level per read (``next_hop``). In a graph where
events have thousands of attendees, the third level already holds most of the graph,
so the search can instead walk back from its few targets (``neighbours``) and ask which
of them lie one step from the level it reached (``touching``). Every read applies the
question's rules (``LinkScope``) as ``next_hop`` does, so both walks see the same graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Collection
from typing import TYPE_CHECKING, Any

from graph_api.domain import NodeKind, kind_of_id
from graph_api.domain.chart import chart_params
from graph_api.store.cypher_scoped import scope_params
from graph_api.store.link_scope import LinkScope

if TYPE_CHECKING:
    from graph_api.store.cypher_store import CypherGraphStore


class HopReads:
    """The hop-distance reads, over a store's Cypher files."""

    def __init__(self, store: CypherGraphStore) -> None:
        self.store = store

    async def next_hop(self, scope: LinkScope, ids: Collection[str]) -> set[str]:
        """The entities one allowed step from ``ids`` (never persons): one level of a
        breadth-first search (one round-trip, or one per kind on the embedded store)."""
        name, params = ("next_hop_open", _types(scope))
        if not scope.is_open:
            name, params = ("next_hop", _scoped(scope))
        found = {row["id"] async for row in self._rows(name, params, ids)}
        return {node for node in found if kind_of_id(node) is not NodeKind.PERSON}

    async def neighbours(self, scope: LinkScope, ids: Collection[str]) -> dict[str, set[str]]:
        """Each of ``ids`` (those that count under ``scope``) with the entities one
        allowed step from it, never persons."""
        found: dict[str, set[str]] = defaultdict(set)
        # One row per owner (per direction on the embedded store).
        async for row in self._rows("hop_neighbours", _scoped(scope), ids):
            found[row["owner"]].update(
                node for node in row["ids"] if kind_of_id(node) is not NodeKind.PERSON
            )
        return dict(found)

    async def step_back(
        self, scope: LinkScope, ids: Collection[str], level: Collection[str], onward: bool
    ) -> tuple[set[str], dict[str, set[str]]]:
        """Which of ``ids`` (those that count under ``scope``) are one allowed step from
        an entity in ``level``; and, when ``onward``, the neighbours of the others."""
        if self.store.joins_in_python:
            # Ladybug tests ``IN $level`` against the whole list for every link (30 s for
            # 29,527 candidates at 10^5) and stops at no first match anyway: read the
            # neighbours once and test them here.
            neighbours = await self.neighbours(scope, ids)
            found = {owner for owner, near in neighbours.items() if not near.isdisjoint(level)}
        else:
            found = await self.touching(scope, ids, level)
            rest = [owner for owner in ids if owner not in found]
            neighbours = await self.neighbours(scope, rest) if onward and rest else {}
        return found, {owner: near for owner, near in neighbours.items() if owner not in found}

    async def touching(
        self, scope: LinkScope, ids: Collection[str], level: Collection[str]
    ) -> set[str]:
        """Which of ``ids`` (those that count under ``scope``) are one allowed step from
        an entity in ``level``."""
        params = {"level": sorted(level), **_scoped(scope)}
        return {row["id"] async for row in self._rows("hop_touching", params, ids)}

    async def _rows(
        self, name: str, params: dict[str, Any], ids: Collection[str]
    ) -> AsyncIterator[dict[str, Any]]:
        """The rows of ``name`` for ``ids``: one read, or one per kind on the embedded
        store (which finds entities by key only in their own table)."""
        for kind, group in self.store.by_kind(list(ids)):
            for row in await self.store.read(name, {**params, "ids": group}, kind=kind):
                yield row


def _types(scope: LinkScope) -> dict[str, Any]:
    return {"types": sorted(t.value for t in scope.types), **chart_params()}


def _scoped(scope: LinkScope) -> dict[str, Any]:
    return {**_types(scope), "event_kind": NodeKind.EVENT.value, **scope_params(scope)}
