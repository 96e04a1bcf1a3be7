"""The analyst explorer in a real browser with nothing but the service: Chromium opens
/ with every request outside the service refused, and each view shows real answers
from the seed data; no script error, no policy violation, no blank panel."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Page

from graph_api.app import create_app
from graph_api.auth.roles import Role
from graph_api.config import Settings, StoreKind
from graph_api.seeding import seed_store
from graph_api.store.embedded_store import EmbeddedStore
from tests.auth_support import key_for
from tests.browser import offline_page
from tests.live_server import serving

WAIT = 30_000  # ms: generous for a loaded CI machine


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


@contextlib.asynccontextmanager
async def explorer(
    address: str, role: Role | None = None, error_boxes_expected: bool = False
) -> AsyncIterator[Page]:
    """A 1366×768 page of the explorer, with an API key of ``role`` in the tab's
    sessionStorage (as if pasted); fails afterwards on any request outside the service
    and on any console or page error, or error box unless expected."""
    init = None
    if role is not None:
        key = key_for(f"explorer-{role.label}", role)
        init = f"sessionStorage.setItem('explorer.apiKey', {key!r});"
    origin = f"http://{address}"
    async with offline_page(origin, init, error_boxes_expected, accept_downloads=True) as page:
        await page.goto(f"{origin}/")
        yield page


async def graph_size(page: Page, name: str = "cy") -> int:
    """How many nodes the graph view ``name`` draws (0 before it exists)."""
    count: int = await page.evaluate(f"window.__explorer?.{name}?.nodes().length ?? 0")
    return count


async def wait_until(page: Page, expression: str) -> None:
    """Waits until ``expression`` is true in the page. (wait_for_function would compile
    it with eval, which the page's policy forbids, as it should.)"""
    for _ in range(WAIT // 100):
        if await page.evaluate(expression):
            return
        await page.wait_for_timeout(100)
    raise AssertionError(f"never true: {expression}")


async def pick(page: Page, box: int, text: str, entity_id: str) -> None:
    """Types ``text`` into the ``box``-th search box of the view and chooses ``entity_id``
    from its suggestions."""
    field = page.locator("main [role=combobox]").nth(box)
    await field.fill(text)
    await page.locator(f'main li[role=option][data-id="{entity_id}"]').click(timeout=WAIT)


async def test_search_opens_the_entity_page_and_its_graph(address: str) -> None:
    async with explorer(address) as page:
        search = page.get_by_role("combobox", name="Search")
        await search.fill("數字政策")
        suggestion = page.locator('header li[role=option][data-id="department:dpo"]')
        await suggestion.wait_for(timeout=WAIT)
        assert "Digital Policy Office" in await suggestion.inner_text()
        await search.press("Enter")
        heading = page.locator("h1.entity-name")
        await heading.get_by_text("Digital Policy Office").wait_for(timeout=WAIT)
        assert "數字政策辦公室" in await heading.inner_text()
        assert page.url.endswith("#/entity/department%3Adpo")
        # Its links, grouped by kind, with their sources.
        await page.get_by_role("heading", name="Predecessors (2)").wait_for(timeout=WAIT)
        await page.get_by_role(
            "link", name="Office of the Government Chief Information Officer"
        ).first.wait_for()
        # The graph is drawn, with its legend and table of entities.
        await wait_until(page, "(window.__explorer?.cy?.nodes().length ?? 0) > 3")
        assert await page.locator(".legend li[data-kind=BUREAU]").count() == 1
        drawn = await graph_size(page)
        assert await page.locator(".nodes-table tbody tr").count() == drawn
        # Clicking a node expands it: the bureau brings its other departments.
        await page.evaluate("window.__explorer.cy.getElementById('bureau:itib').emit('tap')")
        await wait_until(page, f"window.__explorer.cy.nodes().length > {drawn}")
        assert (
            await page.locator(".graph-side").get_by_role("button", name="Open page").is_visible()
        )


async def test_a_node_can_be_selected_and_expanded_by_keyboard(address: str) -> None:
    async with explorer(address) as page:
        await page.goto(page.url.split("#")[0] + "#/entity/department%3Adpo")
        await wait_until(page, "(window.__explorer?.cy?.nodes().length ?? 0) > 3")
        drawn = await graph_size(page)
        select = page.get_by_role(
            "button", name="Select: Innovation, Technology and Industry Bureau"
        )
        await select.focus()
        await page.keyboard.press("Enter")
        side = page.locator(".graph-side")
        await side.get_by_text("bureau:itib").wait_for(timeout=WAIT)
        assert await page.evaluate("window.__explorer.cy.getElementById('bureau:itib').selected()")
        # Focus moved to the side panel's Expand: Enter draws the bureau's neighbours.
        assert await page.evaluate("document.activeElement.textContent") == "Expand"
        await page.keyboard.press("Enter")
        await wait_until(page, f"window.__explorer.cy.nodes().length > {drawn}")


async def test_a_long_list_pages_on_with_show_more(address: str) -> None:
    async with explorer(address) as page:
        await page.goto(page.url.split("#")[0] + "#/entity/event%3Atf-19")
        heading = page.get_by_role("heading", name=re.compile(r"^Attendees \((\d+)\)$"))
        await heading.wait_for(timeout=WAIT)
        match = re.search(r"\((\d+)\)", await heading.inner_text())
        assert match is not None
        total = int(match.group(1))
        assert total > 50  # more than one page of 50
        attendees = page.locator("section", has=heading)
        assert await attendees.locator("tbody tr").count() == 50
        await attendees.get_by_role("button", name="Show more").click()
        await attendees.get_by_role("button", name="Show more").wait_for(
            state="detached", timeout=WAIT
        )
        assert await attendees.locator("tbody tr").count() == total
        assert await attendees.locator(".hint", has_text="showing").count() == 0


async def test_the_language_switch_changes_labels_and_is_remembered(address: str) -> None:
    async with explorer(address) as page:
        nav = page.locator("nav.main-nav")
        await nav.get_by_role("link", name="Explore").wait_for(timeout=WAIT)
        await page.get_by_role("button", name="中文").click()
        await nav.get_by_role("link", name="瀏覽").wait_for(timeout=WAIT)
        await page.reload()
        await nav.get_by_role("link", name="瀏覽").wait_for(timeout=WAIT)
        # Entity names follow: the Chinese name first, the English one beside it.
        await page.goto(page.url.split("#")[0] + "#/entity/department:dpo")
        primary = page.locator("h1.entity-name .primary-name")
        await primary.wait_for(timeout=WAIT)
        assert await primary.inner_text() == "數字政策辦公室"
        await page.get_by_role("button", name="EN").click()
        await nav.get_by_role("link", name="Explore").wait_for(timeout=WAIT)


async def test_path_finder_explains_and_draws_paths(address: str) -> None:
    async with explorer(address, Role.ANALYST) as page:
        await page.get_by_role("link", name="Paths").click()
        await pick(page, 0, "Buildings Department", "department:bd")
        await pick(page, 1, "HKSTP", "partner:hkstp")
        await page.get_by_role("button", name="Find paths").click()
        explanation = page.locator(".path .explanation").first
        await explanation.wait_for(timeout=WAIT)
        assert "Buildings Department" in await explanation.inner_text()
        assert "Source:" in await page.locator(".path .step-source").first.inner_text()
        await wait_until(page, "(window.__explorer?.pathsCy?.nodes().length ?? 0) >= 3")


async def test_path_finder_without_a_key_says_which_role_is_needed(address: str) -> None:
    async with explorer(address, error_boxes_expected=True) as page:
        await page.get_by_role("link", name="Paths").click()
        await pick(page, 0, "Buildings Department", "department:bd")
        await pick(page, 1, "HKSTP", "partner:hkstp")
        await page.get_by_role("button", name="Find paths").click()
        message = page.locator(".error-box .access-needed")
        await message.wait_for(timeout=WAIT)
        assert "needs the analyst role" in await message.inner_text()
        assert "API key" in await message.inner_text()


async def test_invite_list_exports_csv_for_excel(address: str) -> None:
    async with explorer(address, Role.ANALYST) as page:
        await page.get_by_role("link", name="Planner").click()
        await page.get_by_role("tab", name="Invite list for the next forum").click()
        await page.get_by_role("button", name="Build invite list").click()
        rows = page.locator(".invite-results tbody tr")
        await rows.first.wait_for(timeout=WAIT)
        assert await rows.count() > 3
        assert "enterprises for" in await page.locator(".invite-results .summary").inner_text()
        async with page.expect_download() as download_info:
            await page.locator(".invite-results").get_by_role("button", name="Download CSV").click()
        download = await download_info.value
        assert download.suggested_filename == "invite-list.csv"
        data = (await download.path()).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        text = data.decode("utf-8-sig")
        assert text.split("\r\n")[0] == (
            "Enterprise,id,Origin,Size,Best score,Departments' needs,Reasons,Sample data"
        )
        lines = text.strip().split("\r\n")
        assert len(lines) == await rows.count() + 1
        # The seed's enterprises are invented: the file says so, row by row.
        assert all(line.endswith(",Sample data") for line in lines[1:]), lines[1]


async def test_planner_tables_answer_and_sort(address: str) -> None:
    async with explorer(address, Role.ANALYST) as page:
        await page.goto(page.url.split("#")[0] + "#/planner/unmet")
        suppliers = page.locator(".tab-body tbody tr td:nth-child(4)")
        await suppliers.first.wait_for(timeout=WAIT)
        header = page.locator(".tab-body th").get_by_role("button", name="Suppliers")
        await header.click()
        counts = [int(text) for text in await suppliers.all_inner_texts()]
        assert len(counts) > 1
        assert counts == sorted(counts)
        await header.click()
        counts = [int(text) for text in await suppliers.all_inner_texts()]
        assert counts == sorted(counts, reverse=True)
        assert counts[0] > counts[-1]
        for tab, column in [
            ("Technology coverage", "Status"),
            ("Unreached departments", "Last event"),
            ("Partner-body coverage", "Bureaux reached"),
        ]:
            await page.get_by_role("tab", name=tab).click()
            await (
                page.locator(".tab-body th")
                .get_by_role("button", name=column, exact=True)
                .wait_for(timeout=WAIT)
            )
            assert await page.locator(".tab-body .error-box").count() == 0


async def test_what_changed_since_a_forum(address: str) -> None:
    async with explorer(address, Role.ANALYST) as page:
        await page.get_by_role("link", name="What changed").click()
        forum = page.get_by_label("Or since a forum")
        await forum.locator("option[value='event:tf-19']").wait_for(state="attached", timeout=WAIT)
        # Forums only, all of them (the first of 2019 too), not the newest twenty events.
        offered = await forum.locator("option").evaluate_all("os => os.map(o => o.value)")
        assert "event:tf-1" in offered, offered
        assert "event:smart-lab-opening" not in offered  # an opening, not a forum
        await forum.select_option("event:tf-19")
        await page.get_by_role("button", name="Show changes").click()
        count = page.locator("dd[data-count=newMeetings]")
        await count.wait_for(timeout=WAIT)
        meetings = int(await count.inner_text())
        assert meetings > 100  # the sample meetings after the forum, more than a page
        note = page.locator(".results .part-note").first
        assert f"first 100 of {meetings}" in await note.inner_text()
        assert await page.locator(".results .error-box").count() == 0
        # Counted by when things were recorded, the seed data (which has no records)
        # holds nothing new: the page asked with basis RECORDED.
        await page.get_by_label("Count by").select_option("RECORDED")
        await page.get_by_role("button", name="Show changes").click()
        zero = page.locator("dd[data-count=newMeetings]", has_text=re.compile(r"^0$"))
        await zero.wait_for(timeout=WAIT)
        assert await page.locator(".results .error-box").count() == 0


async def test_roles_show_in_words(address: str) -> None:
    async with explorer(address, Role.ANALYST) as page:
        await page.goto(page.url.split("#")[0] + "#/entity/event:smart-lab-opening")
        table = page.locator("main table", has_text="Exhibitor").first
        await table.wait_for(timeout=WAIT)
        assert "EXHIBITOR" not in await page.locator("main").inner_text()
