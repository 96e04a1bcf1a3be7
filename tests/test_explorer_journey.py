"""One analyst's day in the explorer, in one Chromium session against the seeded
service (every request outside it refused, no console error allowed): search in English
and in Chinese, open an entity, expand its graph, find a path, open the planner and
export the invite list, read what changed, record an attendance. A screenshot of each
view is saved as an artefact: in ``GRAPH_API_ARTEFACTS`` if set (the README's pictures
in docs/screenshots/ were taken so), else in .artefacts/screenshots/."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.async_api import Page

from graph_api.auth.roles import Role
from tests.test_explorer_browser import WAIT, explorer, graph_size, pick, wait_until
from tests.test_explorer_browser import address as address  # the seeded service

ROOT = Path(__file__).resolve().parent.parent
SHOTS = Path(os.environ.get("GRAPH_API_ARTEFACTS") or ROOT / ".artefacts" / "screenshots")


def _folder() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


def _saved() -> set[str]:
    return {path.name for path in SHOTS.glob("explorer-*.png")}


async def shot(page: Page, name: str) -> None:
    """Save what the page shows now (the 1366×768 viewport) as ``name``.png."""
    await page.wait_for_timeout(400)  # let the layout settle before the picture
    await page.screenshot(path=_folder() / f"explorer-{name}.png")


async def scroll_to(page: Page, selector: str) -> None:
    """Scroll so the panel holding ``selector`` starts at the top of the viewport."""
    await page.locator(selector).first.evaluate(
        "e => { e.closest('section')?.scrollIntoView({block: 'start'}); window.scrollBy(0, -12) }"
    )


async def search_and_open(page: Page, text: str, entity_id: str, name: str) -> None:
    """Type ``text`` in the header's search, choose ``entity_id``, wait for its page."""
    search = page.get_by_role("combobox", name="Search")
    await search.fill(text)
    await page.locator(f'header li[role=option][data-id="{entity_id}"]').click(timeout=WAIT)
    await page.locator("h1.entity-name").get_by_text(name).wait_for(timeout=WAIT)


async def test_an_analysts_day_in_the_explorer(address: str) -> None:
    async with explorer(address, Role.ADMIN) as page:
        # Search in English, then in Chinese; each opens the entity's page and its graph.
        await search_and_open(page, "Digital Policy", "department:dpo", "Digital Policy Office")
        await search_and_open(page, "屋宇署", "department:bd", "Buildings Department")
        await wait_until(page, "(window.__explorer?.cy?.nodes().length ?? 0) > 3")
        drawn = await graph_size(page)
        await page.evaluate("window.__explorer.cy.getElementById('bureau:devb').emit('tap')")
        await wait_until(page, f"window.__explorer.cy.nodes().length > {drawn}")
        await shot(page, "entity")
        await scroll_to(page, ".graph-panel .cy")
        await shot(page, "graph")

        # A path from the Buildings Department to HKSTP, explained and drawn.
        await page.get_by_role("link", name="Paths").click()
        await pick(page, 0, "Buildings Department", "department:bd")
        await pick(page, 1, "HKSTP", "partner:hkstp")
        await page.get_by_role("button", name="Find paths").click()
        await page.locator(".path .explanation").first.wait_for(timeout=WAIT)
        await wait_until(page, "(window.__explorer?.pathsCy?.nodes().length ?? 0) >= 3")
        await scroll_to(page, ".cy-paths")  # the drawing, and the first path in words below
        await shot(page, "paths")

        # The planner's unmet needs, then the invite list, exported for Excel.
        await page.get_by_role("link", name="Planner").click()
        await page.locator(".tab-body tbody tr").first.wait_for(timeout=WAIT)
        await shot(page, "planner")
        await page.get_by_role("tab", name="Invite list for the next forum").click()
        await page.get_by_role("button", name="Build invite list").click()
        await page.locator(".invite-results tbody tr").first.wait_for(timeout=WAIT)
        async with page.expect_download() as download_info:
            await page.locator(".invite-results").get_by_role("button", name="Download CSV").click()
        csv = (await (await download_info.value).path()).read_bytes()
        assert csv.startswith(b"\xef\xbb\xbfEnterprise,")
        await shot(page, "invite-list")

        # What changed since the 19th Technology Forum.
        await page.get_by_role("link", name="What changed").click()
        forum = page.get_by_label("Or since a forum")
        await forum.locator("option[value='event:tf-19']").wait_for(state="attached", timeout=WAIT)
        await forum.select_option("event:tf-19")
        await page.get_by_role("button", name="Show changes").click()
        await page.locator("dd[data-count=newMeetings]").wait_for(timeout=WAIT)
        await shot(page, "changes")

        # Record an attendance, picked by name.
        await page.get_by_role("link", name="Record").click()
        await pick(page, 0, "Buildings Department", "department:bd")
        await pick(page, 1, "Chatbot", "event:s-11")
        await page.get_by_label("Source (URL or note)").fill("Attendance sheet (journey test)")
        await page.get_by_role("button", name="Record", exact=True).click()
        fact = page.locator(".recorded .recorded-fact")
        await fact.wait_for(timeout=WAIT)
        assert "Buildings Department" in await fact.inner_text()
        await shot(page, "record")
    views = ("changes", "entity", "graph", "invite-list", "paths", "planner", "record")
    assert _saved() >= {f"explorer-{name}.png" for name in views}
