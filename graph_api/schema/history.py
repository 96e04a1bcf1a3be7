"""GraphQL types for names through time: a bureau's or department's earlier names, and
its dates (see graph_api.domain.history for the rules)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from graph_api.domain import NodeRecord, history


@strawberry.type(
    name="FormerName",
    description="A name an office went by before, with the dates it was in use.",
)
class FormerNameType:
    name_en: str = strawberry.field(description="The English name it had.")
    name_zh: str | None = strawberry.field(description="The Chinese name it had, if known.")
    abbreviation: str | None = strawberry.field(description="Its abbreviation then, e.g. 'ITB'.")
    since: dt.date | None = strawberry.field(
        description="The first day the name was in use, if known."
    )
    until: dt.date = strawberry.field(
        description="The last day the name was in use; the next name applies from the day after."
    )
    source: str | None = strawberry.field(
        default=None,
        description="Where this name is documented, when not in the entity's own source.",
    )

    @classmethod
    def from_record(cls, former: history.FormerName) -> FormerNameType:
        """The GraphQL view of a stored former name."""
        return cls(
            name_en=former.name_en,
            name_zh=former.name_zh,
            abbreviation=former.abbreviation,
            since=former.since,
            until=former.until,
            source=former.source,
        )


def office_history(record: NodeRecord) -> dict[str, Any]:
    """The history fields of a bureau or department: former names and dates."""
    props = record.properties
    return {
        "former_names": [
            FormerNameType.from_record(former)
            for former in sorted(record.former_names, key=lambda former: former.until)
        ],
        "established": _day(props.get("established")),
        "dissolved": _day(props.get("dissolved")),
    }


def _day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None
