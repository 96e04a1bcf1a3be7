"""The analytics root fields: paths, who met whom, partnership gaps, matching, structure.

Resolvers stay thin: check the arguments, get the cached projection (two store
round-trips when it must be rebuilt, none otherwise), call a pure function from
``graph_api.analytics``, and turn its answer into GraphQL objects.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph_api.analytics import met_in_store, paths, structure
from graph_api.analytics.lens import view_of_records
from graph_api.analytics.neighbourhood import (
    Neighbourhood,
    ProjectionNeighbourhood,
    StoreNeighbourhood,
    link_scope,
)
from graph_api.analytics.ties import strongest_first, tie_strength
from graph_api.analytics.together import together
from graph_api.domain import PARTY_KINDS, AttendanceRole, NodeKind, RelType
from graph_api.errors import bad_input
from graph_api.schema.analytics_args import (
    AsOf,
    Between,
    NameContains,
    Trust,
    check_first,
    first_help,
    in_range,
    known_records,
    lens_of,
    link_filter,
    load_projection,
    require,
    require_all,
    require_kinds,
    selects,
)
from graph_api.schema.analytics_digest import ChangeDigestQuery
from graph_api.schema.analytics_explore import ExploreQuery
from graph_api.schema.analytics_gaps import PartnershipGapsQuery
from graph_api.schema.analytics_paging import After, AnalyticsPage
from graph_api.schema.analytics_structure import (
    BrokersResult,
    CommunitiesResult,
    brokers_result,
    communities_result,
)
from graph_api.schema.analytics_types import (
    CollaborationPathsResult,
    MeetingPartner,
    SharedEvent,
    WhoMetResult,
    entity,
    path_type,
    shared_event_type,
)
from graph_api.schema.context import GraphInfo
from graph_api.schema.linked import name_words


@strawberry.type(description="Collaboration analytics over the whole graph.")
class AnalyticsQuery(PartnershipGapsQuery, ChangeDigestQuery, ExploreQuery):
    @strawberry.field(
        description="How two entities are connected: up to k distinct simple paths, "
        "shortest first, following links either way. No path gives an empty list and a "
        "reason, not an error."
    )
    async def collaboration_paths(
        self,
        info: GraphInfo,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from", description="Start.")],
        to: Annotated[strawberry.ID, strawberry.argument(description="End.")],
        max_hops: Annotated[
            int, strawberry.argument(description="Longest path in links, 1 to 6.")
        ] = paths.DEFAULT_MAX_HOPS,
        via: Annotated[
            list[RelType] | None,
            strawberry.argument(description="Relationship types to follow (default: all)."),
        ] = None,
        exclude: Annotated[
            list[strawberry.ID] | None, strawberry.argument(description="Entities to avoid.")
        ] = None,
        between: Between = None,
        as_of: AsOf = None,
        trust: Trust = None,
        k: Annotated[int, strawberry.argument(description="How many paths, 1 to 10.")] = (
            paths.DEFAULT_K
        ),
        prefer_strong_ties: Annotated[
            bool,
            strawberry.argument(
                description="Among paths of equal length, strongest first: those whose "
                "weakest meeting is strongest (see weakestMeeting), looking at up to three "
                "times k candidates. Default: by the ids along them."
            ),
        ] = False,
    ) -> CollaborationPathsResult:
        in_range("maxHops", max_hops, 1, paths.MAX_HOPS_LIMIT)
        in_range("k", k, 1, paths.MAX_K)
        links = link_filter(between, via)
        lens = lens_of(as_of, trust)
        store = info.context.store
        named = [str(from_), str(to), *(str(e) for e in exclude or [])]
        if lens.infer_meetings:
            # Inferred meetings are never stored: only a projection holds them.
            known = await load_projection(store, lens)
            neighbourhood: Neighbourhood = ProjectionNeighbourhood(known, links)
        else:
            from_store = StoreNeighbourhood(store, link_scope(links, lens))
            # The search's write mark is read beside the named entities: a round trip less.
            known, _ = await together(known_records(store, named, lens), from_store.question_mark())
            neighbourhood = from_store
        source, target = require(known, str(from_)), require(known, str(to))
        excluded = require_all(known, exclude or [])
        if source == target:
            raise bad_input("'from' and 'to' must be different entities.", argument="to")
        if {source, target} & excluded:
            raise bad_input("'exclude' must not name 'from' or 'to'.", argument="exclude")
        candidates = min(3 * k, paths.MAX_CANDIDATES) if prefer_strong_ties else k
        answer = await paths.find_paths(
            neighbourhood, source, target, links, excluded, k=candidates, max_hops=max_hops
        )
        if not lens.infer_meetings:
            known = view_of_records(list(answer.nodes.values()), lens)
        parties = await met_in_store.parties_on_paths(store, known, answer.paths, links, lens)
        found = [path_type(known, path, parties) for path in answer.paths]
        if prefer_strong_ties:
            found.sort(key=lambda path: (path.hops, -strongest_first(path.weakest_meeting)))
        return CollaborationPathsResult(
            paths=found[:k],
            reason=answer.reason,
            complete=answer.complete,
            links_examined=answer.work,
        )

    @strawberry.field(
        description="The parties that attended the same events as a party, most shared "
        "events first. For enterprise–department meetings ask "
        'whoMet(party: "department:…", with: ENTERPRISE) or the other way round.'
    )
    async def who_met(
        self,
        info: GraphInfo,
        party: Annotated[strawberry.ID, strawberry.argument(description="The party.")],
        with_: Annotated[
            list[NodeKind] | None,
            strawberry.argument(name="with", description="Only parties of these kinds."),
        ] = None,
        events: Annotated[
            list[strawberry.ID] | None, strawberry.argument(description="Only these events.")
        ] = None,
        between: Between = None,
        as_of: AsOf = None,
        trust: Trust = None,
        role: Annotated[
            AttendanceRole | None,
            strawberry.argument(description="Only where the party met played this role."),
        ] = None,
        name_contains: NameContains = None,
        first: Annotated[int, strawberry.argument(description=first_help(20))] = 20,
        after: After = None,
    ) -> WhoMetResult:
        check_first(info, first)
        words = name_words(name_contains)
        paging = AnalyticsPage.of(
            "whoMet", first, after, party, with_, events, between, as_of, trust, role, words
        )
        skip = paging.needed - first
        require_kinds("with", with_ or [], PARTY_KINDS)
        links = link_filter(between)
        lens = lens_of(as_of, trust)
        store = info.context.store
        known = await known_records(store, [str(party), *(str(e) for e in events or [])], lens)
        party_id = require(known, str(party), PARTY_KINDS)
        event_ids = require_all(known, events or [], (NodeKind.EVENT,))
        page = await met_in_store.who_met(
            store,
            party_id,
            links,
            lens,
            with_ or (),
            event_ids,
            role,
            first,
            with_events=selects(info.selected_fields, "sharedEvents")
            or selects(info.selected_fields, "tieStrength"),
            skip=skip,
            words=words,
        )
        known = view_of_records([known.nodes[party_id], *page.records.values()], lens)
        return WhoMetResult(
            party=entity(known, party_id),
            total_count=page.total,
            page_info=paging.info(page.total),
            partners=[
                MeetingPartner(
                    party=entity(known, partner.party_id),
                    meeting_count=partner.count,
                    last_met=partner.last_met,
                    shared_events=[shared_event_type(known, e) for e in partner.events],
                    tie_strength=tie_strength(e.strength for e in partner.events),
                )
                for partner in page.partners
            ],
        )

    @strawberry.field(description="Every event two parties both attended, newest first.")
    async def meetings(
        self,
        info: GraphInfo,
        a: Annotated[strawberry.ID, strawberry.argument(description="One party.")],
        b: Annotated[strawberry.ID, strawberry.argument(description="The other party.")],
        between: Between = None,
        as_of: AsOf = None,
        trust: Trust = None,
    ) -> list[SharedEvent]:
        links = link_filter(between)
        lens = lens_of(as_of, trust)
        store = info.context.store
        known = await known_records(store, [str(a), str(b)], lens)
        first_party = require(known, str(a), PARTY_KINDS)
        second_party = require(known, str(b), PARTY_KINDS)
        if first_party == second_party:
            raise bad_input("'a' and 'b' must be different parties.", argument="b")
        found, events = await met_in_store.meetings(store, first_party, second_party, links, lens)
        known = view_of_records(list(events.values()), lens)
        return [shared_event_type(known, shared) for shared in found]

    @strawberry.field(
        description="Parties that connect otherwise separate groups: betweenness centrality "
        "on the collaboration graph (parties and events, contact links), highest first."
    )
    async def brokers(
        self,
        info: GraphInfo,
        kind: Annotated[
            NodeKind | None,
            strawberry.argument(description="Only this kind (default: every kind of party)."),
        ] = None,
        between: Between = None,
        as_of: AsOf = None,
        trust: Trust = None,
        name_contains: NameContains = None,
        first: Annotated[int, strawberry.argument(description=first_help(10))] = 10,
        after: After = None,
    ) -> BrokersResult:
        check_first(info, first)
        require_kinds("kind", [kind] if kind else [], structure.BROKER_KINDS)
        kinds = {kind} if kind else PARTY_KINDS
        paging = AnalyticsPage.of(
            "brokers", first, after, kind, between, as_of, trust, name_contains
        )
        lens = lens_of(as_of, trust)
        return await brokers_result(info, link_filter(between), lens, kinds, paging, name_contains)

    @strawberry.field(
        description="Clusters of parties that meet each other (Louvain, fixed seed), "
        "largest first, each with its members, events and defining technologies."
    )
    async def communities(
        self,
        info: GraphInfo,
        between: Between = None,
        as_of: AsOf = None,
        trust: Trust = None,
        first: Annotated[int, strawberry.argument(description=first_help(20))] = 20,
        after: After = None,
    ) -> CommunitiesResult:
        check_first(info, first)
        paging = AnalyticsPage.of("communities", first, after, between, as_of, trust)
        return await communities_result(info, link_filter(between), lens_of(as_of, trust), paging)
