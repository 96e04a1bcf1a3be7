"""Who met whom, as nested fields: the parties an entity met by attending the same events.

"Met" is derived, never stored: two parties met when both ATTENDED one event. The
analytics queries (``whoMet``, ``meetings``) give each shared event; these fields give
the short answer a front end lists: who, how many events, and when last.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.types import Info

from graph_api.domain import Evidence, NodeKind
from graph_api.schema.connections import PageInfo, page_info
from graph_api.schema.context import GraphContext
from graph_api.schema.linked import link_view, name_words, page_annotations, to_entity
from graph_api.schema.pagination import (
    PageRequest,
    check_page_request,
    encode_cursor,
    prefix_needed,
    resolve_window,
)
from graph_api.store.base import UNLIMITED

T = TypeVar("T")


@strawberry.type(description="A party met at events, how often, and when last.")
class MeetingEdge(Generic[T]):
    cursor: str = strawberry.field(description="Pass as 'after' or 'before' to page from here.")
    node: T = strawberry.field(description="The party met.")
    shared_events: int = strawberry.field(description="How many events both attended.")
    last_met: dt.date | None = strawberry.field(description="The latest such event's date.")


@strawberry.type(description="One page of the parties an entity met, most recent first.")
class MeetingConnection(Generic[T]):
    edges: list[MeetingEdge[T]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the list.")
    total_count: int = strawberry.field(description="How many parties were met in all.")


def met_list(kind: NodeKind, node_type: Any, description: str) -> Any:
    """A paged field listing the parties of ``kind`` this entity met at events."""

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
        request = PageRequest(first, after, last, before)
        check_page_request(request, info.context.settings.max_page_size)
        view = link_view(as_of, min_confidence, evidence)
        words = name_words(name_contains)
        scope = f"{root.id}/met/{kind.value}/{view.key()}/{' '.join(words)}"
        needed = prefix_needed(scope, request)
        limit = UNLIMITED if needed is None else needed
        loader = info.context.co_attendees(kind, limit, view, words)
        found = await loader.load(str(root.id))
        meetings = found.items
        window = resolve_window(scope, request, found.total)
        edges = [
            MeetingEdge(
                cursor=encode_cursor(scope, offset),
                node=to_entity(meetings[offset].node),
                shared_events=meetings[offset].shared_events,
                last_met=meetings[offset].last_met,
            )
            for offset in range(window.start, min(window.end, len(meetings)))
        ]
        return MeetingConnection(
            edges=edges, page_info=page_info(scope, window), total_count=found.total
        )

    annotations = page_annotations(MeetingConnection[node_type])
    resolve.__annotations__ = annotations
    return strawberry.field(resolver=resolve, description=description)
