"""The Smart Lab's partnership-gap questions: unmet needs, technology coverage, who has
not been reached, and how far each partner body's enterprises reach. Part of the
analytics root (``AnalyticsQuery`` extends ``PartnershipGapsQuery``)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph_api.analytics import gaps, reach
from graph_api.model import NodeKind
from graph_api.schema.analytics_args import (
    AsOf,
    Between,
    GraphInfo,
    Trust,
    check_first,
    first_help,
    in_range,
    lens_of,
    link_filter,
    load_projection,
    require,
)
from graph_api.schema.analytics_reports import (
    PartnerBodyCoverage,
    TechnologyCoverageResult,
    UnmetNeedsResult,
    UnreachedResult,
    coverage_result,
    partner_coverage,
    unmet_needs_result,
    unreached_result,
)


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
    ) -> UnmetNeedsResult:
        check_first(info, first)
        in_range("candidates", candidates, 0, gaps.MAX_CANDIDATES)
        links = link_filter(between)
        projection = await load_projection(info.context.store, lens_of(as_of, trust))
        only = [require(projection, str(department), (NodeKind.DEPARTMENT,))] if department else []
        return unmet_needs_result(projection, links, only, candidates, first)

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
        first: Annotated[int, strawberry.argument(description=first_help(50))] = 50,
    ) -> TechnologyCoverageResult:
        check_first(info, first)
        links = link_filter(between)
        projection = await load_projection(info.context.store, lens_of(as_of, trust))
        return coverage_result(projection, links, status or [], first)

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
        links = link_filter(between)
        projection = await load_projection(info.context.store, lens_of(as_of, trust))
        return unreached_result(projection, reach.unreached(projection, links))

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
        links = link_filter(between)
        projection = await load_projection(info.context.store, lens_of(as_of, trust))
        bodies = [
            require(projection, str(b), (NodeKind.PARTNER_BODY,)) for b in partner_bodies or []
        ]
        chosen = list(dict.fromkeys(bodies)) or list(reach.default_bodies(projection))
        return partner_coverage(projection, reach.partner_body_coverage(projection, chosen, links))
