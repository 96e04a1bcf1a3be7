"""A request's bookmarks on Neo4j (see ``graph_api.store.causality``).

Every store call uses the driver's shared bookmark manager, so a process's reads follow
its own writes. A request that brought a client's bookmarks (a write made through
another process) uses a manager of its own that adds them, and first makes sure the
database holds them: within ``BOOKMARK_WAIT_SECONDS``, or the request is told to try
again (STORE_UNAVAILABLE) without marking the whole store as down.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection

import neo4j
from neo4j import RoutingControl
from neo4j.api import AsyncBookmarkManager
from neo4j.exceptions import ClientError, TransientError

from graph_api.errors import GraphApiError, bad_input, store_unavailable
from graph_api.store.causality import current

# Long enough for a follower to catch up with a write (milliseconds, usually), and for a
# connection to be opened (CONNECT_SECONDS), so an unreachable database is reported as
# such; short enough that a bookmark the database will never reach (a database restored
# from an older backup) costs a client seconds, not the server's 30 s bookmark timeout.
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
    """Before a request's first store call: make sure the database holds the writes the
    client's bookmarks name. Unreachable-database errors pass through to the caller."""
    place = current()
    if place is None or not place.after or place.waited:
        return
    try:
        await asyncio.wait_for(
            driver.execute_query(
                "RETURN 1",
                database_=database,
                routing_=RoutingControl.READ,
                bookmark_manager_=bookmark_manager(driver),
            ),
            timeout=BOOKMARK_WAIT_SECONDS,
        )
    except TimeoutError as error:
        raise store_unavailable(NOT_CAUGHT_UP) from error
    except TransientError as error:
        if "Bookmark" in (error.code or ""):
            raise store_unavailable(NOT_CAUGHT_UP) from error
        raise
    except ClientError as error:
        if "Bookmark" in (error.code or ""):  # InvalidBookmark, InvalidBookmarkMixture
            raise _not_this_database() from error
        raise
    place.waited = True


def note_written(bookmarks: neo4j.Bookmarks) -> None:
    """Keep a committed write's bookmarks for the request's client."""
    place = current()
    if place is not None and bookmarks.raw_values:
        place.written = tuple(sorted(bookmarks.raw_values))


def _not_this_database() -> GraphApiError:
    return bad_input(
        "Your Graph-Bookmark header names a write of another database. Send the request "
        "without it.",
        argument="Graph-Bookmark",
    )
