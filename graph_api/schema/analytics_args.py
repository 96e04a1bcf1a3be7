"""Argument types and checks for the analytics queries: every rule a user can break is
checked here and reported as BAD_USER_INPUT (or NOT_FOUND) naming the allowed values."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Annotated, TypeVar

import strawberry
from strawberry.types.nodes import SelectedField, Selection

from graph_api.analytics.filters import ALL_TYPES, EVERY_DAY, LinkFilter, Period
from graph_api.analytics.lens import (
    ALL_EVIDENCE,
    PLAIN,
    SMALL_EVENT_LIMIT,
    Lens,
    view,
    view_of_records,
)
from graph_api.analytics.projection import Projection
from graph_api.analytics.projection_cache import projection_for
from graph_api.domain import EnterpriseSize, Evidence, NodeKind, Origin, RelType
from graph_api.errors import ErrorCode, GraphApiError, bad_input, not_found

# entities registers the model's enums (Origin, ...) with GraphQL; it must be imported
# before filters, whose inputs use them, or Strawberry defines them twice.
from graph_api.schema import entities  # noqa: F401
from graph_api.schema.context import GraphInfo

# One DateRange input for the whole API: the list filters' (same shape: from, to).
from graph_api.schema.filter_parts import DateRange
from graph_api.schema.linked import NAME_CONTAINS_HELP, name_words
from graph_api.schema.trust import checked_trust
from graph_api.store.base import GraphStore

NameContains = Annotated[
    str | None,
    strawberry.argument(description="Only entries about an entity named so. " + NAME_CONTAINS_HELP),
]
T = TypeVar("T")


async def keep_named(
    store: GraphStore, found: Sequence[T], entity_of: Callable[[T], str], text: str | None
) -> Sequence[T]:
    """``found`` (an analytics answer, in its order) less the entries whose entity has no
    name holding every word of ``text``; all of it without ``text``."""
    words = name_words(text)
    if not words:
        return found
    named = await store.ids_named(sorted({entity_of(item) for item in found}), words)
    return [item for item in found if entity_of(item) in named]


Origins = Annotated[
    list[Origin] | None, strawberry.argument(description="Only enterprises from here.")
]
Sizes = Annotated[
    list[EnterpriseSize] | None, strawberry.argument(description="Only of these sizes.")
]

Between = Annotated[
    DateRange | None,
    strawberry.argument(
        description="Use only links dated in this range (undated links, such as PART_OF "
        "or OFFERS, always count)."
    ),
]

AsOf = Annotated[
    dt.date | None,
    strawberry.argument(
        description="Answer with the graph as it stood on this day: links dated after it, "
        "and entities that did not exist yet (events after it, bodies founded or "
        "established after it), do not count. Undated links always count."
    ),
]


@strawberry.input(
    description="Which links to trust. Every link carries its evidence (RECORDED by the "
    "organiser, REPORTED by a third party, INFERRED by a rule) and a confidence from 0 to 1."
)
class TrustFilter:
    evidence: list[Evidence] | None = strawberry.field(
        default=None,
        description="Only links known in these ways (default: all three). The organisation "
        "chart, the technology taxonomy (PART_OF) and renames (SUCCEEDED_BY) are reference "
        "structure: trust filters never drop them, so a department keeps its bureau.",
    )
    min_confidence: float = strawberry.field(
        default=0.0, description="Only links at least this confident, 0 to 1 (default 0)."
    )
    infer_meetings: bool = strawberry.field(
        default=False,
        description="Add MET links (evidence INFERRED, never stored) between each bureau or "
        "department and enterprise that attended the same workshop or thematic session of "
        f"at most {SMALL_EVENT_LIMIT} parties; confidence 1 - 0.5^n for n such events.",
    )
    include_sample: bool = strawberry.field(
        default=True,
        description="Whether links marked as sample data (isSample: invented for "
        "demonstration, like every enterprise and attendance of the seed data) count. "
        "false: real facts only. Reference structure counts either way.",
    )


Trust = Annotated[
    TrustFilter | None,
    strawberry.argument(description="Which links to trust (default: every stored link)."),
]


def lens_of(as_of: dt.date | None, trust: TrustFilter | None) -> Lens:
    """The lens an ``asOf`` date and ``trust`` filter name; out-of-range values refused."""
    if trust is None:
        return Lens(as_of=as_of)
    minimum, evidence = checked_trust(trust.min_confidence, trust.evidence, "trust.", "trust")
    kinds = frozenset(evidence) if evidence else ALL_EVIDENCE
    return Lens(as_of, kinds, minimum, trust.infer_meetings, trust.include_sample)


def check_first(info: GraphInfo, first: int) -> int:
    """``first`` if it is between 0 and the server's max page size; else BAD_USER_INPUT."""
    return in_range("first", first, 0, info.context.settings.max_page_size)


