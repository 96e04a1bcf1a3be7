"""The change trail's reads, over the Cypher files: one change, an entity's history, an
import run's changes, where the trail ends and what follows a position in it (how
processes hear of each other's writes), and when links were first recorded.

``CypherGraphStore`` inherits this mixin; it only needs the store's ``read`` and
``write``. The records themselves are written with the changes they describe
(``graph_api.store.cypher_writes``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from graph_api.domain import NodeKind, RelType, id_prefix
from graph_api.store.changes import ChangeAction, ChangePage, ChangeRecord, LinkKey
from graph_api.store.transaction import Row, Statement

if TYPE_CHECKING:
    from graph_api.store.base import StoreCounters
    from graph_api.store.cypher_library import CypherLibrary

# Sorts after every timestamp the trail writes ("2025-..."), so it starts a history.
_NEWEST = "~"


class CypherChangeTrail:
    """The change trail's reads (and the stamp of an import's time), for
    ``CypherGraphStore``."""

    if TYPE_CHECKING:  # provided by CypherGraphStore / GraphStore
        cypher: CypherLibrary
        counters: StoreCounters

        async def read(self, name: str, params: dict[str, Any], **tokens: Any) -> list[Row]: ...

        async def write(self, statements: Sequence[Statement]) -> None: ...

    async def get_change(self, change_id: str) -> ChangeRecord | None:
        """One change record by id, or None."""
        rows = await self.read("change_by_id", {"id": change_id})
        return ChangeRecord.from_row(rows[0]["change"]) if rows else None

    async def history(
        self,
        entity_id: str,
        limit: int,
        before: tuple[str, str] | None = None,
        *,
        persons: bool = True,
    ) -> ChangePage:
        """Changes about ``entity_id``, newest first, after the (time, id) ``before``;
        without ``persons``, none of a Person."""
        at, change_id = before or (_NEWEST, _NEWEST)
        person_prefix = f"{id_prefix(NodeKind.PERSON)}:"
        asked = {"entity": entity_id, "persons": persons, "person_prefix": person_prefix}
        rows = await self.read(
            "change_history",
            {**asked, "before_at": at, "before_id": change_id, "limit": limit + 1},
        )
        counted = await self.read("change_history_count", asked)
        changes = [ChangeRecord.from_row(row["change"]) for row in rows]
        return ChangePage(
            changes=changes[:limit],
            total=int(counted[0]["total"]) if counted else 0,
            has_more=len(changes) > limit,
        )

    async def batch_changes(self, batch: str, limit: int) -> list[ChangeRecord]:
        """Up to ``limit`` change records of one import run, latest first."""
        rows = await self.read("batch_changes", {"batch": batch, "limit": limit})
        return [ChangeRecord.from_row(row["change"]) for row in rows]

    async def changed_since_run(self, batch: str) -> ChangeRecord | None:
        """The first change not of import run ``batch`` to what the run wrote, since it
        began; None if there is none."""
        rows = await self.read("changed_since_run", {"batch": batch})
        return ChangeRecord.from_row(rows[0]["change"]) if rows else None

    async def changes_after(self, at: str, change_id: str, limit: int) -> list[ChangeRecord]:
        """Up to ``limit`` change records after (``at``, ``change_id``), oldest first."""
        rows = await self.read("changes_after", {"at": at, "id": change_id, "limit": limit})
        return [ChangeRecord.from_row(row["change"]) for row in rows]

    async def stamp_batch(self, batch: str, at: str) -> None:
        """Give every change record of import run ``batch`` the time ``at``."""
        text = self.cypher.text("stamp_batch")
        self.counters.record("stamp_batch")
        await self.write([("stamp_batch", text, {"batch": batch, "at": at})])

    async def latest_change(self) -> str:
        """Where the change trail ends ("time|id"; "" if it is empty): any process's write
        moves it."""
        rows = await self.read("latest_change", {})
        return f"{rows[0]['at']}|{rows[0]['id']}" if rows else ""

    async def first_recorded(self, keys: Sequence[LinkKey]) -> dict[LinkKey, str]:
        """When each link was first recorded (its earliest change record's time, ISO);
        links with no change record (loaded from the seed files) are left out."""
        if not keys:
            return {}
        params = {"keys": [{"type": t.value, "from_id": a, "to_id": b} for t, a, b in set(keys)]}
        rows = await self.read("first_recorded", params)
        return {
            (RelType(row["type"]), row["from_id"], row["to_id"]): str(row["at"])
            for row in rows
            if row["at"] is not None
        }

    async def merged_into(self, ids: Sequence[str]) -> dict[str, str]:
        """Duplicate id -> the entity it was last merged into, for those of ``ids`` that
        were merged away (mergeEntities); others are left out."""
        if not ids:
            return {}
        params = {"ids": sorted(set(ids)), "merged": ChangeAction.ENTITY_MERGED.value}
        found: dict[str, str] = {}
        for row in await self.read("merged_into", params):
            found.setdefault(row["duplicate"], row["survivor"])  # newest first
        return found
