"""GraphQL inputs of the entity mutations, and their translation to seed-file-shaped
records (the link inputs are in ``link_inputs``).

The editing layer validates records with the seed rules, which name fields as the seed
files do (``name_en``); ``GRAPHQL_NAMES`` maps those back to the names a client sent.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

import strawberry

from graph_api.domain import (
    DateCertainty,
    EnterpriseSize,
    EventType,
    NodeKind,
    Origin,
)

# Seed-file field names whose GraphQL spelling is not simply camelCase.
GRAPHQL_NAMES = {"sample": "isSample", "from": "fromId", "to": "toId"}


def graphql_name(name: str) -> str:
    """The GraphQL input field for a seed-file field name (``name_en`` -> ``nameEn``)."""
    if name in GRAPHQL_NAMES:
        return GRAPHQL_NAMES[name]
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _plain(value: Any) -> Any:
    if isinstance(value, FormerNameInput):
        return value.to_raw()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def raw_record(values: dict[str, Any]) -> dict[str, Any]:
    """Seed-shaped record from GraphQL values: enums and dates as text, absent left out."""
    return {key: _plain(value) for key, value in values.items() if value is not None}


@strawberry.input(description="A name a bureau or department went by, and until when.")
class FormerNameInput:
    name_en: str = strawberry.field(description="The English name then.")
    until: dt.date = strawberry.field(description="The last day it was in use.")
    name_zh: str | None = strawberry.field(default=None, description="The Chinese name then.")
    abbreviation: str | None = strawberry.field(default=None, description="e.g. 'OGCIO'.")
    since: dt.date | None = strawberry.field(default=None, description="Its first day, if known.")
    source: str | None = strawberry.field(
        default=None, description="Where the name is documented, if not the entity's source."
    )

    def to_raw(self) -> dict[str, Any]:
        """The seed-file shape of the entry."""
        return raw_record(
            {
                "name_en": self.name_en,
                "name_zh": self.name_zh,
                "abbreviation": self.abbreviation,
                "since": self.since,
                "until": self.until,
                "source": self.source,
            }
        )


_OFFICE_HISTORY = "Bureau, Department: "


@strawberry.input(description="A whole entity: to create one, or to replace one (upsert).")
class EntityInput:
    kind: NodeKind = strawberry.field(description="Which kind (Person is not editable yet).")
    id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Its id, '<kind>:<key>'. Leave out to derive it from the abbreviation "
        "or English name, e.g. 'enterprise:acme-robotics'.",
    )
    name_en: str = strawberry.field(description="English name (required, not blank).")
    name_zh: str | None = strawberry.field(default=None, description="Chinese name.")
    abbreviation: str | None = strawberry.field(default=None, description="e.g. 'DPO'.")
    aliases: list[str] | None = strawberry.field(default=None, description="Other names.")
    description: str | None = strawberry.field(default=None, description="A short note.")
    source: str = strawberry.field(description="Where the facts come from (URL or note).")
    is_sample: bool = strawberry.field(default=False, description="True for invented data.")
    supervised_by: str | None = strawberry.field(default=None, description="Bureau: CS or FS.")
    origin: Origin | None = strawberry.field(default=None, description="Enterprise only.")
    size: EnterpriseSize | None = strawberry.field(default=None, description="Enterprise only.")
    founded: str | None = strawberry.field(
        default=None, description="PartnerBody, Enterprise: YYYY, YYYY-MM or YYYY-MM-DD."
    )
    event_type: EventType | None = strawberry.field(default=None, description="Event only.")
    number: int | None = strawberry.field(default=None, description="Event: forum number.")
    date: dt.date | None = strawberry.field(default=None, description="Event: its day.")
    date_certainty: DateCertainty | None = strawberry.field(
        default=None, description="Event: APPROXIMATE when the day stands in for a rough one."
    )
    venue: str | None = strawberry.field(default=None, description="Event: where.")
    theme: str | None = strawberry.field(default=None, description="Event: theme or title.")
    established: dt.date | None = strawberry.field(
        default=None, description=_OFFICE_HISTORY + "its first day."
    )
    dissolved: dt.date | None = strawberry.field(
        default=None, description=_OFFICE_HISTORY + "its last day, if it no longer exists."
    )
    former_names: list[FormerNameInput] | None = strawberry.field(
        default=None, description=_OFFICE_HISTORY + "names it went by before."
    )

    def to_raw(self) -> dict[str, Any]:
        """The record in the seed-file shape."""
        values = {name: getattr(self, name) for name in _ENTITY_FIELDS}
        values["sample"] = values.pop("is_sample")
        if values["id"] is not None:
            values["id"] = str(values["id"])
        return raw_record(values)


_ENTITY_FIELDS = (
    "kind",
    "id",
    "name_en",
    "name_zh",
    "abbreviation",
    "aliases",
    "description",
    "source",
    "is_sample",
    "supervised_by",
    "origin",
    "size",
    "founded",
    "event_type",
    "number",
    "date",
    "date_certainty",
    "venue",
    "theme",
    "established",
    "dissolved",
    "former_names",
)


@strawberry.input(
    description="The fields to change. Leave a field out to keep it; set it to null to clear it."
)
class EntityPatch:
    name_en: str | None = strawberry.field(
        default=strawberry.UNSET, description="English name (not blank)."
    )
    name_zh: str | None = strawberry.field(default=strawberry.UNSET, description="Chinese name.")
    abbreviation: str | None = strawberry.field(default=strawberry.UNSET, description="e.g. 'DPO'.")
    aliases: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="Other names (replaces the list)."
    )
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="A short note."
    )
    source: str | None = strawberry.field(
        default=strawberry.UNSET, description="Where the new facts come from (URL or note)."
    )
    is_sample: bool | None = strawberry.field(
        default=strawberry.UNSET, description="True for invented data."
    )
    supervised_by: str | None = strawberry.field(
        default=strawberry.UNSET, description="Bureau: CS or FS."
    )
    origin: Origin | None = strawberry.field(
        default=strawberry.UNSET, description="Enterprise only."
    )
    size: EnterpriseSize | None = strawberry.field(
        default=strawberry.UNSET, description="Enterprise only."
    )
    founded: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="PartnerBody, Enterprise: YYYY, YYYY-MM or YYYY-MM-DD.",
    )
    event_type: EventType | None = strawberry.field(
        default=strawberry.UNSET, description="Event only."
    )
    number: int | None = strawberry.field(
        default=strawberry.UNSET, description="Event: forum number."
    )
    date: dt.date | None = strawberry.field(default=strawberry.UNSET, description="Event: its day.")
    date_certainty: DateCertainty | None = strawberry.field(
        default=strawberry.UNSET,
        description="Event: APPROXIMATE when the day stands in for a rough one.",
    )
    venue: str | None = strawberry.field(default=strawberry.UNSET, description="Event: where.")
    theme: str | None = strawberry.field(
        default=strawberry.UNSET, description="Event: theme or title."
    )
    established: dt.date | None = strawberry.field(
        default=strawberry.UNSET, description=_OFFICE_HISTORY + "its first day."
    )
    dissolved: dt.date | None = strawberry.field(
        default=strawberry.UNSET, description=_OFFICE_HISTORY + "its last day."
    )
    former_names: list[FormerNameInput] | None = strawberry.field(
        default=strawberry.UNSET,
        description=_OFFICE_HISTORY + "names it went by before (replaces the list).",
    )

    def to_patch(self) -> dict[str, Any]:
        """Seed-shaped changes: given fields only, None meaning 'clear it'."""
        patch: dict[str, Any] = {}
        for name in _ENTITY_FIELDS[2:]:
            value = getattr(self, name)
            if value is not strawberry.UNSET:
                patch["sample" if name == "is_sample" else name] = _plain(value)
        return patch
