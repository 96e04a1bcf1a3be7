"""Undoing an import run for a caller of the API (``undoImport``): who may, and when.

An editor undoes the runs made with their own credentials, an admin any run. An
editor's undo is refused (CONFLICT) when anything else has changed an entity the run
wrote since it began: undoing deletes what the run created and restores what it
updated, so it would throw that later work away, or delete links others recorded to
what the run created. A run still being written or undone (by any process: the
run's note in the store says so, and an undo takes the note over first,
``graph_api.transfer.journal``) is refused too. The answer never names a Person or an
import's operator.
"""

from __future__ import annotations

from graph_api.errors import ErrorCode, GraphApiError
from graph_api.store.base import GraphStore
from graph_api.store.changes import ChangeRecord
from graph_api.transfer.journal import ImportJournal
from graph_api.transfer.undo import UnknownRun, undo_import

# Runs this process is undoing now: a second request for one would count its changes
# again.
_UNDOING: set[str] = set()


async def undo_run(
    store: GraphStore, journal: ImportJournal, run_id: str, actor: str, any_run: bool
) -> int:
    """Undo import run ``run_id`` for ``actor`` (who may undo ``any_run`` if an admin);
    how many changes it undid. GraphApiError: NOT_FOUND, FORBIDDEN or CONFLICT."""
    busy = _conflict(
        f"runId: run '{run_id}' is being written or undone now; ask again once it has finished."
    )
    if run_id in _UNDOING:
        raise busy
    _UNDOING.add(run_id)  # before anything is awaited: a second request waits for none
    try:
        first = await store.batch_changes(run_id, 1)
        if not first:
            raise GraphApiError(ErrorCode.NOT_FOUND, str(UnknownRun(run_id)), field="runId")
        if first[0].actor != actor and not any_run:
            raise GraphApiError(
                ErrorCode.FORBIDDEN,
                f"runId: run '{run_id}' was made by someone else; an editor undoes only "
                "their own import runs (the admin role may undo any).",
                field="runId",
            )
        later = None if any_run else await store.changed_since_run(run_id)
        if later is not None:
            raise _conflict(
                f"runId: since run '{run_id}' began, {_described(later)}; undoing the run "
                "would throw that work away. Correct the records one by one, or ask an "
                "administrator, who may undo it all the same."
            )
        # Taken over last, once the caller may undo it: a refusal leaves the run as it was.
        if not await journal.free_to_undo(run_id):
            raise busy
        async with journal.undoing(run_id):
            return await undo_import(store, run_id)
    finally:
        _UNDOING.discard(run_id)


def _described(change: ChangeRecord) -> str:
    """The later change in words an editor may read: no Person, no operator's account."""
    who = "an import" if change.channel == "import" else change.actor
    if change.about_a_person():
        # Neither whose change it was nor when: below admin a Person's changes are not
        # shown at all (graph_api.schema.changes).
        return "personal data linked to what it wrote was changed"
    what = f"{change.action.value} of '{change.entity_id}'"
    return f"{who} changed what it wrote ({what}, {change.at})"


def _conflict(message: str) -> GraphApiError:
    return GraphApiError(ErrorCode.CONFLICT, message, field="runId")
