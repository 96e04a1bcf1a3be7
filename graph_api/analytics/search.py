"""The search behind collaboration paths: a bounded bidirectional breadth-first search.

Level by level it expands whichever side's frontier touches fewer links, so a hub (a
forum with 7,000 participants) is only expanded when the other side is even larger; a
path through a hub is found by reaching the hub from the smaller side. Every link
examined is counted against a budget (``SEARCH_BUDGET`` distinct links per question);
Yen's later searches walk again links an earlier one examined, which costs no store read
and is counted apart, against ``RESCAN_FACTOR`` times the budget. When either runs out
the search stops with ``BudgetExhausted``. Of all shortest paths it returns the one with
the smallest ids in order, which is what makes Yen's algorithm (``paths.py``) exact
under the order (hops, ids).
"""

from __future__ import annotations

from collections.abc import Collection, Coroutine, Mapping
from itertools import filterfalse
from typing import Any, TypeVar

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
        if source == target:
            return [source]
        await self._load([source, target])
        # Per side: node -> every neighbour one level nearer that side's start.
        found: list[dict[str, list[str]]] = [{source: []}, {target: []}]
        frontiers: list[list[str]] = [[source], [target]]
        depth = 0
        while frontiers[0] and frontiers[1] and depth < max_hops:
            costs = [await self.neighbourhood.cost(frontier) for frontier in frontiers]
            side = 0 if costs[0] <= costs[1] else 1
            await self._load(frontiers[side])
            seen = found[side]
            widened = [(node, self.neighbours(node)) for node in frontiers[side]]
            # The meetings first, by set intersections: when this level closes a path
            # (as each of Yen's searches but the last does) the rest of it, tens of
            # thousands of entities past a hub, is never needed.
            meetings = _next_level(widened, seen, blocked_nodes, blocked_edges, found[1 - side])
            if meetings:
                # Every meeting closes a path of the same, shortest, length.
                seen.update(meetings)
                return _smallest_path(source, found[0], found[1], list(meetings))
            depth += 1
            if depth == max_hops:
                return None  # no meeting at the last level allowed: the rest is not needed
            level = _next_level(widened, seen, blocked_nodes, blocked_edges)
            seen.update(level)
            frontiers[side] = list(level)
        return None


def _next_level(
    widened: list[tuple[str, tuple[str, ...]]],
    seen: Mapping[str, list[str]],
    blocked_nodes: frozenset[str],
    blocked_edges: frozenset[tuple[str, str]],
    among: Mapping[str, list[str]] | None = None,
) -> dict[str, list[str]]:
    """The entities one step past a frontier (given with each node's neighbours) that are
    neither seen nor blocked, each with its parents in the frontier; only those in
    ``among``, if given."""
    # A hub's tens of thousands of neighbours are walked by every one of Yen's searches:
    # the unseen ones are picked out in C (filterfalse), and the few blocked links are
    # looked up per node rather than built as a pair per neighbour.
    blocked_after: dict[str, set[str]] = {}
    for a, b in blocked_edges:
        blocked_after.setdefault(a, set()).add(b)
    level: dict[str, list[str]] = {}
    for node, neighbours in widened:
        candidates = neighbours if among is None else among.keys() & neighbours
        unseen = filterfalse(seen.__contains__, candidates)
        skip = blocked_after.get(node)
        if blocked_nodes or skip:
            unseen = filterfalse((blocked_nodes | (skip or set())).__contains__, unseen)
        if not level:  # the first node (often the only one: a hub) adds all it finds
            level = {neighbour: [node] for neighbour in unseen}
            continue
        for neighbour in unseen:
            parents = level.get(neighbour)
            if parents is None:
                level[neighbour] = [node]
            else:
                parents.append(node)
    return level


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


def _smallest_path(
    source: str,
    forward: dict[str, list[str]],
    backward: dict[str, list[str]],
    meetings: list[str],
) -> list[str]:
    """Of all shortest paths through ``meetings``, the one with the smallest ids in order:
    walk from the source choosing the smallest next node that still leads to a meeting,
    then from the meeting towards the target choosing the smallest again."""
    leads_to_meeting = set(meetings)
    pending = list(meetings)
    while pending:
        for parent in forward[pending.pop()]:
            if parent not in leads_to_meeting:
                leads_to_meeting.add(parent)
                pending.append(parent)
    children: dict[str, list[str]] = {}
    for node in leads_to_meeting:
        for parent in forward[node]:
            children.setdefault(parent, []).append(node)
    path = [source]
    meeting_set = set(meetings)
    while path[-1] not in meeting_set:
        path.append(min(children[path[-1]]))
    while backward[path[-1]]:
        path.append(min(backward[path[-1]]))
    return path
