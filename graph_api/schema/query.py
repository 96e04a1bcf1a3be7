"""The root ``Query``: look entities up by id, list each kind page by page, and say what
store is answering. Resolvers stay thin: they check arguments and call the store."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry.types import Info

from graph_api.auth.roles import Role
from graph_api.domain import NodeKind, NodeRecord, is_person_id
from graph_api.errors import ErrorCode, GraphApiError, bad_input, not_found
from graph_api.schema.context import GraphContext
from graph_api.schema.entities import (
    Bureau,
    Department,
    Enterprise,
    Entity,
    Event,
    Node,
    PartnerBody,
    Technology,
    entity_from_record,
    personal_data,
)
from graph_api.schema.filters import (
    BureauFilter,
    DepartmentFilter,
    EnterpriseFilter,
    EventFilter,
    PartnerBodyFilter,
    TechnologyFilter,
)
from graph_api.schema.lists import Id, LookupAsOf, entity_list
from graph_api.schema.notes import add_note
from graph_api.schema.prefetch import prefetch
from graph_api.store.base import SortField

GraphInfo = Info[GraphContext, None]


MAX_IDS = 100

strawberry.enum(SortField, description="What a list is ordered by.")


@strawberry.type(description="Which store answered and how much it holds.")
class StoreStatus:
    backend: str = strawberry.field(description="'neo4j' or 'embedded'.")
    version: str = strawberry.field(description="The database's product version.")
    edition: str = strawberry.field(description="The database's edition.")
    node_count: int = strawberry.field(description="Entities in the graph.")
    link_count: int = strawberry.field(description="Relationships in the graph.")


async def _entity(
    info: GraphInfo, node_id: str, kind: NodeKind | None, as_of: dt.date | None = None
) -> Entity:
    if is_person_id(node_id):
        raise personal_data(node_id)  # before the store is asked whether one exists
    # The entity and the lists selected under it in one round trip, where the store can.
    await prefetch(info, [node_id])
    record = await info.context.nodes.load(node_id)
    expected = kind.value if kind else "entity"
    if record is None:
        record = await _survivor(info, node_id)
    if record is None:
        raise not_found(expected, node_id)
    if kind is not None and record.kind is not kind:
        raise not_found(expected, node_id, record.kind.value)
    if as_of is None:
        return entity_from_record(record)
    if not record.existed_on(as_of):
        raise _not_then(record, as_of)
    return entity_from_record(record.as_named_on(as_of))


MERGE_CHAIN_LIMIT = 10  # merges followed from an old id (a merged into b, b into c, ...)


async def _survivor(info: GraphInfo, node_id: str) -> NodeRecord | None:
    """The entity an old id was merged into (following later merges), with a note saying
    so; None if the id was never merged away."""
    return (await _survivors(info, [node_id])).get(node_id)


async def _survivors(info: GraphInfo, ids: list[str]) -> dict[str, NodeRecord]:
    """Old id -> the entity it was merged into (following later merges), for those of
    ``ids`` merged away, with a note on each; one round-trip per merge followed."""
    found: dict[str, NodeRecord] = {}
    current = {node_id: node_id for node_id in dict.fromkeys(ids)}  # asked -> followed
    for _ in range(MERGE_CHAIN_LIMIT):
        merged = await info.context.store.merged_into(sorted(set(current.values())))
        current = {asked: merged[at] for asked, at in current.items() if at in merged}
        if not current:
            break
        pending = list(current)
        records = await info.context.nodes.load_many([current[asked] for asked in pending])
        for asked, record in zip(pending, records, strict=True):
            if record is not None:
                found[asked] = record
                del current[asked]
                add_note(
                    info,
                    f"'{asked}' was merged into '{record.id}' ({record.name_en}); the "
                    f"answer shows '{record.id}'. Use that id from now on.",
                )
    return found


def _not_then(record: NodeRecord, day: dt.date) -> GraphApiError:
    """NOT_FOUND for an entity that did not exist on ``day``, saying when it did."""
    dissolved = record.properties.get("dissolved")
    if dissolved is not None and str(dissolved) < day.isoformat():
        when = f"its last day was {dissolved}"
    else:
        when = f"it began on {record.began()}"
    return GraphApiError(
        ErrorCode.NOT_FOUND,
        f"'{record.id}' ({record.name_en}) did not exist on {day.isoformat()}: {when}. "
        "Ask without asOf for it as it is, or with a day when it existed.",
        id=record.id,
    )


@strawberry.type(description="Read the collaboration graph.")
class EntityQuery:
    @strawberry.field(
        description="Any entity by id (Relay). A NOT_FOUND error if there is none. An id "
        "merged away (mergeEntities) answers with the entity it was merged into, and "
        "'extensions.notes' says so; the kind lookups below do the same."
    )
    async def node(self, info: GraphInfo, id: Id, as_of: LookupAsOf = None) -> Node:
        return await _entity(info, str(id), None, as_of)

    @strawberry.field(
        description="Several entities by id, in the order given; null where none, and for "
        "Person ids (personal data). An id merged away answers with the entity it was "
        "merged into, as node(id) does."
    )
    async def nodes(
        self,
        info: GraphInfo,
        ids: Annotated[
            list[strawberry.ID],
            strawberry.argument(description=f"Up to {MAX_IDS} ids, e.g. from a saved list."),
        ],
    ) -> list[Node | None]:
        if len(ids) > MAX_IDS:
            raise bad_input(f"Ask for at most {MAX_IDS} ids at once; {len(ids)} were given.")
        # Persons are not shown: null, as if there were none, and the store is not asked.
        asked = [str(i) for i in ids if not is_person_id(str(i))]
        records = dict(zip(asked, await info.context.nodes.load_many(asked), strict=True))
        missing = [node_id for node_id, record in records.items() if not record]
        survivors = await _survivors(info, missing) if missing else {}
        shown = [records.get(str(i)) or survivors.get(str(i)) for i in ids]
        return [entity_from_record(record) if record else None for record in shown]

    @strawberry.field(description="A policy bureau by id, e.g. 'bureau:itib'.")
    async def bureau(self, info: GraphInfo, id: Id, as_of: LookupAsOf = None) -> Bureau:
        return await _entity(info, str(id), NodeKind.BUREAU, as_of)  # type: ignore[return-value]

    @strawberry.field(description="A department by id, e.g. 'department:bd'.")
    async def department(self, info: GraphInfo, id: Id, as_of: LookupAsOf = None) -> Department:
        return await _entity(info, str(id), NodeKind.DEPARTMENT, as_of)  # type: ignore[return-value]

    @strawberry.field(description="A partner body by id, e.g. 'partner:hkstp'.")
    async def partner_body(self, info: GraphInfo, id: Id, as_of: LookupAsOf = None) -> PartnerBody:
        return await _entity(info, str(id), NodeKind.PARTNER_BODY, as_of)  # type: ignore[return-value]

    @strawberry.field(description="An enterprise by id.")
    async def enterprise(self, info: GraphInfo, id: Id, as_of: LookupAsOf = None) -> Enterprise:
        return await _entity(info, str(id), NodeKind.ENTERPRISE, as_of)  # type: ignore[return-value]

    @strawberry.field(description="A technology by id, e.g. 'technology:ai'.")
    async def technology(self, info: GraphInfo, id: Id, as_of: LookupAsOf = None) -> Technology:
        return await _entity(info, str(id), NodeKind.TECHNOLOGY, as_of)  # type: ignore[return-value]

    @strawberry.field(description="An event by id, e.g. 'event:tf-19'.")
    async def event(self, info: GraphInfo, id: Id, as_of: LookupAsOf = None) -> Event:
        return await _entity(info, str(id), NodeKind.EVENT, as_of)  # type: ignore[return-value]

    bureaux = entity_list(
        NodeKind.BUREAU, Bureau, BureauFilter, "All policy bureaux, page by page."
    )
    departments = entity_list(
        NodeKind.DEPARTMENT,
        Department,
        DepartmentFilter,
        "All departments and agencies, page by page.",
    )
    partner_bodies = entity_list(
        NodeKind.PARTNER_BODY, PartnerBody, PartnerBodyFilter, "All partner bodies, page by page."
    )
    enterprises = entity_list(
        NodeKind.ENTERPRISE, Enterprise, EnterpriseFilter, "All enterprises, page by page."
    )
    technologies = entity_list(
        NodeKind.TECHNOLOGY,
        Technology,
        TechnologyFilter,
        "All technologies of the taxonomy, page by page.",
    )
    events = entity_list(NodeKind.EVENT, Event, EventFilter, "All events, page by page.")

    @strawberry.field(
        description="Which store is answering, its version, and its size (Person records "
        "and their links are counted for the admin role only)."
    )
    async def store_status(self, info: GraphInfo) -> StoreStatus:
        store = info.context.store
        store_info = await store.info()
        personal = info.context.identity.allows(Role.ADMIN)
        nodes = await store.count_nodes()
        links = await store.count_links(persons=personal)
        if not personal:
            nodes.pop(NodeKind.PERSON, None)
        return StoreStatus(
            backend=store_info.backend,
            version=store_info.version,
            edition=store_info.edition,
            node_count=sum(nodes.values()),
            link_count=sum(links.values()),
        )
