"""An explicit Neo4j transaction (an import's, ``GraphStore.one_transaction``), and the
driver's graph values as plain Python."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING, Any

import neo4j
from neo4j.exceptions import (
    ConnectionAcquisitionTimeoutError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)
from neo4j.graph import Node, Path, Relationship

from graph_api.errors import transaction_too_large
from graph_api.store.neo4j_bookmarks import note_written
from graph_api.store.transaction import Row, Statement, StoreTransaction

if TYPE_CHECKING:
    from graph_api.store.neo4j_store import Neo4jStore

log = logging.getLogger("graph_api.store.neo4j")

# What a store that is down, restarting or changing leader raises once the driver has
# stopped retrying: each becomes STORE_UNAVAILABLE (503, try again), never INTERNAL_ERROR.
# TransientError covers DatabaseUnavailable and NotALeader (a cluster electing a leader).
UNREACHABLE = (
    ServiceUnavailable,
    SessionExpired,
    TransientError,
    OSError,
    # Every pooled connection in use past the acquisition timeout (a busy service).
    ConnectionAcquisitionTimeoutError,
)
# Of those, what a busy Neo4j (or a busy pool) causes as well as a dead one: no answer
# in time. A refused or reset connection is never taken for busy.
NO_ANSWER_IN_TIME = (TimeoutError, ConnectionAcquisitionTimeoutError)


class Neo4jTransaction(StoreTransaction):
    """An explicit transaction on its own session. Neo4j runs one query at a time in a
    transaction, so concurrent callers (an import plans a batch while the last is being
    written) take turns."""

    def __init__(
        self, store: Neo4jStore, session: neo4j.AsyncSession, transaction: neo4j.AsyncTransaction
    ) -> None:
        super().__init__(store)
        self._store, self._session, self._transaction = store, session, transaction
        self._turn = asyncio.Lock()

    async def read(self, text: str, params: dict[str, Any]) -> list[Row]:
        async with self._turn, self._explained():
            result = await self._transaction.run(text, params)
            keys = result.keys()
            records = [record async for record in result]
        return [{key: plain(record[key]) for key in keys} for record in records]

    async def write(self, statements: Sequence[Statement]) -> None:
        async with self._turn, self._explained():
            for _, text, params in statements:
                await (await self._transaction.run(text, params)).consume()

    async def _commit(self) -> None:
        async with self._turn, self._explained():
            await self._transaction.commit()
            note_written(await self._session.last_bookmarks())
        await self._session.close()

    @contextlib.asynccontextmanager
    async def _explained(self) -> AsyncIterator[None]:
        """Driver failures as errors a person can act on."""
        started = time.monotonic()
        try:
            yield
            self._store.note_answered()
        except Neo4jError as error:
            # MemoryPoolOutOfMemoryError (all transactions' limit), TransactionMemoryLimit
            # (one transaction's limit): transient errors, but trying again cannot help.
            if "memory" in (error.code or "").lower():
                raise transaction_too_large() from error
            if isinstance(error, UNREACHABLE):
                raise self._store._unavailable(error, started, name="a transaction") from error
            raise
        except UNREACHABLE as error:
            raise self._store._unavailable(error, started, name="a transaction") from error

    async def rollback(self) -> None:
        try:
            if not self._transaction.closed():
                await self._transaction.rollback()
        except UNREACHABLE as error:
            log.warning("Rolling back a transaction failed (Neo4j drops it anyway): %s", error)
        finally:
            await self._session.close()


# Values the driver gives as they are: tested first, by exact type, because most of a
# large answer is lists of them (a path search's columns of ids) and a test per item
# against the graph types below costs more than decoding it did.
_SCALARS = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """Driver graph types as plain dicts: a node's properties; a link's, plus its type."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [item if type(item) in _SCALARS else plain(item) for item in value]
    if kind is dict:
        return {key: item if type(item) in _SCALARS else plain(item) for key, item in value.items()}
    if isinstance(value, Node):
        return dict(value)
    if isinstance(value, Relationship):
        return {**dict(value), "type": value.type}
    if isinstance(value, Path):
        return {
            "nodes": [dict(n) for n in value.nodes],
            "links": [plain(r) for r in value.relationships],
        }
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value
