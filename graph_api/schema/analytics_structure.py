"""GraphQL types of the network's structure (brokers, communities) and their builders.

The answers come from the compact structure graph (``analytics.structure_worker``),
which holds ids only: the entities of the page asked for are read from the store, and
only when a field under them is selected (``brokers { totalCount }`` reads nothing).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Collection, Iterable
from typing import cast

import strawberry

from graph_api.analytics import structure
from graph_api.analytics.broker_ranking import Broker as RankedBroker
from graph_api.analytics.filters import LinkFilter
from graph_api.analytics.lens import Lens, view_of_records
from graph_api.analytics.projection import Projection
from graph_api.analytics.structure_worker import structure_for
from graph_api.domain import NodeKind
from graph_api.schema.analytics_args import (
    keep_named,
    selects,
)
from graph_api.schema.analytics_paging import AnalyticsPage, page_info_field
from graph_api.schema.analytics_types import entity
from graph_api.schema.connections import PageInfo
from graph_api.schema.context import GraphInfo
from graph_api.schema.entities import Entity, Event, Technology

COMPUTED_AT_HELP = (
    "When the graph this answer was computed on was read from the store. Whole-graph "
    "measures are recomputed in the background after writes pause (on a small graph, "
    "at once), so this may be a little earlier than the latest write."
)


def _broker_entity(root: Broker) -> Entity:
    assert root.named is not None  # read whenever this field is selected
    return entity(root.named, root.node_id)


@strawberry.type(description="A party that connects otherwise separate groups.")
class Broker:
    named: strawberry.Private[Projection | None]
    node_id: strawberry.Private[str]
    entity: Entity = strawberry.field(resolver=_broker_entity, description="The party (or event).")
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
    brokers: list[Broker] = strawberry.field(description="This page of them.")
    page_info: PageInfo = page_info_field()


@strawberry.type(description="A technology and how many of a community's members use it.")
class TechnologyWeight:
    technology: Technology = strawberry.field(description="The technology.")
    member_count: int = strawberry.field(description="Members needing or offering it.")


@strawberry.type(description="A cluster of parties that meet each other more than others.")
class Community:
    named: strawberry.Private[Projection | None]
    found: strawberry.Private[structure.Community]
    index: int = strawberry.field(description="1 for the largest community, and so on.")
    size: int = strawberry.field(description="How many parties it holds.")

    @strawberry.field(description="Its parties, by id.")
    def members(self) -> list[Entity]:
        return self._entities(self.found.member_ids)

    @strawberry.field(description="The events that bind it, by id.")
    def events(self) -> list[Event]:
        return cast(list[Event], self._entities(self.found.event_ids))

    @strawberry.field(description="The technologies most of its members need or offer.")
    def technologies(self) -> list[TechnologyWeight]:
        counts = dict(self.found.technologies)
        return [
            TechnologyWeight(technology=cast(Technology, tech), member_count=counts[tech.id])
            for tech in self._entities(counts)
        ]

    def _entities(self, ids: Iterable[str]) -> list[Entity]:
        named = self.named
        assert named is not None  # read whenever one of these fields is selected
        # An entity deleted since the graph was read is left out.
        return [entity(named, node_id) for node_id in ids if node_id in named.nodes]


@strawberry.type(description="Communities, largest first.")
class CommunitiesResult:
    total_count: int = strawberry.field(description="How many communities there are.")
    method: str = strawberry.field(description="How communities were found.")
    computed_at: dt.datetime = strawberry.field(description=COMPUTED_AT_HELP)
    communities: list[Community] = strawberry.field(description="This page of them.")
    page_info: PageInfo = page_info_field()


async def _named(info: GraphInfo, lens: Lens, ids: Iterable[str]) -> Projection:
    """The entities of an answer as ``lens`` sees them, read from the store (one round
    trip; none when there are none)."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return view_of_records([], lens)
    return view_of_records(list((await info.context.store.get_nodes(wanted)).values()), lens)


async def brokers_result(
    info: GraphInfo,
    links: LinkFilter,
    lens: Lens,
    kinds: Collection[NodeKind],
    paging: AnalyticsPage,
    name_contains: str | None = None,
) -> BrokersResult:
    """The GraphQL view of a page of brokers, from the last structure graph (only those
    named so, with ``name_contains``)."""
    graph = await structure_for(info.context.store)
    # Betweenness takes seconds of CPU on a large graph: not on the event loop.
    ranked = await asyncio.to_thread(structure.brokers, graph, links, kinds, lens)
    found = await keep_named(info.context.store, ranked, _broker_id, name_contains)
    method = structure.betweenness_method(graph, links, lens)
    page = paging.cut(found)
    named = None
    if selects(info.selected_fields, "entity"):
        named = await _named(info, lens, (b.node_id for b in page))
    return BrokersResult(
        total_count=len(found),
        page_info=paging.info(len(found)),
        method=method,
        computed_at=graph.computed_at,
        brokers=[
            Broker(
                named=named,
                node_id=b.node_id,
                betweenness=b.betweenness,
                degree=b.degree,
                communities_bridged=b.communities_bridged,
            )
            for b in page
            # An entity deleted since the graph was read is left out of the page.
            if named is None or b.node_id in named.nodes
        ],
    )


def _broker_id(broker: RankedBroker) -> str:
    return broker.node_id


async def communities_result(
    info: GraphInfo, links: LinkFilter, lens: Lens, paging: AnalyticsPage
) -> CommunitiesResult:
    """The GraphQL view of a page of communities, from the last structure graph."""
    graph = await structure_for(info.context.store)
    found = await asyncio.to_thread(structure.communities, graph, links, lens)
    page = paging.cut(found)
    parts = [
        (field, part)
        for field, part in (
            ("members", lambda c: c.member_ids),
            ("events", lambda c: c.event_ids),
            ("technologies", lambda c: [tech for tech, _ in c.technologies]),
        )
        if selects(info.selected_fields, field)
    ]
    ids = [node_id for c in page for _, part in parts for node_id in part(c)]
    named = await _named(info, lens, ids) if parts else None
    return CommunitiesResult(
        total_count=len(found),
        page_info=paging.info(len(found)),
        method=structure.community_method(graph, links, lens),
        computed_at=graph.computed_at,
        communities=[
            Community(named=named, found=c, index=c.index, size=len(c.member_ids)) for c in page
        ],
    )
