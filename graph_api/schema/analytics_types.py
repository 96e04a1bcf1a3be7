"""GraphQL output types of the analytics queries, and their builders from the pure
results in ``graph_api.analytics`` (the projection turns ids back into entities)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, cast

import strawberry

from graph_api.analytics.explain import explain_path, meeting_strengths
from graph_api.analytics.matching import Component, Match
from graph_api.analytics.meetings import SharedEvent as SharedEventResult
from graph_api.analytics.paths import Path
from graph_api.analytics.projection import Projection
from graph_api.analytics.ties import STRENGTH_RULE
from graph_api.domain import AttendanceRole, Evidence, RelType
from graph_api.schema.analytics_paging import page_info_field
from graph_api.schema.connections import Link, PageInfo
from graph_api.schema.entities import (
    Department,
    Enterprise,
    Entity,
    Event,
    entity_from_record,
)
from graph_api.store.base import Direction

strawberry.enum(RelType, description="The relationship types of the graph.")
strawberry.enum(
    Direction,
    description="Which way a link points along a path: OUT from the previous entity to "
    "this one, IN from this one back to the previous.",
)
strawberry.enum(
    Component,
    description="The parts of a match score; see recommendMatches for the points.",
)


def entity(projection: Projection, node_id: str) -> Entity:
    """The GraphQL object of a projected node."""
    return entity_from_record(projection.nodes[node_id])


def entities(projection: Projection, ids: tuple[str, ...] | list[str]) -> list[Entity]:
    """The GraphQL objects of several projected nodes, in the order given."""
    return [entity(projection, node_id) for node_id in ids]


@strawberry.type(description="One step of a path: the entity reached and the link followed.")
class PathStep:
    entity: Entity = strawberry.field(description="The entity this step reaches.")
    link: Link = strawberry.field(
        description="The link followed: type, date, source, evidence, confidence."
    )
    direction: Direction = strawberry.field(
        description="OUT if the link points from the previous entity to this one, else IN."
    )


@strawberry.type(description="One way two entities are connected.")
class CollaborationPath:
    hops: int = strawberry.field(description="How many links the path has.")
    explanation: str = strawberry.field(description="The path as one readable sentence.")
    start: Entity = strawberry.field(description="The entity the path starts from.")
    steps: list[PathStep] = strawberry.field(description="Each link in order, start to end.")
    inferred_links: int = strawberry.field(
        description="How many of its links are inferred (evidence INFERRED), not recorded "
        "or reported: 0 means every step is a stored fact."
    )
    weakest_meeting: float | None = strawberry.field(
        description="The strength of the weakest meeting the path passes through (a party, "
        "an event both attended, the other party); null if it passes through none. " + STRENGTH_RULE
    )


def path_type(
    projection: Projection, path: Path, parties: Mapping[str, int] | None = None
) -> CollaborationPath:
    """The GraphQL view of a path; ``parties``: how many attended each of its events."""
    strengths = meeting_strengths(projection, path, parties or {})
    return CollaborationPath(
        hops=path.hops,
        explanation=explain_path(projection, path, parties),
        weakest_meeting=min(strengths) if strengths else None,
        start=entity(projection, path.start),
        steps=[
            PathStep(
                entity=entity(projection, step.node_id),
                link=Link.from_record(step.incidence.link),
                direction=Direction.OUT if step.incidence.outgoing else Direction.IN,
            )
            for step in path.steps
        ],
        inferred_links=sum(
            step.incidence.link.properties.get("evidence") == Evidence.INFERRED.value
            for step in path.steps
        ),
    )


@strawberry.type(description="How two entities are connected: shortest paths first.")
class CollaborationPathsResult:
    paths: list[CollaborationPath] = strawberry.field(
        description="Up to k distinct paths, shortest first (ties by the ids along them)."
    )
    reason: str | None = strawberry.field(
        description="Why there is no path, or why there may be more than shown; null otherwise."
    )
    complete: bool = strawberry.field(
        description="False if the search hit its work cap (see README, Analytics)."
    )
    links_examined: int = strawberry.field(description="How much work the search did.")


@strawberry.type(description="An event two parties both attended.")
class SharedEvent:
    event: Event = strawberry.field(description="The event.")
    date: dt.date | None = strawberry.field(description="The day of the event.")
    party_role: AttendanceRole | None = strawberry.field(
        description="The role of the party asked about (or of 'a' in meetings)."
    )
    other_role: AttendanceRole | None = strawberry.field(
        description="The role of the party met (or of 'b' in meetings)."
    )
    party_link: Link = strawberry.field(description="The party's attendance link.")
    other_link: Link = strawberry.field(description="The other party's attendance link.")
    parties: int = strawberry.field(
        description="How many parties attended the event under the question's rules "
        "(bureaux, departments, enterprises and partner bodies; as of its day and trust)."
    )
    strength: float = strawberry.field(description="How much this meeting weighs. " + STRENGTH_RULE)


def shared_event_type(projection: Projection, shared: SharedEventResult) -> SharedEvent:
    """The GraphQL view of a shared event."""
    return SharedEvent(
        event=cast(Event, entity(projection, shared.event_id)),
        date=shared.day,
        party_role=AttendanceRole(shared.party_role) if shared.party_role else None,
        other_role=AttendanceRole(shared.other_role) if shared.other_role else None,
        party_link=Link.from_record(shared.party.link),
        other_link=Link.from_record(shared.other.link),
        parties=shared.parties,
        strength=shared.strength,
    )


@strawberry.type(description="A party met at one or more events.")
class MeetingPartner:
    party: Entity = strawberry.field(description="The party met.")
    meeting_count: int = strawberry.field(description="How many events they shared.")
    last_met: dt.date | None = strawberry.field(description="The day they last met.")
    shared_events: list[SharedEvent] = strawberry.field(description="Each one, newest first.")
    tie_strength: float = strawberry.field(
        description="How strong the tie is: the sum of the shared events' strengths (a "
        "workshop where both spoke weighs far more than a 60-party forum)."
    )


@strawberry.type(description="The parties a party met, most shared events first.")
class WhoMetResult:
    party: Entity = strawberry.field(description="The party asked about.")
    total_count: int = strawberry.field(description="How many parties it met in all.")
    partners: list[MeetingPartner] = strawberry.field(description="This page of them.")
    page_info: PageInfo = page_info_field()


@strawberry.type(description="One part of a match score.")
class ScoreReason:
    component: Component = strawberry.field(description="Which part of the score.")
    points: int = strawberry.field(description="Points it adds.")
    detail: str = strawberry.field(description="Why, in words.")
    inferred: bool = strawberry.field(
        description="Whether it rests on an inferred link (trust.inferMeetings), not a "
        "recorded one."
    )


@strawberry.interface(
    description="How well an enterprise fits a department: a score, what it is made of, "
    "and how near the two already are."
)
class MatchScore:
    score: int = strawberry.field(description="The sum of the reasons' points.")
    reasons: list[ScoreReason] = strawberry.field(description="What the score is made of.")
    hops: int | None = strawberry.field(
        description="Hops between them over contact links (null beyond 5 or not connected)."
    )
    met_already: bool = strawberry.field(description="Whether they shared an event or a pilot.")


def score_fields(match: Match) -> dict[str, Any]:
    """The MatchScore fields of a match, to build either type that has them."""
    return {
        "score": match.score,
        "reasons": [
            ScoreReason(
                component=r.component, points=r.points, detail=r.detail, inferred=r.inferred
            )
            for r in match.reasons
        ],
        "hops": match.hops,
        "met_already": match.met,
    }


@strawberry.type(description="An enterprise recommended to a department.")
class MatchRecommendation(MatchScore):
    enterprise: Enterprise = strawberry.field(description="The enterprise.")


def match_type(projection: Projection, match: Match) -> MatchRecommendation:
    """The GraphQL view of a match."""
    enterprise = cast(Enterprise, entity(projection, match.enterprise_id))
    return MatchRecommendation(enterprise=enterprise, **score_fields(match))


@strawberry.type(description="Enterprises ranked for a department, best first.")
class MatchRecommendations:
    department: Department = strawberry.field(description="The department.")
    total_count: int = strawberry.field(description="How many enterprises fit at all.")
    matches: list[MatchRecommendation] = strawberry.field(description="This page of them.")
    page_info: PageInfo = page_info_field()
