"""The explorer's recording forms, in Chromium against the seeded service: an editor
records an attendance by picking names and finds it on the party's page; the server's
refusals land next to the field they are about and record nothing; a viewer is told
which role recording needs."""

from __future__ import annotations

import httpx

from graph_api.auth.roles import Role
from tests.test_explorer_browser import WAIT, explorer, pick
from tests.test_explorer_browser import address as address  # the seeded service

PARTY = "department:bd"  # Buildings Department: attended 9 events, not this one
EVENT = "event:s-11"  # Workshop: Chatbot in Public Services


async def attended(address: str) -> list[str]:
    """The events the party attended, asked of the service directly (not the page)."""
    query = """query Attended($id: ID!) { node(id: $id) { ... on Department {
        eventsAttended(first: 100) { edges { node { id } } } } } }"""
    body = {"query": query, "variables": {"id": PARTY}}
    async with httpx.AsyncClient(base_url=f"http://{address}") as client:
        answer = (await client.post("/graphql", json=body)).json()
    edges = answer["data"]["node"]["eventsAttended"]["edges"]
    return [edge["node"]["id"] for edge in edges]


async def test_an_editor_records_an_attendance_and_finds_it_on_the_party_page(
    address: str,
) -> None:
    async with explorer(address, Role.EDITOR) as page:
        await page.get_by_role("link", name="Record").click()
        await page.get_by_role("tab", name="Attendance").wait_for(timeout=WAIT)
        await pick(page, 0, "Buildings Department", PARTY)
        await pick(page, 1, "Chatbot", EVENT)
        await page.get_by_label("Role at the event").select_option("SPEAKER")
        await page.get_by_label("Source (URL or note)").fill("Speaker list, Smart Lab 2025")
        await page.get_by_role("button", name="Record", exact=True).click()
        fact = page.locator(".recorded .recorded-fact")
        await fact.wait_for(timeout=WAIT)
        text = await fact.inner_text()
        assert "Buildings Department" in text
        assert "ATTENDED" in text
        assert "Workshop: Chatbot in Public Services" in text
        assert "Speaker list, Smart Lab 2025" in await page.locator(".recorded").inner_text()
        # The link opens the party's page, where the attendance is listed with its source.
        await page.locator(".recorded a.open-recorded").click()
        heading = page.get_by_role("heading", name="Events attended (10)")
        await heading.wait_for(timeout=WAIT)
        row = page.locator("section.panel", has=heading).locator("tbody tr", has_text="Chatbot")
        assert "\tSpeaker\t" in await row.inner_text()  # the role in words
        assert "Speaker list, Smart Lab 2025" in await row.inner_text()
    assert EVENT in await attended(address)


async def test_refused_recordings_show_the_reason_next_to_the_field(address: str) -> None:
    async with explorer(address, Role.EDITOR) as page:
        await page.goto(page.url.split("#")[0] + "#/record/attendance")
        record = page.get_by_role("button", name="Record", exact=True)
        # Nothing picked: said next to both pickers, and nothing is sent.
        await record.click()
        party_error = page.locator("[data-field=partyId] .field-error")
        await party_error.wait_for(timeout=WAIT)
        assert await party_error.inner_text() == "Choose one from the suggestions."
        await pick(page, 0, "Buildings Department", PARTY)
        await pick(page, 1, "Chatbot", EVENT)
        # A date GraphQL cannot read: its message goes next to the date.
        await page.get_by_label("Source (URL or note)").fill("Minutes")
        date = page.get_by_label("Date (YYYY-MM-DD, optional)")
        await date.fill("2025-13-40")
        await record.click()
        date_error = page.locator("[data-field=date] .field-error")
        await date_error.wait_for(timeout=WAIT)
        assert "month must be in 1..12" in await date_error.inner_text()
        assert await date.get_attribute("aria-invalid") == "true"
        assert await party_error.is_hidden()
        # A blank source: the resolver's rule, named in extensions.field.
        await date.fill("")
        await page.get_by_label("Source (URL or note)").fill("   ")
        await record.click()
        source_error = page.locator("[data-field=source] .field-error")
        await source_error.wait_for(timeout=WAIT)
        assert "source is blank" in await source_error.inner_text()
        assert await date_error.is_hidden()
        assert await page.locator(".form-errors .error-box").count() == 0
        assert await page.locator(".recorded").count() == 0
    assert EVENT not in await attended(address)


async def test_a_viewer_is_told_recording_needs_the_editor_role(address: str) -> None:
    async with explorer(address, error_boxes_expected=True) as page:
        await page.get_by_role("link", name="Record").click()
        note = page.get_by_text("recording needs a key of the editor role")
        await note.wait_for(timeout=WAIT)
        await page.get_by_role("tab", name="Offer").click()
        await pick(page, 0, "Arborline", "enterprise:s-0103")
        await pick(page, 1, "Artificial Intelligence", "technology:ai")
        await page.get_by_label("Source (URL or note)").fill("Brochure")
        await page.get_by_role("button", name="Record", exact=True).click()
        message = page.locator(".form-errors .error-box .access-needed")
        await message.wait_for(timeout=WAIT)
        assert "needs the editor role" in await message.inner_text()
        assert await page.locator(".recorded").count() == 0
