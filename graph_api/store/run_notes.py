"""The import runs under way, noted in the store itself (``graph_api.transfer.journal``
decides what the notes mean). Every process that shares the store sees every note, so a
run whose process was killed is found by whichever process starts or imports next, on
whatever machine."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from graph_api.errors import ErrorCode, GraphApiError
from graph_api.store.transaction import Row, Statement

if TYPE_CHECKING:
    from graph_api.store.counters import StoreCounters
    from graph_api.store.cypher_library import CypherLibrary


@dataclass(frozen=True)
class RunNote:
    """An import run under way: which process writes it, since when, when it last
    showed it was alive (ISO times, UTC), and whether every service process holds its
    readers off until the run ends (``graph_api.held_runs``)."""

    run_id: str
    host: str
    pid: int
    process: str
    started: str
    heartbeat: str
    holds_readers: bool = False


class CypherRunNotes:
    """The notes as ``ImportRun`` nodes, through ``cypher/*_import_run*.cypher``."""

    if TYPE_CHECKING:  # provided by CypherGraphStore
        cypher: CypherLibrary
        counters: StoreCounters

        async def read(self, name: str, params: dict[str, Any], **tokens: Any) -> list[Row]: ...

        async def write(self, statements: Sequence[Statement]) -> None: ...

        def one_transaction(self) -> contextlib._AsyncGeneratorContextManager[None]: ...

    def _statement(self, name: str, params: dict[str, Any]) -> Statement:
        self.counters.record(name)
        return (name, self.cypher.text(name), params)

    async def note_import_run(self, note: RunNote) -> None:
        """Note a run before its first write (or note it again, later)."""
        await self.write([self._statement("note_import_run", _note_params(note))])

    async def touch_import_run(self, run_id: str, heartbeat: str) -> None:
        """Say that run ``run_id`` is still being written."""
        params = {"id": run_id, "heartbeat": heartbeat}
        await self.write([self._statement("touch_import_run", params)])

    async def forget_import_run(self, run_id: str) -> None:
        """Forget a run that finished or was undone (nothing if it was not noted)."""
        await self.write([self._statement("forget_import_run", {"id": run_id})])

    async def claim_import_run(self, seen: RunNote, mine: RunNote) -> bool:
        """Take run ``seen.run_id`` over as ``mine`` if its note is still ``seen`` (one
        transaction, so of several callers at most one gets it)."""
        params = {
            "id": seen.run_id,
            "seen_process": seen.process,
            "seen_heartbeat": seen.heartbeat,
            "host": mine.host,
            "pid": mine.pid,
            "process": mine.process,
            "heartbeat": mine.heartbeat,
        }
        return await self._taken("claim_import_run", params)

    async def note_import_run_if_absent(self, note: RunNote) -> bool:
        """Note a run as ``note`` unless it is noted already; whether the note is now
        ``note``'s (one transaction: of several callers at most one gets it)."""
        return await self._taken("note_import_run_if_absent", _note_params(note))

    async def _taken(self, name: str, params: dict[str, Any]) -> bool:
        # In a transaction of its own: on a cluster, a write goes to the leader.
        try:
            async with self.one_transaction():
                rows = await self.read(name, params)
        except GraphApiError as busy:
            # The embedded store's one writer is taken (another claim, an import), or the
            # store is away: not claimed now; whoever looks next time may take it.
            if busy.code is ErrorCode.STORE_UNAVAILABLE:
                return False
            raise
        return bool(rows) and rows[0].get("mine", True) is not False

    async def import_run_notes(self) -> list[RunNote]:
        """Every run noted as under way, oldest first."""
        rows = await self.read("import_run_notes", {})
        return [
            RunNote(
                run_id=str(row["id"]),
                host=str(row["host"] or ""),
                pid=int(row["pid"] or 0),
                process=str(row["process"] or ""),
                started=str(row["started"] or ""),
                heartbeat=str(row["heartbeat"] or ""),
                holds_readers=bool(row["holds_readers"]),
            )
            for row in rows
        ]


def _note_params(note: RunNote) -> dict[str, Any]:
    """A note as the Cypher files' parameters (the run's id is ``$id``)."""
    params = asdict(note)
    params["id"] = params.pop("run_id")
    return params
