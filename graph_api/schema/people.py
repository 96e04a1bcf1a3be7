"""Persons at events: personal data, shown to the admin role only.

A Person record (someone who attended an event, and whom they represented) is personal
data. Entity lists, counts, search and lookups leave persons out for everyone; an
administrator reads them through ``Event.people`` alone (graph_api.schema.permissions
refuses that field to every other role). ``Person`` is deliberately not an ``Entity``:
no list of entities can ever hold one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from graph_api.domain import PUBLIC_KINDS, NodeKind, NodeRecord, RelType
from graph_api.schema.linked import linked_list
from graph_api.store.base import Direction

if TYPE_CHECKING:
    from graph_api.schema.entities import Entity


@strawberry.type(description="A person who attended an event: personal data (admin role).")
class Person:
    id: strawberry.ID = strawberry.field(description="Stable id, 'person:<key>'.")
    name_en: str = strawberry.field(description="Name in English.")
    name_zh: str | None = strawberry.field(description="Name in Chinese, if known.")
    description: str | None = strawberry.field(description="A short note, e.g. their post.")
    source: str | None = strawberry.field(description="Where the facts come from.")
    is_sample: bool = strawberry.field(description="True if invented sample data.")
    represents = linked_list(
        RelType.REPRESENTS,
        Direction.OUT,
        Annotated["Entity", strawberry.lazy("graph_api.schema.entities")],
        "The organisations the person represented (REPRESENTS links).",
        kinds=frozenset(PUBLIC_KINDS),
    )


def person_from_record(record: NodeRecord) -> Person:
    """The GraphQL object for a stored Person (only ever reached by admins)."""
    return Person(
        id=strawberry.ID(record.id),
        name_en=record.name_en,
        name_zh=record.name_zh,
        description=record.description,
        source=record.source,
        is_sample=record.sample,
    )


def people_at_event() -> Any:
    """``Event.people``: the persons who attended, each link with its role."""
    return linked_list(
        RelType.ATTENDED,
        Direction.IN,
        Person,
        "Persons who attended, each link with its role: personal data. Entity lists "
        "such as 'attendees' and their counts never include persons, for any role.",
        kinds=frozenset({NodeKind.PERSON}),
        role_filter=True,
        item=person_from_record,
    )
