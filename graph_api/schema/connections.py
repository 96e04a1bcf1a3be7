"""Relay connection types (``edges { cursor node }``, ``pageInfo``, ``totalCount``).

``Connection[T]`` pages a root list of entities; ``LinkConnection[T]`` pages the
entities linked to one entity, and each of its edges also carries the ``link``
itself (type, date, source, role, ...), because that is where the facts live.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Generic, TypeVar

import strawberry
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)

from graph_api.domain import LinkRecord
from graph_api.schema.pagination import PageRequest, Window, encode_cursor, resolve_window
from graph_api.store.base import Neighbour, Slice
from graph_api.store.changes import LinkKey

T = TypeVar("T")


@strawberry.type(description="Where a page sits in its list (Relay cursor connections spec).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether items follow this page.")
    has_previous_page: bool = strawberry.field(description="Whether items precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first edge.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last edge.")


@strawberry.type(description="One item of a list and the cursor that points at it.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Pass as 'after' or 'before' to page from here.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="One page of a list of entities.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page, in order.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the list.")
    total_count: int = strawberry.field(description="How many items the whole list holds.")


@strawberry.type(description="A relationship between two entities, with its date and source.")
class Link:
    type: str = strawberry.field(description="Relationship type, e.g. ATTENDED or PART_OF.")
    date: dt.date | None = strawberry.field(description="When it happened or began.")
    source: str | None = strawberry.field(description="Where the fact comes from (URL or note).")
    is_sample: bool = strawberry.field(description="True if invented sample data, not a fact.")
    role: str | None = strawberry.field(description="ATTENDED only: HOST, SPEAKER, EXHIBITOR…")
    need: str | None = strawberry.field(description="NEEDS only: the business need in words.")
    project: str | None = strawberry.field(description="PILOTED only: what was trialled.")
    evidence: str = strawberry.field(description="RECORDED, REPORTED or INFERRED.")
    confidence: float = strawberry.field(description="How sure the link is, from 0 to 1.")
    key: strawberry.Private[LinkKey | None] = None

    @strawberry.field(
        description="When the link was first recorded in the graph, through the API or an "
        "import (the first change of its audit trail, read with history(id)). Null for "
        "links loaded from the seed files (their source says where the fact comes from) "
        "and for inferred links, which are never stored."
    )
    async def recorded_at(self, info: strawberry.Info) -> dt.datetime | None:
        if self.key is None:
            return None
        at = await info.context.recorded.load(self.key)
        return dt.datetime.fromisoformat(at) if at else None

    @classmethod
    def from_record(cls, link: LinkRecord) -> Link:
        """The GraphQL view of a stored link."""
        props = link.properties
        return cls(
            type=link.type.value,
            date=link.date,
            source=link.source,
            is_sample=link.sample,
            role=props.get("role"),
            need=props.get("need"),
            project=props.get("project"),
            evidence=str(props.get("evidence", "RECORDED")),
            confidence=float(props.get("confidence", 1.0)),
            key=(link.type, link.from_id, link.to_id),
        )


@strawberry.type(description="An entity linked to another, with the link between them.")
class LinkEdge(Generic[T]):
    cursor: str = strawberry.field(description="Pass as 'after' or 'before' to page from here.")
    node: T = strawberry.field(description="The entity at the other end of the link.")
    link: Link = strawberry.field(description="The link itself: type, date, source, role.")


@strawberry.type(description="One page of the entities linked to an entity.")
class LinkConnection(Generic[T]):
    edges: list[LinkEdge[T]] = strawberry.field(description="The items of this page, in order.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the list.")
    total_count: int = strawberry.field(description="How many items the whole list holds.")


def page_info(scope: str, window: Window) -> PageInfo:
    """Page info for a window of a list called ``scope``."""
    empty = window.size == 0
    return PageInfo(
        has_next_page=window.has_next_page,
        has_previous_page=window.has_previous_page,
        start_cursor=None if empty else encode_cursor(scope, window.start),
        end_cursor=None if empty else encode_cursor(scope, window.end - 1),
    )


def link_connection(
    scope: str,
    found: Slice[Neighbour],
    request: PageRequest,
    to_node: Callable[[Neighbour], T],
) -> LinkConnection[T]:
    """One page of a list of neighbours as a connection. ``found`` holds the list's first
    items (at least as many as the request can reach) and its full length."""
    window = resolve_window(scope, request, found.total)
    edges = [
        LinkEdge(
            cursor=encode_cursor(scope, offset),
            node=to_node(found.items[offset]),
            link=Link.from_record(found.items[offset].link),
        )
        for offset in range(window.start, min(window.end, len(found.items)))
    ]
    return LinkConnection(edges=edges, page_info=page_info(scope, window), total_count=found.total)


def asks_total_count(
    field_nodes: Sequence[FieldNode], fragments: Mapping[str, FragmentDefinitionNode]
) -> bool:
    """Whether a connection field's selection asks for ``totalCount`` (through fragments
    too; under @skip/@include as well, to be safe). When it does not, the list need not
    be counted: knowing whether items follow the page is enough for ``pageInfo``."""

    def asks(selection: SelectionSetNode | None) -> bool:
        for item in selection.selections if selection else ():
            if isinstance(item, FieldNode) and item.name.value == "totalCount":
                return True
            if isinstance(item, InlineFragmentNode) and asks(item.selection_set):
                return True
            if isinstance(item, FragmentSpreadNode):
                fragment = fragments.get(item.name.value)
                if fragment is not None and asks(fragment.selection_set):
                    return True
        return False

    return any(asks(node.selection_set) for node in field_nodes)
