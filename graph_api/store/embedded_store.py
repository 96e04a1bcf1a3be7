"""The embedded default store: Ladybug (the maintained fork of Kuzu), in-process, no server.

Ladybug's Python API is synchronous, so every call runs on one worker thread that
owns the connection; that serialises access, which Ladybug's single-writer model
needs anyway, and keeps the event loop free.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ladybug

from graph_api.domain import NodeKind
from graph_api.errors import (
    ErrorCode,
    GraphApiError,
    query_timeout,
    store_busy,
    store_unavailable,
    write_timeout,
)
from graph_api.store.base import NodePage, NodeQuery, SearchPage, StoreInfo
from graph_api.store.cypher_store import CypherGraphStore
from graph_api.store.embedded_pages import EmbeddedPages
from graph_api.store.embedded_transaction import EmbeddedTransaction, rows_of
from graph_api.store.embedded_wording import EmbeddedWording
from graph_api.store.search import SearchTerms
from graph_api.store.transaction import Row, Statement, StoreTransaction

MEMORY = ":memory:"
# Ladybug keeps the versions a write replaces in memory until a checkpoint folds them
# into the database file: about 0.6 MB for each update of one entity, never given back
# (5,000 updates held 2.9 GB). A checkpoint every so many write transactions bounds
# that, at about 1 ms a write. An in-memory store has no file to fold them into, so it
# grows with every update: keep ':memory:' for tests and short-lived runs.
CHECKPOINT_EVERY_WRITES = 20

# Ladybug 0.22 crashes the process (segfault) on ORDER BY ... SKIP k LIMIT n when k is
# large (seen from k ~ 10^4 to 10^5, depending on row width). Offsets above this bound
# are first clamped to the list's length, so no cursor, however forged, can reach it.
SAFE_SKIP = 1_000

# A process killed while it appends to the write-ahead log (SIGKILL, power loss) leaves
# a torn last record, and Ladybug then refuses to open the store at all. The torn record
# is a transaction that never finished committing, so the store is reopened replaying
# the log up to it; the log as found is first kept beside the store for inspection.
_TORN_LOG = "wal file is corrupted"

log = logging.getLogger(__name__)


class EmbeddedStore(EmbeddedWording, EmbeddedPages, CypherGraphStore):
    """A graph kept in-process by Ladybug, on disk at ``path`` or in memory (``:memory:``)."""

    backend = "embedded"
    dialect = "embedded"
    reads_by_kind = True
    # Ladybug keeps a transaction's writes in the process's memory: 1,132,071 rows in one
    # took 4.7 GB and 502 s (BENCHMARKS.md); half a million stays near 2 GB.
    one_transaction_rows = 500_000
    joins_in_python = True

    def __init__(
        self, path: str = MEMORY, query_timeout: float | None = None, buffer_mib: int = 0
    ) -> None:
        super().__init__()
        self.path = path
        self.query_timeout = query_timeout
        self.buffer_mib = buffer_mib  # 0: Ladybug's own default (80% of the memory)
        if buffer_mib:
            # A transaction's writes stay in the page cache until it commits: a 12,000-row
            # run outgrew 64 MiB. Larger runs then commit batch by batch instead.
            self.one_transaction_rows = min(self.one_transaction_rows, buffer_mib * 64)
        self._location = "in memory" if path == MEMORY else str(Path(path).resolve())
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._database: Any = None
        self._connection: Any = None
        self._writes_since_checkpoint = 0
        # An import's transaction holds Ladybug's one writer (see _begin_import).
        self._importing = False

    async def connect(self) -> None:
        """Open (or create) the database and declare its tables."""
        if self._executor is not None:
            return
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="ladybug"
        )
        try:
            await self._call(self._open)
        except Exception:
            await self.close()
            raise

    def _open(self) -> None:
        if self.path != MEMORY:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._database = self._open_database()
        except RuntimeError as error:
            raise store_unavailable(
                f"Cannot open the embedded store at '{self.path}': {error}. "
                "Is another graph-api process using it? Stop it, or set "
                "GRAPH_API_EMBEDDED_PATH to another folder."
            ) from error
        self._connection = ladybug.Connection(self._database)
        for statement in self.cypher.statements("schema"):
            self._connection.execute(statement)

    def _open_database(self) -> Any:
        pool = self.buffer_mib << 20  # 0 asks Ladybug for its default
        if self.path == MEMORY:
            return ladybug.Database(None, buffer_pool_size=pool)
        try:
            return ladybug.Database(self.path, buffer_pool_size=pool)
        except RuntimeError as error:
            if _TORN_LOG not in str(error).lower():
                raise
        kept = keep_torn_log(Path(self.path))
        log.warning(
            "The embedded store's write-ahead log ends in a torn record (a process was "
            "killed while writing); reopening it without the unfinished transaction. "
            "The log as found is kept at %s.",
            kept,
        )
        return ladybug.Database(self.path, buffer_pool_size=pool, throw_on_wal_replay_failure=False)

    async def close(self) -> None:
        """Close the connection and the worker thread; safe to call twice."""
        executor, self._executor = self._executor, None
        if executor is None:
            return
        await asyncio.get_running_loop().run_in_executor(executor, self._close_database)
        executor.shutdown(wait=True)

    def _close_database(self) -> None:
        if self._connection is not None:
            self._connection.close()
        if self._database is not None:
            self._database.close()
        self._connection = self._database = None

    async def info(self) -> StoreInfo:
        """The Ladybug version and where the data lives."""
        version = getattr(ladybug, "__version__", "unknown")
        return StoreInfo(
            backend=self.backend,
            version=str(version),
            edition="ladybug embedded",
            location=self._location,
        )

    async def list_nodes(self, query: NodeQuery) -> NodePage:
        """As the shared implementation, with large offsets clamped (see SAFE_SKIP)."""
        if query.skip > SAFE_SKIP:
            total = await self.count_matching(query.kind, query.filter)
            if query.skip >= total:
                return NodePage(nodes=[], total=total)
        return await super().list_nodes(query)

    async def search(
        self, terms: SearchTerms, kinds: Sequence[NodeKind], skip: int, limit: int
    ) -> SearchPage:
        """As the shared implementation; past SAFE_SKIP the hits are read from the start
        and the first ``skip`` dropped here, so no offset reaches Ladybug's SKIP."""
        if skip <= SAFE_SKIP:
            return await super().search(terms, kinds, skip, limit)
        total = (await super().search(terms, kinds, 0, 1)).total
        if skip >= total:
            return SearchPage(hits=[], total=total)
        page = await super().search(terms, kinds, 0, skip + limit)
        return SearchPage(hits=page.hits[skip:], total=page.total)

    async def _call(self, function: Any, *args: Any) -> Any:
        if self._executor is None:
            raise store_unavailable("The embedded store is not open; call connect() first.")
        return await asyncio.get_running_loop().run_in_executor(self._executor, function, *args)

    async def _read(self, name: str, text: str, params: dict[str, Any]) -> list[Row]:
        rows: list[Row] = await self._call(self._execute, text, params, self.timeout_for(name))
        return rows

    def _execute(self, text: str, params: dict[str, Any], limit: float | None) -> list[Row]:
        # Reads only: a write's statements may take as long as their batch needs.
        self._connection.set_query_timeout(int((limit or 0) * 1000))
        try:
            result = self._connection.execute(text, params)
        except RuntimeError as error:
            if limit and "interrupt" in str(error).lower():
                raise query_timeout(limit) from error
            if (full := self.out_of_pages(error)) is not None:
                raise full from error
            raise
        finally:
            self._connection.set_query_timeout(0)
        return rows_of(result)

    def out_of_pages(self, error: BaseException, importing: bool = False) -> GraphApiError | None:
        """A question (or an import's transaction) that outgrew Ladybug's buffer pool, as
        something to act on. Not worth trying again as it is: the store answers one
        question at a time, so the same question needs the same memory."""
        if "buffer manager exception" not in str(error).lower():
            return None
        size = f"is {self.buffer_mib} MiB" if self.buffer_mib else "is Ladybug's default"
        if importing:
            return GraphApiError(
                ErrorCode.BAD_USER_INPUT,
                "The import is too large for one transaction in the embedded store's page "
                f"cache (GRAPH_API_EMBEDDED_BUFFER_MIB {size}), so nothing was written. "
                "Raise the setting, import with --commit batches, or split the files.",
            )
        return GraphApiError(
            ErrorCode.QUERY_TOO_COMPLEX,
            "The embedded store ran out of memory for this question (its page cache, "
            f"GRAPH_API_EMBEDDED_BUFFER_MIB, {size}). Ask for less (a shorter page, "
            "fewer hops, a narrower filter), or have the operator raise the setting.",
        )

    async def _write(self, statements: Sequence[Statement]) -> None:
        await self._call(self._write_in_transaction, statements, self.write_time_limit(statements))

    def _write_in_transaction(self, statements: Sequence[Statement], limit: float | None) -> None:
        if self._importing:
            raise store_busy()  # asking Ladybug would break this connection (see above)
        self._connection.execute("BEGIN TRANSACTION")
        # Ladybug's limit holds per statement; a write is a few of them.
        self._connection.set_query_timeout(int((limit or 0) * 1000))
        try:
            for _, text, params in statements:
                self._connection.execute(text, params).close()
        except BaseException as error:
            self._connection.set_query_timeout(0)
            if limit and isinstance(error, RuntimeError) and "interrupt" in str(error).lower():
                # Ladybug has rolled the transaction back itself: nothing stays written.
                raise write_timeout(limit) from error
            # Ladybug may have ended the transaction itself (out of pages): the error
            # that matters is the first one.
            with contextlib.suppress(RuntimeError):
                self._connection.execute("ROLLBACK")
            if (full := self.out_of_pages(error)) is not None:
                raise full from error
            raise
        finally:
            self._connection.set_query_timeout(0)
        self._connection.execute("COMMIT")
        self._writes_since_checkpoint += 1
        if self.path != MEMORY and self._writes_since_checkpoint >= CHECKPOINT_EVERY_WRITES:
            self._connection.execute("CHECKPOINT")
            self._writes_since_checkpoint = 0

    async def _begin(self) -> StoreTransaction:
        connection = await self._call(self._begin_import)
        return EmbeddedTransaction(self, connection, self.path != MEMORY, self._import_ended)

    def _begin_import(self) -> Any:
        # On the store's own thread: its writes run whole there, so none is half-way and
        # this BEGIN cannot be refused; every later write sees _importing and is refused.
        if self._importing:
            raise store_busy()
        connection = ladybug.Connection(self._database)
        connection.execute("BEGIN TRANSACTION")
        self._importing = True
        return connection

    def _import_ended(self) -> None:
        self._importing = False


def keep_torn_log(store: Path) -> Path:
    """Copy the store's write-ahead log to a dated file beside it; return that file."""
    log_file = store.with_name(store.name + ".wal")
    kept = store.with_name(f"{store.name}.wal.torn-{time.strftime('%Y%m%dT%H%M%S')}")
    shutil.copy2(log_file, kept)
    return kept
