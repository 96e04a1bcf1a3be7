"""GraphQL filter inputs for each entity list, turned into store filter trees.

Every input's fields combine with AND; ``and``, ``or`` and ``not`` nest further
inputs of the same type. Technology conditions include narrower technologies of the
taxonomy. Date ranges are inclusive and either end may be left open.
"""

from __future__ import annotations

from enum import StrEnum

import strawberry

from graph_api.domain import EnterpriseSize, EventType, Origin
from graph_api.schema.filter_parts import (
    DateRange,
    any_of,
    between,
    combine,
    flag,
    ids_predicate,
    name_contains,
    sample,
)
from graph_api.store.filters import Filter


@strawberry.enum(description="Which Secretary supervises a bureau.")
class Secretary(StrEnum):
    CS = "CS"
    FS = "FS"


_AND = "All of these filters hold."
_OR = "At least one of these filters holds."
_NOT = "This filter does not hold."
_SAMPLE = "Only sample (true) or only real (false) entities."
_NAME = (
    "Some name (English, Chinese, abbreviation, alias or former name) holds every word "
    "of this text, as search reads it (Simplified Chinese as Traditional; case and "
    "spacing ignored)."
)


@strawberry.input(description="Which bureaux to list.")
class BureauFilter:
    supervised_by: list[Secretary] | None = strawberry.field(
        default=None, description="Supervised by one of these Secretaries."
    )
    name_contains: str | None = strawberry.field(default=None, description=_NAME)
    is_sample: bool | None = strawberry.field(default=None, description=_SAMPLE)
    and_: list[BureauFilter] | None = strawberry.field(default=None, name="and", description=_AND)
    or_: list[BureauFilter] | None = strawberry.field(default=None, name="or", description=_OR)
    not_: BureauFilter | None = strawberry.field(default=None, name="not", description=_NOT)

    def to_filter(self) -> Filter | None:
        """The store filter this input describes."""
        own = [
            any_of("supervised_by_in", self.supervised_by),
            name_contains(self.name_contains),
            sample(self.is_sample),
        ]
        return combine(own, self.and_, self.or_, self.not_)


@strawberry.input(description="Which departments to list.")
class DepartmentFilter:
    bureau: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description=(
            "Under one of these bureaux (directly, or as a unit of a department under it) "
            "in the organisation chart of the list's asOf day; without asOf, today's."
        ),
    )
    needs_technology: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Needs one of these technologies or a narrower one."
    )
    has_needs: bool | None = strawberry.field(
        default=None, description="Has stated a technology need (true) or none (false)."
    )
    attended_event: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Attended one of these events (use 'not' for did not)."
    )
    attended_between: DateRange | None = strawberry.field(
        default=None, description="Attended some event held in this range."
    )
    attended_any: bool | None = strawberry.field(
        default=None, description="Attended at least one event (true) or none (false)."
    )
    has_piloted: bool | None = strawberry.field(
        default=None, description="Trialled an enterprise's solution (true) or not (false)."
    )
    name_contains: str | None = strawberry.field(default=None, description=_NAME)
    is_sample: bool | None = strawberry.field(default=None, description=_SAMPLE)
    and_: list[DepartmentFilter] | None = strawberry.field(
        default=None, name="and", description=_AND
    )
    or_: list[DepartmentFilter] | None = strawberry.field(default=None, name="or", description=_OR)
    not_: DepartmentFilter | None = strawberry.field(default=None, name="not", description=_NOT)

    def to_filter(self) -> Filter | None:
        """The store filter this input describes."""
        own = [
            ids_predicate("in_bureau", self.bureau),
            ids_predicate("needs_technology", self.needs_technology),
            flag("has_needs", self.has_needs),
            ids_predicate("attended_event", self.attended_event),
            between("attended_between", self.attended_between, "attendedBetween"),
            flag("attended_any", self.attended_any),
            flag("has_piloted", self.has_piloted),
            name_contains(self.name_contains),
            sample(self.is_sample),
        ]
        return combine(own, self.and_, self.or_, self.not_)


