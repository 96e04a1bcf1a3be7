"""Create, update, upsert and merge entities: each a validated, audited, idempotent edit.

Records arrive in the seed-file shape (``name_en``, ``event_type``, ...), so the seed
rules validate them (``graph_api.domain.validation``). Person records hold personal data and
are not editable through the API: they come only from imports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from graph_api.domain import LinkRecord, NodeKind, NodeRecord, id_prefix, kind_of_id
from graph_api.domain.validation import (
    RecordProblem,
    changed_fields,
    check_node,
    link_to_raw,
    node_to_raw,
)
from graph_api.editing.session import Draft, Editor, Outcome, perform
from graph_api.errors import ErrorCode, GraphApiError, bad_input
from graph_api.store.changes import ChangeAction, ChangeSet, LinkKey

_SLUG_BREAK = re.compile(r"[^a-z0-9]+")
_MAX_SLUG = 60


def invalid(problem: RecordProblem) -> GraphApiError:
    """The API error for a record that breaks a rule, naming the field."""
    return bad_input(problem.message, field=problem.field)


def forbid_personal_data(kind: NodeKind | None, what: str) -> None:
    """Refuse edits of Person records themselves: they are personal data, kept out of the
    API's entity types, and changed only by an administrator's import."""
    if kind is NodeKind.PERSON:
        raise GraphApiError(
            ErrorCode.FORBIDDEN,
            f"{what} is a Person record: personal data is not edited through the API. "
            "An administrator changes it with graph-api import.",
        )


def forbid_personal_links(editor: Editor, kinds: Iterable[NodeKind | None], what: str) -> None:
    """Refuse a link with a Person at either end unless the editor may see personal data."""
    if not editor.personal_data and NodeKind.PERSON in kinds:
        raise GraphApiError(
            ErrorCode.FORBIDDEN,
            f"{what} has a Person at one end: links of personal data need the admin role.",
        )


async def load_entity(editor: Editor, node_id: str, field: str) -> NodeRecord:
    """The entity with this id, or NOT_FOUND naming the argument that held the id.
    FORBIDDEN for a Person's id, before the store is asked (Persons are not edited through
    the API, and the answer must not tell whether one exists)."""
    forbid_personal_data(kind_of_id(node_id), f"{field}: '{node_id}'")
    found = (await editor.store.get_nodes([node_id])).get(node_id)
    if found is None:
        raise await missing_entity(
            editor,
            node_id,
            field,
            "Ids look like 'department:bd'; search(text: ...) finds an id by name.",
        )
    return found


async def missing_entity(editor: Editor, node_id: str, field: str, hint: str) -> GraphApiError:
    """NOT_FOUND for an id no entity has, naming the argument; for an id merged away
    (mergeEntities), naming the entity it became: a change is never redirected unseen."""
    survivor = (await editor.store.merged_into([node_id])).get(node_id)
    if survivor is not None:
        return GraphApiError(
            ErrorCode.NOT_FOUND,
            f"{field}: '{node_id}' was merged into '{survivor}'; send '{survivor}' instead. "
            "Nothing was changed.",
            field=field,
            id=node_id,
            mergedInto=survivor,
        )
    return GraphApiError(
        ErrorCode.NOT_FOUND,
        f"{field}: no entity has id '{node_id}'. {hint}",
        field=field,
        id=node_id,
    )


def derive_id(raw: Mapping[str, Any]) -> str:
    """An id for a new entity from its kind and abbreviation or English name."""
    kind_value, basis = raw.get("kind"), raw.get("abbreviation") or raw.get("name_en")
    kind = NodeKind(kind_value) if kind_value in set(NodeKind) else None
    slug = _SLUG_BREAK.sub("-", basis.casefold()).strip("-") if isinstance(basis, str) else ""
    if kind is None or not slug:
        raise bad_input(
            "id: cannot derive an id from this name; give one, e.g. 'enterprise:acme-robotics'",
            field="id",
        )
    return f"{id_prefix(kind)}:{slug[:_MAX_SLUG].rstrip('-')}"


def _with_id(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The record with its id, derived from its names when the client left it out."""
    record = dict(raw)
    if record.get("id") is None:
        kind = _kind_of(record)
        if kind is not None:  # report a bad name as such, not as "cannot derive an id"
            _validated({**record, "id": f"{id_prefix(kind)}:x"})
        record["id"] = derive_id(record)
    return record


