"""Root entity lists: ordering, filtering and Relay paging of one kind of entity."""

from __future__ import annotations

import datetime as dt
import hashlib
from enum import StrEnum
from typing import Annotated, Any

import strawberry

from graph_api.domain import NodeKind, is_person_id
from graph_api.errors import bad_input
from graph_api.schema.connections import Connection, Edge, asks_total_count, page_info
from graph_api.schema.context import GraphInfo
from graph_api.schema.entities import Entity, entity_from_record
from graph_api.schema.pagination import (
    PageRequest,
    Window,
    check_page_request,
    encode_cursor,
    plan_fetch,
    resolve_window,
)
from graph_api.schema.prefetch import prefetch
from graph_api.store.base import NodeQuery, SortField
from graph_api.store.filters import Filter, Predicate, chart_as_of, conjunction, referenced_ids

strawberry.enum(SortField, description="What a list is ordered by.")


@strawberry.enum(description="Ascending or descending.")
class SortDirection(StrEnum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input(description="How to order a list.")
class OrderBy:
    field: SortField = strawberry.field(
        default=SortField.NAME_EN,
        description="NAME_EN, NAME_ZH (entities without one last), DATE (undated last), "
        "DEGREE (number of links; with asOf, only those that had begun by that day, "
        "to entities that existed then; a department's former bureau counts too) or "
        "MEETINGS (most met: how many bureaux, departments, enterprises and partner "
        "bodies attended an event with it; with asOf, by that day; offers, needs and "
        "memberships do not count).",
    )
    direction: SortDirection = strawberry.field(
        default=SortDirection.ASC, description="ASC or DESC."
    )


async def _check_filter_ids(info: GraphInfo, tree: Filter | None) -> None:
    """Unknown ids in a filter are a mistake to report, not a silent empty list."""
    ids = sorted(referenced_ids(tree)) if tree is not None else []
    if not ids:
        return
    persons = [node_id for node_id in ids if is_person_id(node_id)]
    if persons:
        # Refused before any lookup, for every role: otherwise the answer would tell
        # whether a Person exists, and which events they attended.
        raise bad_input(
            f"The filter names Person ids ({', '.join(persons)}): personal data, which "
            "list filters do not take. Filter by organisations, events or technologies.",
            argument="filter",
        )
    found = await info.context.nodes.load_many(ids)
    missing = [node_id for node_id, record in zip(ids, found, strict=True) if record is None]
    if missing:
        raise bad_input(
            f"The filter names ids that do not exist: {', '.join(missing)}. "
            "Use search(text: ...) to find an id by name.",
            argument="filter",
            ids=missing,
        )


async def list_entities(
    info: GraphInfo,
    kind: NodeKind,
    request: PageRequest,
    order_by: OrderBy | None,
    tree: Filter | None = None,
    as_of: dt.date | None = None,
) -> Connection[Entity]:
    """One page of entities of ``kind``: filtered, ordered, and (with ``as_of``) only
    those that existed on that day."""
    if as_of is not None:
        day = as_of.isoformat()
        tree = conjunction(
            [*([chart_as_of(tree, day)] if tree else []), Predicate.of("existed_on", value=day)]
        )
    settings = info.context.settings
    check_page_request(request, settings.max_page_size)
    await _check_filter_ids(info, tree)
    order = order_by or OrderBy()
    # The filter is part of the scope so a cursor from another filter is refused.
    filter_key = hashlib.sha256(repr(tree).encode()).hexdigest()[:12] if tree else "all"
    scope = f"{kind.value}/{order.field.value}/{order.direction.value}/{filter_key}"
    store = info.context.store
    plan = plan_fetch(scope, request)
    if plan is None:  # 'last' without 'before': the end must be known first
        total = await store.count_matching(kind, tree)
        window = resolve_window(scope, request, total)
        plan = (window.start, window.size)
    skip, limit = plan
    page = await store.list_nodes(
        NodeQuery(
            kind=kind,
            skip=skip,
            limit=limit,
            sort=order.field,
            descending=order.direction is SortDirection.DESC,
            filter=tree,
            counted=asks_total_count(info._raw_info.field_nodes, info._raw_info.fragments),
            as_of=as_of,
        )
    )
    # The lists selected under the page's items, all in one more round trip.
    await prefetch(info, [record.id for record in page.nodes], items=True)
    window = Window(
        start=min(skip, page.total), end=min(skip, page.total) + len(page.nodes), total=page.total
    )
    edges = [
        Edge(
            cursor=encode_cursor(scope, window.start + offset),
            node=entity_from_record(record.as_named_on(as_of) if as_of else record),
        )
        for offset, record in enumerate(page.nodes)
    ]
    return Connection(edges=edges, page_info=page_info(scope, window), total_count=page.total)


First = Annotated[
    int | None,
    strawberry.argument(
        description="Page forwards: how many items "
        "after 'after' (default 20, at most the "
        "server's max page size, 100 by default)."
    ),
]
After = Annotated[str | None, strawberry.argument(description="Cursor to start after.")]
Last = Annotated[
    int | None, strawberry.argument(description="Page backwards: how many items before 'before'.")
]
Before = Annotated[str | None, strawberry.argument(description="Cursor to end before.")]
Order = Annotated[OrderBy | None, strawberry.argument(description="Order (default: NAME_EN ASC).")]
Id = Annotated[strawberry.ID, strawberry.argument(description="The entity's id.")]
LookupAsOf = Annotated[
    dt.date | None,
    strawberry.argument(
        description="The entity as it was on this day: the names it went by then (a "
        "Chinese name or abbreviation not recorded for that day is null), and NOT_FOUND "
        "if it did not exist yet or was dissolved before it. Its lists take their own asOf."
    ),
]
ListAsOf = Annotated[
    dt.date | None,
    strawberry.argument(
        description="Only entities that existed on this day (founded, established or held "
        "on or before it and not dissolved before it; entities with no such date always "
        "count), each with the names it went by then. Nested lists take their own asOf; "
        "the analytics questions take it for the whole graph."
    ),
]


def entity_list(kind: NodeKind, node_type: Any, filter_type: Any, description: str) -> Any:
    """A root field listing every entity of ``kind`` page by page: Relay paging, ordering,
    the kind's filter and an as-of day, all resolved by ``list_entities``."""

    async def resolve(
        info: GraphInfo,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: OrderBy | None = None,
        filter: Any = None,
        as_of: dt.date | None = None,
    ) -> Any:
        tree = filter.to_filter() if filter is not None else None
        request = PageRequest(first, after, last, before)
        return await list_entities(info, kind, request, order_by, tree, as_of)

    resolve.__annotations__ = {
        "info": GraphInfo,
        "first": First,
        "after": After,
        "last": Last,
        "before": Before,
        "order_by": Order,
        "filter": Annotated[
            filter_type | None,
            strawberry.argument(description="Only entities that pass this filter."),
        ],
        "as_of": ListAsOf,
        "return": Connection[node_type],
    }
    return strawberry.field(resolver=resolve, description=description)
