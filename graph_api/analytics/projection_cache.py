"""The analytics projection of each store: a whole-graph Python copy, now needed only by
questions that infer meetings (``analytics.lens``); paths, meetings, gaps, matching and
the change digest ask the store, brokers and communities read the compact
structure graph (``analytics.structure_worker``).

Nothing builds it until one of those questions is asked. A small graph (at most
``INLINE_LINKS`` links before the first build, built in under ``INLINE_BUILD_SECONDS``
after) is copied by the request that finds its projection stale, so its answers are
always current. A large graph is never copied on a request's time: the first request
starts the build in the background and is told to come back (STORE_UNAVAILABLE, HTTP
503 with Retry-After); later ones are answered from the last projection while one
background task per store rebuilds it, once writes have paused for ``SETTLE_SECONDS``.

Memory: a projection holds every node and link once, plus two adjacency entries per
link (about 2.4 GB at 10^5 entities and 10^6 links, measured in BENCHMARKS.md); a
rebuild holds the old and the new copy until it is done. A service whose users never
ask for inferred meetings never holds one.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

from graph_api.analytics.projection import Projection, build_projection, same_graph
from graph_api.domain import LinkRecord, NodeRecord
from graph_api.errors import ErrorCode, GraphApiError
from graph_api.store.base import GraphStore
from graph_api.store.causality import outside_requests

PROJECTION_TTL_SECONDS = 30.0
# A projection that took longer than this to build is rebuilt in the background only.
INLINE_BUILD_SECONDS = 1.0
# How long writes must pause before a background rebuild starts.
SETTLE_SECONDS = 2.0
# Before the first build, a graph with at most this many links counts as small (copied
# on the request's time, well under a second).
INLINE_LINKS = 20_000

log = logging.getLogger(__name__)


@dataclass
class _Entry:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    projection: Projection | None = None
    ready_at: float = 0.0  # when the projection was ready (its age counts from here)
    build_seconds: float = 0.0  # how long the last build took
    refresh: asyncio.Task[None] | None = None  # the background rebuild, if one is under way


class ProjectionCache:
    """One projection per store, refreshed after a write or when older than the TTL.

    A small graph (built in under ``inline_seconds``) is rebuilt by the request that
    finds it stale, so its answers are always current. A large one is never rebuilt on a
    request's time: the request is answered from the last projection while one
    background task (per store) rebuilds it, ``settle_seconds`` after the writes stop.
    ``warm`` starts the first build when the service starts."""

    def __init__(
        self,
        ttl_seconds: float = PROJECTION_TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        inline_seconds: float = INLINE_BUILD_SECONDS,
        settle_seconds: float = SETTLE_SECONDS,
        inline_links: int = INLINE_LINKS,
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self.clock = clock
        self.inline_seconds = inline_seconds
        self.inline_links = inline_links
        self.settle_seconds = settle_seconds
        self._entries: weakref.WeakKeyDictionary[GraphStore, _Entry] = weakref.WeakKeyDictionary()

    def _fresh(self, entry: _Entry, store: GraphStore) -> Projection | None:
        projection = entry.projection
        if projection is None or projection.generation != store.counters.generation:
            return None
        if self.clock() - entry.ready_at > self.ttl_seconds:
            return None
        return projection

    async def get(self, store: GraphStore) -> Projection:
        """The store's projection: current if it is cheap to rebuild, else the last one
        built (a rebuild then starts in the background). On a large graph with none
        built yet, the first build starts in the background and the request is told to
        come back (STORE_UNAVAILABLE), never made to wait minutes."""
        entry = self._entries.setdefault(store, _Entry())
        cached = self._fresh(entry, store)
        if cached is not None:
            return cached
        if entry.projection is not None and entry.build_seconds > self.inline_seconds:
            self._refresh_later(store, entry)
            return entry.projection
        if entry.projection is None and not await self._small(store):
            self._refresh_later(store, entry, settle=False)
            raise GraphApiError(
                ErrorCode.STORE_UNAVAILABLE,
                "This question needs a copy of the whole graph (for inferred "
                "meetings), which is being made for the first time since the "
                "service started; ask again in a few minutes, or ask without "
                "'trust.inferMeetings'.",
            )
        # One build at a time per store: concurrent requests wait and share it.
        async with entry.lock:
            cached = self._fresh(entry, store)
            if cached is None:
                await self._build(store, entry)
            assert entry.projection is not None
            return entry.projection

    async def _build(self, store: GraphStore, entry: _Entry) -> None:
        # Read the generation first: a write landing during the export leaves the
        # projection marked older, so it is rebuilt again.
        generation = store.counters.generation
        started = self.clock()
        nodes, links = await store.export_graph()
        # Sorting and indexing 10^6 links takes seconds of CPU: off the event loop.
        entry.projection = await asyncio.to_thread(
            _assemble, entry.projection, nodes, links, generation
        )
        entry.build_seconds = self.clock() - started
        # Brokers and communities no longer read the projection: structure_worker.
        entry.ready_at = self.clock()

    async def _small(self, store: GraphStore) -> bool:
        """Whether the graph is small enough to copy on a request's time."""
        return sum((await store.count_links()).values()) <= self.inline_links

    def _refresh_later(self, store: GraphStore, entry: _Entry, settle: bool = True) -> None:
        if entry.refresh is None or entry.refresh.done():
            entry.refresh = asyncio.create_task(
                self._refresh(store, entry, settle), context=outside_requests()
            )

    async def _refresh(self, store: GraphStore, entry: _Entry, settle: bool = True) -> None:
        try:
            # Wait until the writes stop, so a burst of edits costs one rebuild.
            seen = -1 if settle else store.counters.generation
            while seen != store.counters.generation:
                seen = store.counters.generation
                await asyncio.sleep(self.settle_seconds)
            async with entry.lock:
                if self._fresh(entry, store) is None:
                    await self._build(store, entry)
        except Exception:  # the store may be down: the next request tries again
            log.exception("background rebuild of the analytics projection failed")

    def pending_refresh(self, store: GraphStore) -> asyncio.Task[None] | None:
        """The store's background build, if one was started (tests wait for it)."""
        entry = self._entries.get(store)
        return entry.refresh if entry is not None else None

    def forget(self, store: GraphStore) -> None:
        """Drop the store's projection (tests, and after bulk imports from elsewhere)."""
        self._entries.pop(store, None)


def _assemble(
    previous: Projection | None,
    nodes: list[NodeRecord],
    links: list[LinkRecord],
    generation: int,
) -> Projection:
    projection = fresh = build_projection(nodes, links, generation)
    if previous is not None and same_graph(previous, projection):
        # Unchanged data (a TTL refresh, or a write that changed nothing): keep the old
        # projection and what it already derived (communities, betweenness).
        return dataclasses.replace(previous, generation=generation, built_at=fresh.built_at)
    return projection


_CACHE = ProjectionCache()


async def projection_for(store: GraphStore) -> Projection:
    """The shared cache's projection of ``store`` (what the GraphQL resolvers use)."""
    return await _CACHE.get(store)


def forget_projection(store: GraphStore) -> None:
    """Make the next ``projection_for(store)`` export the graph again."""
    _CACHE.forget(store)