def _validated(raw: Mapping[str, Any]) -> NodeRecord:
    try:
        node = check_node(raw)
    except RecordProblem as problem:
        raise invalid(problem) from None
    forbid_personal_data(node.kind, node.id)
    return node


async def create_entity(editor: Editor, raw: Mapping[str, Any], key: str | None) -> Outcome:
    """Create a new entity; CONFLICT if its id is taken (update or merge it instead)."""
    forbid_personal_data(_kind_of(raw), "this")

    async def plan() -> Draft:
        node = _validated(_with_id(raw))
        existing = (await editor.store.get_nodes([node.id])).get(node.id)
        if existing is not None:
            raise GraphApiError(
                ErrorCode.CONFLICT,
                f"id: '{node.id}' already exists ({existing.name_en}). Change it with "
                "updateEntity, or give this entity another id.",
                field="id",
                id=node.id,
            )
        return _created(node)

    return await perform(editor, "createEntity", raw, key, plan)


async def upsert_entity(editor: Editor, raw: Mapping[str, Any], key: str | None) -> Outcome:
    """Create the entity, or replace the one with its id by exactly this record."""
    forbid_personal_data(_kind_of(raw), "this")

    async def plan() -> Draft:
        node = _validated(_with_id(raw))
        existing = (await editor.store.get_nodes([node.id])).get(node.id)
        return _created(node) if existing is None else _replaced(existing, node)

    return await perform(editor, "upsertEntity", raw, key, plan)


async def update_entity(
    editor: Editor, node_id: str, patch: Mapping[str, Any], key: str | None
) -> Outcome:
    """Change some fields of an entity: a field set to None is cleared, absent ones kept."""

    async def plan() -> Draft:
        existing = await load_entity(editor, node_id, "id")
        forbid_personal_data(existing.kind, node_id)
        record = node_to_raw(existing)
        for name, value in patch.items():
            if value is None:
                record.pop(name, None)
            else:
                record[name] = value
        return _replaced(existing, _validated(record))

    return await perform(editor, "updateEntity", {"id": node_id, **patch}, key, plan)


def _kind_of(raw: Mapping[str, Any]) -> NodeKind | None:
    value = raw.get("kind")
    return NodeKind(value) if value in set(NodeKind) else None


def _created(node: NodeRecord) -> Draft:
    return Draft(
        action=ChangeAction.ENTITY_CREATED,
        entity_id=node.id,
        source=node.source,
        writes=ChangeSet(nodes=[node]),
        summary={"entity": node_to_raw(node)},
        node=node,
    )


def _replaced(existing: NodeRecord, node: NodeRecord) -> Draft:
    old, new = changed_fields(node_to_raw(existing), node_to_raw(node))
    if not new and not old:
        return Draft(ChangeAction.UNCHANGED, node.id, node.source, node=existing)
    return Draft(
        action=ChangeAction.ENTITY_UPDATED,
        entity_id=node.id,
        source=node.source,
        writes=ChangeSet(nodes=[node]),
        summary={"before": old, "after": new},
        before=existing.to_row(),
        node=node,
    )


