"""The parts every list filter input is built from: a date range, and the helpers that
turn one input field into a store predicate (``graph_api.schema.filters``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from graph_api.errors import bad_input
from graph_api.store.filters import AnyOf, Filter, Not, Predicate, conjunction
from graph_api.store.search import SearchTerms

_EARLIEST, _LATEST = "0000-01-01", "9999-12-31"


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


def ids_of(values: list[strawberry.ID] | None) -> list[str] | None:
    """The ids as text (None stays None)."""
    return None if values is None else [str(value) for value in values]


def flag(name: str, wanted: bool | None) -> Filter | None:
    """The predicate ``name`` (true), its negation (false), or nothing (None)."""
    if wanted is None:
        return None
    predicate = Predicate.of(name)
    return predicate if wanted else Not(predicate)


def combine(
    own: list[Filter | None], and_: list[Any] | None, or_: list[Any] | None, not_: Any | None
) -> Filter | None:
    """An input's own conditions AND its ``and`` inputs, AND any of its ``or`` inputs,
    AND NOT its ``not`` input."""
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


def name_contains(text: str | None) -> Filter | None:
    """Every word of ``text`` in some name, as search reads it (Simplified as
    Traditional, case folded, spacing ignored; of many words, the five longest)."""
    if text is None:
        return None
    terms = SearchTerms.parse(text, argument="nameContains").terms
    return conjunction([Predicate.of("name_contains", value=term) for term in terms])


def any_of(name: str, values: list[Any] | None) -> Filter | None:
    """The predicate ``name`` over these enum values (or their text), or nothing."""
    if values is None:
        return None
    return Predicate.of(name, value=[str(getattr(v, "value", v)) for v in values])


def ids_predicate(name: str, values: list[strawberry.ID] | None) -> Filter | None:
    """The predicate ``name`` over these ids; an empty list is BAD_USER_INPUT."""
    ids = ids_of(values)
    if ids is None:
        return None
    if not ids:
        raise bad_input(f"An id list in a filter ({name}) is empty; give at least one id.")
    return Predicate.of(name, value=ids)


def between(name: str, dates: DateRange | None, argument: str) -> Filter | None:
    """The ``*_between`` predicate ``name`` for a date range, or nothing."""
    return None if dates is None else Predicate.of(name, **dates.bounds(argument))


def sample(wanted: bool | None) -> Filter | None:
    """Only sample (true) or only real (false) entities, or nothing."""
    return None if wanted is None else Predicate.of("is_sample", value=wanted)
