"""The root ``Mutation``: thin resolvers over ``graph_api.editing``.

Every mutation is validated (a BAD_USER_INPUT error names the field and the rule; an
unknown id is NOT_FOUND), recorded in the audit trail with its actor (the verified caller),
time and source in the same transaction, and made safe to retry by an optional
``idempotencyKey``: the same key again returns the first answer (``replayed: true``);
the same key with a different request is a CONFLICT.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from typing import Annotated, Any

import strawberry
from strawberry.dataloader import DataLoader

from graph_api import editing
from graph_api.domain import RelType
from graph_api.editing import Editor, Outcome
from graph_api.errors import GraphApiError
from graph_api.schema.actor import editor_of
from graph_api.schema.context import GraphContext, GraphInfo
from graph_api.schema.imports import ImportMutation
from graph_api.schema.link_inputs import (
    AttendanceInput,
    LinkFacts,
    LinkInput,
    NeedInput,
    OfferInput,
    PartnerTieInput,
    PilotInput,
    link_raw,
)
from graph_api.schema.mutation_inputs import (
    EntityInput,
    EntityPatch,
    graphql_name,
)
from graph_api.schema.mutation_payloads import EntityPayload, LinkPayload, MergePayload

IdempotencyKey = Annotated[
    str | None,
    strawberry.argument(
        description="Optional: a fresh random value (e.g. a UUID) per intended change. "
        "Retrying with the same key returns the first answer and writes nothing again."
    ),
]
Source = Annotated[str, strawberry.argument(description="Where this correction comes from.")]
EntityId = Annotated[strawberry.ID, strawberry.argument(description="The entity's id.")]
KeepId = Annotated[
    strawberry.ID, strawberry.argument(description="The entity to keep (it takes the links).")
]
DuplicateId = Annotated[
    strawberry.ID, strawberry.argument(description="The duplicate to fold in and delete.")
]
LinkType = Annotated[RelType, strawberry.argument(description="The link's relationship type.")]
FromId = Annotated[strawberry.ID, strawberry.argument(description="Where the link starts.")]
ToId = Annotated[strawberry.ID, strawberry.argument(description="Where the link ends.")]


def _input(what: str) -> Any:
    return strawberry.argument(description=what)


def _editor(info: GraphInfo) -> Editor:
    return editor_of(info.context)


async def _run(
    info: GraphInfo, work: Awaitable[Outcome], names: Mapping[str, str] | None = None
) -> Outcome:
    """Run an edit; name fields as the client sent them; drop what loaders cached."""
    try:
        outcome = await work
    except GraphApiError as error:
        raise _renamed(error, names or {}) from None
    _forget_loaded(info.context)
    return outcome


async def _record(
    info: GraphInfo,
    rel_type: RelType,
    input: LinkFacts,
    ends: tuple[str, str],
    idempotency_key: str | None,
    **extra: Any,
) -> LinkPayload:
    """Record one link from a typed input whose ``ends`` name its from and to fields;
    errors name those fields as the client sent them (``partyId``, not ``from``)."""
    from_id, to_id = (str(getattr(input, field)) for field in ends)
    raw = link_raw(rel_type, from_id, to_id, input, **extra)
    # The mutation's name (recordAttendance for an AttendanceInput): an idempotency key
    # reused on another mutation is then a conflict.
    operation = "record" + type(input).__name__.removesuffix("Input")
    work = editing.record_link(_editor(info), raw, idempotency_key, operation)
    names = {"from": graphql_name(ends[0]), "to": graphql_name(ends[1])}
    return LinkPayload.from_outcome(await _run(info, work, names), info.context.identity)


def _renamed(error: GraphApiError, names: Mapping[str, str]) -> GraphApiError:
    field = error.details.get("field")
    if not isinstance(field, str) or not field:
        return error
    parts = [names.get(part) or graphql_name(part) for part in field.split("/")]
    client_field = "/".join(parts)
    message = error.message
    if message.startswith(field):
        message = client_field + message[len(field) :]
    return GraphApiError(error.code, message, **{**error.details, "field": client_field})


def _forget_loaded(context: GraphContext) -> None:
    # Loaders may hold what this request read before the write; later fields must see
    # the graph as it is now.
    for value in vars(context).values():
        for loader in value.values() if isinstance(value, dict) else [value]:
            if isinstance(loader, DataLoader):
                loader.clear_all()


@strawberry.type(
    description="Keep the graph current. Every change is validated, recorded with who, when "
    "and its source (read it back with history(id)), and can be retried safely with an "
    "idempotencyKey."
)
class Mutation(ImportMutation):
    @strawberry.mutation(
        description="Create an entity. CONFLICT if its id exists: use updateEntity or "
        "upsertEntity then, or mergeEntities for a duplicate."
    )
    async def create_entity(
        self,
        info: GraphInfo,
        input: Annotated[EntityInput, _input("The entity.")],
        idempotency_key: IdempotencyKey = None,
    ) -> EntityPayload:
        work = editing.create_entity(_editor(info), input.to_raw(), idempotency_key)
        return EntityPayload.from_outcome(await _run(info, work), info.context.identity)

    @strawberry.mutation(
        description="Change some fields of an entity (fields left out stay; null clears)."
    )
    async def update_entity(
        self,
        info: GraphInfo,
        id: EntityId,
        input: Annotated[EntityPatch, _input("The fields to change.")],
        idempotency_key: IdempotencyKey = None,
    ) -> EntityPayload:
        work = editing.update_entity(_editor(info), str(id), input.to_patch(), idempotency_key)
        return EntityPayload.from_outcome(await _run(info, work), info.context.identity)

    @strawberry.mutation(
        description="Create the entity, or make the one with its id exactly this (the "
        "graph's 'merge' in Cypher terms: safe to repeat)."
    )
    async def upsert_entity(
        self,
        info: GraphInfo,
        input: Annotated[EntityInput, _input("The entity.")],
        idempotency_key: IdempotencyKey = None,
    ) -> EntityPayload:
        work = editing.upsert_entity(_editor(info), input.to_raw(), idempotency_key)
        return EntityPayload.from_outcome(await _run(info, work), info.context.identity)

    @strawberry.mutation(
        description="Merge a duplicate into the entity to keep: its links move over (a link "
        "the kept entity already has stays as it is), its names become aliases, fields "
        "the kept one lacks are filled in, and the duplicate is deleted."
    )
    async def merge_entities(
        self,
        info: GraphInfo,
        keep_id: KeepId,
        duplicate_id: DuplicateId,
        source: Source,
        idempotency_key: IdempotencyKey = None,
    ) -> MergePayload:
        editor = _editor(info)
        work = editing.merge_entities(
            editor, str(keep_id), str(duplicate_id), source, idempotency_key
        )
        return MergePayload.from_outcome(await _run(info, work), info.context.identity)

    @strawberry.mutation(description="Record that a party attended an event, in a role.")
    async def record_attendance(
        self,
        info: GraphInfo,
        input: Annotated[AttendanceInput, _input("The attendance.")],
        idempotency_key: IdempotencyKey = None,
    ) -> LinkPayload:
        ends = ("party_id", "event_id")
        role = input.role
        return await _record(info, RelType.ATTENDED, input, ends, idempotency_key, role=role)

    @strawberry.mutation(description="Record a department's need for a technology.")
    async def record_need(
        self,
        info: GraphInfo,
        input: Annotated[NeedInput, _input("The need.")],
        idempotency_key: IdempotencyKey = None,
    ) -> LinkPayload:
        ends = ("department_id", "technology_id")
        return await _record(info, RelType.NEEDS, input, ends, idempotency_key, need=input.need)

    @strawberry.mutation(description="Record that an enterprise offers a technology.")
    async def record_offer(
        self,
        info: GraphInfo,
        input: Annotated[OfferInput, _input("The offer.")],
        idempotency_key: IdempotencyKey = None,
    ) -> LinkPayload:
        ends = ("enterprise_id", "technology_id")
        return await _record(info, RelType.OFFERS, input, ends, idempotency_key)

    @strawberry.mutation(description="Record that a department trialled an enterprise's work.")
    async def record_pilot(
        self,
        info: GraphInfo,
        input: Annotated[PilotInput, _input("The pilot.")],
        idempotency_key: IdempotencyKey = None,
    ) -> LinkPayload:
        ends = ("department_id", "enterprise_id")
        project = input.project
        return await _record(info, RelType.PILOTED, input, ends, idempotency_key, project=project)

    @strawberry.mutation(description="Record an enterprise's incubation or membership.")
    async def record_partner_tie(
        self,
        info: GraphInfo,
        input: Annotated[PartnerTieInput, _input("The tie.")],
        idempotency_key: IdempotencyKey = None,
    ) -> LinkPayload:
        ends = ("enterprise_id", "partner_id")
        return await _record(info, RelType(input.tie.value), input, ends, idempotency_key)

    @strawberry.mutation(description="Record any link the model allows (the general form).")
    async def record_link(
        self,
        info: GraphInfo,
        input: Annotated[LinkInput, _input("The link.")],
        idempotency_key: IdempotencyKey = None,
    ) -> LinkPayload:
        extra = {"role": input.role, "need": input.need, "project": input.project}
        raw = link_raw(input.type, input.from_id, input.to_id, input, **extra)
        work = editing.record_link(_editor(info), raw, idempotency_key, "recordLink")
        return LinkPayload.from_outcome(await _run(info, work), info.context.identity)

    @strawberry.mutation(description="Remove one link; the answer shows the link as it was.")
    async def remove_link(
        self,
        info: GraphInfo,
        type: LinkType,
        from_id: FromId,
        to_id: ToId,
        source: Source,
        idempotency_key: IdempotencyKey = None,
    ) -> LinkPayload:
        editor = _editor(info)
        work = editing.remove_link(editor, type, str(from_id), str(to_id), source, idempotency_key)
        return LinkPayload.from_outcome(await _run(info, work), info.context.identity)
