"""The Smart Lab's partnership-gap questions: unmet needs, technology coverage, who has
not been reached, how far each partner body's enterprises reach, and whom to match with
a department next (``recommendMatches``). Part of the analytics root
(``AnalyticsQuery`` extends ``PartnershipGapsQuery``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, cast

import strawberry

from graph_api.analytics import (
    gaps,
    gaps_in_store,
    matching,
    matching_in_store,
    reach_in_store,
)
from graph_api.analytics.answer_cache import kept_answer
from graph_api.analytics.filters import EVERY_LINK
from graph_api.analytics.lens import view_of_records
from graph_api.analytics.matching import Match
from graph_api.analytics.met_in_store import parties_on_paths
from graph_api.analytics.paths import Path
from graph_api.domain import NodeKind
from graph_api.schema.analytics_args import (
    AsOf,
    Between,
    NameContains,
    Origins,
    Sizes,
    Trust,
    check_first,
    first_help,
    in_range,
    keep_named,
    known_records,
    lens_of,
    link_filter,
    load_projection,
    require,
    selects,
)
from graph_api.schema.analytics_paging import After, AnalyticsPage
from graph_api.schema.analytics_reports import (
    PartnerBodyCoverage,
    TechnologyCoverageResult,
    UnmetNeedsResult,
    UnreachedResult,
    coverage_result,
    never_met,
    partner_coverage,
    unmet_needs_result,
    unreached_result,
)
from graph_api.schema.analytics_types import (
    MatchRecommendations,
    entity,
    match_type,
)
from graph_api.schema.context import GraphInfo
from graph_api.schema.entities import Department


@strawberry.type(description="Partnership gaps for the Smart Lab.")
class PartnershipGapsQuery:
    @strawberry.field(
        description="Department needs (technology + business need) that no enterprise "
        "offering that technology, or a narrower one, has met the department about yet "
        "(shared event or pilot); those with suppliers first, each with its best "
        "candidates and the shortest introduction path to each."
    )
    async def unmet_needs(
        self,
        info: GraphInfo,
        department: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this department.")
        ] = None,
        between: Between = None,
        as_of: AsOf = None,
        trust: Trust = None,
        candidates: Annotated[
            int, strawberry.argument(description="Candidates per need, 0 to 10 (default 3).")
        ] = gaps.DEFAULT_CANDIDATES,
        first: Annotated[int, strawberry.argument(description=first_help(20))] = 20,
        after: After = None,
    ) -> UnmetNeedsResult:
        check_first(info, first)
        paging = AnalyticsPage.of(
            "unmetNeeds", first, after, department, between, as_of, trust, candidates
        )
        in_range("candidates", candidates, 0, gaps.MAX_CANDIDATES)
        links, lens, store = link_filter(between), lens_of(as_of, trust), info.context.store
        only = []
        if department:
            named = await known_records(store, [str(department)], lens)
            only = [require(named, str(department), (NodeKind.DEPARTMENT,))]
        found = await gaps_in_store.unmet_needs(store, links, lens, only)
        shown = paging.cut(found)
        if lens.infer_meetings and candidates:
            # Candidates rank by proximity, which inferred meetings change: those exist
            # only in a projection.
            projection = await load_projection(store, lens)
            needs = [gap.need for gap in shown]
            page = gaps.with_candidates(projection, needs, links, candidates)
            introductions = _introductions(page)
            parties = await parties_on_paths(store, projection, introductions, links, lens)
            return unmet_needs_result(
                projection, len(found), page, paging.info(len(found)), parties
            )
        page, records = await matching_in_store.with_candidates(
            store, shown, links, lens, candidates
        )
        ids = {i for item in page for i in _named_by(item)} - records.keys()
        known = view_of_records(
            [*records.values(), *(await store.get_nodes(sorted(ids))).values()], lens
        )
        parties = await parties_on_paths(store, known, _introductions(page), links, lens)
        return unmet_needs_result(known, len(found), page, paging.info(len(found)), parties)

    @strawberry.field(
        description="Each technology's demand (departments needing it) against its supply "
        "(enterprises offering it or a narrower one) and contact (events where they met): "
        "needed-but-not-offered first."
    )
    async def technology_coverage(
        self,
        info: GraphInfo,
        status: Annotated[
            list[gaps.CoverageStatus] | None,
            strawberry.argument(description="Only technologies in these states."),
        ] = None,
        between: Between = None,
        as_of: AsOf = None,
        trust: Trust = None,
        name_contains: NameContains = None,
        first: Annotated[int, strawberry.argument(description=first_help(50))] = 50,
        after: After = None,
    ) -> TechnologyCoverageResult:
        check_first(info, first)
        paging = AnalyticsPage.of(
            "technologyCoverage", first, after, status, between, as_of, trust, name_contains
        )
        links, lens, store = link_filter(between), lens_of(as_of, trust), info.context.store
        found = await gaps_in_store.technology_coverage(
            store,
            links,
            lens,
            with_suppliers=selects(info.selected_fields, "suppliers"),
            with_events=selects(info.selected_fields, "contactEvents")
            or selects(info.selected_fields, "contactEventCount"),
        )
        chosen = await keep_named(
            store,
            [c for c in found if not status or c.status in status],
            lambda coverage: coverage.technology_id,
            name_contains,
        )
        page = paging.cut(chosen)
        ids = [
            i
            for c in page
            for i in (c.technology_id, *c.departments, *c.suppliers, *c.contact_events)
        ]
        known = await known_records(store, ids, lens)
        return coverage_result(known, len(chosen), page, paging.info(len(chosen)))

    @strawberry.field(
        description="Departments that attended no event in the period, and bureaux none "
        "of whose departments (nor the bureau itself) met an enterprise in it."
    )
    async def unreached_departments(
        self,
        info: GraphInfo,
        between: Between = None,
        as_of: AsOf = None,
        trust: Trust = None,
    ) -> UnreachedResult:
        links, lens, store = link_filter(between), lens_of(as_of, trust), info.context.store
        found = await reach_in_store.unreached(store, links, lens)
        ids = [
            i
            for d in found.departments
            for i in (d.department_id, d.bureau_id, d.last_event_id)
            if i is not None
        ]
        ids += [i for b in found.bureaux for i in (b.bureau_id, *b.department_ids)]
        return unreached_result(await known_records(store, ids, lens), found)

    @strawberry.field(
        description="For each partner body (default: those with incubatees or members: "
        "HKSTP, Cyberport, HKPC), which of its enterprises met which bureaux, and which "
        "bureaux none did."
    )
    async def partner_body_coverage(
        self,
        info: GraphInfo,
        partner_bodies: Annotated[
            list[strawberry.ID] | None, strawberry.argument(description="These bodies only.")
        ] = None,
        between: Between = None,
        as_of: AsOf = None,
        trust: Trust = None,
    ) -> list[PartnerBodyCoverage]:
        links, lens, store = link_filter(between), lens_of(as_of, trust), info.context.store
        asked = [str(b) for b in partner_bodies or []]
        named = await known_records(store, asked, lens)
        bodies = [require(named, b, (NodeKind.PARTNER_BODY,)) for b in asked]
        chosen = list(dict.fromkeys(bodies)) or list(
            await reach_in_store.default_bodies(store, lens)
        )
        found = await reach_in_store.partner_body_coverage(store, chosen, links, lens)
        with_never_met = selects(info.selected_fields, "enterprisesNeverMet")
        ids = [
            i
            for body in found
            for i in (
                body.body_id,
                *body.not_reached,
                *(
                    i
                    for r in body.reached
                    for i in (r.bureau_id, *r.enterprise_ids, *r.government_ids)
                ),
                *(never_met(body) if with_never_met else ()),
            )
        ]
        known = await known_records(store, ids, lens)
        return partner_coverage(known, found, with_never_met)

    @strawberry.field(
        description="Enterprises ranked for a department. score = technology fit (+3 per "
        "need it offers exactly, +2 if only a narrower technology) + unmet need (+2 per such "
        "need no supplier has met the department about) + proximity (6 − hops over contact "
        "links, for 1–5 hops) + partner body (+2 if its incubator or association organised "
        "an event the department attended, else +1 if it has one) + not met yet (+3). Ties "
        "by id."
    )
    async def recommend_matches(
        self,
        info: GraphInfo,
        department: Annotated[strawberry.ID, strawberry.argument(description="The department.")],
        origin: Origins = None,
        size: Sizes = None,
        first: Annotated[int, strawberry.argument(description=first_help(10))] = 10,
        after: After = None,
        as_of: AsOf = None,
        trust: Trust = None,
        name_contains: NameContains = None,
    ) -> MatchRecommendations:
        check_first(info, first)
        paging = AnalyticsPage.of(
            "recommendMatches", first, after, department, origin, size, as_of, trust
        )
        lens, store = lens_of(as_of, trust), info.context.store
        origins, sizes = [o.value for o in origin or []], [s.value for s in size or []]
        known = await known_records(store, [str(department)], lens)
        department_id = require(known, str(department), (NodeKind.DEPARTMENT,))
        if lens.infer_meetings:
            # Inferred meetings exist only in a projection, and proximity counts them.
            known = await load_projection(store, lens)
            found = matching.recommend_matches(known, department_id, origins=origins, sizes=sizes)
        else:

            async def work_out() -> tuple[Match, ...]:
                answer = await matching_in_store.recommend_matches(
                    store, department_id, EVERY_LINK, lens, origins, sizes
                )
                return answer.matches

            # Seconds at 10^5: the next pages are cut from this answer, not worked out again.
            found = await kept_answer(store, paging.scope, work_out, len)
        # Kept whole (above) and cut by name here: a new name is no new computation.
        named = await keep_named(store, found, lambda match: match.enterprise_id, name_contains)
        paging = AnalyticsPage.of(paging.scope, first, after, name_contains)
        page = paging.cut(named)
        if not lens.infer_meetings:
            page_ids = [department_id, *(m.enterprise_id for m in page)]
            known = await known_records(store, page_ids, lens)
        return MatchRecommendations(
            department=cast(Department, entity(known, department_id)),
            total_count=len(named),
            matches=[match_type(known, match) for match in page],
            page_info=paging.info(len(named)),
        )


def _named_by(item: gaps.UnmetNeed) -> list[str]:
    """The entities an unmet need and its candidates name (paths aside)."""
    return [
        item.need.department_id,
        item.need.technology_id,
        *(candidate.match.enterprise_id for candidate in item.candidates),
    ]


def _introductions(page: Sequence[gaps.UnmetNeed]) -> list[Path]:
    """The introduction paths of a page of unmet needs' candidates."""
    return [
        candidate.introduction
        for item in page
        for candidate in item.candidates
        if candidate.introduction is not None
    ]
