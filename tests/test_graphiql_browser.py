"""GraphiQL works in a real browser with nothing but the service: Chromium opens
/graphql with every request outside the service refused, the IDE draws, runs its
example query, and shows the answer; no script error and no policy violation."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from playwright.async_api import ConsoleMessage, Request, Route

from graph_api.app import create_app
from graph_api.config import Settings, StoreKind
from graph_api.seeding import seed_store
from graph_api.store.embedded_store import EmbeddedStore
from tests.browser import chromium
from tests.live_server import serving


@pytest.fixture
async def address() -> AsyncIterator[str]:
    store = EmbeddedStore()
    await store.connect()
    await seed_store(store, on_progress=lambda _: None)
    try:
        async with serving(create_app(Settings(store=StoreKind.EMBEDDED), store=store)) as at:
            yield at
    finally:
        await store.close()


async def test_graphiql_runs_its_example_offline(address: str) -> None:
    origin = f"http://{address}"
    foreign: list[str] = []
    problems: list[str] = []

    async def only_the_service(route: Route, request: Request) -> None:
        if request.url.startswith(origin):
            await route.continue_()
        else:  # as on a network without CDN access
            foreign.append(request.url)
            await route.abort()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    async with chromium() as browser:
        page = await browser.new_page(viewport={"width": 1366, "height": 768})
        await page.route("**/*", only_the_service)
        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.append(str(error)))
        await page.goto(f"{origin}/graphql")
        editor = page.locator(".graphiql-query-editor")
        await editor.wait_for(timeout=30_000)
        assert "search(text: $text" in await editor.inner_text()
        await page.locator(".graphiql-execute-button").click()
        answer = page.locator(".graphiql-response")
        await answer.get_by_text("數字政策辦公室").first.wait_for(timeout=30_000)
        assert '"totalCount"' in await answer.inner_text()
    assert foreign == []
    assert problems == []
