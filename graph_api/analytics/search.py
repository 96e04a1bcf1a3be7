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

import heapq
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
            meetings = _next_level(
                widened, seen.first, blocked_nodes, blocked_edges, found[1 - side].first
            )
            if meetings.first:
                # Every meeting closes a path of the same, shortest, length.
                met = list(meetings.first)
                seen.add(meetings)
                return _smallest_paths(source, found[0], found[1], met, limit)
            depth += 1
            if depth == max_hops:
                return []  # no meeting at the last level allowed: the rest is not needed
            level = _next_level(widened, seen.first, blocked_nodes, blocked_edges)
            frontiers[side] = list(level.first)
            seen.add(level)
            costs[side] = await self.neighbourhood.cost(frontiers[side])
        return []


class Reached:
    """Entities a search has reached from one side, each with its parents: the entities
    one level nearer that side's start that link to it.

    Most have one parent, kept as a plain string in ``first``; the others are in
    ``more``. A level past a hub has tens of thousands of entities, and a list per entity
    would be as many objects for the garbage collector to walk (at 10^5 entities a full
    collection cost 84 ms of a 230 ms question)."""

    __slots__ = ("first", "more")

    def __init__(self, start: str | None = None) -> None:
        self.first: dict[str, str] = {} if start is None else {start: ""}
        self.more: dict[str, list[str]] = {}

    def parents(self, node: str) -> list[str]:
        """The node's parents (none at the start)."""
        first = self.first[node]
        return [first, *self.more.get(node, ())] if first else []

    def add(self, level: Reached) -> None:
        """Take in the entities of a new level (whose dicts it may take over)."""
        # Copy the smaller into the larger: a level past a hub outgrows all seen before.
        if len(self.first) < len(level.first):
            level.first.update(self.first)
            self.first = level.first
        else:
            self.first.update(level.first)
        self.more.update(level.more)


def _next_level(
    widened: list[tuple[str, tuple[str, ...]]],
    seen: Mapping[str, str],
    blocked_nodes: frozenset[str],
    blocked_edges: frozenset[tuple[str, str]],
    among: Mapping[str, str] | None = None,
) -> Reached:
    """The entities one step past a frontier (given with each node's neighbours) that are
    neither seen nor blocked, each with its parents in the frontier; only those in
    ``among``, if given."""
    # A hub's tens of thousands of neighbours are walked by every one of Yen's searches:
    # the unseen ones are picked out in C (filterfalse), and the few blocked links are
    # looked up per node rather than built as a pair per neighbour.
    blocked_after: dict[str, set[str]] = {}
    for a, b in blocked_edges:
        blocked_after.setdefault(a, set()).add(b)
    level = Reached()
    first, more = level.first, level.more
    for node, neighbours in widened:
        candidates = neighbours if among is None else among.keys() & neighbours
        unseen = filterfalse(seen.__contains__, candidates)
        skip = blocked_after.get(node)
        if blocked_nodes or skip:
            unseen = filterfalse((blocked_nodes | (skip or set())).__contains__, unseen)
        if not first:  # the first node (often the only one: a hub) adds all it finds
            level.first = first = dict.fromkeys(unseen, node)
            continue
        for neighbour in unseen:
            if neighbour in first:
                more.setdefault(neighbour, []).append(node)
            else:
                first[neighbour] = node
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


def _smallest_paths(
    source: str,
    forward: Reached,
    backward: Reached,
    meetings: list[str],
    limit: int,
) -> list[list[str]]:
    """Of all shortest paths through ``meetings``, the ``limit`` with the smallest ids in
    order: a depth-first walk from the source through the nodes that lead to a meeting,
    smallest next node first, then from the meeting towards the target the same way.
    Every node walked leads on to the target, so each takes at most ``limit`` of its next
    nodes and the walk stops at the ``limit``-th path."""
    # useful[i]: the nodes i steps from the source that lead to a meeting. Built a level
    # at a time with set operations: past a hub a level has thousands of meetings.
    useful = [set(meetings)]
    while source not in useful[-1]:
        useful.append(_parents_of(forward, useful[-1]))
    useful.reverse()
    children: dict[int, dict[str, list[str]]] = {}

    def next_nodes(node: str, depth: int) -> Collection[str]:
        if depth >= len(useful) - 1:  # at or past a meeting: on towards the target
            return backward.parents(node)
        if len(useful[depth]) == 1:  # every useful node of the next level is a child
            return useful[depth + 1]
        if depth not in children:
            children[depth] = _by_parent(forward, useful[depth + 1])
        return children[depth][node]

    paths: list[list[str]] = []

    def walk(path: list[str]) -> None:
        following = next_nodes(path[-1], len(path) - 1)
        if not following:  # the target
            paths.append(list(path))
            return
        for next_node in heapq.nsmallest(limit - len(paths), following):
            path.append(next_node)
            walk(path)
            path.pop()
            if len(paths) == limit:
                return

    walk([source])
    return paths


def _parents_of(reached: Reached, nodes: set[str]) -> set[str]:
    """Every parent of any of ``nodes`` (which are not the start)."""
    found = set(map(reached.first.__getitem__, nodes))
    for node in reached.more.keys() & nodes:
        found.update(reached.more[node])
    return found


def _by_parent(reached: Reached, nodes: set[str]) -> dict[str, list[str]]:
    """``nodes`` grouped by each of their parents."""
    groups: dict[str, list[str]] = {}
    for node in nodes:
        for parent in reached.parents(node):
            groups.setdefault(parent, []).append(node)
    return groups
