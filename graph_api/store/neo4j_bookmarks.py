"""A request's bookmarks on Neo4j (see ``graph_api.store.causality``).

Every store call uses the driver's shared bookmark manager, so a process's reads follow
its own writes. A request that brought a client's bookmarks (a write made through
another process) uses a manager of its own that adds them, and first makes sure, once
for all its store calls, that the database holds them: within ``BOOKMARK_WAIT_SECONDS``,
or the request is told to try again (STORE_UNAVAILABLE) without marking the whole store
as down for other requests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection

import neo4j
from neo4j.api import AsyncBookmarkManager
from neo4j.exceptions import ClientError, Neo4jError, TransientError

from graph_api.errors import GraphApiError, bad_input, store_unavailable
from graph_api.store.causality import MAX_WRITTEN, current

# Followers catch up with a write in milliseconds, usually; a bookmark the database will
# never reach (it was restored from an older backup) costs a client this, not the
# server's 30 s bookmark timeout. An unreachable database fails sooner, on connecting.
BOOKMARK_WAIT_SECONDS = 5.0
NOT_CAUGHT_UP = (
    "The database has not yet caught up with the write your Graph-Bookmark header names. "
    "Try again in a few seconds; if it goes on (the database was restored or replaced), "
    "send the request without the header."
)


class _RequestBookmarks(AsyncBookmarkManager):
    """The process's bookmarks plus the client's, for one request's store calls; what
    they commit updates both."""

    def __init__(self, shared: AsyncBookmarkManager, client: Collection[str]) -> None:
        self._shared = shared
        self._client = set(client)

    async def get_bookmarks(self) -> Collection[str]:
        return self._client | set(await self._shared.get_bookmarks())

    async def update_bookmarks(
        self, previous_bookmarks: Collection[str], new_bookmarks: Collection[str]
    ) -> None:
        await self._shared.update_bookmarks(previous_bookmarks, new_bookmarks)
        if new_bookmarks:
            self._client.difference_update(previous_bookmarks)
            self._client.update(new_bookmarks)


def bookmark_manager(driver: neo4j.AsyncDriver) -> AsyncBookmarkManager:
    """The bookmark manager for a store call of the request being served."""
    shared = driver.execute_query_bookmark_manager
    place = current()
    if place is None or not place.after:
        return shared
    if place.manager is None:
        place.manager = _RequestBookmarks(shared, place.after)
    manager: AsyncBookmarkManager = place.manager
    return manager


async def wait_for_client_bookmarks(driver: neo4j.AsyncDriver, database: str) -> None:
    """Before a request's store calls: make sure the database holds the writes the
    client's bookmarks name. One check per request, whichever call comes first; a failed
    check fails every call. Unreachable-database errors pass through to the caller."""
    place = current()
    if place is None or not place.after:
        return
    if place.wait is None:
        place.wait = asyncio.ensure_future(_probe(driver, database))
    # Shielded: a caller given up on (a timed-out field) leaves the check to the others.
    await asyncio.shield(place.wait)


async def _probe(driver: neo4j.AsyncDriver, database: str) -> None:
    # An auto-commit query is not retried by the driver: an unreachable database is
    # reported after the connect timeout, within the wait, as unreachable.
    session = driver.session(
        database=database,
        default_access_mode=neo4j.READ_ACCESS,
        bookmark_manager=bookmark_manager(driver),
    )
    try:
        async with asyncio.timeout(BOOKMARK_WAIT_SECONDS):
            await (await session.run("RETURN 1")).consume()
    except TimeoutError as error:
        raise store_unavailable(NOT_CAUGHT_UP) from error
    except ClientError as error:
        if "Bookmark" in (error.code or ""):  # InvalidBookmark, InvalidBookmarkMixture
            raise _not_this_database() from error
        raise
    finally:
        await session.close()


def bookmark_refusal(error: BaseException) -> GraphApiError | None:
    """What to tell the client when ``error`` is Neo4j waiting in vain for its bookmark
    (a follower other than the checked one lagging): that request's concern alone, not a
    sign that the store is down."""
    place = current()
    if place is None or not place.after or not isinstance(error, Neo4jError):
        return None
    if isinstance(error, TransientError) and "Bookmark" in (error.code or ""):
        return store_unavailable(NOT_CAUGHT_UP)
    return None


def note_written(bookmarks: neo4j.Bookmarks) -> None:
    """Keep a committed write's bookmarks for the request's client."""
    place = current()
    if place is not None and bookmarks.raw_values:
        # Every one noted (a write that committed first may be noted last), in the order
        # noted, so that a request of many writes keeps its latest ones.
        noted = dict.fromkeys((*place.written, *sorted(bookmarks.raw_values)))
        place.written = tuple(noted)[-MAX_WRITTEN:]


def _not_this_database() -> GraphApiError:
    return bad_input(
        "Your Graph-Bookmark header names a write this database cannot wait for (it is "
        "another database's). Send the request without it.",
        argument="Graph-Bookmark",
    )
