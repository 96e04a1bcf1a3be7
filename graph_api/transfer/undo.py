"""Undo an import run from its change records (what makes a failed import leave nothing).

Every row an import changes is written with a change record in the same transaction,
holding the record as it was before (or nothing, if the row created it) and the run's
id as its batch. Undoing walks those records newest first, in batches, each batch one
transaction: created records are deleted, updated ones restored, and the change
records forgotten. An undo that is itself interrupted can simply be run again
(``graph-api import --undo RUN_ID``).
"""

from __future__ import annotations

from typing import Any

from graph_api.domain import LinkRecord, NodeRecord
from graph_api.store.base import GraphStore
from graph_api.store.changes import ChangeAction, ChangeRecord, ChangeSet
from graph_api.transfer.report import ProgressCallback

BATCH_SIZE = 1_000


class UnknownRun(LookupError):
    """No change record names this import run: a mistyped id, or undone already."""

    def __init__(self, run_id: str) -> None:
        super().__init__(
            f"No import run '{run_id}' in the change history, so there is nothing to undo. "
            "An import prints its id when it starts ('Import <id> ...'): check the id; or "
            "the run wrote nothing, or was undone already."
        )


async def require_run(store: GraphStore, run_id: str) -> None:
    """Raise UnknownRun unless some change record belongs to the import run ``run_id``."""
    if not await store.batch_changes(run_id, 1):
        raise UnknownRun(run_id)


async def undo_import(
    store: GraphStore,
    run_id: str,
    batch_size: int = BATCH_SIZE,
    on_progress: ProgressCallback | None = None,
) -> int:
    """Undo an import run from its change records, newest first: created records are
    deleted, updated ones restored as they were, and the change records forgotten.

    Each step is one transaction, so an undo that is itself interrupted can simply be
    run again (``graph-api import --undo RUN_ID``). Returns how many changes it undid.
    """
    undone = 0
    while changes := await store.batch_changes(run_id, batch_size):
        # Latest first: the last one seen for a key is its earliest change in the run,
        # which says what the record was before the run began.
        earliest: dict[tuple[Any, ...], ChangeRecord] = {}
        for change in changes:
            if change.link_type is None:
                earliest[("entity", change.entity_id)] = change
            else:
                earliest[("link", change.link_type, change.entity_id, change.other_id)] = change
        inverse = ChangeSet(forgotten_changes=[change.id for change in changes])
        for change in earliest.values():
            if change.action is ChangeAction.ENTITY_CREATED:
                inverse.removed_nodes.append(change.entity_id)
            elif change.action is ChangeAction.ENTITY_UPDATED and change.before:
                inverse.nodes.append(NodeRecord.from_row(change.before))
            elif change.action is ChangeAction.LINK_RECORDED and change.link_type:
                inverse.removed_links.append(
                    (change.link_type, change.entity_id, change.other_id or "")
                )
            elif change.action is ChangeAction.LINK_UPDATED and change.before:
                inverse.links.append(LinkRecord.from_row(change.before))
        await store.apply(inverse)
        undone += len(changes)
        if on_progress:
            on_progress("undoing", undone, None)
    return undone
