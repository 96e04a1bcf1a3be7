"""Giving freed memory back to the system (graph_api.memory): on glibc, memory a
Python process freed below live data is returned by a trim, and the service trims
in the background while it runs."""

from __future__ import annotations

import asyncio
import contextlib

import httpx
import pytest

from graph_api import app as app_module
from graph_api import memory
from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.store.base import GraphStore

glibc = pytest.mark.skipif(not memory.can_return_memory(), reason="glibc's malloc_trim only")


@glibc
def test_memory_freed_under_live_data_is_given_back() -> None:
    # 80 MB of blocks above malloc's small-object pools (each 4 KB), with one block
    # allocated after them that stays alive: free() alone cannot shrink the heap past it.
    blocks = [bytes(4096) for _ in range(20_000)]
    alive = bytes(4096)
    before_free = memory.resident_bytes()
    del blocks
    held = memory.resident_bytes()
    returned = memory.return_free_memory()
    after = memory.resident_bytes()
    assert alive  # kept alive until here
    if before_free - held >= 40 << 20:
        pytest.skip("this allocator's free() returned it already: nothing to trim")
    assert returned > 40 << 20
    assert after < held - (40 << 20)


def test_resident_memory_is_read_on_linux() -> None:
    resident = memory.resident_bytes()
    assert resident > 10 << 20 or not memory.can_return_memory()


@glibc
async def test_the_service_trims_while_it_runs(seeded_store: GraphStore) -> None:
    trims = memory.RETURNED.trims
    app = create_app(
        Settings(store=seeded_store.backend, memory_trim_seconds=0.05), store=seeded_store
    )
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(app.router.lifespan_context(app))
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")
        await stack.enter_async_context(client)
        for _ in range(100):
            if memory.RETURNED.trims >= trims + 2:
                break
            await asyncio.sleep(0.05)
        assert memory.RETURNED.trims >= trims + 2
        assert (await client.get("/healthz")).status_code == 200


async def test_no_periodic_trim_when_turned_off(
    seeded_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[float] = []

    async def trimming(every_seconds: float) -> None:
        started.append(every_seconds)

    monkeypatch.setattr(app_module, "keep_returning_memory", trimming)
    for seconds, expected in ((0.0, []), (5.0, [5.0] if memory.can_return_memory() else [])):
        started.clear()
        settings = Settings(store=seeded_store.backend, memory_trim_seconds=seconds)
        app = create_app(settings, store=seeded_store)
        async with app.router.lifespan_context(app):
            await asyncio.sleep(0)
        assert started == expected
