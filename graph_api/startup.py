"""Opening the store as the service starts, and going on trying while it is not there.

An orchestrator often starts the API before its database is up. Exiting then would
make it restart the API in a loop; instead the service starts, answers ``/readyz`` with
503 and requests with STORE_UNAVAILABLE, and connects as soon as Neo4j answers. Only
then does it undo any import run killed outright (on any machine; and again every
minute), seed an empty store (when asked) and begin building the analytics copy.
The embedded store is a file of this machine: if it cannot be opened (another process
holds it), waiting will not help, so the service stops with the reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from graph_api.analytics.structure_worker import start_structure_worker
from graph_api.change_relay import start_change_relay
from graph_api.errors import ErrorCode, GraphApiError
from graph_api.store import GraphStore
from graph_api.transfer.interrupted import sweep_interrupted, undo_interrupted
from graph_api.transfer.journal import SWEEP_SECONDS, ImportJournal

log = logging.getLogger("graph_api.startup")

RECONNECT_SECONDS = 2.0  # between attempts to reach a store that is not answering yet


class StoreStartup:
    """Connects (or keeps trying to), seeds an empty store, and starts the worker that
    computes the whole-graph measures (brokers, communities)."""

    def __init__(
        self,
        store: GraphStore,
        owns_store: bool,
        seed_if_empty: bool,
        imports: ImportJournal | None = None,
        sweep_seconds: float = SWEEP_SECONDS,
    ) -> None:
        self.store, self.owns_store, self.seed_if_empty = store, owns_store, seed_if_empty
        # Import runs noted in the store: one whose process was killed outright is undone
        # once the store answers (graph_api.transfer.journal).
        self.imports, self.sweep_seconds = imports, sweep_seconds
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        """Connect now if the store answers; otherwise keep trying in the background."""
        if self.owns_store:
            try:
                await self.store.connect()
            except GraphApiError as error:
                if error.code is not ErrorCode.STORE_UNAVAILABLE or self.store.backend != "neo4j":
                    raise
                log.warning(
                    "%s; starting anyway, not ready until it answers (trying every %g s)",
                    error.message,
                    RECONNECT_SECONDS,
                )
                self._tasks.append(asyncio.create_task(self._keep_connecting()))
                return
        await self._connected()

    async def stop(self) -> None:
        """Stop the background work and close the store if the service opened it."""
        for task in self._tasks:
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self.owns_store:
            await self.store.close()

    async def _keep_connecting(self) -> None:
        while True:
            await asyncio.sleep(RECONNECT_SECONDS)
            try:
                await self.store.connect()
            except GraphApiError as error:
                log.info("still waiting for the store: %s", error.message)
                continue
            except Exception:  # anything else: still not ready, and this loop must live on
                log.exception("connecting to the store failed; trying again")
                continue
            log.info("the %s store answers now; the service is ready", self.store.backend)
            await self._connected()
            return

    async def _connected(self) -> None:
        if self.imports is not None:
            try:
                for note in await undo_interrupted(self.store, self.imports):
                    log.warning(
                        "undid import %s: its process (%d, started %s) ended before it did",
                        note.run_id,
                        note.pid,
                        note.started,
                    )
            except Exception as error:  # marked abandoned: the sweep below tries again
                log.warning("undoing interrupted imports failed: %s", error)
            # And those interrupted later, on any machine (graph_api.transfer.journal).
            sweep = sweep_interrupted(self.store, self.imports, self.sweep_seconds)
            self._tasks.append(asyncio.create_task(sweep))
        relay = start_change_relay(self.store)  # other processes' writes, for subscribers
        if relay is not None:
            self._tasks.append(relay)
        if self.seed_if_empty:
            from graph_api.seeding import seed_store_if_empty

            await seed_store_if_empty(self.store)
        if self.owns_store:
            # Brokers and communities: computed by their own worker, from the compact
            # structure graph, now and after writes settle.
            self._tasks.append(start_structure_worker(self.store))
