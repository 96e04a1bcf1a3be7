"""The explorer's tools around the views, in Chromium against the seeded service: the
"Real data only" switch (every analytic query then leaves sample links out, and the
choice survives a reload), "results for" a corrected search, and the SVG download of
the graph and of the paths."""

from __future__ import annotations

import json

from playwright.async_api import Page, Request

from graph_api.auth.roles import Role
from tests.test_explorer_browser import WAIT, explorer, graph_size, pick, wait_until
from tests.test_explorer_browser import address as address  # the seeded service


def sent_trust(requests: list[Request]) -> list[object]:
    """The `trust` variable of every GraphQL request that sent one."""
    found = []
    for request in requests:
        body = json.loads(request.post_data or "{}")
        if "trust" in body.get("variables", {}):
            found.append(body["variables"]["trust"])
    return found


async def test_real_data_only_leaves_the_sample_needs_out_and_is_remembered(
    address: str,
) -> None:
    async with explorer(address, Role.ANALYST) as page:
        requests: list[Request] = []
        page.on("request", lambda r: requests.append(r) if r.url.endswith("/graphql") else None)
        await page.goto(page.url.split("#")[0] + "#/planner/unmet")
        rows = page.locator(".tab-body tbody tr")
        await rows.first.wait_for(timeout=WAIT)
        assert await rows.count() > 1  # every seeded need is sample data
        switch = page.get_by_label("Real data only")
        assert not await switch.is_checked()
        await switch.check()
        # The table is asked again with real facts only: no unmet need is left.
        await wait_until(page, "document.querySelector('.tab-body .table-tools') !== null")
        await wait_until(page, "document.querySelectorAll('.tab-body tbody tr').length === 0")
        assert {"includeSample": False} in sent_trust(requests)
        assert (await page.locator(".tab-body .table-tools .hint").inner_text()).startswith("0 ")
        await page.reload()
        await page.locator(".tab-body .table-tools").wait_for(timeout=WAIT)
        assert await page.get_by_label("Real data only").is_checked()
        assert await rows.count() == 0
        # The graph view's neighbourhood query carries it too, with its evidence filter.
        requests.clear()
        await page.goto(page.url.split("#")[0] + "#/entity/department:dpo")
        await wait_until(page, "(window.__explorer?.cy?.nodes().length ?? 0) > 1")
        assert {"includeSample": False} in sent_trust(requests)
        await page.get_by_label("Real data only").uncheck()


async def test_a_misspelt_search_says_what_it_searched_for(address: str) -> None:
    async with explorer(address) as page:
        await page.get_by_role("combobox", name="Search").fill("Digital Polcy")
        corrected = page.locator("header .suggestions li.corrected")
        await corrected.wait_for(timeout=WAIT)
        assert await corrected.inner_text() == "Results for “Digital policy”"
        await page.locator('header li[role=option][data-id="department:dpo"]').wait_for()
        # Keyboard choice skips the note line: the first option is the first entity.
        await page.get_by_role("combobox", name="Search").press("ArrowDown")
        await page.get_by_role("combobox", name="Search").press("Enter")
        await (
            page.locator("h1.entity-name")
            .get_by_text("Digital Policy Office")
            .wait_for(timeout=WAIT)
        )


async def svg_of(page: Page, scope: str) -> str:
    """The SVG file the 'Download SVG' button in ``scope`` offers."""
    async with page.expect_download() as download_info:
        await page.locator(scope).get_by_role("button", name="Download SVG").click()
    download = await download_info.value
    assert download.suggested_filename.endswith(".svg")
    return (await download.path()).read_text(encoding="utf-8")


async def test_the_graph_and_the_paths_download_as_svg(address: str) -> None:
    async with explorer(address, Role.ANALYST) as page:
        await page.goto(page.url.split("#")[0] + "#/entity/department:dpo")
        await wait_until(page, "(window.__explorer?.cy?.nodes().length ?? 0) > 3")
        svg = await svg_of(page, ".graph-panel")
        assert svg.startswith("<svg")
        assert svg.count("<circle") == await graph_size(page)
        assert svg.count("<line") == await page.evaluate("window.__explorer.cy.edges().length")
        assert ">Digital Policy Office<" in svg or ">DPO<" in svg
        assert "#2e8540" in svg  # the department colour, in the drawing and the legend
        await page.get_by_role("link", name="Paths").click()
        await pick(page, 0, "Buildings Department", "department:bd")
        await pick(page, 1, "HKSTP", "partner:hkstp")
        await page.get_by_role("button", name="Find paths").click()
        await wait_until(page, "(window.__explorer?.pathsCy?.nodes().length ?? 0) >= 3")
        svg = await svg_of(page, ".results")
        assert svg.startswith("<svg")
        assert svg.count("<circle") == await graph_size(page, "pathsCy")


