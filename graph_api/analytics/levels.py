"""What a path search reached from each side, level by level, and the smallest shortest
paths through it.

A level past a hub holds tens of thousands of entities, so its bookkeeping is kept
cheap: each entity's first parent is a plain string (a dict of strings is no work for
the garbage collector), the few with more parents keep them apart, and the walk to the
smallest paths works a level at a time with set operations.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection, Mapping
from itertools import filterfalse


class Reached:
    """Entities a search has reached from one side, each with its parents: the entities
    one level nearer that side's start that link to it.

    Most have one parent, kept as a plain string in ``first``; the others are in
    ``more``. A level past a hub has tens of thousands of entities, and a list per entity
    would be as many objects for the garbage collector to walk (at 10^5 entities, under
    CPython's default thresholds, one full collection cost 84 ms of a 230 ms question)."""

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


def next_level(
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


def smallest_paths(
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
    _walk([source], next_nodes, limit, paths)
    return paths


def _walk(
    path: list[str],
    next_nodes: Callable[[str, int], Collection[str]],
    limit: int,
    paths: list[list[str]],
) -> None:
    """Extend ``path`` depth first, smallest next node first, adding each path that
    reaches the target to ``paths`` until there are ``limit``. A module function, not a
    closure: a closure that calls itself is a reference cycle, which kept the search's
    levels (tens of thousands of entries past a hub) alive until the cycle collector
    ran, and then freed a few dozen requests' worth at once inside one request (60 ms
    of a 150 ms path question at 10^5 entities)."""
    following = next_nodes(path[-1], len(path) - 1)
    if not following:  # the target
        paths.append(list(path))
        return
    for next_node in heapq.nsmallest(limit - len(paths), following):
        path.append(next_node)
        _walk(path, next_nodes, limit, paths)
        path.pop()
        if len(paths) == limit:
            return


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
