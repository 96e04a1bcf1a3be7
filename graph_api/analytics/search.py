"""The search behind collaboration paths: a bounded bidirectional breadth-first search.

Level by level it expands whichever side's frontier touches fewer links, so a hub (a
forum with 7,000 participants) is only expanded when the other side is even larger; a
path through a hub is found by reaching the hub from the smaller side. Every link
examined is counted against a budget (``SEARCH_BUDGET`` distinct links per question);
Yen's later searches walk again links an earlier one examined, which costs no store read
and is counted apart, against ``RESCAN_FACTOR`` times the budget. When either runs out
the search stops with ``BudgetExhausted``. Of all shortest paths it returns those with
the smallest ids in order (``levels.py``), which is what makes Yen's algorithm
(``paths.py``) exact under the order (hops, ids).
"""

from __future__ import annotations

from collections.abc import Collection, Coroutine
from typing import Any, TypeVar

from graph_api.analytics.levels import Reached, next_level, smallest_paths
from graph_api.analytics.neighbourhood import Neighbourhood, Step, step_order

# Distinct links read and examined per question, over all of Yen's searches.
SEARCH_BUDGET = 200_000
# Links examined again (already read; about 0.1 µs each) per question, as a multiple of
# the budget: Yen's spur searches from a hub walk its links once each.
RESCAN_FACTOR = 5

T = TypeVar("T")


class BudgetExhausted(Exception):
    """The search examined ``SEARCH_BUDGET`` links."""


class PathSearch:
    """Shortest-path searches over one neighbourhood, sharing a work count. Each level a
    search widens is loaded in one go (one store round-trip, for a store neighbourhood)."""

    def __init__(
        self,
        neighbourhood: Neighbourhood,
        excluded: frozenset[str] = frozenset(),
        budget: int = SEARCH_BUDGET,
    ) -> None:
        self.neighbourhood = neighbourhood
        self.excluded = excluded
        self.budget = budget
        self.work = 0  # distinct links examined
        self.rescanned = 0  # links examined again, by a later search
        self.rescan_allowance = RESCAN_FACTOR * budget
        self.rescans_exhausted = False  # stopped by the rescan allowance, not the budget
        self._neighbours: dict[str, tuple[str, ...]] = {}

    def _charge(self, amount: int) -> None:
        self.work += amount
        if self.work > self.budget:
            raise BudgetExhausted

    def _charge_again(self, amount: int) -> None:
        self.rescanned += amount
        if self.rescanned > self.rescan_allowance:
            self.rescans_exhausted = True
            raise BudgetExhausted

    async def _load(self, ids: Collection[str]) -> None:
        if not await self.neighbourhood.load(ids, max(self.budget - self.work, 0)):
            self.work = self.budget + 1
            raise BudgetExhausted

    def neighbours(self, node_id: str) -> tuple[str, ...]:
        """Distinct neighbours of a loaded node over allowed links, in id order (charged
        to the budget the first time, to the rescan allowance after)."""
        found = self._neighbours.get(node_id)
        if found is None:
            reached = self.neighbourhood.neighbour_ids(node_id)
            self._charge(len(reached))
            found = tuple(dict.fromkeys(reached))
            if self.excluded:
                found = tuple(n for n in found if n not in self.excluded)
            self._neighbours[node_id] = found
        else:
            self._charge_again(len(found))
        return found

    def link_between(self, a: str, b: str) -> Step:
        """The link a path uses between neighbours ``a`` and ``b``, seen from ``a``: the
        first allowed one in step order (an attendance first: see
        ``projection._LINK_PREFERENCE``). Either end may be the one that was loaded."""
        if self.neighbourhood.is_loaded(a):
            from_a = self.neighbourhood.steps_to(a, b)
            if not from_a:
                raise KeyError((a, b))
            return from_a[0]
        from_b = [
            Step(b, step.type, not step.outgoing) for step in self.neighbourhood.steps_to(b, a)
        ]
        if not from_b:
            raise KeyError((a, b))
        return min(from_b, key=step_order)

    async def shortest(
        self,
        source: str,
        target: str,
        max_hops: int,
        blocked_nodes: frozenset[str] = frozenset(),
        blocked_edges: frozenset[tuple[str, str]] = frozenset(),
    ) -> list[str] | None:
        """The shortest path of at most ``max_hops`` links with the smallest ids along it
        (as node ids), or None. Exact, so Yen's algorithm returns exactly the k smallest
        paths under (hops, ids)."""
        found = await self.shortest_paths(source, target, max_hops, 1, blocked_nodes, blocked_edges)
        return found[0] if found else None

    async def shortest_paths(
        self,
        source: str,
        target: str,
        max_hops: int,
        limit: int,
        blocked_nodes: frozenset[str] = frozenset(),
        blocked_edges: frozenset[tuple[str, str]] = frozenset(),
    ) -> list[list[str]]:
        """Up to ``limit`` of the shortest paths of at most ``max_hops`` links, those with
        the smallest ids along them first (as node ids); empty if there is none. One
        search finds them all: they are every way through the levels it built."""
        if source == target:
            return [[source]]
        await self._load([source, target])
        found = [Reached(source), Reached(target)]
        frontiers: list[list[str]] = [[source], [target]]
        # A side's cost changes only when it is widened.
        costs = [await self.neighbourhood.cost(frontier) for frontier in frontiers]
        depth = 0
        while frontiers[0] and frontiers[1] and depth < max_hops:
            side = 0 if costs[0] <= costs[1] else 1
            await self._load(frontiers[side])
            seen = found[side]
            widened = [(node, self.neighbours(node)) for node in frontiers[side]]
            # The meetings first, by set intersections: when this level closes a path
            # (as each of Yen's searches but the last does) the rest of it, tens of
            # thousands of entities past a hub, is never needed.
            meetings = next_level(
                widened, seen.first, blocked_nodes, blocked_edges, found[1 - side].first
            )
            if meetings.first:
                # Every meeting closes a path of the same, shortest, length.
                met = list(meetings.first)
                seen.add(meetings)
                return smallest_paths(source, found[0], found[1], met, limit)
            depth += 1
            if depth == max_hops:
                return []  # no meeting at the last level allowed: the rest is not needed
            level = next_level(widened, seen.first, blocked_nodes, blocked_edges)
            frontiers[side] = list(level.first)
            seen.add(level)
            costs[side] = await self.neighbourhood.cost(frontiers[side])
        return []


def run_without_io(coroutine: Coroutine[Any, Any, T]) -> T:
    """The result of a coroutine that never waits (a search over an in-memory
    projection), without an event loop: synchronous callers keep a plain call."""
    try:
        coroutine.send(None)
    except StopIteration as finished:
        value: T = finished.value
        return value
    coroutine.close()
    raise RuntimeError("run_without_io: the coroutine waited for I/O")
