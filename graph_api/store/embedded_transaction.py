"""The embedded store's long transaction (its own Ladybug connection and thread), and the
helpers both of its connections share.

Ladybug isolates transactions by connection, so the service's connection keeps reading
the store as committed while an import writes through this one. It allows one writer at
a time, so the service's own writes are refused meanwhile (``store_busy``), before they
ask Ladybug: a refused ``BEGIN TRANSACTION`` leaves its connection unusable (the next
query on it crashes the process, Ladybug 0.22).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, cast

from graph_api.store.transaction import Row, Statement, StoreTransaction

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from graph_api.store.embedded_store import EmbeddedStore


class EmbeddedTransaction(StoreTransaction):
    """A write transaction on a connection of its own, used from one worker thread."""

    def __init__(
        self, owner: EmbeddedStore, connection: Any, on_disk: bool, on_end: Callable[[], None]
    ) -> None:
        """Take over ``connection``, on which a transaction has begun; ``on_end`` runs
        once it has committed or rolled back."""
        super().__init__(owner)
        self._connection, self._on_disk, self._on_end = connection, on_disk, on_end
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="ladybug-transaction"
        )

    async def _call(self, function: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._executor, function, *args)

    async def read(self, text: str, params: dict[str, Any]) -> list[Row]:
        with self._explained():
            rows: list[Row] = await self._call(
                lambda: rows_of(self._connection.execute(text, params))
            )
        return rows

    async def write(self, statements: Sequence[Statement]) -> None:
        def run() -> None:
            for _, text, params in statements:
                self._connection.execute(text, params).close()

        with self._explained():
            await self._call(run)

    @contextlib.contextmanager
    def _explained(self) -> Iterator[None]:
        """A transaction that outgrew the page cache as something to act on."""
        try:
            yield
        except RuntimeError as error:
            store = cast("EmbeddedStore", self.owner)
            if (full := store.out_of_pages(error, importing=True)) is not None:
                raise full from error
            raise

    async def _commit(self) -> None:
        def commit() -> None:
            self._connection.execute("COMMIT")
            if self._on_disk:
                # Fold the run into the store file now, not at some later write. Committed
                # is committed: a checkpoint refused now is made by a later write.
                try:
                    self._connection.execute("CHECKPOINT")
                except RuntimeError as error:
                    log.warning("No checkpoint after the import's commit: %s", error)

        await self._call(commit)
        await self._finish()

    async def rollback(self) -> None:
        def roll_back() -> None:
            # Nothing may be open any more (the commit itself failed).
            with contextlib.suppress(RuntimeError):
                self._connection.execute("ROLLBACK")

        try:
            await self._call(roll_back)
        finally:
            await self._finish()

    async def _finish(self) -> None:
        try:
            if self._connection is not None:
                await self._call(self._connection.close)
                self._connection = None
        finally:
            self._executor.shutdown(wait=False)
            self._on_end()


def rows_of(result: Any) -> list[Row]:
    """A query result's rows as plain dicts (closing the result)."""
    try:
        columns = result.get_column_names()
        rows = []
        while result.has_next():
            rows.append(dict(zip(columns, map(_plain, result.get_next()), strict=True)))
        return rows
    finally:
        result.close()


def _plain(value: Any) -> Any:
    """Ladybug's node and relationship dicts without their internal ``_`` keys, also
    inside lists and structs."""
    if isinstance(value, dict):
        internal = "_LABEL" in value
        return {
            key: _plain(item)
            for key, item in value.items()
            if not (internal and key.startswith("_"))
        }
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
