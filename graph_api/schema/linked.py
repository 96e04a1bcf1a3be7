"""Field factories for the relationships between entities.

Every entity type has several fields of the same shape: "the entities linked to me
by <type> in <direction>", paged, optionally narrowed to some kinds. ``linked_list``
builds such a field and ``linked_one`` its single-valued cousin (a department's
bureau), so each type declares a relationship in one line and every such field
batches through the same DataLoader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from graph_api.domain import AttendanceRole, Evidence, NodeKind, NodeRecord, RelType
from graph_api.schema import enums  # noqa: F401 - registers the enums this module names
from graph_api.schema.connections import LinkConnection, asks_total_count, link_connection
from graph_api.schema.context import GraphContext
from graph_api.schema.pagination import PageRequest, check_page_request, prefix_needed
from graph_api.schema.trust import checked_trust
from graph_api.store.base import (
    EVERY_LINK_VIEW,
    UNLIMITED,
    Direction,
    LinkView,
    Neighbour,
    Slice,
)
from graph_api.store.search import SearchTerms


@dataclass(frozen=True)
class LinkedField:
    """What a field made by ``linked_list`` or ``linked_one`` reads, so that
    ``graph_api.schema.prefetch`` can read it ahead, with its owner, in one query."""

    rel_type: RelType
    direction: Direction
    kinds: tuple[NodeKind, ...]
    single: bool  # linked_one: the first item alone, no paging arguments
    follows_chart: bool = False  # PART_OF read as the organisation chart


# Each generated resolver's LinkedField, looked up by the resolver function itself.
LINKED_FIELDS: dict[Callable[..., Any], LinkedField] = {}

# Set by graph_api.schema.entities once the entity classes exist (they refer to this
# module, so the mapping cannot be imported here without a cycle).
ENTITY_FROM_RECORD: list[Callable[[NodeRecord], Any]] = []

# Built once; typed Any because mypy cannot follow type applications made at run time.
PARENT: Any = strawberry.Parent[Any]  # type: ignore[misc]

PAGE_ARGUMENT_HELP = {
    "first": "Page forwards: how many items after 'after' (default 20).",
    "after": "Cursor to start after (from a previous page's pageInfo.endCursor).",
    "last": "Page backwards: how many items before 'before'.",
    "before": "Cursor to end before (from a previous page's pageInfo.startCursor).",
}


def to_entity(record: NodeRecord) -> Any:
    """The GraphQL object for a stored node."""
    return ENTITY_FROM_RECORD[0](record)


async def _load(
    info: Info[GraphContext, None],
    owner_id: str,
    rel_type: RelType,
    direction: Direction,
    kinds: frozenset[NodeKind],
    role: AttendanceRole | None = None,
    limit: int = UNLIMITED,
    view: LinkView = EVERY_LINK_VIEW,
    counted: bool = True,
    words: tuple[str, ...] = (),
    follows_chart: bool = False,
) -> Slice[Neighbour]:
    loader = info.context.neighbours(
        rel_type,
        direction,
        tuple(sorted(kinds)),
        role.value if role else None,
        limit,
        view,
        counted,
        words,
        follows_chart,
    )
    return await loader.load(owner_id)


def link_view(
    as_of: dt.date | None, min_confidence: float | None, evidence: list[Evidence] | None
) -> LinkView:
    """The view a nested list's arguments name; out-of-range values are BAD_USER_INPUT."""
    minimum, kinds = checked_trust(min_confidence, evidence)
    return LinkView(as_of, minimum, tuple(sorted(e.value for e in kinds)))


def name_words(text: str | None) -> tuple[str, ...]:
    """The words of a nested list's ``nameContains``, folded as search folds them."""
    return () if text is None else SearchTerms.parse(text, argument="nameContains").terms


NAME_CONTAINS_HELP = (
    "Only entities with some name (English, Chinese, abbreviation, alias or former name) "
    "holding every word of this text, as search reads it (Simplified Chinese as "
    "Traditional; case and spacing ignored; of many words, the five longest)."
)


def page_annotations(return_type: Any) -> dict[str, Any]:
    """Real (not string) annotations for a generated paged resolver, so Strawberry can
    read them: the parent, ``info``, the four paging arguments and ``return_type``."""
    annotations: dict[str, Any] = {
        "root": PARENT,
        "info": Info[GraphContext, None],
        "return": return_type,
    }
    for name, help_text in PAGE_ARGUMENT_HELP.items():
        value_type = int | None if name in ("first", "last") else str | None
        annotations[name] = Annotated[value_type, strawberry.argument(description=help_text)]
    annotations["as_of"] = Annotated[dt.date | None, strawberry.argument(description=AS_OF_HELP)]
    annotations["min_confidence"] = Annotated[
        float | None,
        strawberry.argument(description="Only links at least this confident, 0 to 1."),
    ]
    annotations["evidence"] = Annotated[
        list[Evidence] | None,
        strawberry.argument(
            description="Only links known in these ways (default: all); PART_OF and "
            "SUCCEEDED_BY links (the chart, the taxonomy, renames) always count."
        ),
    ]
    annotations["name_contains"] = Annotated[
        str | None, strawberry.argument(description=NAME_CONTAINS_HELP)
    ]
    return annotations


