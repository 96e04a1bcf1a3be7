"""Brokers and communities off the request path: one background worker per store.

The worker reads the compact structure graph (``structure_graph``: paged, ids and
filter inputs only) and computes the no-argument brokers and communities with it, in a
thread (``asyncio.to_thread``; igraph, which holds the interpreter lock, in a child
process on a large graph: ``igraph_process``): when the service starts, and again once
the store's ``write_mark()`` has moved and then stopped moving for ``SETTLE_SECONDS`` (a burst of
edits costs one rebuild; edits that never stop for that long are waited for at most
``SETTLE_LIMIT_SECONDS``), and no sooner than ``PACE`` times the last build's length
after it (a graph that takes 20 s to read and compute, written to every few seconds,
is rebuilt every 100 s, not without pause: rebuilding takes at most a fifth of the
time, and of the store's). The mark moves with this process's writes and, on Neo4j,
with any API process's (the change trail's end, polled every ``SETTLE_SECONDS``).
Every ``REFRESH_SECONDS`` the worker also asks the store how many entities and links
of each kind it holds (a restore keeps no trail; 0.25 s at 10^5 entities on Neo4j),
and reads the graph again only if they changed. Reading a graph of 10^5 entities and
10^6 links every ten minutes regardless took 25-37 s of a two-core machine, and the
requests in those seconds waited (one for 1.3 s against 18 ms at most otherwise; a
benchmark run that met one saw the ten busiest departments at 94 ms p50 against 16). A
change no trail records and that leaves every count as it was is seen at the next write.
Requests read the last graph and its results, with the time the graph was read
(``computed_at``); questions with arguments filter its arrays (``structure_edges``),
never the store.

A request never waits for a whole-graph read, with one exception kept so that a write
followed by a question sees its own write on a small graph: a graph that was last
built in under ``INLINE_BUILD_SECONDS`` (or, before the first build, holds at most
``INLINE_LINKS`` links) is rebuilt on the request's time when it is stale. A large
graph's first request, before any build is done, is answered with STORE_UNAVAILABLE
(HTTP 503, Retry-After) rather than held for minutes.

Memory: one structure graph per store (``structure_graph``'s docstring: about 25 MB
at 10^5 entities and 10^6 links) plus the results derived from it; a rebuild holds the
old and the new graph until it is done. The whole-graph projection is not used.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from graph_api.analytics import structure
from graph_api.analytics.structure_graph import StructureGraph, read_structure_graph
from graph_api.domain import NodeKind, RelType
from graph_api.errors import ErrorCode, GraphApiError
from graph_api.memory import return_free_memory
from graph_api.store.base import GraphStore
from graph_api.store.causality import outside_requests

INLINE_BUILD_SECONDS = 1.0
INLINE_LINKS = 20_000
SETTLE_SECONDS = 2.0
# Under edits that never pause for SETTLE_SECONDS (eight editors at once), the graph is
# read again after this long anyway: its age stays bounded.
SETTLE_LIMIT_SECONDS = 60.0
REFRESH_SECONDS = 600.0
RETRY_SECONDS = 10.0  # after a failed build (the store may be down)
PACE = 4.0  # rest between builds, in lengths of the last build

log = logging.getLogger(__name__)

Reader = Callable[[GraphStore], Awaitable[StructureGraph]]
Counts = tuple[dict[NodeKind, int], dict[RelType, int]]


@dataclass
class _Entry:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    graph: StructureGraph | None = None
    ready_at: float = 0.0
    build_seconds: float = 0.0
    # Before the first build: how many links of each type (few enough to read inline?).
    small: asyncio.Future[dict[RelType, int]] | None = None
    worker: asyncio.Task[None] | None = None
    mark: tuple[int, str] | None = None  # the store's write mark when the graph was read
    counts: Counts | None = None  # and how many entities and links of each kind it held
    checked_at: float = 0.0  # when those were last found unchanged (or the graph read)


class StructureCache:
    """The last structure graph of each store, with its no-argument results, kept
    current by one background worker per store."""

    def __init__(
        self,
        reader: Reader = read_structure_graph,
        clock: Callable[[], float] = time.monotonic,
        inline_seconds: float = INLINE_BUILD_SECONDS,
        settle_seconds: float = SETTLE_SECONDS,
        refresh_seconds: float = REFRESH_SECONDS,
        pace: float = PACE,
        settle_limit_seconds: float = SETTLE_LIMIT_SECONDS,
    ) -> None:
        self.reader, self.clock = reader, clock
        self.settle_limit_seconds = settle_limit_seconds
        self.inline_seconds, self.settle_seconds = inline_seconds, settle_seconds
        self.refresh_seconds, self.pace = refresh_seconds, pace
        self._entries: weakref.WeakKeyDictionary[GraphStore, _Entry] = weakref.WeakKeyDictionary()

    def _stale(self, entry: _Entry, store: GraphStore) -> bool:
        graph = entry.graph
        return (
            graph is None
            or graph.generation != store.counters.generation
            or self.clock() - entry.checked_at > self.refresh_seconds
        )

    async def get(self, store: GraphStore) -> StructureGraph:
        """The store's structure graph: current if it is cheap to read, else the last one
        read (the worker reads it again once writes settle)."""
        entry = self._entries.setdefault(store, _Entry())
        graph = entry.graph
        if graph is not None and not self._stale(entry, store):
            return graph
        if graph is not None and entry.build_seconds > self.inline_seconds:
            self.start(store)
            return graph
        if graph is None and not await self._small(store, entry):
            self.start(store)
            raise GraphApiError(
                ErrorCode.STORE_UNAVAILABLE,
                "Brokers and communities are being computed from the whole graph for the "
                "first time since the service started; ask again in a minute.",
            )
        async with entry.lock:  # a small graph: built here, or by the worker just now
            if self._stale(entry, store) and not await self._unchanged(store, entry):
                await self._build(store, entry)
            assert entry.graph is not None
            return entry.graph

    async def _small(self, store: GraphStore, entry: _Entry) -> bool:
        # One count however many requests arrive together (brokers and communities in
        # one query); asked again only if it failed.
        if entry.small is None or (entry.small.done() and entry.small.exception()):
            # Shared with other requests: not bound to this one's Graph-Bookmark.
            entry.small = asyncio.create_task(store.count_links(), context=outside_requests())
        counts = await asyncio.shield(entry.small)
        return sum(counts.values()) <= INLINE_LINKS

    async def _build(self, store: GraphStore, entry: _Entry) -> None:
        started = self.clock()
        mark = await _mark(store, None)  # before the read: a write meanwhile is seen
        counts = await _counts(store)
        graph = await self.reader(store)
        # Betweenness and Louvain take seconds of CPU on a large graph: off the event loop.
        await asyncio.to_thread(_precompute, graph)
        entry.graph, entry.ready_at, entry.mark = graph, self.clock(), mark
        entry.counts, entry.checked_at = counts, entry.ready_at
        entry.build_seconds = entry.ready_at - started

    async def _unchanged(self, store: GraphStore, entry: _Entry) -> bool:
        """Whether the graph is stale by age alone and the store's counts are as they
        were when it was read (then its age starts again: no need to read it)."""
        graph = entry.graph
        if graph is None or graph.generation != store.counters.generation:
            return False
        if entry.counts is None or await _counts(store) != entry.counts:
            return False
        entry.checked_at = self.clock()
        return True

    def start(self, store: GraphStore) -> asyncio.Task[None]:
        """Start the store's worker unless it runs already (service start-up)."""
        entry = self._entries.setdefault(store, _Entry())
        if entry.worker is None or entry.worker.done():
            entry.worker = asyncio.create_task(self._run(store, entry), context=outside_requests())
        return entry.worker

    async def _run(self, store: GraphStore, entry: _Entry) -> None:
        while True:
            try:
                async with entry.lock:
                    moved = await _mark(store, entry.mark) != entry.mark
                    # Due by age alone, the graph is read only if the counts moved.
                    due = moved or self._stale(entry, store)
                    if due and (moved or not await self._unchanged(store, entry)):
                        await self._build(store, entry)
            except Exception:  # the store may be down: try again later
                log.exception("computing brokers and communities in the background failed")
                await asyncio.sleep(RETRY_SECONDS)
                continue
            await self._until_changed(store, entry)

    async def _until_changed(self, store: GraphStore, entry: _Entry) -> None:
        # Polled, not awaited: the mark is a counter this process's writes bump and, on
        # Neo4j, the end of a trail other processes write to.
        while not self._stale(entry, store):
            if await _mark(store, entry.mark) != entry.mark:
                break
            await asyncio.sleep(self.settle_seconds)
        # Wait until the writes stop, so a burst of edits costs one rebuild.
        seen: tuple[int, str] | None = None
        settling_since = self.clock()
        while (mark := await _mark(store, seen)) != seen:
            seen = mark
            if self.clock() - settling_since >= self.settle_limit_seconds:
                break  # they do not stop: read what there is now
            await asyncio.sleep(self.settle_seconds)
        # Under sustained load at 10^5 entities, edits every few seconds kept the worker
        # reading the whole graph without pause, beside the requests.
        rest = entry.ready_at + self.pace * entry.build_seconds - self.clock()
        if rest > 0:
            await asyncio.sleep(rest)

    def worker(self, store: GraphStore) -> asyncio.Task[None] | None:
        """The store's worker, if one was started (tests)."""
        entry = self._entries.get(store)
        return entry.worker if entry is not None else None

    def forget(self, store: GraphStore) -> None:
        """Stop the store's worker and drop its graph (tests, and after bulk imports)."""
        entry = self._entries.pop(store, None)
        if entry is not None and entry.worker is not None:
            entry.worker.cancel()


