"""What mutations answer: the entity or link as written, and the change that recorded it."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from graph_api.auth.identity import Identity
from graph_api.editing import Outcome
from graph_api.errors import not_found
from graph_api.schema.changes import Change
from graph_api.schema.connections import Link
from graph_api.schema.context import GraphContext
from graph_api.schema.entities import Entity, entity_from_record

_REPLAYED = (
    "True if this answer is a replay: the idempotency key was seen before, nothing was "
    "written now, and this is the first request's answer."
)


@strawberry.type(description="An entity as a mutation left it.")
class EntityPayload:
    entity: Entity = strawberry.field(description="The entity after the change.")
    change: Change = strawberry.field(description="The audit record of this change.")
    replayed: bool = strawberry.field(description=_REPLAYED)

    @classmethod
    def from_outcome(cls, outcome: Outcome, identity: Identity) -> EntityPayload:
        """The payload for an entity edit."""
        assert outcome.node is not None
        return cls(
            entity=entity_from_record(outcome.node),
            change=Change.from_record(outcome.change, identity),
            replayed=outcome.replayed,
        )


async def _entity(info: Info[GraphContext, None], node_id: str) -> Entity:
    record = await info.context.nodes.load(node_id)
    if record is None:  # removed since (e.g. merged away)
        raise not_found("entity", node_id)
    return entity_from_record(record)


@strawberry.type(description="A link as a mutation left it (or, for removeLink, as it was).")
class LinkPayload:
    link: Link = strawberry.field(description="The link: type, date, source, role, ...")
    from_id: strawberry.ID = strawberry.field(description="Where the link starts.")
    to_id: strawberry.ID = strawberry.field(description="Where it ends.")
    change: Change = strawberry.field(description="The audit record of this change.")
    replayed: bool = strawberry.field(description=_REPLAYED)

    @strawberry.field(description="The entity the link starts from.")
    async def from_entity(self, info: Info[GraphContext, None]) -> Entity:
        return await _entity(info, str(self.from_id))

    @strawberry.field(description="The entity the link goes to.")
    async def to_entity(self, info: Info[GraphContext, None]) -> Entity:
        return await _entity(info, str(self.to_id))

    @classmethod
    def from_outcome(cls, outcome: Outcome, identity: Identity) -> LinkPayload:
        """The payload for a link edit."""
        assert outcome.link is not None
        return cls(
            link=Link.from_record(outcome.link),
            from_id=strawberry.ID(outcome.link.from_id),
            to_id=strawberry.ID(outcome.link.to_id),
            change=Change.from_record(outcome.change, identity),
            replayed=outcome.replayed,
        )


@strawberry.type(description="The entity a duplicate was merged into.")
class MergePayload:
    entity: Entity = strawberry.field(
        description="The entity kept, with the duplicate's links and names (as aliases)."
    )
    removed_id: strawberry.ID = strawberry.field(
        description="The duplicate's id; it no longer exists, but history(id) still has it."
    )
    change: Change = strawberry.field(description="The audit record of the merge.")
    replayed: bool = strawberry.field(description=_REPLAYED)

    @classmethod
    def from_outcome(cls, outcome: Outcome, identity: Identity) -> MergePayload:
        """The payload for a merge."""
        assert outcome.node is not None
        return cls(
            entity=entity_from_record(outcome.node),
            removed_id=strawberry.ID(outcome.removed_id or ""),
            change=Change.from_record(outcome.change, identity),
            replayed=outcome.replayed,
        )


def payload_types() -> list[Any]:
    """Every payload type (for the schema's explicit type list)."""
    return [EntityPayload, LinkPayload, MergePayload]
