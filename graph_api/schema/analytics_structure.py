"""GraphQL types of the network's structure (brokers, communities) and their builders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import cast

import strawberry

from graph_api.analytics import structure
from graph_api.analytics.filters import LinkFilter
from graph_api.analytics.projection import Projection
from graph_api.model import NodeKind
from graph_api.schema.analytics_types import entities, entity
from graph_api.schema.entities import Entity, Event, Technology

COMPUTED_AT_HELP = (
    "When the graph this answer was computed on was read from the store. On a large graph "
    "whole-graph measures are recomputed in the background after writes pause, so this "
    "may be a little earlier than the latest write."
)


@strawberry.type(description="A party that connects otherwise separate groups.")
class Broker:
    entity: Entity = strawberry.field(description="The party (or event).")
    betweenness: float = strawberry.field(description="Normalised betweenness centrality, 0–1.")
    degree: int = strawberry.field(description="Its links in the collaboration graph.")
    communities_bridged: int = strawberry.field(
        description="Distinct communities among it and its neighbours."
    )


@strawberry.type(description="Brokers, highest betweenness first.")
class BrokersResult:
    total_count: int = strawberry.field(description="How many have betweenness above zero.")
    method: str = strawberry.field(description="How betweenness was computed.")
    computed_at: dt.datetime = strawberry.field(description=COMPUTED_AT_HELP)
    brokers: list[Broker] = strawberry.field(description="The first of them.")


@strawberry.type(description="A technology and how many of a community's members use it.")
class TechnologyWeight:
    technology: Technology = strawberry.field(description="The technology.")
    member_count: int = strawberry.field(description="Members needing or offering it.")


@strawberry.type(description="A cluster of parties that meet each other more than others.")
class Community:
    index: int = strawberry.field(description="1 for the largest community, and so on.")
    size: int = strawberry.field(description="How many parties it holds.")
    members: list[Entity] = strawberry.field(description="Its parties, by id.")
    events: list[Event] = strawberry.field(description="The events that bind it, by id.")
    technologies: list[TechnologyWeight] = strawberry.field(
        description="The technologies most of its members need or offer."
    )


@strawberry.type(description="Communities, largest first.")
class CommunitiesResult:
    total_count: int = strawberry.field(description="How many communities there are.")
    method: str = strawberry.field(description="How communities were found.")
    computed_at: dt.datetime = strawberry.field(description=COMPUTED_AT_HELP)
    communities: list[Community] = strawberry.field(description="The first of them.")


def brokers_result(
    projection: Projection, links: LinkFilter, kinds: Collection[NodeKind], first: int
) -> BrokersResult:
    """The GraphQL view of brokers."""
    found = structure.brokers(projection, links, kinds)
    return BrokersResult(
        total_count=len(found),
        method=structure.betweenness_method(projection, links),
        computed_at=projection.built_at,
        brokers=[
            Broker(
                entity=entity(projection, b.node_id),
                betweenness=b.betweenness,
                degree=b.degree,
                communities_bridged=b.communities_bridged,
            )
            for b in found[:first]
        ],
    )


def communities_result(projection: Projection, links: LinkFilter, first: int) -> CommunitiesResult:
    """The GraphQL view of communities."""
    found = structure.communities(projection, links)
    return CommunitiesResult(
        total_count=len(found),
        method=structure.COMMUNITY_METHOD,
        computed_at=projection.built_at,
        communities=[
            Community(
                index=c.index,
                size=len(c.member_ids),
                members=entities(projection, c.member_ids),
                events=cast(list[Event], entities(projection, c.event_ids)),
                technologies=[
                    TechnologyWeight(
                        technology=cast(Technology, entity(projection, tech)), member_count=count
                    )
                    for tech, count in c.technologies
                ],
            )
            for c in found[:first]
        ],
    )
