"""The entities and links around one entity, for drawing: a breadth-first walk of up to
three hops that stops adding entities at a budget, reading the graph a level at a time
through a ``Neighbourhood`` (the store, or a projection for inferred meetings), so a
drawing never needs a copy of the whole graph.

Which entities make the cut when there are more than the budget is decided by the
same step order a path search uses (neighbour id, then link type), so both stores draw
the same picture; a hub's first hop alone can hold thousands of attendees, and the
answer says when it was cut.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph_api.analytics.neighbourhood import Neighbourhood, Resolved, Step

MAX_HOPS = 3
MAX_ENTITIES = 300
DEFAULT_ENTITIES = 60
# Links read in one level before the walk gives up widening (a level of hubs).
LINK_BUDGET = 20_000


@dataclass(frozen=True)
class LocalGraph:
    """What a walk found: each entity with its distance in hops from the centre, the
    links between them (as (owner, step) pairs, with their records), and whether it
    stopped short of everything within reach, and why."""

    distances: dict[str, int]
    steps: tuple[tuple[str, Step], ...]
    resolved: Resolved
    complete: bool
    reason: str | None


async def local_graph(
    neighbourhood: Neighbourhood, centre: str, hops: int, limit: int
) -> LocalGraph:
    """Entities within ``hops`` of ``centre`` (at most ``limit`` of them, the centre
    included) and every link between two of them (unless the last ones reached hold
    more than ``LINK_BUDGET`` links: then only the links that reached them, and the
    answer says it is not complete)."""
    distances = {centre: 0}
    steps: dict[tuple[str, str, str], tuple[str, Step]] = {}
    frontier = [centre]
    reasons: list[str] = []
    for hop in range(1, hops + 1):
        if not frontier:
            break
        if not await neighbourhood.load(frontier, LINK_BUDGET):
            frontier = []  # too many links to read: not again for the last ring below
            reasons.append(
                f"The entities {hop - 1} hop(s) out have more than {LINK_BUDGET:,} links "
                f"between them, so the walk stopped there: ask for fewer hops or kinds of link."
            )
            break
        reached: list[str] = []
        for owner in frontier:
            for step in neighbourhood.steps(owner):
                if step.neighbour not in distances:
                    if len(distances) >= limit:
                        if not reasons:
                            reasons.append(
                                f"More than {limit} entities lie within {hops} hop(s); "
                                f"showing the first {limit}: raise 'limit' (at most "
                                f"{MAX_ENTITIES}) or filter the kinds of link."
                            )
                        continue
                    distances[step.neighbour] = hop
                    reached.append(step.neighbour)
                steps.setdefault(_undirected(owner, step), (owner, step))
        frontier = reached
        if len(distances) >= limit and hop < hops and frontier and not reasons:
            reasons.append(
                f"The limit of {limit} entities was reached {hop} hop(s) out, so entities "
                f"further out were not read: raise 'limit' (at most {MAX_ENTITIES})."
            )
        if reasons:
            break
    # The last entities reached may be linked to each other (two departments two hops
    # out, under one bureau): read their links too, keeping those among drawn entities.
    if frontier and await neighbourhood.load(frontier, LINK_BUDGET):
        for owner in frontier:
            for step in neighbourhood.steps(owner):
                if step.neighbour in distances:
                    steps.setdefault(_undirected(owner, step), (owner, step))
    elif frontier:
        reasons.append(
            f"The entities {distances[frontier[0]]} hop(s) out have more than "
            f"{LINK_BUDGET:,} links, so the links among them are not drawn: ask for fewer "
            "hops or kinds of link."
        )
    chosen = tuple(steps.values())
    resolved = await neighbourhood.resolve(chosen)
    return LocalGraph(distances, chosen, resolved, not reasons, reasons[0] if reasons else None)


def _undirected(owner: str, step: Step) -> tuple[str, str, str]:
    """One key per link, whichever end it was seen from."""
    ends = (owner, step.neighbour) if step.outgoing else (step.neighbour, owner)
    return (step.type.value, *ends)
