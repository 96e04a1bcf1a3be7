"""The GraphQL types of the graph's entities: the ``Node`` and ``Entity`` interfaces and
one type per kind, each with its relationships as paged fields."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry

from graph_api.domain import (
    DateCertainty,
    EnterpriseSize,
    EventType,
    NodeKind,
    NodeRecord,
    Origin,
    RelType,
)
from graph_api.domain.chart import CHART_RULE
from graph_api.errors import ErrorCode, GraphApiError
from graph_api.schema import linked
from graph_api.schema.history import FormerNameType, office_history
from graph_api.schema.linked import linked_list, linked_one
from graph_api.schema.meetings import met_list
from graph_api.schema.people import people_at_event
from graph_api.store.base import Direction

OUT, IN = Direction.OUT, Direction.IN


def _lazy(type_name: str) -> Any:
    return Annotated[type_name, strawberry.lazy("graph_api.schema.entities")]


@strawberry.interface(description="An object with a globally unique id (Relay).")
class Node:
    id: strawberry.ID = strawberry.field(
        description="Stable id, '<kind>:<key>', e.g. 'department:bd' or 'event:tf-19'."
    )


@strawberry.interface(description="Any party, technology or event in the graph.")
class Entity(Node):
    kind: NodeKind = strawberry.field(description="Which kind of entity this is.")
    name_en: str = strawberry.field(description="English name.")
    name_zh: str | None = strawberry.field(description="Traditional Chinese name, if known.")
    abbreviation: str | None = strawberry.field(description="Usual abbreviation, e.g. 'DPO'.")
    aliases: list[str] = strawberry.field(description="Other names and abbreviations.")
    description: str | None = strawberry.field(description="A short note on the entity.")
    source: str | None = strawberry.field(description="Where the facts come from (URL or note).")
    is_sample: bool = strawberry.field(
        description="True if this entity is invented sample data, not a real organisation."
    )


_FORMER = "Names it went by before, oldest first, each with the dates it was in use."
_ESTABLISHED = "The day it was set up, if recorded."
_DISSOLVED = "The last day it existed, if it no longer does; null for a current office."
_SUCCESSORS = (
    "The offices that took over its work (SUCCEEDED_BY); each link's date is the first "
    "day of the successor's charge, with its source."
)
_PREDECESSORS = "The offices whose work it took over; each link dated, with its source."


def _common(record: NodeRecord) -> dict[str, Any]:
    return {
        "id": strawberry.ID(record.id),
        "kind": record.kind,
        "name_en": record.name_en,
        "name_zh": record.name_zh,
        "abbreviation": record.abbreviation,
        "aliases": list(record.aliases),
        "description": record.description,
        "source": record.source,
        "is_sample": record.sample,
    }


@strawberry.type(
    description="A policy bureau of the HKSAR Government: the 15 current ones (since July "
    "2022) and former ones, which have 'dissolved' set."
)
class Bureau(Entity):
    supervised_by: str | None = strawberry.field(
        description="CS (Chief Secretary) or FS (Financial Secretary)."
    )
    former_names: list[FormerNameType] = strawberry.field(description=_FORMER)
    established: dt.date | None = strawberry.field(description=_ESTABLISHED)
    dissolved: dt.date | None = strawberry.field(description=_DISSOLVED)
    successors = linked_list(RelType.SUCCEEDED_BY, OUT, _lazy("Bureau"), _SUCCESSORS)
    predecessors = linked_list(RelType.SUCCEEDED_BY, IN, _lazy("Bureau"), _PREDECESSORS)
    departments = linked_list(
        RelType.PART_OF,
        IN,
        _lazy("Department"),
        "Departments under this bureau, and their units, as the analytics and the "
        "'bureau' filter count them: those directly under it first. Each edge's link is "
        "the department's own PART_OF link (a unit's leads to its department). " + CHART_RULE,
        kinds=frozenset({NodeKind.DEPARTMENT}),
        follows_chart=True,
    )
    events_attended = linked_list(
        RelType.ATTENDED, OUT, _lazy("Event"), "Events the bureau itself attended."
    )


@strawberry.type(description="A government department or agency (B/D), current or former.")
class Department(Entity):
    former_names: list[FormerNameType] = strawberry.field(description=_FORMER)
    established: dt.date | None = strawberry.field(description=_ESTABLISHED)
    dissolved: dt.date | None = strawberry.field(description=_DISSOLVED)
    successors = linked_list(RelType.SUCCEEDED_BY, OUT, _lazy("Department"), _SUCCESSORS)
    predecessors = linked_list(RelType.SUCCEEDED_BY, IN, _lazy("Department"), _PREDECESSORS)
    bureau = linked_one(
        RelType.PART_OF,
        OUT,
        _lazy("Bureau"),
        "The policy bureau the department is under; a unit's is its department's "
        "(the Centre for Food Safety's is FEHD's, EEB). " + CHART_RULE,
        kinds=frozenset({NodeKind.BUREAU}),
        follows_chart=True,
    )
    parent_department = linked_one(
        RelType.PART_OF,
        OUT,
        _lazy("Department"),
        "The department this unit belongs to: its place when that is a department, "
        "null when it sits under a bureau. " + CHART_RULE,
        kinds=frozenset({NodeKind.DEPARTMENT}),
        follows_chart=True,
    )
    units = linked_list(
        RelType.PART_OF, IN, _lazy("Entity"), "Units and programmes that belong to it."
    )
    events_attended = linked_list(
        RelType.ATTENDED, OUT, _lazy("Event"), "Events the department attended, newest first."
    )
    events_organised = linked_list(
        RelType.ORGANISED, OUT, _lazy("Event"), "Events the department organised."
    )
    needs = linked_list(
        RelType.NEEDS,
        OUT,
        _lazy("Technology"),
        "Technologies the department needs; each link's 'need' says the business need.",
    )
    piloted = linked_list(
        RelType.PILOTED, OUT, _lazy("Enterprise"), "Enterprises whose solutions it trialled."
    )
    enterprises_met = met_list(
        NodeKind.ENTERPRISE,
        _lazy("Enterprise"),
        "Enterprises it met: both attended the same event. Most recent first.",
    )


@strawberry.type(
    description="A body that connects government and industry: HKSTP, Cyberport, "
    "HKPC, and the Smart Government Innovation Lab."
)
class PartnerBody(Entity):
    founded: str | None = strawberry.field(description="When it was founded (year or date).")
    operated_by = linked_one(
        RelType.PART_OF,
        OUT,
        _lazy("Department"),
        "The department that runs it, if any.",
        kinds=frozenset({NodeKind.DEPARTMENT}),
    )
    incubatees = linked_list(
        RelType.INCUBATED_BY, IN, _lazy("Enterprise"), "Enterprises it incubates."
    )
    members = linked_list(RelType.MEMBER_OF, IN, _lazy("Enterprise"), "Member enterprises.")
    events_organised = linked_list(RelType.ORGANISED, OUT, _lazy("Event"), "Events it organised.")
    events_co_organised = linked_list(
        RelType.CO_ORGANISED, OUT, _lazy("Event"), "Events it co-organised."
    )


@strawberry.type(description="An I&T enterprise: start-up, SME or large firm.")
class Enterprise(Entity):
    origin: Origin | None = strawberry.field(description="Hong Kong, Mainland or overseas.")
    size: EnterpriseSize | None = strawberry.field(description="Start-up, SME or large.")
    founded: str | None = strawberry.field(description="When it was founded (year or date).")
    offers = linked_list(
        RelType.OFFERS, OUT, _lazy("Technology"), "Technologies the enterprise offers."
    )
    incubated_by = linked_list(
        RelType.INCUBATED_BY, OUT, _lazy("PartnerBody"), "Partner bodies incubating it."
    )
    member_of = linked_list(
        RelType.MEMBER_OF, OUT, _lazy("PartnerBody"), "Partner bodies it is a member of."
    )
    events_attended = linked_list(
        RelType.ATTENDED, OUT, _lazy("Event"), "Events the enterprise attended, newest first."
    )
    piloted_by = linked_list(
        RelType.PILOTED, IN, _lazy("Department"), "Departments that trialled its solutions."
    )
    departments_met = met_list(
        NodeKind.DEPARTMENT,
        _lazy("Department"),
        "Departments it met: both attended the same event. Most recent first.",
    )


@strawberry.type(description="A technology in the taxonomy (e.g. AI > Computer Vision).")
class Technology(Entity):
    broader = linked_one(
        RelType.PART_OF, OUT, _lazy("Technology"), "The broader technology this belongs to."
    )
    narrower = linked_list(
        RelType.PART_OF, IN, _lazy("Technology"), "Narrower technologies under this one."
    )
    offered_by = linked_list(
        RelType.OFFERS, IN, _lazy("Enterprise"), "Enterprises offering exactly this technology."
    )
    needed_by = linked_list(
        RelType.NEEDS, IN, _lazy("Department"), "Departments needing exactly this technology."
    )


@strawberry.type(description="A Technology Forum, workshop or other gathering.")
class Event(Entity):
    event_type: EventType | None = strawberry.field(description="Forum, workshop, ...")
    number: int | None = strawberry.field(description="The forum's number, e.g. 19.")
    date: dt.date | None = strawberry.field(description="The day it was held.")
    date_certainty: DateCertainty = strawberry.field(
        description="EXACT: the day is as its source states it. APPROXIMATE: it stands in "
        "for a day known only roughly (the description says what is known); read as-of "
        "answers and the change digest around it with care."
    )
    venue: str | None = strawberry.field(description="Where it was held.")
    theme: str | None = strawberry.field(description="Its theme or title.")
    attendees = linked_list(
        RelType.ATTENDED,
        IN,
        _lazy("Entity"),
        "Parties that attended, each link with its role.",
        role_filter=True,
    )
    people = people_at_event()
    organisers = linked_list(RelType.ORGANISED, IN, _lazy("Entity"), "Who organised it.")
    co_organisers = linked_list(RelType.CO_ORGANISED, IN, _lazy("Entity"), "Who co-organised it.")


def entity_from_record(record: NodeRecord) -> Entity:
    """The GraphQL object for a stored node of any kind."""
    props = record.properties
    common = _common(record)
    match record.kind:
        case NodeKind.BUREAU:
            return Bureau(
                **common, **office_history(record), supervised_by=props.get("supervised_by")
            )
        case NodeKind.DEPARTMENT:
            return Department(**common, **office_history(record))
        case NodeKind.PARTNER_BODY:
            return PartnerBody(**common, founded=props.get("founded"))
        case NodeKind.ENTERPRISE:
            return Enterprise(
                **common,
                origin=Origin(props["origin"]) if props.get("origin") else None,
                size=EnterpriseSize(props["size"]) if props.get("size") else None,
                founded=props.get("founded"),
            )
        case NodeKind.TECHNOLOGY:
            return Technology(**common)
        case NodeKind.EVENT:
            return Event(
                **common,
                event_type=EventType(props["event_type"]) if props.get("event_type") else None,
                number=props.get("number"),
                date=record.date,
                date_certainty=DateCertainty(props.get("date_certainty") or "EXACT"),
                venue=props.get("venue"),
                theme=props.get("theme"),
            )
    raise personal_data(record.id)


def personal_data(node_id: str) -> GraphApiError:
    """FORBIDDEN for a Person's id: the API shows no Person, to any role. The answer is
    the same whether or not a Person has that id, so it cannot be used to test names."""
    return GraphApiError(
        ErrorCode.FORBIDDEN,
        f"'{node_id}' is a Person id: personal data, which this API does not show "
        "(lists leave persons out; ask for other kinds).",
    )


ENTITY_TYPES: dict[NodeKind, type[Entity]] = {
    NodeKind.BUREAU: Bureau,
    NodeKind.DEPARTMENT: Department,
    NodeKind.PARTNER_BODY: PartnerBody,
    NodeKind.ENTERPRISE: Enterprise,
    NodeKind.TECHNOLOGY: Technology,
    NodeKind.EVENT: Event,
}

linked.ENTITY_FROM_RECORD.append(entity_from_record)
