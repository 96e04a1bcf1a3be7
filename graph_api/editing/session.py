"""How every edit is carried out: one transaction with its audit record, replayable by key.

An operation (create an entity, record a link, ...) only plans a :class:`Draft`: what to
write and how to describe it. :func:`perform` gives the draft its change record (who,
when, through which channel, from what source) and writes both in one transaction.

Idempotency: a client may send a key with a request. The change record of a keyed
request gets an id derived from (actor, key), and holds a hash of the request and the
first answer. The same key again finds that record before doing anything and returns
the first answer (``replayed``); with a different request it is a CONFLICT. Two copies
racing each other both try to create the same change id: the store refuses the second
transaction (unique id), and the loser replays the winner.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph_api.domain import LinkRecord, NodeRecord, RelType
from graph_api.domain.validation import link_row
from graph_api.errors import ErrorCode, GraphApiError, bad_input
from graph_api.store.base import GraphStore
from graph_api.store.changes import ChangeAction, ChangeRecord, ChangeSet, utc_now

MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class Editor:
    """Who is editing, through what, and where: every change record says so."""

    store: GraphStore
    actor: str
    channel: str = "graphql"
    # Whether this editor may touch links of Person records (personal data): admins.
    personal_data: bool = False


@dataclass
class Draft:
    """What one operation will write and how its change record describes it."""

    action: ChangeAction
    entity_id: str
    source: str | None
    writes: ChangeSet = field(default_factory=ChangeSet)
    other_id: str | None = None
    link_type: RelType | None = None
    summary: dict[str, Any] = field(default_factory=dict)
    before: dict[str, Any] | None = None
    node: NodeRecord | None = None
    link: LinkRecord | None = None
    removed_id: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What an operation did: its change record and the entity or link it left."""

    change: ChangeRecord
    node: NodeRecord | None = None
    link: LinkRecord | None = None
    removed_id: str | None = None
    replayed: bool = False


def keyed_change_id(actor: str, key: str) -> str:
    """The change id a keyed request always gets: keys are scoped to their actor."""
    digest = hashlib.sha256(f"{actor}\n{key}".encode()).hexdigest()[:40]
    return f"change:k-{digest}"


def request_hash(operation: str, request: Mapping[str, Any]) -> str:
    """A fingerprint of an operation and its input, to tell a retry from a new request."""
    text = json.dumps(
        {"operation": operation, "input": request}, sort_keys=True, default=str, ensure_ascii=False
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _check_key(key: str) -> None:
    if not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise bad_input(
            f"idempotencyKey must be 1 to {MAX_KEY_LENGTH} characters and not blank; "
            "send a fresh random value (e.g. a UUID) per intended change",
            field="idempotencyKey",
        )


async def perform(
    editor: Editor,
    operation: str,
    request: Mapping[str, Any],
    key: str | None,
    plan: Callable[[], Awaitable[Draft]],
) -> Outcome:
    """Run one edit: replay it if its key was seen, else plan it and write it with its
    change record in one transaction."""
    fingerprint = request_hash(operation, request)
    if key is not None:
        _check_key(key)
        earlier = await editor.store.get_change(keyed_change_id(editor.actor, key))
        if earlier is not None:
            return _replay(earlier, fingerprint, operation)
    draft = await plan()
    change = ChangeRecord(
        id=keyed_change_id(editor.actor, key) if key else f"change:m-{uuid.uuid4().hex}",
        at=utc_now(),
        actor=editor.actor,
        channel=editor.channel,
        action=draft.action,
        entity_id=draft.entity_id,
        source=draft.source,
        other_id=draft.other_id,
        link_type=draft.link_type,
        summary={"operation": operation, **draft.summary},
        before=draft.before,
        idempotency_key=key,
        request_hash=fingerprint if key else None,
        result=_result(draft) if key else None,
    )
    draft.writes.changes.append(change)
    try:
        await editor.store.apply(draft.writes)
    except Exception:
        if key is None:
            raise
        winner = await editor.store.get_change(change.id)
        if winner is None:
            raise
        return _replay(winner, fingerprint, operation)
    return Outcome(change, draft.node, draft.link, draft.removed_id)


def _result(draft: Draft) -> dict[str, Any]:
    return {
        "node": draft.node.to_row() if draft.node else None,
        "link": link_row(draft.link) if draft.link else None,
        "removed_id": draft.removed_id,
    }


def _replay(earlier: ChangeRecord, fingerprint: str, operation: str) -> Outcome:
    if earlier.request_hash != fingerprint:
        first = earlier.summary.get("operation", "another operation")
        raise GraphApiError(
            ErrorCode.CONFLICT,
            f"idempotencyKey '{earlier.idempotency_key}' was already used at {earlier.at} for "
            f"a different request ({first}); a key stands for one request. Send {operation} "
            "with a new key.",
            field="idempotencyKey",
            changeId=earlier.id,
        )
    result = earlier.result or {}
    node_row, link_data = result.get("node"), result.get("link")
    return Outcome(
        change=earlier,
        node=NodeRecord.from_row(node_row) if node_row else None,
        link=LinkRecord.from_row(link_data) if link_data else None,
        removed_id=result.get("removed_id"),
        replayed=True,
    )
