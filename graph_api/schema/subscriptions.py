"""The root ``Subscription``: changes as they are committed, over WebSocket.

Served at ``/graphql`` with the ``graphql-transport-ws`` protocol only (its messages'
shapes checked by ``graph_api.socket_messages``). Changes come from the store's change
feed, which on Neo4j relays what other processes commit too (``graph_api.change_relay``).
Below admin, a Person's changes are left out.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry
from strawberry.types import Info

from graph_api.auth.identity import Identity
from graph_api.auth.roles import Role
from graph_api.caller_limits import CallerLimits, caller_of
from graph_api.domain import NodeKind, kind_of_id
from graph_api.errors import bad_input
from graph_api.events import ChangeEvent
from graph_api.schema.changes import Change
from graph_api.schema.connections import Link
from graph_api.schema.context import GraphContext
from graph_api.schema.entities import Entity, entity_from_record


@strawberry.type(description="A change just committed, with what it wrote.")
class GraphChange:
    change: Change = strawberry.field(description="The audit record: who, when, what, source.")
    kinds: list[NodeKind] = strawberry.field(description="Kinds of the entities it touched.")
    entity: Entity | None = strawberry.field(
        description="For entity changes: the entity as written (null for Person records)."
    )
    link: Link | None = strawberry.field(
        description="For links recorded: the link as written (null for links of a Person, "
        "below the admin role)."
    )

    @classmethod
    def from_event(cls, event: ChangeEvent, identity: Identity) -> GraphChange:
        """The GraphQL view of a committed change, as ``identity`` may see it."""
        node = event.node
        personal = NodeKind.PERSON in event.kinds and not identity.allows(Role.ADMIN)
        return cls(
            change=Change.from_record(event.change, identity),
            kinds=sorted(event.kinds),
            entity=entity_from_record(node) if node and node.kind is not NodeKind.PERSON else None,
            link=Link.from_record(event.link) if event.link and not personal else None,
        )


def _wanted(event: ChangeEvent, kinds: frozenset[NodeKind], event_id: str | None) -> bool:
    if kinds and not kinds & event.kinds:
        return False
    return event_id is None or event.touches(event_id)


@strawberry.type(description="Follow the graph as it changes.")
class Subscription:
    @strawberry.subscription(
        description="Every change as it is committed (entities created, updated or merged, "
        "links such as attendance recorded or removed), optionally only those touching "
        "some kinds of entity or one event."
    )
    async def graph_changed(
        self,
        info: Info[GraphContext, None],
        kinds: Annotated[
            list[NodeKind] | None,
            strawberry.argument(description="Only changes touching an entity of these kinds."),
        ] = None,
        event_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only changes touching this event."),
        ] = None,
    ) -> AsyncGenerator[GraphChange, None]:
        if event_id is not None and kind_of_id(str(event_id)) is not NodeKind.EVENT:
            raise bad_input(
                f"eventId: '{event_id}' is not an event id; they look like 'event:tf-19'",
                field="eventId",
            )
        wanted_kinds = frozenset(kinds or ())
        wanted_event = str(event_id) if event_id is not None else None
        places = info.context.caller_limits or CallerLimits(0)
        identity = info.context.identity
        personal = identity.allows(Role.ADMIN)
        with places.subscription(caller_of(identity), id(info.context.connection)):
            async with info.context.store.change_feed.subscribe() as changes:
                async for event in changes:
                    if info.context.credentials is not None:
                        # Ends the subscription (UNAUTHENTICATED) once the key is revoked
                        # or the token has expired.
                        await info.context.credentials.ensure_if_due()
                    if not personal and event.change.about_a_person():
                        continue  # a Person's change: for the admin role only
                    if _wanted(event, wanted_kinds, wanted_event):
                        yield GraphChange.from_event(event, identity)
