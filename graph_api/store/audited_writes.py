"""The half of the store interface that writes: every write keeps a change record (who,
when, what it was before), and the records are read back as history, as the trail other
processes follow, and to undo an import. ``GraphStore`` (``store/base.py``) has the
reads; the Cypher implementation of these is ``store/cypher_writes.py``, and of the
trail's reads ``store/change_trail.py``.
"""

from __future__ import annotations

import abc
import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from graph_api.domain import LinkRecord, NodeRecord
from graph_api.store.changes import ChangePage, ChangeRecord, ChangeSet, LinkKey
from graph_api.store.run_notes import RunNote

if TYPE_CHECKING:
    from graph_api.events import ChangeFeed


class AuditedWrites(abc.ABC):
    """Writes with an audit trail, streaming export and history."""

    @property
    def change_feed(self) -> ChangeFeed:
        """Changes this store object committed, for live subscriptions (one per process)."""
        # Imported here: the feed's events name the store's change records, so a module
        # import would be circular (graph_api.events -> graph_api.store -> here).
        from graph_api.events import ChangeFeed

        feed: ChangeFeed | None = self.__dict__.get("_change_feed")
        if feed is None:
            feed = self.__dict__["_change_feed"] = ChangeFeed()
        return feed

    @abc.abstractmethod
    def one_transaction(self) -> contextlib.AbstractAsyncContextManager[None]:
        """A block whose reads and writes of this store run in one transaction: other
        callers see all of its writes when it ends, or none if it raises."""

    @abc.abstractmethod
    async def apply(self, changes: ChangeSet) -> None:
        """Write a change set in one transaction (all of it or none), then publish its
        change records to ``change_feed``."""

    @abc.abstractmethod
    async def get_links(self, keys: Sequence[LinkKey]) -> dict[LinkKey, LinkRecord]:
        """The links with these (type, from, to) keys; absent ones are missing."""

    @abc.abstractmethod
    async def links_touching(
        self, ids: Sequence[str], *, outgoing_only: bool = False
    ) -> list[LinkRecord]:
        """Every link of any type out of (and, unless ``outgoing_only``, into) any of
        ``ids``, each once, ordered by type, from and to."""

    @abc.abstractmethod
    async def nodes_after(self, after_id: str, limit: int) -> list[NodeRecord]:
        """Up to ``limit`` nodes whose id sorts after ``after_id``, in id order (keyset
        paging for exports: no offset, so no page costs more than the first)."""

    @abc.abstractmethod
    async def get_change(self, change_id: str) -> ChangeRecord | None:
        """One change record by id, or None."""

    @abc.abstractmethod
    async def history(
        self,
        entity_id: str,
        limit: int,
        before: tuple[str, str] | None = None,
        *,
        persons: bool = True,
    ) -> ChangePage:
        """Changes about ``entity_id`` (either end of a link), newest first, starting
        after the (time, change id) ``before``; without ``persons``, changes of a Person
        (of one, or of a link with one at an end) are left out, the total included."""

    @abc.abstractmethod
    async def batch_changes(self, batch: str, limit: int) -> list[ChangeRecord]:
        """Up to ``limit`` change records of one import run, latest first."""

    @abc.abstractmethod
    async def changed_since_run(self, batch: str) -> ChangeRecord | None:
        """The first change, not of import run ``batch``, to an entity the run created or
        updated (at either end) since the run began; None if nothing else has."""

    @abc.abstractmethod
    async def changes_after(self, at: str, change_id: str, limit: int) -> list[ChangeRecord]:
        """Up to ``limit`` change records after (``at``, ``change_id``), oldest first: what
        other processes wrote, for the change relay."""

    @abc.abstractmethod
    async def stamp_batch(self, batch: str, at: str) -> None:
        """Give every change record of import run ``batch`` the time ``at`` (its commit)."""

    # Import runs under way (graph_api.transfer.journal), kept with the data they write:
    # graph_api/store/run_notes.py.
    @abc.abstractmethod
    async def note_import_run(self, note: RunNote) -> None:
        """Note a run under way before its first write."""

    @abc.abstractmethod
    async def touch_import_run(self, run_id: str, heartbeat: str) -> None:
        """Say that run ``run_id`` is still being written (an ISO time, UTC)."""

    @abc.abstractmethod
    async def forget_import_run(self, run_id: str) -> None:
        """Forget a run that finished or was undone."""

    @abc.abstractmethod
    async def claim_import_run(self, seen: RunNote, mine: RunNote) -> bool:
        """Take a noted run over (to undo it) if its note is still ``seen``."""

    @abc.abstractmethod
    async def note_import_run_if_absent(self, note: RunNote) -> bool:
        """Note a run unless it is noted already; whether the note is ``note``'s."""

    @abc.abstractmethod
    async def import_run_notes(self) -> list[RunNote]:
        """Every run noted as under way, oldest first."""

    @abc.abstractmethod
    async def latest_change(self) -> str:
        """Where the change trail ends, as an opaque mark ("" if empty): it moves with
        every audited write of any process."""

    @abc.abstractmethod
    async def first_recorded(self, keys: Sequence[LinkKey]) -> dict[LinkKey, str]:
        """When each link was first recorded (its earliest change record's time, ISO);
        links with no change record (loaded from the seed files) are left out."""

    @abc.abstractmethod
    async def merged_into(self, ids: Sequence[str]) -> dict[str, str]:
        """Duplicate id -> the entity it was last merged into, for those of ``ids`` that
        were merged away (mergeEntities); others are left out."""
