"""Record and remove links (attendance, needs, offers, pilots, ties): audited, idempotent.

A link is identified by (type, from, to): recording one that exists updates its
properties, so recording is naturally safe to repeat. A link to an event takes the
event's date unless the request gives one, and a link to or from sample data is sample
data itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph_api.domain import NodeKind, RelType, kind_of_id
from graph_api.domain.validation import (
    RecordProblem,
    changed_fields,
    check_link,
    check_succession,
    link_row,
    link_to_raw,
)
from graph_api.editing.entities import (
    forbid_personal_links,
    invalid,
    missing_entity,
    require_source,
)
from graph_api.editing.session import Draft, Editor, Outcome, perform
from graph_api.errors import ErrorCode, GraphApiError
from graph_api.store.changes import ChangeAction, ChangeSet


async def record_link(
    editor: Editor, raw: Mapping[str, Any], key: str | None, operation: str = "recordLink"
) -> Outcome:
    """Create the link ``raw`` describes (seed-file shape), or update the one it names."""

    async def plan() -> Draft:
        ends = {end: str(raw.get(end, "")) for end in ("from", "to")}
        for node_id in ends.values():  # before the lookup, which would tell who exists
            forbid_personal_links(editor, [kind_of_id(node_id)], node_id)
        found = await editor.store.get_nodes(list(ends.values()))
        for end, node_id in ends.items():
            if node_id not in found:
                raise await missing_entity(
                    editor,
                    node_id,
                    end,
                    "Create it first, or find its id with search(text: ...).",
                )
            forbid_personal_links(editor, [found[node_id].kind], node_id)
        record = dict(raw)
        target = found[ends["to"]]
        if record.get("date") is None and target.kind is NodeKind.EVENT and target.date:
            record["date"] = target.date.isoformat()  # attendance happens on the event's day
        if any(node.sample for node in found.values()):
            # A link from or to an invented entity is invented too: it stays sample data
            # whatever the request says, so no real-looking fact joins a sample one.
            record["sample"] = True
        try:
            link = check_link(record, {node_id: node.kind for node_id, node in found.items()})
            if link.type is RelType.SUCCEEDED_BY:
                check_succession(link, found[link.from_id], found[link.to_id])
        except RecordProblem as problem:
            raise invalid(problem) from None
        link_key = (link.type, link.from_id, link.to_id)
        existing = (await editor.store.get_links([link_key])).get(link_key)
        common: dict[str, Any] = {
            "entity_id": link.from_id,
            "other_id": link.to_id,
            "link_type": link.type,
            "source": link.source,
            "link": link,
        }
        if existing is None:
            return Draft(
                action=ChangeAction.LINK_RECORDED,
                writes=ChangeSet(links=[link]),
                summary={"link": link_to_raw(link)},
                **common,
            )
        old, new = changed_fields(link_to_raw(existing), link_to_raw(link))
        if not old and not new:
            return Draft(action=ChangeAction.UNCHANGED, **common)
        return Draft(
            action=ChangeAction.LINK_UPDATED,
            writes=ChangeSet(links=[link]),
            summary={"before": old, "after": new},
            before=link_row(existing),
            **common,
        )

    return await perform(editor, operation, raw, key, plan)


async def remove_link(
    editor: Editor, rel_type: RelType, from_id: str, to_id: str, source: str, key: str | None
) -> Outcome:
    """Remove one link; NOT_FOUND if there is no such link."""
    require_source(source)
    forbid_personal_links(editor, [kind_of_id(from_id), kind_of_id(to_id)], "This link")

    async def plan() -> Draft:
        link_key = (rel_type, from_id, to_id)
        existing = (await editor.store.get_links([link_key])).get(link_key)
        if existing is None:
            raise GraphApiError(
                ErrorCode.NOT_FOUND,
                f"There is no {rel_type} link from '{from_id}' to '{to_id}'. The entity's "
                "fields (e.g. eventsAttended) list the links it has.",
                field="toId",
            )
        return Draft(
            action=ChangeAction.LINK_REMOVED,
            entity_id=from_id,
            other_id=to_id,
            link_type=rel_type,
            source=source,
            writes=ChangeSet(removed_links=[link_key]),
            summary={"link": link_to_raw(existing)},
            before=link_row(existing),
            link=existing,
        )

    request = {"type": rel_type.value, "fromId": from_id, "toId": to_id, "source": source}
    return await perform(editor, "removeLink", request, key, plan)
