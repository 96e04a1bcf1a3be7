"""What each search hit matched: the name, and for a successor (rank 0) the predecessor
whose name matched and the dated SUCCEEDED_BY link between them.

The stores rank and page the hits (``search_entities.cypher``); this fills in the rest in
Python with the same rule (``graph_api.store.search``), so both stores explain alike. A
page with successors on it costs one more round-trip (their predecessors, batched).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from graph_api.domain import NodeKind, RelType
from graph_api.store.base import Direction, GraphStore, Neighbour, SearchHit
from graph_api.store.search import NameMatch, SearchTerms, best_name, matches


async def explain_hits(
    store: GraphStore, terms: SearchTerms, kinds: Sequence[NodeKind], hits: list[SearchHit]
) -> list[SearchHit]:
    """The hits with ``matched_name`` and ``former_name`` set, and for successors
    ``predecessor`` and ``succession``."""
    heirs = [hit.node.id for hit in hits if hit.rank == 0]
    before = (
        await store.neighbours(heirs, RelType.SUCCEEDED_BY, Direction.IN, kinds=kinds)
        if heirs
        else {}
    )
    explained: list[SearchHit] = []
    for hit in hits:
        if hit.rank:
            match = best_name(hit.node, terms)
            explained.append(_with_match(hit, match))
            continue
        found = before.get(hit.node.id)
        candidates = [
            (match, item)
            for item in (found.items if found else [])
            if matches(item.node, terms) and (match := best_name(item.node, terms))
        ]
        if not candidates:  # written between the two queries: say nothing rather than guess
            explained.append(hit)
            continue
        match, item = min(candidates, key=_best_predecessor)
        explained.append(
            replace(_with_match(hit, match), predecessor=item.node, succession=item.link)
        )
    return explained


def _with_match(hit: SearchHit, match: NameMatch | None) -> SearchHit:
    if match is None:
        return hit
    return replace(hit, matched_name=match.name, former_name=match.former)


def _best_predecessor(candidate: tuple[NameMatch, Neighbour]) -> tuple[int, int, str]:
    """Best-matching name first, then the latest succession, then by id."""
    match, item = candidate
    day = item.link.date.toordinal() if item.link.date else 0
    return (-match.score, -day, item.node.id)
