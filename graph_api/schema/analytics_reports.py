"""GraphQL types of the Smart Lab reports (unmet needs, technology coverage, reach,
partner-body coverage) and of the network structure (brokers, communities), with the
builders that turn the pure results into them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import cast

import strawberry

from graph_api.analytics import gaps, gaps_in_store, reach
from graph_api.analytics.gaps import CoverageStatus
from graph_api.analytics.projection import Projection
from graph_api.schema.analytics_paging import page_info_field
from graph_api.schema.analytics_types import (
    CollaborationPath,
    MatchRecommendation,
    entities,
    entity,
    match_type,
    path_type,
)
from graph_api.schema.connections import Link, PageInfo
from graph_api.schema.entities import (
    Bureau,
    Department,
    Enterprise,
    Entity,
    Event,
    PartnerBody,
    Technology,
)

strawberry.enum(
    CoverageStatus,
    description="Where a technology stands: NO_SUPPLY (needed, offered by nobody), NOT_MET "
    "(needed and offered, no needing department has met a supplier), PARTLY_MET, MET, "
    "NO_DEMAND (offered, needed by nobody), UNUSED.",
)


@strawberry.type(description="A candidate for an unmet need and how to introduce it.")
class NeedCandidate:
    match: MatchRecommendation = strawberry.field(description="Its recommendMatches score.")
    introduction: CollaborationPath | None = strawberry.field(
        description="The shortest introduction path over contact links (≤ 6 hops), if any."
    )


@strawberry.type(description="A department need no suitable enterprise has met it about.")
class UnmetNeed:
    department: Department = strawberry.field(description="The department in need.")
    technology: Technology = strawberry.field(description="The technology needed.")
    need: str | None = strawberry.field(description="The business need in words.")
    link: Link = strawberry.field(description="The NEEDS link, with its source.")
    supplier_count: int = strawberry.field(
        description="Enterprises offering the technology or a narrower one."
    )
    reason: str = strawberry.field(description="Why it counts as unmet.")
    candidates: list[NeedCandidate] = strawberry.field(description="The best candidates.")


@strawberry.type(description="Unmet needs: those an introduction could fix first.")
class UnmetNeedsResult:
    total_count: int = strawberry.field(description="How many needs are unmet.")
    needs: list[UnmetNeed] = strawberry.field(description="This page of them.")
    page_info: PageInfo = page_info_field()


@strawberry.type(description="One technology's demand, supply and contact.")
class TechnologyCoverage:
    technology: Technology = strawberry.field(description="The technology.")
    status: CoverageStatus = strawberry.field(description="Where it stands.")
    demand_count: int = strawberry.field(description="Departments needing it.")
    supply_count: int = strawberry.field(description="Enterprises offering it or a narrower one.")
    met_demand_count: int = strawberry.field(description="Needing departments that met a supplier.")
    contact_event_count: int = strawberry.field(
        description="Events where a needing department and a supplier both attended."
    )
    departments: list[Department] = strawberry.field(description="The departments needing it.")
    suppliers: list[Enterprise] = strawberry.field(description="The enterprises supplying it.")
    contact_events: list[Event] = strawberry.field(description="The events where they met.")


@strawberry.type(description="Technologies by coverage: needed-but-not-offered first.")
class TechnologyCoverageResult:
    total_count: int = strawberry.field(description="How many technologies match.")
    technologies: list[TechnologyCoverage] = strawberry.field(description="This page of them.")
    page_info: PageInfo = page_info_field()


@strawberry.type(description="A department that attended no event in the period.")
class UnreachedDepartment:
    department: Department = strawberry.field(description="The department.")
    bureau: Bureau | None = strawberry.field(description="The bureau it is under.")
    last_event: Event | None = strawberry.field(description="Its latest event at any time.")
    last_event_date: dt.date | None = strawberry.field(description="When that was.")


@strawberry.type(description="A bureau none of whose departments (nor itself) met an enterprise.")
class UnmatchedBureau:
    bureau: Bureau = strawberry.field(description="The bureau.")
    departments: list[Department] = strawberry.field(description="Its departments.")


@strawberry.type(description="Who the Smart Lab's events have not reached.")
class UnreachedResult:
    departments: list[UnreachedDepartment] = strawberry.field(
        description="Departments with no event in the period, by id."
    )
    bureaux: list[UnmatchedBureau] = strawberry.field(
        description="Bureaux never matched with an enterprise in the period, by id."
    )


@strawberry.type(description="A partner body's enterprises that met one bureau.")
class BureauReach:
    bureau: Bureau = strawberry.field(description="The bureau.")
    enterprise_count: int = strawberry.field(description="How many of the body's enterprises.")
    enterprises: list[Enterprise] = strawberry.field(description="The body's enterprises met.")
    government_parties: list[Entity] = strawberry.field(
        description="The bureau and its departments they met."
    )
    contact_count: int = strawberry.field(
        description="Distinct enterprise–department (or bureau) pairs that met."
    )


@strawberry.type(description="How far one partner body's enterprises reach into government.")
class PartnerBodyCoverage:
    partner_body: PartnerBody = strawberry.field(description="The partner body.")
    enterprise_count: int = strawberry.field(description="Its incubatees and members.")
    enterprises_met_government_count: int = strawberry.field(
        description="Of those, how many met a bureau or department."
    )
    enterprises_never_met: list[Enterprise] = strawberry.field(
        description="Its enterprises that met no bureau or department."
    )
    bureaux_reached: list[BureauReach] = strawberry.field(
        description="Bureaux its enterprises met, most enterprises first."
    )
    bureaux_not_reached: list[Bureau] = strawberry.field(
        description="Bureaux none of its enterprises met: where its reach ends."
    )


def unmet_needs_result(
    known: Projection,
    total: int,
    page: Sequence[gaps.UnmetNeed],
    info: PageInfo,
    parties: Mapping[str, int] | None = None,
) -> UnmetNeedsResult:
    """The GraphQL view of a page of unmet needs (``known`` names every entity in it;
    ``parties``: how many attended each event its introductions pass through)."""
    return UnmetNeedsResult(
        total_count=total,
        page_info=info,
        needs=[
            UnmetNeed(
                department=cast(Department, entity(known, item.need.department_id)),
                technology=cast(Technology, entity(known, item.need.technology_id)),
                need=item.need.text,
                link=Link.from_record(item.need.incidence.link),
                supplier_count=item.supplier_count,
                reason=item.reason,
                candidates=[
                    NeedCandidate(
                        match=match_type(known, candidate.match),
                        introduction=path_type(known, candidate.introduction, parties)
                        if candidate.introduction
                        else None,
                    )
                    for candidate in item.candidates
                ],
            )
            for item in page
        ],
    )


def coverage_result(
    known: Projection, total: int, page: Sequence[gaps_in_store.Coverage], info: PageInfo
) -> TechnologyCoverageResult:
    """The GraphQL view of a page of technology coverage (supplier and event lists, and
    the event count, as the store gave them: left out when not asked for)."""
    return TechnologyCoverageResult(
        total_count=total,
        page_info=info,
        technologies=[
            TechnologyCoverage(
                technology=cast(Technology, entity(known, c.technology_id)),
                status=c.status,
                demand_count=len(c.departments),
                supply_count=c.supply_count,
                met_demand_count=len(c.departments_met),
                # None only when neither contact field was asked for: never shown.
                contact_event_count=c.contact_event_count or 0,
                departments=cast(list[Department], entities(known, c.departments)),
                suppliers=cast(list[Enterprise], entities(known, c.suppliers)),
                contact_events=cast(list[Event], entities(known, c.contact_events)),
            )
            for c in page
        ],
    )


def _optional(projection: Projection, node_id: str | None) -> Entity | None:
    return entity(projection, node_id) if node_id else None


def unreached_result(projection: Projection, found: reach.Reach) -> UnreachedResult:
    """The GraphQL view of unreachedDepartments."""
    return UnreachedResult(
        departments=[
            UnreachedDepartment(
                department=cast(Department, entity(projection, d.department_id)),
                bureau=cast(Bureau | None, _optional(projection, d.bureau_id)),
                last_event=cast(Event | None, _optional(projection, d.last_event_id)),
                last_event_date=d.last_event_day,
            )
            for d in found.departments
        ],
        bureaux=[
            UnmatchedBureau(
                bureau=cast(Bureau, entity(projection, b.bureau_id)),
                departments=cast(list[Department], entities(projection, b.department_ids)),
            )
            for b in found.bureaux
        ],
    )


def never_met(body: reach.BodyCoverage) -> list[str]:
    """A body's enterprises that met no bureau or department, by id."""
    met = set(body.enterprises_met_government)
    return [e for e in body.enterprise_ids if e not in met]


def partner_coverage(
    projection: Projection, found: Sequence[reach.BodyCoverage], with_never_met: bool
) -> list[PartnerBodyCoverage]:
    """The GraphQL view of partnerBodyCoverage (``projection`` names every entity in it;
    the enterprises that never met government only ``with_never_met``)."""
    return [
        PartnerBodyCoverage(
            partner_body=cast(PartnerBody, entity(projection, body.body_id)),
            enterprise_count=len(body.enterprise_ids),
            enterprises_met_government_count=len(body.enterprises_met_government),
            enterprises_never_met=cast(
                list[Enterprise],
                entities(projection, never_met(body)) if with_never_met else [],
            ),
            bureaux_reached=[
                BureauReach(
                    bureau=cast(Bureau, entity(projection, r.bureau_id)),
                    enterprise_count=len(r.enterprise_ids),
                    enterprises=cast(list[Enterprise], entities(projection, r.enterprise_ids)),
                    government_parties=entities(projection, r.government_ids),
                    contact_count=r.contact_count,
                )
                for r in body.reached
            ],
            bureaux_not_reached=cast(list[Bureau], entities(projection, body.not_reached)),
        )
        for body in found
    ]
