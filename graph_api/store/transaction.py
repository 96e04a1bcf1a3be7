"""One store transaction held across many calls, so that readers see a whole import or none.

An import writes in batches, and each batch reads what the store holds before it plans
its writes. Inside ``CypherGraphStore.one_transaction()`` every such read and write of
the calling task (and of the tasks it starts) goes through one open transaction, routed
by a context variable; every other caller keeps its own transactions, so it sees the
store as it was until the commit. A process killed meanwhile leaves nothing behind: the
server (Neo4j) or the store file (Ladybug) never committed it.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from contextvars import ContextVar
from typing import Any

from graph_api.store.counters import StoreCounters

Row = dict[str, Any]
Statement = tuple[str, str, dict[str, Any]]  # (query name, text, parameters)


class StoreTransaction(abc.ABC):
    """An open transaction of one store: reads and writes in it, then commit or roll back."""

    def __init__(self, owner: object) -> None:
        self.owner = owner  # the store it belongs to: other stores' calls never use it
        self._after_commit: list[Callable[[], None]] = []

    @abc.abstractmethod
    async def read(self, text: str, params: dict[str, Any]) -> list[Row]:
        """Run one query in the transaction; it sees the transaction's own writes."""

    @abc.abstractmethod
    async def write(self, statements: Sequence[Statement]) -> None:
        """Run the statements in the transaction (nothing is visible to others yet)."""

    @abc.abstractmethod
    async def _commit(self) -> None:
        """Commit in the store."""

    @abc.abstractmethod
    async def rollback(self) -> None:
        """Drop every write of the transaction; safe after a failed commit."""

    def after_commit(self, action: Callable[[], None]) -> None:
        """Run ``action`` once the transaction has committed (never if it rolls back):
        live subscribers must not hear of changes that may yet be undone."""
        self._after_commit.append(action)

    async def commit(self) -> None:
        """Make every write of the transaction visible at once."""
        await self._commit()

    def committed(self) -> None:
        """Run what waited for the commit (call once it has succeeded)."""
        for action in self._after_commit:
            action()


_ACTIVE: ContextVar[StoreTransaction | None] = ContextVar("graph_api_transaction", default=None)


def active_transaction(store: object) -> StoreTransaction | None:
    """The transaction this task is inside for ``store``, if any."""
    transaction = _ACTIVE.get()
    return transaction if transaction is not None and transaction.owner is store else None


def enter(transaction: StoreTransaction) -> Any:
    """Route this task's calls of the transaction's store into it; returns the token
    :func:`leave` needs."""
    return _ACTIVE.set(transaction)


def leave(token: Any) -> None:
    """Stop routing calls into the transaction :func:`enter` named."""
    _ACTIVE.reset(token)


class JoinableTransactions:
    """``one_transaction()`` for a store that can open a :class:`StoreTransaction`."""

    counters: StoreCounters

    @abc.abstractmethod
    async def _begin(self) -> StoreTransaction:
        """Open a transaction that reads and writes may join (see ``one_transaction``)."""

    @contextlib.asynccontextmanager
    async def one_transaction(self) -> AsyncIterator[None]:
        """Run every read and write of this store made inside the block (by this task and
        the tasks it starts) in one transaction, committed when the block ends and rolled
        back if it raises: other callers see all of it or none of it."""
        transaction = await self._begin()
        token = enter(transaction)
        try:
            yield
        except BaseException:
            await asyncio.shield(transaction.rollback())
            raise
        else:
            try:
                await transaction.commit()
            except BaseException:
                await asyncio.shield(transaction.rollback())
                raise
            transaction.committed()
        finally:
            leave(token)
            # Readers outside saw the store as it was until now, under the generation its
            # writes moved to: what they kept (answer_cache, hub_links) must not be taken
            # for current after the commit.
            self.counters.generation += 1
