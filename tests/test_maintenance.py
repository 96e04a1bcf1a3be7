"""While a restore holds the doors, nobody reads half a graph: requests under way finish
first, new ones get STORE_UNAVAILABLE with Retry-After, /readyz says not ready, /healthz
still answers, and everything opens again when the restore ends."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from graph_api import maintenance as maintenance_module
from graph_api.maintenance import Maintenance, MaintenanceRefused, RefuseDuringMaintenance


def _app(maintenance: Maintenance, release: asyncio.Event) -> Starlette:
    async def slow(_: Request) -> Response:
        await release.wait()
        return PlainTextResponse("slow done")

    async def quick(_: Request) -> Response:
        return PlainTextResponse("quick")

    return Starlette(
        routes=[Route("/slow", slow), Route("/quick", quick), Route("/healthz", quick)],
        middleware=[Middleware(RefuseDuringMaintenance, maintenance=maintenance)],
    )


async def test_a_restore_waits_for_requests_under_way_then_holds_the_doors() -> None:
    maintenance, release = Maintenance(), asyncio.Event()
    transport = httpx.ASGITransport(app=_app(maintenance, release))
    entered, leave = asyncio.Event(), asyncio.Event()

    async def a_restore() -> None:
        maintenance.entered()  # the restore's own request
        try:
            async with maintenance.exclusive():
                entered.set()
                await leave.wait()
        finally:
            maintenance.left()

    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        under_way = asyncio.create_task(http.get("/slow"))
        await asyncio.sleep(0.05)
        restoring = asyncio.create_task(a_restore())
        await asyncio.sleep(0.05)
        assert not entered.is_set(), "the restore began before a request under way ended"
        refused = await http.get("/quick")  # already refused while it waits
        assert refused.status_code == 503
        assert refused.headers["Retry-After"]
        assert refused.json()["errors"][0]["extensions"]["code"] == "STORE_UNAVAILABLE"
        assert "restore" in refused.json()["errors"][0]["message"]
        release.set()
        assert (await under_way).text == "slow done"
        await asyncio.wait_for(entered.wait(), 1)
        assert (await http.get("/healthz")).status_code == 200  # the process lives
        assert (await http.get("/quick")).status_code == 503
        leave.set()
        await restoring
        assert (await http.get("/quick")).text == "quick"


async def test_one_restore_at_a_time() -> None:
    maintenance = Maintenance()
    async with maintenance.exclusive():
        with pytest.raises(MaintenanceRefused, match="already running"):
            async with maintenance.exclusive():
                pass
        assert maintenance.active
    assert not maintenance.active


async def test_a_restore_is_refused_if_requests_do_not_finish_in_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A backup download still streaming would otherwise mix the old graph and the new.
    monkeypatch.setattr(maintenance_module, "SETTLE_SECONDS", 0.2)
    maintenance, release = Maintenance(), asyncio.Event()
    transport = httpx.ASGITransport(app=_app(maintenance, release))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        under_way = asyncio.create_task(http.get("/slow"))
        await asyncio.sleep(0.05)
        maintenance.entered()  # the restore's own request
        with pytest.raises(MaintenanceRefused, match="still under way"):
            async with maintenance.exclusive():
                raise AssertionError("the restore began beside a request under way")
        maintenance.left()
        assert (await http.get("/quick")).text == "quick"  # the doors are open again
        release.set()
        assert (await under_way).text == "slow done"