async def merge_entities(
    editor: Editor, keep_id: str, duplicate_id: str, source: str, key: str | None
) -> Outcome:
    """Merge a duplicate into the entity kept: every link of the duplicate moves over, its
    names become aliases, fields the kept one lacks are filled in, and it is deleted."""
    if keep_id == duplicate_id:
        raise bad_input(
            "duplicateId: an entity cannot be merged into itself; give two different ids",
            field="duplicateId",
        )
    require_source(source)

    async def plan() -> Draft:
        keep = await load_entity(editor, keep_id, "keepId")
        duplicate = await load_entity(editor, duplicate_id, "duplicateId")
        if keep.kind is not duplicate.kind:
            raise bad_input(
                f"duplicateId: '{duplicate_id}' is a {duplicate.kind} and '{keep_id}' a "
                f"{keep.kind}; only entities of one kind can be merged",
                field="duplicateId",
            )
        forbid_personal_data(keep.kind, keep_id)
        return await _merge_draft(editor, keep, duplicate, source)

    request = {"keepId": keep_id, "duplicateId": duplicate_id, "source": source}
    return await perform(editor, "mergeEntities", request, key, plan)


def require_source(source: str) -> None:
    """Refuse a blank source: every change says where it comes from."""
    if not source.strip():
        raise bad_input("source is blank: say where this correction comes from", field="source")


async def _merge_draft(
    editor: Editor, keep: NodeRecord, duplicate: NodeRecord, source: str
) -> Draft:
    old_links = await editor.store.links_touching([duplicate.id])
    # Moving (or dropping) a link of a Person changes personal data.
    ends = (kind_of_id(end) for link in old_links for end in (link.from_id, link.to_id))
    forbid_personal_links(editor, ends, f"duplicateId: a link of '{duplicate.id}'")
    rewired: dict[LinkKey, LinkRecord] = {}
    dropped: list[LinkRecord] = []
    for link in old_links:
        moved = replace(
            link,
            from_id=keep.id if link.from_id == duplicate.id else link.from_id,
            to_id=keep.id if link.to_id == duplicate.id else link.to_id,
        )
        if moved.from_id == moved.to_id:
            dropped.append(link)  # a link between the two would join the entity to itself
        else:
            rewired[(moved.type, moved.from_id, moved.to_id)] = moved
    held = await editor.store.get_links(list(rewired))  # the kept entity's own version wins
    moved_links = [link for link_key, link in rewired.items() if link_key not in held]
    merged = _validated(_merged_raw(keep, duplicate))
    return Draft(
        action=ChangeAction.ENTITY_MERGED,
        entity_id=keep.id,
        other_id=duplicate.id,
        source=source,
        writes=ChangeSet(nodes=[merged], links=moved_links, removed_nodes=[duplicate.id]),
        summary={
            "removed": node_to_raw(duplicate),
            "moved_links": len(moved_links),
            # The entities at the other ends of the links that moved (an event whose
            # attendee changed, say): subscribers following one of them hear of the merge.
            "touched": sorted(
                {end for link in moved_links for end in (link.from_id, link.to_id)} - {keep.id}
            ),
            "already_held_links": [list(link_key) for link_key in rewired if link_key in held],
            "dropped_links": [link_to_raw(link) for link in dropped],
        },
        before={"kept": keep.to_row(), "removed": duplicate.to_row(), "links": len(old_links)},
        node=merged,
        removed_id=duplicate.id,
    )


def _merged_raw(keep: NodeRecord, duplicate: NodeRecord) -> dict[str, Any]:
    record = node_to_raw(keep)
    for name, value in node_to_raw(duplicate).items():
        if name not in record and name != "aliases":
            record[name] = value  # fill what the kept entity lacks
    # Every name of the duplicate stays searchable: its English and Chinese names,
    # abbreviation and former names become aliases of the kept entity where they differ
    # from the kept one's own names (its former names are the kept one's when it had none).
    taken = {record["name_en"], record.get("name_zh"), record.get("abbreviation")}
    taken |= {name for former in keep.former_names for name in former.names()}
    if not keep.former_names:
        taken |= {name for former in duplicate.former_names for name in former.names()}
    names = [
        *keep.aliases,
        duplicate.name_en,
        duplicate.name_zh,
        duplicate.abbreviation,
        *duplicate.aliases,
        *(name for former in duplicate.former_names for name in former.names()),
    ]
    aliases = [name for name in dict.fromkeys(names) if name and name not in taken]
    if aliases:
        record["aliases"] = aliases
    return record