def first_help(default: int) -> str:
    """The description of a ``first`` argument with this default."""
    return f"How many to return (default {default}, at most the server's max page size)."


async def load_projection(store: GraphStore, lens: Lens = PLAIN) -> Projection:
    """The analytics projection of the request's store (cached: 0 or 2 round-trips),
    seen through ``lens`` (as of a day, trusted links only; memoised per projection)."""
    return view(await projection_for(store), lens)


async def known_records(store: GraphStore, ids: Iterable[str], lens: Lens = PLAIN) -> Projection:
    """The records of these entities as ``lens`` sees them (one round-trip): enough to
    check a question's arguments and name the entities of its answer."""
    wanted = sorted(set(ids))
    records = await store.get_nodes(wanted)
    known = view_of_records(list(records.values()), lens)
    missing = [node_id for node_id in wanted if node_id not in records]
    if not missing:
        return known
    merged = await store.merged_into(missing)  # a second round-trip only for unknown ids
    return dataclasses.replace(known, merged_into=merged) if merged else known


def period(between: DateRange | None) -> Period:
    """The period a DateRange names; 'from' after 'to' is refused."""
    if between is None:
        return EVERY_DAY
    if between.start and between.end and between.start > between.end:
        raise bad_input(
            f"'between.from' ({between.start.isoformat()}) must not be after 'between.to' "
            f"({between.end.isoformat()}).",
            argument="between",
        )
    return Period(between.start, between.end)


def link_filter(between: DateRange | None, via: list[RelType] | None = None) -> LinkFilter:
    """The links a question may use: these types (all if none given) inside ``between``."""
    if via is not None and not via:
        allowed = ", ".join(t.value for t in RelType)
        raise bad_input(
            f"'via' must name at least one relationship type ({allowed}), or be left out "
            "to use all of them.",
            argument="via",
        )
    return LinkFilter(types=frozenset(via) if via else ALL_TYPES, period=period(between))


def in_range(argument: str, value: int, low: int, high: int) -> int:
    """``value`` if ``low <= value <= high``; otherwise BAD_USER_INPUT naming the range."""
    if not low <= value <= high:
        raise bad_input(
            f"'{argument}' must be between {low} and {high}; it was {value}.",
            argument=argument,
            minimum=low,
            maximum=high,
        )
    return value


def require(projection: Projection, node_id: str, kinds: Collection[NodeKind] = ()) -> str:
    """``node_id`` if the graph holds it (and it is of one of ``kinds``); else NOT_FOUND."""
    names = [k.value for k in NodeKind if k in kinds]
    if not names:
        expected = "entity"
    elif len(names) == 1:
        expected = names[0]
    else:
        expected = f"{', '.join(names[:-1])} or {names[-1]}"
    actual = projection.kind_of(node_id)
    if actual is None and node_id in projection.not_yet:
        began = projection.not_yet[node_id].isoformat()
        raise bad_input(
            f"'{node_id}' did not exist yet on the asOf day: it began on {began}. Ask as of "
            "a later day, or about another entity.",
            argument="asOf",
            began=began,
        )
    if actual is None and node_id in projection.merged_into:
        survivor = projection.merged_into[node_id]
        raise GraphApiError(
            ErrorCode.NOT_FOUND,
            f"'{node_id}' was merged into '{survivor}': ask about '{survivor}'. (Only single "
            "lookups, such as node(id: ...), follow an old id to the entity it became.)",
            id=node_id,
            mergedInto=survivor,
        )
    if actual is None:
        raise not_found(expected, node_id)
    if kinds and actual not in kinds:
        raise not_found(expected, node_id, actual.value)
    return node_id


def require_all(
    projection: Projection, ids: Iterable[strawberry.ID], kinds: Collection[NodeKind] = ()
) -> frozenset[str]:
    """Every id checked by ``require``."""
    return frozenset(require(projection, str(node_id), kinds) for node_id in ids)


def require_kinds(
    argument: str, kinds: Collection[NodeKind], allowed: Collection[NodeKind]
) -> None:
    """Refuse kinds outside ``allowed``, naming the allowed ones."""
    wrong = [kind for kind in kinds if kind not in allowed]
    if wrong:
        names = ", ".join(k.name for k in NodeKind if k in allowed)
        raise bad_input(
            f"'{argument}' may only name {names}; {wrong[0].name} is not analysed here.",
            argument=argument,
        )


def selects(selections: Sequence[Selection], name: str) -> bool:
    """Whether a field called ``name`` is asked for anywhere under these selections
    (through fragments too): lets a resolver skip work for fields nobody asked for."""
    for selection in selections:
        if isinstance(selection, SelectedField) and selection.name == name:
            return True
        if selects(selection.selections, name):
            return True
    return False
