"""Hop distances from one entity to a set of targets, found by the store a step at a
time: how ``recommendMatches`` scores proximity without a copy of the graph.

A breadth-first search from the source widens one level per read. On real graphs the
levels grow fast (a department, its 200 events, their 6,000 attendees, most of the
graph), and widening the large levels is where the time went: five levels at 10^4
entities read most links in the graph three times over. So once a level holds more
entities than there are targets left to place, the search stops widening it and walks
back from the targets instead, asking only which of them (and then which entities one
step from them) touch that level. Walking back is exact: a target's distance is the
level's plus its steps back to the level, because every shortest path crosses each
level once, and nothing it passes on the way back lies inside the levels already read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from graph_api.store.hop_reads import HopReads
from graph_api.store.link_scope import LinkScope


async def hop_distances(
    reads: HopReads, source: str, scope: LinkScope, max_hops: int, targets: Collection[str]
) -> dict[str, int]:
    """Hops from ``source`` to each of ``targets`` within ``max_hops`` over the links
    ``scope`` allows (targets further away are absent); no read once every target is
    placed."""
    distances = {source: 0}
    level = {source}
    remaining = set(targets) - {source}
    hops = 0
    while hops < max_hops and level and remaining:
        if len(level) > len(remaining):
            placed = await _walk_back(
                reads, scope, level, distances.keys(), remaining, max_hops - hops
            )
            distances.update((target, hops + steps) for target, steps in placed.items())
            break
        hops += 1
        level = await reads.next_hop(scope, level) - distances.keys()
        distances.update(dict.fromkeys(level, hops))
        remaining -= level
    return {target: distances[target] for target in targets if target in distances}


async def _walk_back(
    reads: HopReads,
    scope: LinkScope,
    level: set[str],
    inside: Collection[str],
    targets: set[str],
    max_steps: int,
) -> dict[str, int]:
    """For each of ``targets`` (all outside ``inside``, the levels read so far, whose
    outermost is ``level``), its fewest steps to ``level``, up to ``max_steps``."""
    placed: dict[str, int] = {}
    # Each entity on the way back, with the targets it leads back to.
    leads: dict[str, set[str]] = {target: {target} for target in targets}
    for steps in range(1, max_steps + 1):
        touching, onward = await reads.step_back(scope, leads, level, steps < max_steps)
        for entity in touching:
            for target in leads[entity]:
                placed.setdefault(target, steps)
        if steps == max_steps:
            break
        next_leads: dict[str, set[str]] = defaultdict(set)
        for entity, next_to in onward.items():
            open_targets = {target for target in leads[entity] if target not in placed}
            if open_targets:
                for neighbour in next_to:
                    if neighbour not in inside:
                        next_leads[neighbour] |= open_targets
        if not next_leads:
            break
        leads = next_leads
    return placed