AS_OF_HELP = (
    "The list as it stood on this day: links dated later (an undated link to an event "
    "takes the event's day) and entities that began later are left out."
)


def linked_list(
    rel_type: RelType,
    direction: Direction,
    node_type: Any,
    description: str,
    kinds: frozenset[NodeKind] = frozenset(),
    role_filter: bool = False,
    follows_chart: bool = False,
    item: Callable[[NodeRecord], Any] = to_entity,
) -> Any:
    """A paged field listing the entities linked to this one by ``rel_type``
    (``follows_chart``: PART_OF read as the organisation chart, ``CHART_RULE``; ``item``:
    the GraphQL object of each linked record)."""
    spec = LinkedField(rel_type, direction, tuple(sorted(kinds)), False, follows_chart)

    async def page(
        root: Any,
        info: Info[GraphContext, None],
        request: PageRequest,
        role: AttendanceRole | None,
        view: LinkView,
        words: tuple[str, ...],
    ) -> Any:
        check_page_request(request, info.context.settings.max_page_size)
        scope = (
            f"{root.id}/{rel_type.value}/{direction.value}/{role.value if role else ''}"
            f"/{view.key()}/{' '.join(words)}{'/chart' if follows_chart else ''}"
        )
        needed = prefix_needed(scope, request)
        found = await _load(
            info,
            str(root.id),
            rel_type,
            direction,
            kinds,
            role,
            UNLIMITED if needed is None else needed,
            view,
            asks_total_count(info._raw_info.field_nodes, info._raw_info.fragments),
            words,
            follows_chart,
        )
        return link_connection(scope, found, request, lambda n: item(n.node))

    annotations = page_annotations(LinkConnection[node_type])
    if role_filter:

        async def resolve_with_role(
            root: Any,
            info: Info[GraphContext, None],
            first: int | None = None,
            after: str | None = None,
            last: int | None = None,
            before: str | None = None,
            as_of: dt.date | None = None,
            min_confidence: float | None = None,
            evidence: list[Evidence] | None = None,
            name_contains: str | None = None,
            role: AttendanceRole | None = None,
        ) -> Any:
            view = link_view(as_of, min_confidence, evidence)
            request = PageRequest(first, after, last, before)
            return await page(root, info, request, role, view, name_words(name_contains))

        annotations["role"] = Annotated[
            AttendanceRole | None, strawberry.argument(description="Only links with this role.")
        ]
        resolve_with_role.__annotations__ = annotations
        LINKED_FIELDS[resolve_with_role] = spec
        return strawberry.field(resolver=resolve_with_role, description=description)

    async def resolve(
        root: Any,
        info: Info[GraphContext, None],
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        as_of: dt.date | None = None,
        min_confidence: float | None = None,
        evidence: list[Evidence] | None = None,
        name_contains: str | None = None,
    ) -> Any:
        view = link_view(as_of, min_confidence, evidence)
        request = PageRequest(first, after, last, before)
        return await page(root, info, request, None, view, name_words(name_contains))

    resolve.__annotations__ = annotations
    LINKED_FIELDS[resolve] = spec
    return strawberry.field(resolver=resolve, description=description)


def linked_one(
    rel_type: RelType,
    direction: Direction,
    node_type: Any,
    description: str,
    kinds: frozenset[NodeKind] = frozenset(),
    follows_chart: bool = False,
) -> Any:
    """A field giving the one entity linked to this one by ``rel_type`` (or null;
    ``follows_chart``: PART_OF read as the organisation chart, ``CHART_RULE``)."""

    async def resolve(
        root: Any, info: Info[GraphContext, None], as_of: dt.date | None = None
    ) -> Any:
        view = link_view(as_of, None, None)
        found = await _load(
            info,
            str(root.id),
            rel_type,
            direction,
            kinds,
            limit=1,
            view=view,
            counted=False,
            follows_chart=follows_chart,
        )
        if not found.items:
            return None
        record = found.items[0].node
        return to_entity(record if as_of is None else record.as_named_on(as_of))

    resolve.__annotations__ = {
        "root": PARENT,
        "info": Info[GraphContext, None],
        "as_of": Annotated[
            dt.date | None,
            strawberry.argument(
                description="As it stood on this day: a link that began later does not "
                "count, and the entity has the names it had then (a department's bureau "
                "in 2021 is the Innovation and Technology Bureau, not ITIB)."
            ),
        ],
        "return": node_type | None,
    }
    LINKED_FIELDS[resolve] = LinkedField(
        rel_type, direction, tuple(sorted(kinds)), True, follows_chart
    )
    return strawberry.field(resolver=resolve, description=description)
