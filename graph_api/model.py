"""The domain model: node kinds, relationship types and the records the stores exchange.

Nothing here knows about GraphQL or about a particular database; the stores turn
these records into rows and back, and the schema turns them into GraphQL types.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from graph_api import history
from graph_api.history import FormerName


class NodeKind(StrEnum):
    """Every kind of entity in the graph; the value is the node label in both stores."""

    BUREAU = "Bureau"
    DEPARTMENT = "Department"
    PARTNER_BODY = "PartnerBody"
    ENTERPRISE = "Enterprise"
    TECHNOLOGY = "Technology"
    EVENT = "Event"
    PERSON = "Person"


class RelType(StrEnum):
    """Every relationship type; the value is the relationship type in both stores."""

    PART_OF = "PART_OF"
    ORGANISED = "ORGANISED"
    CO_ORGANISED = "CO_ORGANISED"
    ATTENDED = "ATTENDED"
    OFFERS = "OFFERS"
    NEEDS = "NEEDS"
    PILOTED = "PILOTED"
    INCUBATED_BY = "INCUBATED_BY"
    MEMBER_OF = "MEMBER_OF"
    REPRESENTS = "REPRESENTS"
    SUCCEEDED_BY = "SUCCEEDED_BY"  # an office -> the one that took over its work (dated)
    # Derived, never stored: a meeting inferred by the analytics (graph_api.analytics.lens)
    # from two parties attending the same small event. Not in ALLOWED_ENDPOINTS, so no
    # seed, import or mutation can write one.
    MET = "MET"


class Origin(StrEnum):
    """Where an enterprise comes from."""

    HONG_KONG = "HONG_KONG"
    MAINLAND = "MAINLAND"
    OVERSEAS = "OVERSEAS"


class EnterpriseSize(StrEnum):
    """How big an enterprise is."""

    STARTUP = "STARTUP"
    SME = "SME"
    LARGE = "LARGE"


class EventType(StrEnum):
    """What kind of gathering an event was."""

    TECHNOLOGY_FORUM = "TECHNOLOGY_FORUM"
    WORKSHOP = "WORKSHOP"
    THEMATIC_SESSION = "THEMATIC_SESSION"
    EXHIBITION = "EXHIBITION"
    OPENING = "OPENING"


class AttendanceRole(StrEnum):
    """The part a party played at an event."""

    HOST = "HOST"
    SPEAKER = "SPEAKER"
    EXHIBITOR = "EXHIBITOR"
    ATTENDEE = "ATTENDEE"


class Evidence(StrEnum):
    """How a link is known: recorded by the organiser, reported by a third party, or inferred."""

    RECORDED = "RECORDED"
    REPORTED = "REPORTED"
    INFERRED = "INFERRED"


# Which (from kind, to kind) pairs each relationship type may join. The embedded store
# declares its relationship tables from this, and seed/import validation checks against it.
ALLOWED_ENDPOINTS: dict[RelType, tuple[tuple[NodeKind, NodeKind], ...]] = {
    RelType.PART_OF: (
        (NodeKind.DEPARTMENT, NodeKind.BUREAU),
        (NodeKind.DEPARTMENT, NodeKind.DEPARTMENT),
        (NodeKind.PARTNER_BODY, NodeKind.DEPARTMENT),
        (NodeKind.TECHNOLOGY, NodeKind.TECHNOLOGY),
    ),
    RelType.ORGANISED: (
        (NodeKind.PARTNER_BODY, NodeKind.EVENT),
        (NodeKind.DEPARTMENT, NodeKind.EVENT),
    ),
    RelType.CO_ORGANISED: (
        (NodeKind.PARTNER_BODY, NodeKind.EVENT),
        (NodeKind.DEPARTMENT, NodeKind.EVENT),
    ),
    RelType.ATTENDED: (
        (NodeKind.BUREAU, NodeKind.EVENT),
        (NodeKind.DEPARTMENT, NodeKind.EVENT),
        (NodeKind.ENTERPRISE, NodeKind.EVENT),
        (NodeKind.PARTNER_BODY, NodeKind.EVENT),
        (NodeKind.PERSON, NodeKind.EVENT),
    ),
    RelType.OFFERS: ((NodeKind.ENTERPRISE, NodeKind.TECHNOLOGY),),
    RelType.NEEDS: ((NodeKind.DEPARTMENT, NodeKind.TECHNOLOGY),),
    RelType.PILOTED: ((NodeKind.DEPARTMENT, NodeKind.ENTERPRISE),),
    RelType.INCUBATED_BY: ((NodeKind.ENTERPRISE, NodeKind.PARTNER_BODY),),
    RelType.MEMBER_OF: ((NodeKind.ENTERPRISE, NodeKind.PARTNER_BODY),),
    RelType.REPRESENTS: (
        (NodeKind.PERSON, NodeKind.BUREAU),
        (NodeKind.PERSON, NodeKind.DEPARTMENT),
        (NodeKind.PERSON, NodeKind.ENTERPRISE),
        (NodeKind.PERSON, NodeKind.PARTNER_BODY),
    ),
    RelType.SUCCEEDED_BY: (
        (NodeKind.BUREAU, NodeKind.BUREAU),
        (NodeKind.DEPARTMENT, NodeKind.DEPARTMENT),
    ),
}

# Node properties every store keeps, with their Python types. Kind-specific ones are
# simply absent (None) on other kinds; one shared column set keeps the stores' Cypher alike.
NODE_PROPERTIES: dict[str, type] = {
    "id": str,
    "kind": str,
    "name_en": str,
    "name_zh": str,
    "abbreviation": str,
    "aliases": list,
    "description": str,
    "source": str,
    "sample": bool,
    "search_text": str,
    "supervised_by": str,  # Bureau: CS or FS
    "origin": str,  # Enterprise: Origin
    "size": str,  # Enterprise: EnterpriseSize
    "founded": str,  # PartnerBody / Enterprise: year or ISO date
    "event_type": str,  # Event: EventType
    "number": int,  # Event: the forum's ordinal, e.g. 19
    "date": str,  # Event: the day it was held, ISO 8601 (stores keep dates as ISO text)
    "venue": str,
    "theme": str,
    "title": str,  # Person: job title (personal data)
    "established": str,  # Bureau / Department: first day, ISO date (graph_api.history)
    "dissolved": str,  # Bureau / Department: last day it existed, ISO date
    "former_names": str,  # Bureau / Department: earlier names, JSON text (graph_api.history)
}

# Relationship properties every store keeps.
LINK_PROPERTIES: dict[str, type] = {
    "source": str,
    "date": str,  # ISO 8601 text in the stores; a datetime.date on LinkRecord
    "sample": bool,
    "role": str,  # ATTENDED: AttendanceRole
    "need": str,  # NEEDS: the business need in words
    "project": str,  # PILOTED: what was trialled
    "evidence": str,  # Evidence
    "confidence": float,
}

_ID_PATTERN = re.compile(r"^[a-z][a-z_]*:[a-z0-9][a-z0-9._-]*$")
_ID_PREFIX: dict[NodeKind, str] = {
    NodeKind.BUREAU: "bureau",
    NodeKind.DEPARTMENT: "department",
    NodeKind.PARTNER_BODY: "partner",
    NodeKind.ENTERPRISE: "enterprise",
    NodeKind.TECHNOLOGY: "technology",
    NodeKind.EVENT: "event",
    NodeKind.PERSON: "person",
}
_KIND_BY_PREFIX = {prefix: kind for kind, prefix in _ID_PREFIX.items()}


def id_prefix(kind: NodeKind) -> str:
    """The prefix every id of this kind starts with, e.g. ``department``."""
    return _ID_PREFIX[kind]


def kind_of_id(node_id: str) -> NodeKind | None:
    """The kind an id names by its prefix, or None when the id is not well formed."""
    if not _ID_PATTERN.match(node_id):
        return None
    return _KIND_BY_PREFIX.get(node_id.split(":", 1)[0])


def build_search_text(
    name_en: str, name_zh: str | None, abbreviation: str | None, aliases: list[str]
) -> str:
    """One lower-case string of every name a node goes by, with white space removed.

    Both stores match search text against this, so "數字 政策" and "digitalpolicy"
    find the same node whatever spacing the user typed.
    """
    parts = [name_en, name_zh or "", abbreviation or "", *aliases]
    return "|".join(normalise_search_text(part) for part in parts if part)


def normalise_search_text(text: str) -> str:
    """Fold case and drop white space, the normal form both search text and queries use."""
    return "".join(text.casefold().split())


@dataclass(frozen=True)
class NodeRecord:
    """One entity as the stores hold it."""

    id: str
    kind: NodeKind
    name_en: str
    name_zh: str | None = None
    abbreviation: str | None = None
    aliases: tuple[str, ...] = ()
    description: str | None = None
    source: str | None = None
    sample: bool = False
    properties: dict[str, Any] = field(default_factory=dict)

    def to_row(self) -> dict[str, Any]:
        """A flat row with every property in NODE_PROPERTIES, ready to pass as a parameter."""
        row: dict[str, Any] = dict.fromkeys(NODE_PROPERTIES)
        row.update(self.properties)
        if isinstance(row["date"], dt.date):
            row["date"] = row["date"].isoformat()
        row.update(
            id=self.id,
            kind=self.kind.value,
            name_en=self.name_en,
            name_zh=self.name_zh,
            abbreviation=self.abbreviation,
            aliases=list(self.aliases),
            description=self.description,
            source=self.source,
            sample=self.sample,
            search_text=self.search_text,
        )
        return row

    @property
    def search_text(self) -> str:
        """Every name the node goes by, now or before, folded (see build_search_text)."""
        former = [name for entry in self.former_names for name in entry.names()]
        return build_search_text(
            self.name_en, self.name_zh, self.abbreviation, [*self.aliases, *former]
        )

    @property
    def former_names(self) -> tuple[FormerName, ...]:
        """The names a bureau or department went by before, with their dates."""
        return history.decode(self.properties.get("former_names"))

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> NodeRecord:
        """Rebuild a record from a store row (the inverse of ``to_row``)."""
        extra = {
            key: value
            for key, value in row.items()
            if key in NODE_PROPERTIES and key not in _NODE_CORE_FIELDS and value is not None
        }
        return cls(
            id=row["id"],
            kind=NodeKind(row["kind"]),
            name_en=row["name_en"],
            name_zh=row.get("name_zh"),
            abbreviation=row.get("abbreviation"),
            aliases=tuple(row.get("aliases") or ()),
            description=row.get("description"),
            source=row.get("source"),
            sample=bool(row.get("sample")),
            properties=extra,
        )

    @property
    def date(self) -> dt.date | None:
        """The node's own date (an event's day), if it has one."""
        value = self.properties.get("date")
        if isinstance(value, str):
            return dt.date.fromisoformat(value)
        return value if isinstance(value, dt.date) else None


_NODE_CORE_FIELDS = {
    "id",
    "kind",
    "name_en",
    "name_zh",
    "abbreviation",
    "aliases",
    "description",
    "source",
    "sample",
    "search_text",
}


@dataclass(frozen=True)
class LinkRecord:
    """One relationship as the stores hold it: a typed, directed, sourced link."""

    type: RelType
    from_id: str
    to_id: str
    source: str | None = None
    date: dt.date | None = None
    sample: bool = False
    properties: dict[str, Any] = field(default_factory=dict)

    def to_row(self) -> dict[str, Any]:
        """A flat row with every property in LINK_PROPERTIES plus the endpoints."""
        row: dict[str, Any] = dict.fromkeys(LINK_PROPERTIES)
        row.update(self.properties)
        row.update(
            from_id=self.from_id,
            to_id=self.to_id,
            source=self.source,
            date=self.date.isoformat() if self.date else None,
            sample=self.sample,
        )
        if row["evidence"] is None:
            row["evidence"] = Evidence.RECORDED.value
        if row["confidence"] is None:
            row["confidence"] = 1.0
        return row

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> LinkRecord:
        """Rebuild a record from a store row with ``type``, ``from_id`` and ``to_id``."""
        raw_date = row.get("date")
        extra = {
            key: row[key]
            for key in ("role", "need", "project", "evidence", "confidence")
            if row.get(key) is not None
        }
        return cls(
            type=RelType(row["type"]),
            from_id=row["from_id"],
            to_id=row["to_id"],
            source=row.get("source"),
            date=dt.date.fromisoformat(raw_date) if isinstance(raw_date, str) else raw_date,
            sample=bool(row.get("sample")),
            properties=extra,
        )
