"""The change digest's GraphQL types (``changes``, ``changesSinceEvent``): what a digest
holds, one page of each of its lists, and how a digest becomes them."""

from __future__ import annotations

import datetime as dt
from typing import cast

import strawberry

from graph_api.analytics import digest
from graph_api.analytics.digest import DigestBasis
from graph_api.analytics.projection import Projection
from graph_api.analytics.supply import Need
from graph_api.schema.analytics_types import entities, entity
from graph_api.schema.connections import Link, PageInfo
from graph_api.schema.entities import Department, Enterprise, Entity, Event, Technology

strawberry.enum(
    DigestBasis,
    name="ChangeBasis",
    description="Which time puts a fact in the period. HAPPENED: its own day (an "
    "attendance: its event's), so the digest says what happened in the period. RECORDED: "
    "when its first record was written (through the API or an import), whatever day it "
    "is about, so a record added today about last year's forum is in today's digest; "
    "facts loaded from the seed files count as recorded before any period.",
)


@strawberry.type(description="A bureau or department and an enterprise that first met.")
class NewMeeting:
    party: Entity = strawberry.field(description="The bureau or department.")
    enterprise: Enterprise = strawberry.field(description="The enterprise.")
    event: Event = strawberry.field(description="Their first shared event.")
    date: dt.date | None = strawberry.field(description="Its day.")


@strawberry.type(description="A department's need for a technology.")
class NeedChange:
    department: Department = strawberry.field(description="The department.")
    technology: Technology = strawberry.field(description="The technology needed.")
    need: str | None = strawberry.field(description="The business need in words.")
    link: Link = strawberry.field(description="The NEEDS link, with its date and source.")


@strawberry.type(description="A need that was unmet and is now met.")
class ClosedGap:
    need: NeedChange = strawberry.field(description="The need.")
    closed_by: list[Enterprise] = strawberry.field(
        description="Suppliers of the technology (or a narrower one) that met the "
        "department in the period."
    )


@strawberry.type(description="An enterprise's new offer of a technology.")
class NewOffer:
    enterprise: Enterprise = strawberry.field(description="The enterprise.")
    technology: Technology = strawberry.field(description="The technology offered.")


@strawberry.type(description="How many changes touch one bureau or technology.")
class ChangeTally:
    subject: Entity = strawberry.field(description="The bureau or technology.")
    new_meetings: int = strawberry.field(description="First meetings with enterprises.")
    new_needs: int = strawberry.field(description="Needs recorded.")
    new_offers: int = strawberry.field(description="Offers recorded.")
    gaps_closed: int = strawberry.field(description="Needs that became met.")
    gaps_opened: int = strawberry.field(description="Needs unmet that were not before.")


@strawberry.type(description="How many of each change, before any list is cut to 'first'.")
class ChangeCounts:
    new_meetings: int = strawberry.field(description="First meetings.")
    new_needs: int = strawberry.field(description="New needs.")
    new_offers: int = strawberry.field(description="New offers.")
    gaps_closed: int = strawberry.field(description="Gaps closed.")
    gaps_opened: int = strawberry.field(description="Gaps opened.")
    new_parties: int = strawberry.field(description="Entities that came to exist.")
    first_time_attendees: int = strawberry.field(description="Parties at their first event.")


@strawberry.type(
    description="What changed from 'since' to 'until' (both days included): the graph as it "
    "stood the day before 'since' compared with the graph as it stood on 'until'."
)
class ChangeDigest:
    page_info: PageInfo = strawberry.field(
        description="Every list is paged alike: a page holds items first*k+1 to "
        "first*(k+1) of each list. hasNextPage: some list goes on; pass endCursor as "
        "'after' for the next page (counts has the full numbers)."
    )
    basis: DigestBasis = strawberry.field(
        description="Whether the period holds what happened in it or what was recorded in it."
    )
    since: dt.date = strawberry.field(description="The first day of the period.")
    until: dt.date | None = strawberry.field(description="The last day (null: up to now).")
    counts: ChangeCounts = strawberry.field(description="How many of each change.")
    new_meetings: list[NewMeeting] = strawberry.field(
        description="Bureaux or departments and enterprises that met for the first time."
    )
    new_needs: list[NeedChange] = strawberry.field(description="Needs dated in the period.")
    new_offers: list[NewOffer] = strawberry.field(description="Offers dated in the period.")
    gaps_closed: list[ClosedGap] = strawberry.field(description="Needs that became met.")
    gaps_opened: list[NeedChange] = strawberry.field(
        description="Needs unmet at the end that were not unmet at the start."
    )
    new_parties: list[Entity] = strawberry.field(description="Entities that came to exist.")
    first_time_attendees: list[Entity] = strawberry.field(
        description="Parties whose first event falls in the period."
    )
    by_bureau: list[ChangeTally] = strawberry.field(
        description="Counts per bureau (a department counts for its bureau), busiest first."
    )
    by_technology: list[ChangeTally] = strawberry.field(
        description="Counts per technology, busiest first."
    )


def _need(projection: Projection, need: Need) -> NeedChange:
    return NeedChange(
        department=cast(Department, entity(projection, need.department_id)),
        technology=cast(Technology, entity(projection, need.technology_id)),
        need=need.text,
        link=Link.from_record(need.incidence.link),
    )


def _tally(projection: Projection, tally: digest.Tally) -> ChangeTally:
    return ChangeTally(
        subject=entity(projection, tally.subject_id),
        new_meetings=tally.new_meetings,
        new_needs=tally.new_needs,
        new_offers=tally.new_offers,
        gaps_closed=tally.gaps_closed,
        gaps_opened=tally.gaps_opened,
    )


def digest_type(
    projection: Projection,
    found: digest.Digest,
    window: slice,
    basis: DigestBasis,
    info: PageInfo,
) -> ChangeDigest:
    """The GraphQL view of a digest, each list cut to ``window`` (one page of each)."""
    counts = ChangeCounts(
        new_meetings=len(found.new_meetings),
        new_needs=len(found.new_needs),
        new_offers=len(found.new_offers),
        gaps_closed=len(found.gaps_closed),
        gaps_opened=len(found.gaps_opened),
        new_parties=len(found.new_parties),
        first_time_attendees=len(found.first_time_attendees),
    )
    return ChangeDigest(
        page_info=info,
        basis=basis,
        since=found.since,
        until=found.until,
        counts=counts,
        new_meetings=[
            NewMeeting(
                party=entity(projection, m.government_id),
                enterprise=cast(Enterprise, entity(projection, m.enterprise_id)),
                event=cast(Event, entity(projection, m.event_id)),
                date=m.day,
            )
            for m in found.new_meetings[window]
        ],
        new_needs=[_need(projection, need) for need in found.new_needs[window]],
        new_offers=[
            NewOffer(
                enterprise=cast(Enterprise, entity(projection, enterprise)),
                technology=cast(Technology, entity(projection, technology)),
            )
            for enterprise, technology in found.new_offers[window]
        ],
        gaps_closed=[
            ClosedGap(
                need=_need(projection, gap.need),
                closed_by=cast(list[Enterprise], entities(projection, gap.closed_by)),
            )
            for gap in found.gaps_closed[window]
        ],
        gaps_opened=[_need(projection, need) for need in found.gaps_opened[window]],
        new_parties=entities(projection, found.new_parties[window]),
        first_time_attendees=entities(projection, found.first_time_attendees[window]),
        by_bureau=[_tally(projection, t) for t in found.by_bureau[window]],
        by_technology=[_tally(projection, t) for t in found.by_technology[window]],
    )
