"""A page of each owner's linked entities, or of the parties it met at events, for a
batch of owners in one round-trip: what nested lists and DataLoaders ask of a
``CypherGraphStore`` (the Cypher files ``outgoing_links``, ``incoming_links`` and
``co_attendees``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from graph_api.domain import PUBLIC_KINDS, LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.domain.chart import chart_params
from graph_api.store.base import (
    EVERY_LINK_VIEW,
    UNLIMITED,
    CoAttendance,
    Direction,
    LinkView,
    Neighbour,
    Slice,
)
from graph_api.store.cypher_scoped import view_params
from graph_api.store.requests import link_ends, word_params

Row = dict[str, Any]


class CypherLinkedReads:
    """Linked-entity and co-attendance pages for ``CypherGraphStore``."""

    if TYPE_CHECKING:  # provided by CypherGraphStore

        async def read(self, name: str, params: dict[str, Any], **tokens: Any) -> list[Row]: ...

        def by_kind(self, ids: list[str]) -> list[tuple[NodeKind | None, list[str]]]: ...

    async def _per_owner_kind(
        self, name: str, ids: Sequence[str], params: dict[str, Any], end: str, **tokens: Any
    ) -> list[Row]:
        """The rows of ``name`` for ``ids``: one read, or one per kind of owner where the
        store needs the owners' label (``end``: the token that names it, ``from_kind`` or
        ``to_kind``)."""
        rows: list[Row] = []
        for kind, group in self.by_kind(list(dict.fromkeys(ids))):
            owner = {end: kind} if kind is not None else {}
            rows += await self.read(name, {**params, "ids": group}, **tokens, **owner)
        return rows

    async def co_attendees(
        self,
        ids: Sequence[str],
        kind: NodeKind,
        limit: int = UNLIMITED,
        view: LinkView = EVERY_LINK_VIEW,
        words: tuple[str, ...] = (),
    ) -> dict[str, Slice[CoAttendance]]:
        """Per id, the first ``limit`` parties of ``kind`` met at events (as of a day, if
        given; whose names hold every one of ``words``, if any), and the total."""
        if not ids:
            return {}
        params = {"limit": limit, **view_params(view), **word_params(words)}
        rows = await self._per_owner_kind("co_attendees", ids, params, "from_kind", kind=kind)
        return {
            row["owner_id"]: Slice(
                items=[
                    CoAttendance(
                        owner_id=row["owner_id"],
                        node=NodeRecord.from_row(item["node"]),
                        shared_events=int(item["events"]),
                        last_met=dt.date.fromisoformat(item["last_met"])
                        if item["last_met"]
                        else None,
                    )
                    for item in row["page"]
                ],
                total=int(row["total"]),
            )
            for row in rows
        }

    async def neighbours(
        self,
        ids: Sequence[str],
        rel_type: RelType,
        direction: Direction,
        *,
        kinds: Sequence[NodeKind] = (),
        role: str | None = None,
        limit: int = UNLIMITED,
        view: LinkView = EVERY_LINK_VIEW,
        words: tuple[str, ...] = (),
        follows_chart: bool = False,
    ) -> dict[str, Slice[Neighbour]]:
        """Per id, the first ``limit`` nodes linked by ``rel_type`` (as of a day, if
        given; whose names hold ``words``, if any), and the total; ``follows_chart``:
        PART_OF read as the organisation chart (``GraphStore.neighbours``)."""
        if not ids:
            return {}
        if follows_chart:
            name = "chart_links_out" if direction is Direction.OUT else "chart_links_in"
        else:
            name = "outgoing_links" if direction is Direction.OUT else "incoming_links"
        params = {
            "kinds": [kind.value for kind in (kinds or PUBLIC_KINDS)],
            "role": role or "",
            "limit": limit,
            **view_params(view),
            **word_params(words),
            "event_kind": NodeKind.EVENT.value,
            **chart_params(),
        }
        end = "from_kind" if direction is Direction.OUT else "to_kind"
        rows = await self._per_owner_kind(name, ids, params, end, rel_type=rel_type)
        answer: dict[str, Slice[Neighbour]] = {}
        for row in rows:
            owner = row["owner_id"]
            items = []
            for item in row["page"]:
                node = NodeRecord.from_row(item["node"])
                ends = link_ends(owner, node.id, direction, item.get("via"))
                link_row = {
                    **item["link"],
                    "type": rel_type.value,
                    "from_id": ends[0],
                    "to_id": ends[1],
                }
                items.append(Neighbour(owner, LinkRecord.from_row(link_row), node))
            answer[owner] = Slice(items=items, total=int(row["total"]))
        return answer
