"""The audit trail in GraphQL: the ``Change`` type and ``history(id, first, after)``.

History pages newest first with keyset cursors (the time and id of the last change
seen), so a page deep in a long history costs what the first one does.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import replace
from enum import Enum
from typing import Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from graph_api.auth.identity import Identity
from graph_api.auth.roles import Role
from graph_api.domain import Evidence, RelType, is_person_id, kind_of_id
from graph_api.errors import ErrorCode, GraphApiError, bad_input
from graph_api.schema.connections import PageInfo
from graph_api.schema.context import GraphContext
from graph_api.store.changes import ChangeAction, ChangeRecord


def _register_enum(enum: type[Enum], description: str) -> None:
    # Another feature may have registered a model enum already; registering it twice
    # would define the GraphQL type twice, which Strawberry refuses.
    if "__strawberry_definition__" not in vars(enum):
        strawberry.enum(enum, description=description)


_register_enum(ChangeAction, "What a change did.")
_register_enum(RelType, "The relationship types of the graph.")
_register_enum(Evidence, "How a link is known: RECORDED, REPORTED or INFERRED.")

_CURSOR_PREFIX = "history:"
HIDDEN_PERSON = "person:hidden"
_HIDDEN_SUMMARY = {"hidden": "personal data: shown to the admin role only"}


def visible_change(change: ChangeRecord, identity: Identity) -> ChangeRecord:
    """The change as this caller may see it. Below admin, a Person's id (which holds a
    name), what the change wrote about them, its source and idempotency key are hidden,
    as are Person ids anywhere in another change's summary (a merge lists the links it
    moved); an import's operator (an account on the server) reads 'import'."""
    if identity.allows(Role.ADMIN):
        return change
    personal = change.about_a_person()
    actor = "import" if change.channel == "import" else change.actor
    summary = _HIDDEN_SUMMARY if personal else _without_persons(change.summary)
    if not personal and actor == change.actor and summary == change.summary:
        return change
    return replace(
        change,
        actor=actor,
        entity_id=HIDDEN_PERSON if is_person_id(change.entity_id) else change.entity_id,
        other_id=HIDDEN_PERSON if is_person_id(change.other_id) else change.other_id,
        summary=summary,
        before=None if personal else change.before,
        source=None if personal else change.source,
        idempotency_key=None if personal else change.idempotency_key,
    )


def _without_persons(value: Any) -> Any:
    """``value`` (a change summary, or part of one) with every Person id replaced by
    ``HIDDEN_PERSON``, and every record that names one (a link to a Person) by a note."""
    if isinstance(value, str):
        return HIDDEN_PERSON if is_person_id(value) else value
    if isinstance(value, list):
        return [_without_persons(item) for item in value]
    if isinstance(value, dict):
        if any(isinstance(item, str) and is_person_id(item) for item in value.values()):
            return _HIDDEN_SUMMARY
        return {name: _without_persons(item) for name, item in value.items()}
    return value


@strawberry.type(description="One entry of the audit trail: who changed what, when, and why.")
class Change:
    id: strawberry.ID = strawberry.field(description="The change's own id.")
    at: dt.datetime = strawberry.field(description="When it was committed (UTC).")
    actor: str = strawberry.field(
        description="Who made it: 'key:<name>' for an API key, a token's subject, or "
        "'import' for an import run (its operator is shown to admins only)."
    )
    channel: str = strawberry.field(description="Through what: 'graphql' or 'import'.")
    source: str | None = strawberry.field(description="Where the information comes from.")
    action: ChangeAction = strawberry.field(description="What it did.")
    entity_id: strawberry.ID = strawberry.field(
        description="The entity it is about (a link's 'from' end; the entity a merge kept)."
    )
    other_id: strawberry.ID | None = strawberry.field(
        description="The other entity touched: a link's 'to' end, or the duplicate a merge removed."
    )
    link_type: RelType | None = strawberry.field(description="For link changes: the type.")
    summary: JSON = strawberry.field(
        description="What changed, as JSON: the new record, or the fields before and after."
    )
    idempotency_key: str | None = strawberry.field(
        description="The client's idempotency key, if the request sent one."
    )

    @classmethod
    def from_record(cls, change: ChangeRecord, identity: Identity) -> Change:
        """The GraphQL view of a stored change record, as ``identity`` may see it."""
        change = visible_change(change, identity)
        return cls(
            id=strawberry.ID(change.id),
            at=dt.datetime.fromisoformat(change.at.replace("Z", "+00:00")),
            actor=change.actor,
            channel=change.channel,
            source=change.source,
            action=change.action,
            entity_id=strawberry.ID(change.entity_id),
            other_id=strawberry.ID(change.other_id) if change.other_id else None,
            link_type=change.link_type,
            summary=cast(JSON, change.summary),
            idempotency_key=change.idempotency_key,
        )


@strawberry.type(description="One change and the cursor that points at it.")
class ChangeEdge:
    cursor: str = strawberry.field(description="Pass as 'after' to continue from here.")
    node: Change = strawberry.field(description="The change.")


@strawberry.type(description="One page of an entity's history, newest change first.")
class ChangeConnection:
    edges: list[ChangeEdge] = strawberry.field(description="The changes of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the history.")
    total_count: int = strawberry.field(description="How many changes the history holds.")


def encode_history_cursor(change: ChangeRecord) -> str:
    """An opaque cursor for the position just after ``change``."""
    text = _CURSOR_PREFIX + json.dumps([change.at, change.id])
    return base64.urlsafe_b64encode(text.encode()).decode()


def decode_history_cursor(cursor: str) -> tuple[str, str]:
    """The (time, change id) a cursor points at; BAD_USER_INPUT if it is not one of ours."""
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if text.startswith(_CURSOR_PREFIX):
            at, change_id = json.loads(text[len(_CURSOR_PREFIX) :])
            if isinstance(at, str) and isinstance(change_id, str):
                return at, change_id
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
        pass
    raise bad_input(
        "after: not a history cursor; pass pageInfo.endCursor from a previous history page",
        field="after",
    )


@strawberry.type(description="Read the audit trail.")
class HistoryQuery:
    @strawberry.field(
        description="Every recorded change to an entity or its links, newest first: who, "
        "when, the source and what changed. Works for entities merged away too."
    )
    async def history(
        self,
        info: Info[GraphContext, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="The entity's id.")],
        first: Annotated[
            int, strawberry.argument(description="How many changes (default 20).")
        ] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor to continue after.")
        ] = None,
    ) -> ChangeConnection:
        limit = info.context.settings.max_page_size
        if not 1 <= first <= limit:
            raise bad_input(f"first must be from 1 to {limit}, not {first}", field="first")
        if kind_of_id(str(id)) is None:
            raise bad_input(
                f"id: '{id}' is not an entity id; ids look like 'department:bd'", field="id"
            )
        identity = info.context.identity
        if is_person_id(str(id)) and not identity.allows(Role.ADMIN):
            raise GraphApiError(
                ErrorCode.FORBIDDEN,
                "id: a Person's history is personal data, shown to the admin role only.",
                field="id",
            )
        before = decode_history_cursor(after) if after is not None else None
        # Below admin a Person's changes are left out, not just masked: their number and
        # times would tell how often, and when, a Person attended.
        page = await info.context.store.history(
            str(id), first, before, persons=identity.allows(Role.ADMIN)
        )
        edges = [
            ChangeEdge(
                cursor=encode_history_cursor(change), node=Change.from_record(change, identity)
            )
            for change in page.changes
        ]
        return ChangeConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_more,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            total_count=page.total,
        )