async def test_the_planner_answers_as_of_a_chosen_day(address: str) -> None:
    async with explorer(address, Role.ANALYST) as page:
        requests: list[Request] = []
        page.on("request", lambda r: requests.append(r) if r.url.endswith("/graphql") else None)
        await page.goto(page.url.split("#")[0] + "#/planner/coverage")
        rows = page.locator(".tab-body tbody tr")
        await rows.first.wait_for(timeout=WAIT)
        requests.clear()
        await page.get_by_label("As of (optional)").fill("2016-01-01")
        await page.get_by_role("button", name="Load", exact=True).click()
        await wait_until(page, "document.querySelector('.tab-body .loading') === null")
        await page.locator(".tab-body .table-tools").wait_for(timeout=WAIT)
        sent = [json.loads(r.post_data or "{}").get("variables", {}) for r in requests]
        assert {"asOf": "2016-01-01", "trust": None} in sent
        assert await page.locator(".tab-body .error-box").count() == 0
        # The day carries over to the other tabs.
        await page.get_by_role("tab", name="Unreached departments").click()
        await page.locator(".tab-body .table-tools").first.wait_for(timeout=WAIT)
        assert await page.get_by_label("As of (optional)").input_value() == "2016-01-01"


async def test_the_graph_keeps_only_links_dated_in_a_chosen_range(address: str) -> None:
    async with explorer(address) as page:
        requests: list[Request] = []
        page.on("request", lambda r: requests.append(r) if r.url.endswith("/graphql") else None)
        await page.goto(page.url.split("#")[0] + "#/entity/department%3Adpo")
        await wait_until(page, "(window.__explorer?.cy?.nodes().length ?? 0) > 3")
        drawn = await graph_size(page)
        # The kinds of link to draw are named in words, not in the API's codes.
        controls = await page.locator(".graph-controls").inner_text()
        assert "Attended" in controls
        assert "Incubated by" in controls
        assert "ATTENDED" not in controls
        requests.clear()
        # From a day after every event: the attendances go, undated links (its bureau,
        # its predecessors) stay.
        await page.get_by_label("Between").fill("2030-01-01")
        await page.get_by_role("button", name="Redraw").click()
        await wait_until(page, f"window.__explorer.cy.nodes().length < {drawn}")
        sent = [json.loads(r.post_data or "{}").get("variables", {}) for r in requests]
        assert any(v.get("between") == {"from": "2030-01-01", "to": None} for v in sent), sent
        assert await page.evaluate("window.__explorer.cy.getElementById('bureau:itib').length")


async def test_the_path_finder_routes_around_parties_picked_by_name(address: str) -> None:
    async with explorer(address, Role.ANALYST) as page:
        requests: list[Request] = []
        page.on("request", lambda r: requests.append(r) if r.url.endswith("/graphql") else None)
        await page.get_by_role("link", name="Paths").click()
        await pick(page, 0, "Buildings Department", "department:bd")
        await pick(page, 1, "HKSTP", "partner:hkstp")
        await pick(page, 2, "Development Bureau", "bureau:devb")  # Route around
        await pick(page, 2, "Cyberport", "partner:cyberport")
        chips = page.locator(".chips .chip")
        assert await chips.count() == 2
        remove = chips.nth(1).get_by_role("button")
        assert (await remove.get_attribute("aria-label") or "").startswith("Remove: ")
        await remove.click()
        assert await chips.count() == 1
        requests.clear()
        await page.get_by_role("button", name="Find paths").click()
        await page.locator(".path .explanation").first.wait_for(timeout=WAIT)
        sent = [json.loads(r.post_data or "{}").get("variables", {}) for r in requests]
        assert any(v.get("exclude") == ["bureau:devb"] for v in sent), sent
        assert "Development Bureau" not in await page.locator(".results").inner_text()
