"""The audit trail's records and the unit of writing that carries them.

Every write the API or an import makes is a :class:`ChangeSet`: the nodes and links to
create or update, the links and nodes to remove, and the :class:`ChangeRecord` entries
saying who did it, when, from what source and what it changed. A store writes the whole
set in one transaction, so the graph and its history never disagree.

A change record is stored as a ``Change`` node (never labelled ``:Entity`` on Neo4j, and
its own table on the embedded store), so ordinary entity queries never see it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from graph_api.domain import LinkRecord, NodeRecord, RelType, is_person_id

LinkKey = tuple[RelType, str, str]  # (type, from id, to id): what identifies a link


class ChangeAction(StrEnum):
    """What a change did."""

    ENTITY_CREATED = "ENTITY_CREATED"
    ENTITY_UPDATED = "ENTITY_UPDATED"
    ENTITY_MERGED = "ENTITY_MERGED"
    LINK_RECORDED = "LINK_RECORDED"
    LINK_UPDATED = "LINK_UPDATED"
    LINK_REMOVED = "LINK_REMOVED"
    # A request that matched what the graph already held: nothing was written, but the
    # request is on record (and its idempotency key, if it had one, is remembered).
    UNCHANGED = "UNCHANGED"


# The columns of a stored change, in the order cypher/embedded/schema.cypher declares them.
CHANGE_COLUMNS: tuple[str, ...] = (
    "id",
    "at",
    "actor",
    "channel",
    "source",
    "action",
    "entity_id",
    "other_id",
    "link_type",
    "summary",
    "before",
    "idempotency_key",
    "request_hash",
    "result",
    "batch",
)
_JSON_COLUMNS = ("summary", "before", "result")


# How the audit trail writes a time: ISO 8601, UTC, microseconds, 'Z'. One fixed width,
# so the text sorts in time order in both stores.
AT_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def utc_now() -> str:
    """The current time as the audit trail writes it (``AT_FORMAT``)."""
    return dt.datetime.now(dt.UTC).strftime(AT_FORMAT)


@dataclass(frozen=True)
class ChangeRecord:
    """One entry of the audit trail.

    ``entity_id`` is the entity the change is about (a link's ``from`` end) and
    ``other_id`` the second one it touched (a link's ``to`` end, or the duplicate a merge
    removed), so ``history(id)`` finds a change from either side. ``before`` is the whole
    prior record where one existed: an import uses it to undo itself. ``result`` is the
    first answer to an idempotent request, replayed when the same key comes again.
    """

    id: str
    at: str
    actor: str
    channel: str
    action: ChangeAction
    entity_id: str
    source: str | None = None
    other_id: str | None = None
    link_type: RelType | None = None
    summary: dict[str, Any] = field(default_factory=dict)
    before: dict[str, Any] | None = None
    idempotency_key: str | None = None
    request_hash: str | None = None
    result: dict[str, Any] | None = None
    batch: str | None = None

    def about_a_person(self) -> bool:
        """Whether the change is of a Person, or of a link with a Person at one end."""
        return is_person_id(self.entity_id) or is_person_id(self.other_id)

    def to_row(self) -> dict[str, Any]:
        """A flat row of text columns (JSON for the structured ones), ready as a parameter."""
        row: dict[str, Any] = {
            "id": self.id,
            "at": self.at,
            "actor": self.actor,
            "channel": self.channel,
            "source": self.source,
            "action": self.action.value,
            "entity_id": self.entity_id,
            "other_id": self.other_id,
            "link_type": self.link_type.value if self.link_type else None,
            "idempotency_key": self.idempotency_key,
            "request_hash": self.request_hash,
            "batch": self.batch,
        }
        for column in _JSON_COLUMNS:
            value = getattr(self, column)
            row[column] = None if value is None else _dumps(value)
        return row

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ChangeRecord:
        """Rebuild a change from a store row (the inverse of ``to_row``)."""
        decoded = {
            column: json.loads(row[column]) if row.get(column) else None for column in _JSON_COLUMNS
        }
        link_type = row.get("link_type")
        return cls(
            id=row["id"],
            at=row["at"],
            actor=row["actor"],
            channel=row["channel"],
            action=ChangeAction(row["action"]),
            entity_id=row["entity_id"],
            source=row.get("source"),
            other_id=row.get("other_id"),
            link_type=RelType(link_type) if link_type else None,
            summary=decoded["summary"] or {},
            before=decoded["before"],
            idempotency_key=row.get("idempotency_key"),
            request_hash=row.get("request_hash"),
            result=decoded["result"],
            batch=row.get("batch"),
        )


def _dumps(value: Any) -> str:
    # Sorted keys and real UTF-8 keep the stored text stable and readable.
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


@dataclass
class ChangeSet:
    """Everything one transaction writes.

    The store applies it in this order: remove links, remove nodes (with any links they
    still have), create or update nodes, create or update links, record changes, forget
    changes. A merge relies on it: the duplicate goes before its links reappear on the
    entity it was merged into.
    """

    nodes: list[NodeRecord] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)
    removed_links: list[LinkKey] = field(default_factory=list)
    removed_nodes: list[str] = field(default_factory=list)
    changes: list[ChangeRecord] = field(default_factory=list)
    forgotten_changes: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        """Whether there is nothing to write."""
        return not (
            self.nodes
            or self.links
            or self.removed_links
            or self.removed_nodes
            or self.changes
            or self.forgotten_changes
        )


@dataclass(frozen=True)
class ChangePage:
    """Some of an entity's changes, newest first, and how many it has in all."""

    changes: list[ChangeRecord]
    total: int
    has_more: bool
