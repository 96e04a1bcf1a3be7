"""The paged read behind the compact structure graph (``analytics.structure_graph``).

Brokers and communities need every contact link of the graph, but only its ends and
what the period, as-of and trust filters compare: never names, sources or other
properties. ``structure_page`` reads that in pages of entities in id order (keyset
paging: every page costs the same however deep it is, and each stays well inside the
store's query time limit), each entity with its outgoing links as one list, so the
driver decodes one row per entity rather than one per link.

``CypherGraphStore`` inherits this mixin; it only needs the store's ``read``. This
module imports nothing from ``store.base``, which names its row types.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graph_api.domain import Evidence, NodeKind, RelType

if TYPE_CHECKING:
    from graph_api.store.cypher_library import CypherLibrary

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class StructureLink:
    """One outgoing link as the structure graph keeps it."""

    to_id: str
    type: RelType
    day: str | None  # ISO day: the link's date or, undated to an event, the event's day
    evidence: str  # RECORDED when the store has none
    confidence: float  # 1.0 when the store has none
    sample: bool = False  # invented sample data


@dataclass(frozen=True, slots=True)
class StructureNode:
    """One entity (never a person) with what the filters need and its outgoing links."""

    id: str
    kind: NodeKind
    start: str | None  # ISO day (or year, or month) it began: analytics.lens.start_day
    event_type: str | None
    links: tuple[StructureLink, ...]


class CypherStructureReads:
    """The structure graph's paged read for ``CypherGraphStore``."""

    if TYPE_CHECKING:  # provided by CypherGraphStore
        cypher: CypherLibrary

        async def read(self, name: str, params: dict[str, Any], **tokens: Any) -> list[Row]: ...

    async def structure_page(
        self, after: str, limit: int, types: Collection[RelType]
    ) -> list[StructureNode]:
        """Up to ``limit`` entities (never persons) whose id sorts after ``after``, in id
        order, each with its outgoing links of ``types`` to entities that are not persons.
        Fewer than ``limit`` means the last page."""
        rows = await self.read(
            "structure_page",
            {
                "after": after,
                "limit": limit,
                "types": sorted(t.value for t in types),
                "person": NodeKind.PERSON.value,
                "event_kind": NodeKind.EVENT.value,
                "recorded": Evidence.RECORDED.value,
            },
        )
        # Decoded in a thread: a page's 50,000 links held the event loop for 50 ms.
        return await asyncio.to_thread(_nodes, rows)


def _nodes(rows: list[Row]) -> list[StructureNode]:
    return [_node(row) for row in rows]


def _node(row: Row) -> StructureNode:
    links = tuple(
        StructureLink(
            to_id=link["t"],
            type=RelType(link["y"]),
            day=link["d"] or None,
            evidence=link["e"] or Evidence.RECORDED.value,
            confidence=1.0 if link["c"] is None else float(link["c"]),
            sample=bool(link.get("s")),
        )
        for link in row["links"] or ()
        # OPTIONAL MATCH finding nothing leaves one entry of nulls.
        if link is not None and link.get("t") is not None
    )
    start = row["start"]
    return StructureNode(
        id=row["id"],
        kind=NodeKind(row["kind"]),
        start=str(start) if start else None,
        event_type=row["event_type"] or None,
        links=links,
    )
