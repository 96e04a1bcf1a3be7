"""The node and link records the stores exchange, and the search text nodes are found by.

Part of the domain model (``graph_api.domain`` re-exports it). The stores turn these
records into rows and back, and the schema turns them into GraphQL types.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from graph_api.domain import history
from graph_api.domain.chinese import traditional
from graph_api.domain.history import FormerName
from graph_api.domain.kinds import LINK_PROPERTIES, NODE_PROPERTIES, Evidence, NodeKind, RelType
from graph_api.domain.ordinals import event_search_terms


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
    """Read Chinese as Hong Kong Traditional (domain.chinese), fold case and drop white
    space: the normal form both search text and queries use, so a name stored in
    Simplified is found by either script."""
    return "".join(traditional(text).casefold().split())


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
        """Every name the node goes by, now or before, and the ordinals a numbered event is
        asked for by (domain.ordinals), folded (see build_search_text)."""
        former = [name for entry in self.former_names for name in entry.names()]
        return build_search_text(
            self.name_en, self.name_zh, self.abbreviation, [*self.aliases, *former, *self.asked_as]
        )

    @property
    def asked_as(self) -> tuple[str, ...]:
        """The ordinals a numbered event is asked for by (domain.ordinals): searched,
        never shown as a name."""
        number = self.properties.get("number")
        return event_search_terms(
            self.properties.get("event_type"), int(number) if number is not None else None
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

    def began(self) -> str | None:
        """The day (or month, or bare year) it began: an event's day, else when it was
        established or founded; None when unknown (it always counts as existing)."""
        for key in ("established", "founded", "date"):
            value = self.properties.get(key)
            if value:
                return value.isoformat() if isinstance(value, dt.date) else str(value)
        return None

    def existed_on(self, day: dt.date) -> bool:
        """Whether it existed on ``day``: begun on or before it (a bare year counts from
        its start) and not dissolved before it; the rule of cypher/filters/existed_on."""
        began, dissolved = self.began(), self.properties.get("dissolved")
        return (began is None or began <= day.isoformat()) and (
            dissolved is None or str(dissolved) >= day.isoformat()
        )

    def as_named_on(self, day: dt.date) -> NodeRecord:
        """The record with the names it went by on ``day``: a former name in use then
        replaces the current one (with its own Chinese name and abbreviation, None where
        the record does not know them); otherwise the record itself."""
        in_use = [
            former
            for former in self.former_names
            if former.until >= day and (former.since is None or former.since <= day)
        ]
        if not in_use:
            return self
        then = min(in_use, key=lambda former: former.until)
        return replace(
            self, name_en=then.name_en, name_zh=then.name_zh, abbreviation=then.abbreviation
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
