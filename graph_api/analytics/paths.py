"""Collaboration paths: the k shortest simple paths between two entities.

Links are followed in either direction (each step records which way its link points),
restricted by a ``LinkFilter`` (relationship types and dates) and avoiding excluded
entities. The k shortest simple paths come from Yen's algorithm, ordered by hops and
then by the ids along the path, so ties are settled the same way every time. Each of
Yen's searches is the bounded bidirectional search of ``search.py``. The first one
answers alone when it finds k paths of the shortest length; once enough candidates are
known, a later one stops at their length (a longer path could never be used). A
question that exhausts its budget (``SEARCH_BUDGET`` links examined) returns the paths
found so far, marked incomplete, with a reason. The graph is read through a
``Neighbourhood``: the store a level at a time (``find_paths`` with a
``StoreNeighbourhood``, what the API does), or an in-memory projection
(``collaboration_paths``).
"""

from __future__ import annotations

import dataclasses
import heapq
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from graph_api.analytics.filters import LinkFilter
from graph_api.analytics.neighbourhood import Neighbourhood, ProjectionNeighbourhood
from graph_api.analytics.projection import Incidence, Projection
from graph_api.analytics.search import (
    SEARCH_BUDGET,
    BudgetExhausted,
    PathSearch,
    run_without_io,
)
from graph_api.domain import NodeRecord, RelType

DEFAULT_MAX_HOPS = 4
MAX_HOPS_LIMIT = 6
DEFAULT_K = 3
MAX_K = 10
# Paths looked at when strong ties are preferred: three times k, at most this many.
MAX_CANDIDATES = 30


@dataclass(frozen=True)
class PathStep:
    """One step of a path: the entity reached and the link followed to reach it."""

    node_id: str
    incidence: Incidence  # seen from the previous entity: outgoing = the link points here


@dataclass(frozen=True)
class Path:
    """A simple path from ``start``, one step per link."""

    start: str
    steps: tuple[PathStep, ...]

    @property
    def hops(self) -> int:
        """The number of links on the path."""
        return len(self.steps)

    @property
    def node_ids(self) -> tuple[str, ...]:
        """Every entity on the path, from start to end."""
        return (self.start, *(step.node_id for step in self.steps))


@dataclass(frozen=True)
class PathsAnswer:
    """Up to k paths, shortest first; ``complete`` is False if the work cap was reached.

    ``reason`` says why there are no paths (or why the list may be short)."""

    paths: tuple[Path, ...]
    complete: bool
    work: int
    reason: str | None = None
    # The entities on the paths, as the store holds them (the resolver shows them as of
    # the question's day).
    nodes: Mapping[str, NodeRecord] = field(default_factory=dict)


async def to_paths(search: PathSearch, found: Sequence[Sequence[str]]) -> PathsAnswer:
    """The paths given as node ids, with the link of every step and the entities on them
    (one lookup for all of them)."""
    steps = [
        [(a, search.link_between(a, b)) for a, b in itertools.pairwise(node_ids)]
        for node_ids in found
    ]
    resolved = await search.neighbourhood.resolve([step for path in steps for step in path])
    paths = tuple(
        Path(
            start=node_ids[0],
            steps=tuple(
                PathStep(step.neighbour, resolved.incidences[(a, step)]) for a, step in path
            ),
        )
        for node_ids, path in zip(found, steps, strict=True)
    )
    nodes = {node_id: resolved.nodes[node_id] for path in paths for node_id in path.node_ids}
    return PathsAnswer(paths=paths, complete=True, work=search.work, nodes=nodes)


