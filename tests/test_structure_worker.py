"""The structure worker: requests read the last brokers/communities graph and never
wait for a slow rebuild; a small graph is read again at once after a write."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from typing import Any, cast

import pytest

from graph_api.analytics.structure_graph import GraphBuilder, StructureGraph
from graph_api.analytics.structure_worker import INLINE_LINKS, StructureCache
from graph_api.domain import NodeKind, RelType
from graph_api.errors import ErrorCode, GraphApiError
from graph_api.store.base import GraphStore, StoreCounters


class _Store:
    """Just what the cache looks at: the write counter, the counts and the mark."""

    def __init__(self, links: int) -> None:
        self.counters = StoreCounters()
        self.links = links
        self.trail = ""  # the change trail's end, which other processes' writes move

    async def count_nodes(self) -> dict[NodeKind, int]:
        return {NodeKind.DEPARTMENT: 1, NodeKind.EVENT: 1}

    async def count_links(self) -> dict[RelType, int]:
        return {RelType.ATTENDED: self.links}

    async def write_mark(self) -> tuple[int, str]:
        return self.counters.generation, self.trail


class _SlowReader:
    """Reads a two-entity graph, taking ``seconds`` (or until ``release`` is set)."""

    def __init__(self, seconds: float) -> None:
        self.seconds, self.calls = seconds, 0
        self.release = asyncio.Event()

    async def __call__(self, store: GraphStore) -> StructureGraph:
        self.calls += 1
        generation = store.counters.generation
        if self.seconds:
            await asyncio.sleep(self.seconds)
        else:
            await self.release.wait()
        builder = GraphBuilder()
        builder.add_node("department:a", NodeKind.DEPARTMENT, None, small=False)
        builder.add_node("event:b", NodeKind.EVENT, None, small=False)
        builder.add_link("department:a", "event:b", RelType.ATTENDED, None, "RECORDED", 1.0)
        return builder.build(generation)


async def _until(condition: object, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the worker did not finish"
        await asyncio.sleep(0.01)


async def test_a_request_after_a_write_does_not_wait_for_a_slow_rebuild() -> None:
    store = cast(GraphStore, _Store(links=10))
    reader = _SlowReader(seconds=0.3)  # "slow": over the inline limit below
    cache = StructureCache(reader, inline_seconds=0.1, settle_seconds=0.05)
    try:
        first = await cache.get(store)  # small by its link count: read at once
        assert reader.calls == 1
        assert first.generation == 0
        store.counters.generation += 1  # a write
        started = time.monotonic()
        again = await cache.get(store)
        # The last graph, at once; the worker reads the new one once writes settle.
        assert again is first
        assert time.monotonic() - started < 0.1
        worker = cache.worker(store)
        assert worker is not None
        assert not worker.done()
        await _until(lambda: reader.calls == 2)
        store.counters.generation += 1  # writes go on while it reads: no second worker
        assert await cache.get(store) is first
        assert cache.worker(store) is worker
        await _until(lambda: cache._entries[store].graph is not first)
        await _until(lambda: cache._entries[store].graph.generation == 2)  # type: ignore[union-attr]
        assert (await cache.get(store)).generation == 2
    finally:
        cache.forget(store)


async def test_the_first_request_on_a_large_graph_does_not_wait() -> None:
    store = cast(GraphStore, _Store(links=INLINE_LINKS + 1))
    reader = _SlowReader(seconds=0)  # reads until released
    cache = StructureCache(reader, settle_seconds=0.05)
    try:
        started = time.monotonic()
        with pytest.raises(GraphApiError) as refused:
            await cache.get(store)
        assert refused.value.code is ErrorCode.STORE_UNAVAILABLE
        assert time.monotonic() - started < 0.5
        # Brokers and communities asked together: one worker, one read.
        with pytest.raises(GraphApiError):
            await cache.get(store)
        await _until(lambda: reader.calls == 1)
        reader.release.set()
        await _until(lambda: cache._entries[store].graph is not None)
        graph = await cache.get(store)
        assert graph.ids == ("department:a", "event:b")
        # The no-argument answers were computed by the worker, not by this request.
        assert len(graph._kept) > 0
        assert reader.calls == 1
    finally:
        cache.forget(store)


async def test_a_small_graph_is_read_again_at_once_after_a_write() -> None:
    store = cast(GraphStore, _Store(links=10))
    reader = _SlowReader(seconds=0.001)
    cache = StructureCache(reader)
    first = await cache.get(store)
    store.counters.generation += 1
    second = await cache.get(store)
    assert second is not first
    assert second.generation == 1
    assert reader.calls == 2
    assert await cache.get(store) is second  # unchanged: no read
    assert cache.worker(store) is None


@contextlib.asynccontextmanager
async def _after_first_read(
    **settings: Any,
) -> AsyncIterator[tuple[_Store, StructureCache, _SlowReader]]:
    """A worker started over a fake store of ten links, once its first read is done."""
    fake = _Store(links=10)
    reader = _SlowReader(seconds=0.001)
    cache = StructureCache(reader, **settings)
    store = cast(GraphStore, fake)
    try:
        cache.start(store)
        await _until(lambda: reader.calls == 1 and cache._entries[store].graph is not None)
        yield fake, cache, reader
    finally:
        cache.forget(store)


async def test_another_process_write_is_picked_up_by_the_worker() -> None:
    # Once only every ten minutes: the write counter counts this process's writes alone.
    async with _after_first_read(settle_seconds=0.02) as (fake, _, reader):
        await asyncio.sleep(0.1)
        assert reader.calls == 1  # nothing moved: no read
        fake.trail = "2026-12-05T10:00:00Z|change:elsewhere"
        await _until(lambda: reader.calls == 2)
        await asyncio.sleep(0.1)
        assert reader.calls == 2  # read once for that write, then idle again


async def test_a_graph_due_by_age_is_read_again_only_if_the_counts_moved() -> None:
    # A restore keeps no trail: every so often the worker asks the store's counts, and
    # reads the whole graph again only if they changed (at 10^5 entities a read every ten
    # minutes regardless took 25 s, and slowed every request meanwhile).
    settings = {"settle_seconds": 0.02, "refresh_seconds": 0.05, "pace": 0.0}
    async with _after_first_read(**settings) as (fake, cache, reader):
        store = cast(GraphStore, fake)
        checked = cache._entries[store].checked_at
        await asyncio.sleep(0.3)  # due by age several times over
        assert reader.calls == 1
        assert cache._entries[store].checked_at > checked  # the counts were asked
        fake.links += 1  # written where no trail records it
        await _until(lambda: reader.calls == 2)
        # A request finds the graph current: no read on its time either.
        assert await cache.get(store) is cache._entries[store].graph
        assert reader.calls == 2


async def test_rebuilds_rest_in_proportion_to_their_length_however_often_it_is_written() -> None:
    fake = _Store(links=10)
    store = cast(GraphStore, fake)
    reader = _SlowReader(seconds=0.2)
    cache = StructureCache(reader, inline_seconds=0.01, settle_seconds=0.01, pace=4)
    try:
        cache.start(store)
        await _until(lambda: cache._entries[store].graph is not None)
        entry = cache._entries[store]
        rest_until = entry.ready_at + 4 * entry.build_seconds  # at least 0.8 s away
        second_began: float | None = None
        while reader.calls < 2 or entry.ready_at < rest_until:  # writes every 20 ms
            fake.counters.generation += 1
            if reader.calls == 2 and second_began is None:
                second_began = time.monotonic()
            assert time.monotonic() < rest_until + 5, "the second read never came"
            await asyncio.sleep(0.02)
        assert second_began is not None
        assert second_began >= rest_until - 0.03  # not before its rest
        # After the second read, writes go on for well under its own rest (>= 0.8 s).
        second_ready = time.monotonic()
        while time.monotonic() < second_ready + 0.3:
            fake.counters.generation += 1
            await asyncio.sleep(0.02)
        assert reader.calls == 2  # not one read after another
    finally:
        cache.forget(store)


async def test_writes_that_never_pause_delay_a_rebuild_only_so_long() -> None:
    # Writes every 10 ms never leave the 50 ms of quiet the worker waits for: after the
    # settle limit it reads the graph anyway, so brokers never grow older without bound.
    settings = {"settle_seconds": 0.05, "pace": 0.0, "settle_limit_seconds": 0.3}
    async with _after_first_read(**settings) as (fake, _, reader):
        began = time.monotonic()
        while reader.calls < 2:
            fake.counters.generation += 1
            assert time.monotonic() < began + 5, "the worker waited for a pause that never came"
            await asyncio.sleep(0.01)
        assert time.monotonic() - began >= 0.3  # it did wait for a pause first