@strawberry.input(description="Which enterprises to list.")
class EnterpriseFilter:
    origin: list[Origin] | None = strawberry.field(default=None, description="One of these.")
    size: list[EnterpriseSize] | None = strawberry.field(default=None, description="One of these.")
    offers_technology: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Offers one of these technologies or a narrower one."
    )
    has_offers: bool | None = strawberry.field(
        default=None, description="Offers some technology (true) or none (false)."
    )
    partner_body: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Incubated by or a member of one of these partner bodies."
    )
    attended_event: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Attended one of these events (use 'not' for did not)."
    )
    attended_between: DateRange | None = strawberry.field(
        default=None, description="Attended some event held in this range."
    )
    attended_any: bool | None = strawberry.field(
        default=None, description="Attended at least one event (true) or none (false)."
    )
    was_piloted: bool | None = strawberry.field(
        default=None, description="Some department trialled its solution (true) or none."
    )
    name_contains: str | None = strawberry.field(default=None, description=_NAME)
    is_sample: bool | None = strawberry.field(default=None, description=_SAMPLE)
    and_: list[EnterpriseFilter] | None = strawberry.field(
        default=None, name="and", description=_AND
    )
    or_: list[EnterpriseFilter] | None = strawberry.field(default=None, name="or", description=_OR)
    not_: EnterpriseFilter | None = strawberry.field(default=None, name="not", description=_NOT)

    def to_filter(self) -> Filter | None:
        """The store filter this input describes."""
        own = [
            any_of("origin_in", self.origin),
            any_of("size_in", self.size),
            ids_predicate("offers_technology", self.offers_technology),
            flag("has_offers", self.has_offers),
            ids_predicate("tied_to_partner", self.partner_body),
            ids_predicate("attended_event", self.attended_event),
            between("attended_between", self.attended_between, "attendedBetween"),
            flag("attended_any", self.attended_any),
            flag("was_piloted", self.was_piloted),
            name_contains(self.name_contains),
            sample(self.is_sample),
        ]
        return combine(own, self.and_, self.or_, self.not_)


@strawberry.input(description="Which events to list.")
class EventFilter:
    date: DateRange | None = strawberry.field(default=None, description="Held in this range.")
    event_type: list[EventType] | None = strawberry.field(
        default=None, description="Of one of these types."
    )
    organised_by: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Organised or co-organised by one of these."
    )
    attended_by: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Attended by one of these parties."
    )
    name_contains: str | None = strawberry.field(default=None, description=_NAME)
    is_sample: bool | None = strawberry.field(default=None, description=_SAMPLE)
    and_: list[EventFilter] | None = strawberry.field(default=None, name="and", description=_AND)
    or_: list[EventFilter] | None = strawberry.field(default=None, name="or", description=_OR)
    not_: EventFilter | None = strawberry.field(default=None, name="not", description=_NOT)

    def to_filter(self) -> Filter | None:
        """The store filter this input describes."""
        own = [
            between("dated_between", self.date, "date"),
            any_of("event_type_in", self.event_type),
            ids_predicate("organised_by", self.organised_by),
            ids_predicate("attended_by", self.attended_by),
            name_contains(self.name_contains),
            sample(self.is_sample),
        ]
        return combine(own, self.and_, self.or_, self.not_)


@strawberry.input(description="Which technologies to list.")
class TechnologyFilter:
    under: list[strawberry.ID] | None = strawberry.field(
        default=None, description="One of these technologies or narrower than one of them."
    )
    has_supply: bool | None = strawberry.field(
        default=None, description="Some enterprise offers it or a narrower one (or none)."
    )
    has_demand: bool | None = strawberry.field(
        default=None, description="Some department needs it or a narrower one (or none)."
    )
    name_contains: str | None = strawberry.field(default=None, description=_NAME)
    is_sample: bool | None = strawberry.field(default=None, description=_SAMPLE)
    and_: list[TechnologyFilter] | None = strawberry.field(
        default=None, name="and", description=_AND
    )
    or_: list[TechnologyFilter] | None = strawberry.field(default=None, name="or", description=_OR)
    not_: TechnologyFilter | None = strawberry.field(default=None, name="not", description=_NOT)

    def to_filter(self) -> Filter | None:
        """The store filter this input describes."""
        own = [
            ids_predicate("under_technology", self.under),
            flag("has_supply", self.has_supply),
            flag("has_demand", self.has_demand),
            name_contains(self.name_contains),
            sample(self.is_sample),
        ]
        return combine(own, self.and_, self.or_, self.not_)


@strawberry.input(description="Which partner bodies to list.")
class PartnerBodyFilter:
    has_incubatees: bool | None = strawberry.field(
        default=None, description="Incubates or has member enterprises (true) or none (false)."
    )
    name_contains: str | None = strawberry.field(default=None, description=_NAME)
    is_sample: bool | None = strawberry.field(default=None, description=_SAMPLE)
    and_: list[PartnerBodyFilter] | None = strawberry.field(
        default=None, name="and", description=_AND
    )
    or_: list[PartnerBodyFilter] | None = strawberry.field(default=None, name="or", description=_OR)
    not_: PartnerBodyFilter | None = strawberry.field(default=None, name="not", description=_NOT)

    def to_filter(self) -> Filter | None:
        """The store filter this input describes."""
        own = [
            flag("has_incubatees", self.has_incubatees),
            name_contains(self.name_contains),
            sample(self.is_sample),
        ]
        return combine(own, self.and_, self.or_, self.not_)