def _precompute(graph: StructureGraph) -> None:
    structure.precompute(graph)
    # The read's pages and the edge lists cut from them (and igraph's copies, on a graph
    # small enough to stay in-process) are freed now, but held by the C allocator: about
    # 90 MB at 10^5 entities (graph_api/memory.py).
    return_free_memory()


async def _mark(store: GraphStore, otherwise: tuple[int, str] | None) -> tuple[int, str] | None:
    """The store's write mark, or ``otherwise`` if it cannot be read now (the store is
    down: nothing to rebuild from until it is back)."""
    try:
        return await store.write_mark()
    except Exception:  # polled every few seconds: a failed build logs what is wrong
        return otherwise


async def _counts(store: GraphStore) -> Counts | None:
    """How many entities and links of each kind the store holds, or None if it cannot
    say now (then the graph is read again when it is due)."""
    try:
        return await store.count_nodes(), await store.count_links()
    except Exception:  # a failed build logs what is wrong
        return None


_CACHE = StructureCache()


async def structure_for(store: GraphStore) -> StructureGraph:
    """The shared cache's structure graph of ``store`` (what the resolvers use)."""
    return await _CACHE.get(store)


def start_structure_worker(store: GraphStore) -> asyncio.Task[None]:
    """Start ``store``'s background worker (service start-up)."""
    return _CACHE.start(store)


def forget_structure(store: GraphStore) -> None:
    """Make the next ``structure_for(store)`` read the store again (tests)."""
    _CACHE.forget(store)
