"""GraphiQL works in a real browser with nothing but the service: Chromium opens
/graphql with every request outside the service refused, the IDE draws, runs its
example query, and shows the answer; no script error and no policy violation."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from graph_api.app import create_app
from graph_api.config import Settings, StoreKind
from graph_api.seeding import seed_store
from graph_api.store.embedded_store import EmbeddedStore
from tests.browser import offline_page
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
    async with offline_page(origin) as page:
        await page.goto(f"{origin}/graphql")
        editor = page.locator(".graphiql-query-editor")
        await editor.wait_for(timeout=30_000)
        assert "search(text: $text" in await editor.inner_text()
        await page.locator(".graphiql-execute-button").click()
        answer = page.locator(".graphiql-response")
        await answer.get_by_text("數字政策辦公室").first.wait_for(timeout=30_000)
        assert '"totalCount"' in await answer.inner_text()


async def _visit_and_run(origin: str, script: str) -> None:
    async with offline_page(origin) as page:
        await page.goto(f"{origin}/graphql")
        await page.evaluate(script)
        await page.wait_for_timeout(300)


async def test_the_offline_page_fails_a_test_that_reaches_elsewhere(address: str) -> None:
    # The guard every browser test relies on can fail: a request to another host, or a
    # script error, fails the test when the page is closed.
    origin = f"http://{address}"
    with pytest.raises(AssertionError):
        await _visit_and_run(origin, "fetch('http://192.0.2.1/elsewhere').catch(() => null)")
    with pytest.raises(AssertionError):
        await _visit_and_run(origin, "setTimeout(() => { throw new Error('boom') }, 0)")
