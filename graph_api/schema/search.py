"""The search box: ``search(text, kinds, first, after)`` over every name an entity goes by."""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry
from strawberry.types import Info

from graph_api.domain import NodeKind
from graph_api.schema.connections import Link, PageInfo, page_info
from graph_api.schema.context import GraphContext
from graph_api.schema.entities import Entity, entity_from_record
from graph_api.schema.history import FormerNameType
from graph_api.schema.pagination import (
    PageRequest,
    Window,
    check_page_request,
    encode_cursor,
    plan_fetch,
)
from graph_api.store.search import SearchTerms
from graph_api.store.spelling import corrected

_EXPOSED_KINDS = [kind for kind in NodeKind if kind is not NodeKind.PERSON]


@strawberry.type(description="An entity found by search, with how well its name matched.")
class SearchEdge:
    cursor: str = strawberry.field(description="Pass as 'after' to page from here.")
    node: Entity = strawberry.field(description="The entity found.")
    rank: int = strawberry.field(
        description="3: a name equals the text; 2: a name starts with it, or the English "
        "name holds it as whole words ('AI' in 'Smart AI Limited'); 1: it occurs inside a "
        "name (inside a word: 'AI' in 'Civil Aid Service'); 0: found as the successor of an "
        "entity whose name matched (see predecessor). Names include former names. Ordered "
        "by rank, then shorter name."
    )
    matched_name: str | None = strawberry.field(
        description="The name that matched, as written: one of the entity's names (current "
        "or former), or at rank 0 one of its predecessor's; for a numbered event found by "
        "its ordinal, the ordinal ('第19屆技術論壇', 'Technology Forum 19'), which is how it "
        "is asked for, not a name it has."
    )
    former_name: FormerNameType | None = strawberry.field(
        description="When the name that matched is a former name: that name with the dates "
        "it was in use (its 'until' is the last day)."
    )
    predecessor: Entity | None = strawberry.field(
        description="Rank 0 only: the entity whose name matched, which this one succeeded."
    )
    succession: Link | None = strawberry.field(
        description="Rank 0 only: the SUCCEEDED_BY link from the predecessor to this entity: "
        "the date of the change (the successor's first day) and its source."
    )


@strawberry.type(description="One page of search results, best first.")
class SearchConnection:
    edges: list[SearchEdge] = strawberry.field(description="The results of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the results.")
    total_count: int = strawberry.field(description="How many entities matched in all.")
    corrected_text: str | None = strawberry.field(
        default=None,
        description="When the text as typed found nothing and a word looked like a typo: "
        "the text searched instead ('Digital Polcy' -> 'Digital policy', 數字政冊 -> "
        "數字政策), to show as 'results for ...'. Null when the text was searched as typed.",
    )


@strawberry.type(description="Find entities by name.")
class SearchQuery:
    @strawberry.field(
        description="Find entities by English or Chinese name, abbreviation or alias: "
        "case-insensitive, partial words, spacing ignored ('dpo', '數字政策', "
        "'digital policy' all find the Digital Policy Office). A numbered event is found by "
        "its ordinal in either language (第19屆, 'Technology Forum 19'). Every word must occur. "
        "Former names count, and an office's successors are found too: 'OGCIO' finds "
        "the OGCIO and the Digital Policy Office that took over its work. A text that "
        "finds nothing is searched again with its typos corrected (see correctedText): "
        "English words by spelling, Chinese names one character off (數字政冊 -> 數字政策)."
    )
    async def search(
        self,
        info: Info[GraphContext, None],
        text: Annotated[
            str,
            strawberry.argument(
                description="What to look for: a name, part of one or an abbreviation, in "
                "English or Chinese (Traditional or Simplified), up to 200 characters (a "
                "whole official name works; of more than 5 words, the 5 longest must occur, "
                "and the exact name ranks first)."
            ),
        ],
        kinds: Annotated[
            list[NodeKind] | None,
            strawberry.argument(description="Only these kinds (default: all)."),
        ] = None,
        first: Annotated[
            int | None, strawberry.argument(description="How many results (default 20).")
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor to continue after.")
        ] = None,
    ) -> SearchConnection:
        request = PageRequest(first=first, after=after)
        check_page_request(request, info.context.settings.max_page_size)
        terms = SearchTerms.parse(text)
        wanted = sorted(set(kinds or _EXPOSED_KINDS) - {NodeKind.PERSON})
        scope = "search/" + "/".join(terms.terms) + "/" + ",".join(wanted)
        plan = plan_fetch(scope, request)
        assert plan is not None  # forward paging only: the plan never needs the total
        skip, limit = plan
        store = info.context.store
        page = await store.search(terms, wanted, skip, limit)
        # Cursors keep the scope of the text as typed: the correction of a text is the
        # same on every page, so the next page corrects it again.
        fixed = None
        if page.total == 0 and (
            fixed := await asyncio.to_thread(corrected, text, await store.name_words(wanted))
        ):
            page = await store.search(SearchTerms.parse(fixed), wanted, skip, limit)
        start = min(skip, page.total)
        window = Window(start=start, end=start + len(page.hits), total=page.total)
        edges = [
            SearchEdge(
                cursor=encode_cursor(scope, start + offset),
                node=entity_from_record(hit.node),
                rank=hit.rank,
                matched_name=hit.matched_name,
                former_name=FormerNameType.from_record(hit.former_name)
                if hit.former_name
                else None,
                predecessor=entity_from_record(hit.predecessor) if hit.predecessor else None,
                succession=Link.from_record(hit.succession) if hit.succession else None,
            )
            for offset, hit in enumerate(page.hits)
        ]
        return SearchConnection(
            edges=edges,
            page_info=page_info(scope, window),
            total_count=page.total,
            corrected_text=fixed if page.total else None,
        )