def _both_ways(edges: set[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    return frozenset(edges | {(b, a) for a, b in edges})


async def k_shortest_paths(
    search: PathSearch, source: str, target: str, k: int, max_hops: int
) -> PathsAnswer:
    """Up to ``k`` distinct simple paths of at most ``max_hops`` links, shortest first
    (ties by the ids along them), by Yen's algorithm.

    The first search finds every shortest path at once: when there are ``k`` of them,
    its ``k`` smallest are the answer and Yen's later searches (each as costly as the
    first, past a hub) are not needed."""
    accepted: list[list[str]] = []
    complete = True
    try:
        shortest = await search.shortest_paths(source, target, max_hops, k)
        if len(shortest) == k:
            accepted = shortest
        elif shortest:
            accepted.append(shortest[0])
            await _more_paths(search, target, k, max_hops, accepted)
    except BudgetExhausted:
        complete = False
    accepted.sort(key=lambda ids: (len(ids), ids))
    answer = await to_paths(search, accepted)
    return dataclasses.replace(answer, complete=complete, work=search.work)


async def _more_paths(
    search: PathSearch, target: str, k: int, max_hops: int, accepted: list[list[str]]
) -> None:
    candidates: list[tuple[int, tuple[str, ...]]] = []
    offered = {tuple(accepted[0])}
    while len(accepted) < k:
        previous = accepted[-1]
        for index in range(len(previous) - 1):
            bound = _hops_bound(candidates, k - len(accepted), max_hops)
            if index >= bound:
                continue  # even one more hop from here is longer than enough candidates
            root = previous[: index + 1]
            used = {
                (path[index], path[index + 1]) for path in accepted if path[: index + 1] == root
            }
            spur = await search.shortest(
                root[-1],
                target,
                bound - index,
                blocked_nodes=frozenset(root[:-1]),
                blocked_edges=_both_ways(used),
            )
            if spur is None:
                continue
            candidate = tuple(root[:-1] + spur)
            if candidate not in offered:
                offered.add(candidate)
                heapq.heappush(candidates, (len(candidate), candidate))
        if not candidates:
            return
        accepted.append(list(heapq.heappop(candidates)[1]))


def _hops_bound(candidates: list[tuple[int, tuple[str, ...]]], wanted: int, max_hops: int) -> int:
    """The most hops a path found from now on may have and still be among the ``wanted``
    next ones. Once ``wanted`` candidates are known, a longer path can never be: a spur
    search past that bound would only widen levels (tens of thousands of entities past a
    hub) in vain. Paths as long as the bound still count (they may win on ids)."""
    if len(candidates) < wanted:
        return max_hops
    return min(max_hops, heapq.nsmallest(wanted, candidates)[-1][0] - 1)


def collaboration_paths(
    projection: Projection,
    source: str,
    target: str,
    link_filter: LinkFilter,
    excluded: frozenset[str] = frozenset(),
    k: int = DEFAULT_K,
    max_hops: int = DEFAULT_MAX_HOPS,
    budget: int = SEARCH_BUDGET,
) -> PathsAnswer:
    """The k shortest paths from ``source`` to ``target`` over an in-memory projection
    (arguments already checked)."""
    neighbourhood = ProjectionNeighbourhood(projection, link_filter)
    return run_without_io(
        find_paths(neighbourhood, source, target, link_filter, excluded, k, max_hops, budget)
    )


async def find_paths(
    neighbourhood: Neighbourhood,
    source: str,
    target: str,
    link_filter: LinkFilter,
    excluded: frozenset[str] = frozenset(),
    k: int = DEFAULT_K,
    max_hops: int = DEFAULT_MAX_HOPS,
    budget: int = SEARCH_BUDGET,
) -> PathsAnswer:
    """The k shortest paths from ``source`` to ``target`` over the links of
    ``neighbourhood`` (which ``link_filter`` describes, for the reason), arguments
    already checked."""
    search = PathSearch(neighbourhood, excluded, budget)
    answer = await k_shortest_paths(search, source, target, k, max_hops)
    if answer.paths and answer.complete:
        return answer
    reason = _reason(link_filter, excluded, max_hops, search, answer)
    return dataclasses.replace(answer, reason=reason)


def _reason(
    link_filter: LinkFilter,
    excluded: frozenset[str],
    max_hops: int,
    search: PathSearch,
    answer: PathsAnswer,
) -> str:
    """Why there is no path (or fewer than asked), in words a person can act on."""
    types = ", ".join(t.value for t in sorted(link_filter.types, key=list(RelType).index))
    if answer.paths:
        reason = f"found {len(answer.paths)} connection(s) within {max_hops} hops using {types}"
    else:
        reason = f"no connection within {max_hops} hops using {types}"
    if not link_filter.period.is_open:
        reason += f" with links {link_filter.period.describe()} (undated links always count)"
    if excluded:
        count = len(excluded)
        reason += f", avoiding {count} excluded entit{'y' if count == 1 else 'ies'}"
    if not answer.complete:
        if search.rescans_exhausted:
            walked = f"walking {search.rescan_allowance:,} links again"
        else:
            walked = f"examining {search.budget:,} links"
        reason += (
            f"; the search stopped after {walked}, so more connections may exist: "
            "narrow 'via' or 'between', or lower 'maxHops' or 'k'"
        )
    return reason


def hop_distances(
    projection: Projection, source: str, link_filter: LinkFilter, max_hops: int
) -> dict[str, int]:
    """Hops from ``source`` to every entity within ``max_hops`` over allowed links (one
    breadth-first search: its work is bounded by the size of the graph)."""
    distances = {source: 0}
    frontier = [source]
    for hops in range(1, max_hops + 1):
        next_frontier: list[str] = []
        for node in frontier:
            for incidence in projection.incidences(node):
                neighbour = incidence.neighbour
                if neighbour in distances or not link_filter.allows(incidence.link, incidence.day):
                    continue
                distances[neighbour] = hops
                next_frontier.append(neighbour)
        frontier = next_frontier
    return distances
