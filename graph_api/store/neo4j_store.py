"""The production store: Neo4j through the official async driver.

Works with a single server (``bolt://``), a cluster or Aura (``neo4j://``,
``neo4j+s://``: the driver routes reads to followers and writes to the leader).
Reads use ``execute_query`` with read routing; writes run in one managed
transaction, which the driver retries on transient errors. Both share the driver's
bookmarks, so a read made after a write sees it, whichever cluster member answers; a
request that brings a client's bookmarks from another process waits for those too
(``graph_api.store.neo4j_bookmarks``).

When Neo4j is down, a request fails within a few seconds with STORE_UNAVAILABLE
instead of waiting for it: connecting gives up after ``CONNECT_SECONDS``, retrying a
transient failure after ``RETRY_SECONDS``, and a read on a server that stopped
answering after its time limit plus ``CONNECT_SECONDS``. What a client sees never names
the database's address; the log does.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from typing import Any

import neo4j
from neo4j import AsyncGraphDatabase, NotificationMinimumSeverity, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ClientError,
)

from graph_api.errors import (
    GraphApiError,
    query_timeout,
    store_unavailable,
    write_timeout,
)
from graph_api.store.base import GraphStore, StoreInfo
from graph_api.store.cypher_store import CypherGraphStore
from graph_api.store.neo4j_bookmarks import (
    bookmark_manager,
    bookmark_refusal,
    note_written,
    wait_for_client_bookmarks,
)
from graph_api.store.neo4j_memory import transaction_rows
from graph_api.store.neo4j_transaction import (
    NO_ANSWER_IN_TIME,
    UNREACHABLE,
    Neo4jTransaction,
    plain,
)
from graph_api.store.nested_reads import NestedReads
from graph_api.store.transaction import Row, Statement, StoreTransaction

log = logging.getLogger("graph_api.store.neo4j")

CONNECT_SECONDS = 3.0  # to open a connection, or to wait for one from the pool
RETRY_SECONDS = 5.0  # the driver's retries of one transient failure, in all
# Once Neo4j has not answered, further calls fail at once for this long instead of each
# waiting out its own connect and retries: a request making several store calls (a
# mutation reads, then writes) answers STORE_UNAVAILABLE within one wait, not several
# (the fault test saw 15 s), and /readyz answers at once.
DOWN_SECONDS = 2.0
# ... but only if it answered nothing since the failed call began. A call that outlived
# its wait while other calls were being answered met a busy server, not a dead one:
# under sustained load at 10^5 entities, one slow question per few seconds used to shut
# every request out for DOWN_SECONDS (3,229 STORE_UNAVAILABLE in a 10-minute soak).
UNAVAILABLE = (
    "The graph database is not answering at the moment. Try again in a few seconds; "
    "if it goes on, tell the service's operator."
)


class Neo4jStore(NestedReads, CypherGraphStore):
    """A graph kept in Neo4j 5 (Community, Enterprise or Aura)."""

    backend = "neo4j"
    dialect = "neo4j"
    shared_between_processes = True
    reads_links_of_any_type = True  # cypher/neo4j/links_by_key.cypher: the type per row

    def __init__(
        self,
        uri: str,
        user: str,
        password: str,
        database: str = "neo4j",
        query_timeout: float | None = None,
    ) -> None:
        super().__init__()
        self.uri = uri
        self.query_timeout = query_timeout
        self.database = database
        self._auth = (user, password)
        self._driver: neo4j.AsyncDriver | None = None
        self._down_until = 0.0  # time.monotonic() before which calls fail at once
        self._answered_at = 0.0  # time.monotonic() when a call last got its answer

    async def connect(self) -> None:
        """Connect, check the credentials, and create constraints and indexes."""
        if self._driver is not None:
            return
        driver = AsyncGraphDatabase.driver(
            self.uri,
            auth=self._auth,
            # The queries name every property and label any entity may carry; Neo4j's
            # "property/label does not exist (yet)" hints would log a warning per query.
            notifications_min_severity=NotificationMinimumSeverity.OFF,
            connection_timeout=CONNECT_SECONDS,
            connection_acquisition_timeout=CONNECT_SECONDS,
            max_transaction_retry_time=RETRY_SECONDS,
        )
        try:
            await driver.verify_connectivity()
            for statement in self.cypher.statements("schema"):
                await driver.execute_query(statement, database_=self.database)
            await driver.execute_query("CALL db.awaitIndexes(60)", database_=self.database)
            self.one_transaction_rows = await transaction_rows(
                driver, self.database, GraphStore.one_transaction_rows
            )
        except AuthError as error:
            await driver.close()
            raise store_unavailable(
                f"Neo4j at {self.uri} refused the credentials for user '{self._auth[0]}'. "
                "Check NEO4J_USER and NEO4J_PASSWORD."
            ) from error
        except UNREACHABLE as error:
            await driver.close()
            raise store_unavailable(
                f"Cannot reach Neo4j at {self.uri}: {error}. Is it running? "
                "For a local one run: graph-api neo4j start"
            ) from error
        except BaseException:
            await driver.close()  # not left open behind whatever stopped the start
            raise
        self._driver = driver

    async def close(self) -> None:
        """Close the driver; safe to call twice."""
        driver, self._driver = self._driver, None
        if driver is not None:
            await driver.close()

    async def info(self) -> StoreInfo:
        """The Neo4j product version and edition that answered."""
        records, _, _ = await self._require_driver().execute_query(
            "CALL dbms.components() YIELD name, versions, edition "
            "RETURN versions[0] AS version, edition",
            database_=self.database,
            routing_=RoutingControl.READ,
        )
        return StoreInfo(
            backend=self.backend,
            version=str(records[0]["version"]),
            edition=str(records[0]["edition"]),
            location=f"{self.uri} (database {self.database})",
        )

    def _require_driver(self) -> neo4j.AsyncDriver:
        if self._driver is None:
            raise store_unavailable(UNAVAILABLE)  # not connected (yet): see connect()
        if time.monotonic() < self._down_until:
            raise store_unavailable(UNAVAILABLE)  # it just did not answer: DOWN_SECONDS
        return self._driver

    # Query texts come only from the files in cypher/; user input travels in params.
    async def _read(self, name: str, text: str, params: dict[str, Any]) -> list[Row]:
        limit = self.timeout_for(name)
        driver = self._require_driver()
        started = time.monotonic()
        try:
            await wait_for_client_bookmarks(driver, self.database)
            records, _, keys = await asyncio.wait_for(
                driver.execute_query(
                    # The server stops a read that runs longer (a transaction timeout).
                    neo4j.Query(text, timeout=limit),
                    params,
                    database_=self.database,
                    routing_=RoutingControl.READ,
                    bookmark_manager_=bookmark_manager(driver),
                ),
                # A server that stopped answering cannot stop anything: give up here.
                timeout=None if limit is None else limit + CONNECT_SECONDS + RETRY_SECONDS,
            )
        except (*UNREACHABLE, TimeoutError) as error:
            raise self._unavailable(error, started, limit, name) from error
        except ClientError as error:
            self.note_answered()  # an error is an answer: it is up
            if limit and "TransactionTimedOut" in (error.code or ""):
                raise query_timeout(limit) from error
            raise
        self.note_answered()
        return [{key: plain(record[key]) for key in keys} for record in records]

    async def _write(self, statements: Sequence[Statement]) -> None:
        limit = self.write_time_limit(statements)

        @neo4j.unit_of_work(timeout=limit)
        async def work(tx: neo4j.AsyncManagedTransaction) -> None:
            for _, text, params in statements:
                result = await tx.run(text, params)
                await result.consume()

        started = time.monotonic()
        try:
            await wait_for_client_bookmarks(self._require_driver(), self.database)
            async with self._session() as session:
                await asyncio.wait_for(
                    session.execute_write(work),
                    # A server that stopped answering cannot stop anything: give up here.
                    timeout=None if limit is None else limit + CONNECT_SECONDS + RETRY_SECONDS,
                )
                note_written(await session.last_bookmarks())
        except (*UNREACHABLE, TimeoutError) as error:
            raise self._unavailable(error, started) from error
        except ClientError as error:
            self.note_answered()
            if limit and "TransactionTimedOut" in (error.code or ""):
                raise write_timeout(limit) from error
            raise
        self.note_answered()

    def _session(self) -> neo4j.AsyncSession:
        driver = self._require_driver()
        # The bookmarks execute_query's reads wait for: a write made here is one of them.
        return driver.session(database=self.database, bookmark_manager=bookmark_manager(driver))

    async def _begin(self) -> StoreTransaction:
        session = self._session()
        started = time.monotonic()
        try:
            await wait_for_client_bookmarks(self._require_driver(), self.database)
            # No time limit: an import's transaction lasts as long as its files.
            transaction = await session.begin_transaction()
        except BaseException as error:
            await session.close()
            if isinstance(error, UNREACHABLE):
                # Every pooled connection in use while others answer: busy, not down.
                raise self._unavailable(error, started, name="a transaction's start") from error
            raise
        return Neo4jTransaction(self, session, transaction)

    def note_answered(self) -> None:
        """Neo4j answered a call (its transactions' too): see ``_unavailable``."""
        self._answered_at = time.monotonic()

    def _unavailable(
        self,
        error: BaseException,
        started: float | None = None,
        limit: float | None = None,
        name: str = "a write",
    ) -> GraphApiError:
        """The error for a call begun at ``started`` that got no answer; Neo4j is taken
        for down (DOWN_SECONDS) only if no other call got one since."""
        if (refusal := bookmark_refusal(error)) is not None:
            return refusal  # the request's own bookmark: the store is not down
        reason = str(error) or type(error).__name__
        busy = started is not None and self._answered_at > started
        if busy and isinstance(error, NO_ANSWER_IN_TIME):
            log.warning("Neo4j, busy, did not answer %s in time: %s", name, reason)
            if isinstance(error, TimeoutError) and limit is not None:
                return query_timeout(limit)
            return store_unavailable(UNAVAILABLE)
        self._down_until = time.monotonic() + DOWN_SECONDS
        log.warning("Neo4j at %s did not answer: %s", self.uri, reason)
        return store_unavailable(UNAVAILABLE)
