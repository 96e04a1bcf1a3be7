"""Root fields the analyst explorer (the web page at /) needs in one query each: the
neighbourhood of an entity to draw, and an invite list for the next forum gathered
across unmet needs. Part of the analytics root (``AnalyticsQuery`` extends
``ExploreQuery``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, cast

import strawberry

from graph_api.analytics import gaps_in_store, local_graph, matching, matching_in_store
from graph_api.analytics.answer_cache import kept_answer
from graph_api.analytics.invite_list import (
    DEFAULT_PER_NEED,
    MAX_PER_NEED,
    invite_list,
)
from graph_api.analytics.invite_list import (
    Invitee as InviteeResult,
)
from graph_api.analytics.lens import view_of_records
from graph_api.analytics.matching import Match
from graph_api.analytics.neighbourhood import (
    Neighbourhood,
    ProjectionNeighbourhood,
    StoreNeighbourhood,
    link_scope,
)
from graph_api.analytics.projection import Projection
from graph_api.domain import NodeKind, RelType
from graph_api.schema.analytics_args import (
    AsOf,
    Between,
    Origins,
    Sizes,
    Trust,
    check_first,
    first_help,
    in_range,
    known_records,
    lens_of,
    link_filter,
    load_projection,
    require,
)
from graph_api.schema.analytics_paging import After, AnalyticsPage, page_info_field
from graph_api.schema.analytics_types import MatchScore, entity, score_fields
from graph_api.schema.connections import Link, PageInfo
from graph_api.schema.context import GraphInfo
from graph_api.schema.entities import Department, Enterprise, Entity, Technology
from graph_api.schema.permissions import check_argument


@strawberry.type(description="An entity of a neighbourhood and how far it is from the centre.")
class NeighbourhoodNode:
    entity: Entity = strawberry.field(description="The entity.")
    hops: int = strawberry.field(description="Links between it and the centre (0: the centre).")


@strawberry.type(description="A link between two entities of a neighbourhood.")
class NeighbourhoodLink:
    from_: strawberry.ID = strawberry.field(name="from", description="Where it starts.")
    to: strawberry.ID = strawberry.field(description="Where it ends.")
    link: Link = strawberry.field(description="Its type, date, source, evidence, confidence.")


@strawberry.type(description="The entities and links around one entity, for drawing.")
class NeighbourhoodResult:
    centre: Entity = strawberry.field(description="The entity asked about.")
    nodes: list[NeighbourhoodNode] = strawberry.field(
        description="The centre first, then by distance and id."
    )
    links: list[NeighbourhoodLink] = strawberry.field(
        description="The links that reached them or join two of them."
    )
    complete: bool = strawberry.field(
        description="False when more lay within reach than the limit allowed."
    )
    reason: str | None = strawberry.field(description="Why it is not complete; null if it is.")


@strawberry.type(
    description="An unmet need an invitee could meet, and its recommendMatches score for "
    "the department."
)
class InviteReason(MatchScore):
    department: Department = strawberry.field(description="The department in need.")
    technology: Technology = strawberry.field(description="The technology it needs.")
    need: str | None = strawberry.field(description="The business need in words.")


@strawberry.type(description="An enterprise to invite, and every unmet need it could meet.")
class Invitee:
    enterprise: Enterprise = strawberry.field(description="The enterprise.")
    score: int = strawberry.field(description="Its best score among those needs.")
    needs: list[InviteReason] = strawberry.field(description="The needs, as the list met them.")


@strawberry.type(description="Enterprises to invite to the next forum, most needs met first.")
class InviteListResult:
    total_count: int = strawberry.field(description="How many enterprises in all.")
    need_count: int = strawberry.field(description="How many unmet needs were considered.")
    invitees: list[Invitee] = strawberry.field(description="This page of them.")
    page_info: PageInfo = page_info_field()


@strawberry.type(description="Questions the analyst explorer asks.")
class ExploreQuery:
    @strawberry.field(
        description="The entities within 1 to 3 hops of an entity and the links between "
        "them, following links either way (never to a person), at most 'limit' entities "
        "(the centre included; 1 to 300). When more lie within reach, the first by id "
        "are kept and 'complete' is false. inferMeetings needs the analyst role."
    )
    async def neighbourhood(
        self,
        info: GraphInfo,
        of: Annotated[strawberry.ID, strawberry.argument(description="The centre.")],
        hops: Annotated[int, strawberry.argument(description="How far, 1 to 3.")] = 1,
        via: Annotated[
            list[RelType] | None,
            strawberry.argument(description="Relationship types to follow (default: all)."),
        ] = None,
        between: Between = None,
        as_of: AsOf = None,
        trust: Trust = None,
        limit: Annotated[
            int, strawberry.argument(description="Most entities, 1 to 300.")
        ] = local_graph.DEFAULT_ENTITIES,
    ) -> NeighbourhoodResult:
        in_range("hops", hops, 1, local_graph.MAX_HOPS)
        in_range("limit", limit, 1, local_graph.MAX_ENTITIES)
        links, lens, store = link_filter(between, via), lens_of(as_of, trust), info.context.store
        if lens.infer_meetings:
            check_argument(info, "trust.inferMeetings")
        known: Projection
        neighbourhood: Neighbourhood
        if lens.infer_meetings:
            known = await load_projection(store, lens)
            neighbourhood = ProjectionNeighbourhood(known, links)
        else:
            known = await known_records(store, [str(of)], lens)
            neighbourhood = StoreNeighbourhood(store, link_scope(links, lens))
        centre = require(known, str(of))
        found = await local_graph.local_graph(neighbourhood, centre, hops, limit)
        if not lens.infer_meetings:
            records = {centre: known.nodes[centre], **found.resolved.nodes}
            known = view_of_records(list(records.values()), lens)
        order = sorted(found.distances, key=lambda i: (found.distances[i], i))
        incidences = [found.resolved.incidences[key] for key in found.steps]
        return NeighbourhoodResult(
            centre=entity(known, centre),
            nodes=[
                NeighbourhoodNode(entity=entity(known, i), hops=found.distances[i]) for i in order
            ],
            links=[
                NeighbourhoodLink(
                    from_=strawberry.ID(inc.link.from_id),
                    to=strawberry.ID(inc.link.to_id),
                    link=Link.from_record(inc.link),
                )
                for inc in sorted(
                    incidences, key=lambda i: (i.link.from_id, i.link.to_id, i.link.type.value)
                )
            ],
            complete=found.complete,
            reason=found.reason,
        )

    @strawberry.field(
        description="An invite list for the next forum: for each unmet need (of these "
        "departments, or of all), the best 'perNeed' enterprises that fit it by the "
        "department's recommendMatches score, gathered into one list with every need "
        "each could meet; most needs first, then the best score."
    )
    async def invite_list(
        self,
        info: GraphInfo,
        departments: Annotated[
            list[strawberry.ID] | None,
            strawberry.argument(description="Only these departments' needs (default: all)."),
        ] = None,
        origin: Origins = None,
        size: Sizes = None,
        per_need: Annotated[
            int, strawberry.argument(description="Enterprises put forward per need, 1 to 10.")
        ] = DEFAULT_PER_NEED,
        between: Between = None,
        as_of: AsOf = None,
        trust: Trust = None,
        first: Annotated[int, strawberry.argument(description=first_help(50))] = 50,
        after: After = None,
    ) -> InviteListResult:
        check_first(info, first)
        in_range("perNeed", per_need, 1, MAX_PER_NEED)
        paging = AnalyticsPage.of(
            "inviteList", first, after, departments, origin, size, per_need, between, as_of, trust
        )
        links, lens, store = link_filter(between), lens_of(as_of, trust), info.context.store
        asked = [str(d) for d in departments or []]
        named = await known_records(store, asked, lens)
        only = [require(named, d, (NodeKind.DEPARTMENT,)) for d in asked]
        origins, sizes = [o.value for o in origin or []], [s.value for s in size or []]
        projection = await load_projection(store, lens) if lens.infer_meetings else None

        async def rank(department: str) -> Sequence[Match]:
            if projection is not None:  # inferred meetings exist only in a projection
                return matching.recommend_matches(projection, department, links, origins, sizes)
            found = await matching_in_store.recommend_matches(
                store, department, links, lens, origins, sizes
            )
            return found.matches

        async def work_out() -> tuple[int, list[InviteeResult]]:
            gaps = await gaps_in_store.unmet_needs(store, links, lens, only)
            return len(gaps), await invite_list(gaps, rank, per_need)

        # The next pages are cut from this answer, not worked out again.
        need_count, everyone = await kept_answer(
            store, paging.scope, work_out, lambda kept: len(kept[1])
        )
        page = paging.cut(everyone)
        ids = [i for item in page for i in _named_by(item)]
        known = projection or await known_records(store, ids, lens)
        return InviteListResult(
            total_count=len(everyone),
            need_count=need_count,
            invitees=[_invitee(known, item) for item in page],
            page_info=paging.info(len(everyone)),
        )


def _named_by(invitee: InviteeResult) -> list[str]:
    """The entities an invitee names: itself and each need's department and technology."""
    return [
        invitee.enterprise_id,
        *(i for r in invitee.reasons for i in (r.need.department_id, r.need.technology_id)),
    ]


def _invitee(known: Projection, invitee: InviteeResult) -> Invitee:
    """The GraphQL view of an invitee."""
    needs = [
        InviteReason(
            department=cast(Department, entity(known, reason.need.department_id)),
            technology=cast(Technology, entity(known, reason.need.technology_id)),
            need=reason.need.text,
            **score_fields(reason.match),
        )
        for reason in invitee.reasons
    ]
    return Invitee(
        enterprise=cast(Enterprise, entity(known, invitee.enterprise_id)),
        score=invitee.best_score,
        needs=needs,
    )
