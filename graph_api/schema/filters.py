"""GraphQL filter inputs for each entity list, turned into store filter trees.

Every input's fields combine with AND; ``and``, ``or`` and ``not`` nest further
inputs of the same type. Technology conditions include narrower technologies of the
taxonomy. Date ranges are inclusive and either end may be left open.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

import strawberry

from graph_api.errors import bad_input
from graph_api.model import EnterpriseSize, EventType, Origin
from graph_api.store.filters import AnyOf, Filter, Not, Predicate, conjunction
from graph_api.store.search import SearchTerms

_EARLIEST, _LATEST = "0000-01-01", "9999-12-31"


@strawberry.enum(description="Which Secretary supervises a bureau.")
class Secretary(StrEnum):
    CS = "CS"
    FS = "FS"


@strawberry.input(description="A range of days, both ends included; leave one open if needed.")
class DateRange:
    start: dt.date | None = strawberry.field(default=None, name="from", description="First day.")
    end: dt.date | None = strawberry.field(default=None, name="to", description="Last day.")

    def bounds(self, argument: str) -> dict[str, str]:
        """``low``/``high`` ISO strings for a ``*_between`` predicate."""
        if self.start and self.end and self.start > self.end:
            raise bad_input(
                f"'{argument}': 'from' ({self.start}) is after 'to' ({self.end}).",
                argument=argument,
            )
        return {
            "low": self.start.isoformat() if self.start else _EARLIEST,
            "high": self.end.isoformat() if self.end else _LATEST,
        }


def _ids(values: list[strawberry.ID] | None) -> list[str] | None:
    return None if values is None else [str(value) for value in values]


def _flag(name: str, wanted: bool | None) -> Filter | None:
    if wanted is None:
        return None
    predicate = Predicate.of(name)
    return predicate if wanted else Not(predicate)


def _combine(
    own: list[Filter | None], and_: list[Any] | None, or_: list[Any] | None, not_: Any | None
) -> Filter | None:
    parts: list[Filter] = [part for part in own if part is not None]
    parts += [tree for item in (and_ or []) if (tree := item.to_filter()) is not None]
    if or_ is not None:
        options = [item.to_filter() for item in or_]
        # An empty input inside 'or' matches everything, so the whole 'or' does.
        if options and all(option is not None for option in options):
            parts.append(AnyOf(tuple(option for option in options if option is not None)))
    if not_ is not None:
        negated = not_.to_filter()
        parts.append(Not(negated) if negated is not None else AnyOf(()))
    return conjunction(parts)


def _name_contains(text: str | None) -> Filter | None:
    """Every word of ``text`` in some name, as search reads it (Simplified as
    Traditional, case folded, spacing ignored; of many words, the five longest)."""
    if text is None:
        return None
    terms = SearchTerms.parse(text).terms
    return conjunction([Predicate.of("name_contains", value=term) for term in terms])


def _in(name: str, values: list[Any] | None) -> Filter | None:
    if values is None:
        return None
    return Predicate.of(name, value=[str(getattr(v, "value", v)) for v in values])


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
            _in("supervised_by_in", self.supervised_by),
            _name_contains(self.name_contains),
            _sample(self.is_sample),
        ]
        return _combine(own, self.and_, self.or_, self.not_)


@strawberry.input(description="Which departments to list.")
class DepartmentFilter:
    bureau: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Under one of these bureaux (directly or via a parent)."
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
            _ids_predicate("in_bureau", self.bureau),
            _ids_predicate("needs_technology", self.needs_technology),
            _flag("has_needs", self.has_needs),
            _ids_predicate("attended_event", self.attended_event),
            _between("attended_between", self.attended_between, "attendedBetween"),
            _flag("attended_any", self.attended_any),
            _flag("has_piloted", self.has_piloted),
            _name_contains(self.name_contains),
            _sample(self.is_sample),
        ]
        return _combine(own, self.and_, self.or_, self.not_)


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
            _in("origin_in", self.origin),
            _in("size_in", self.size),
            _ids_predicate("offers_technology", self.offers_technology),
            _flag("has_offers", self.has_offers),
            _ids_predicate("tied_to_partner", self.partner_body),
            _ids_predicate("attended_event", self.attended_event),
            _between("attended_between", self.attended_between, "attendedBetween"),
            _flag("attended_any", self.attended_any),
            _flag("was_piloted", self.was_piloted),
            _name_contains(self.name_contains),
            _sample(self.is_sample),
        ]
        return _combine(own, self.and_, self.or_, self.not_)


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
            _between("dated_between", self.date, "date"),
            _in("event_type_in", self.event_type),
            _ids_predicate("organised_by", self.organised_by),
            _ids_predicate("attended_by", self.attended_by),
            _name_contains(self.name_contains),
            _sample(self.is_sample),
        ]
        return _combine(own, self.and_, self.or_, self.not_)


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
            _ids_predicate("under_technology", self.under),
            _flag("has_supply", self.has_supply),
            _flag("has_demand", self.has_demand),
            _name_contains(self.name_contains),
            _sample(self.is_sample),
        ]
        return _combine(own, self.and_, self.or_, self.not_)


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
            _flag("has_incubatees", self.has_incubatees),
            _name_contains(self.name_contains),
            _sample(self.is_sample),
        ]
        return _combine(own, self.and_, self.or_, self.not_)


def _ids_predicate(name: str, values: list[strawberry.ID] | None) -> Filter | None:
    ids = _ids(values)
    if ids is None:
        return None
    if not ids:
        raise bad_input(f"An id list in a filter ({name}) is empty; give at least one id.")
    return Predicate.of(name, value=ids)


def _between(name: str, dates: DateRange | None, argument: str) -> Filter | None:
    return None if dates is None else Predicate.of(name, **dates.bounds(argument))


def _sample(wanted: bool | None) -> Filter | None:
    return None if wanted is None else Predicate.of("is_sample", value=wanted)
