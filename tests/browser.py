"""Debian's Chromium driven by Playwright, for the browser tests (Playwright's own browser
download is not used: ``scripts/test.sh`` installs the ``chromium`` package)."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import AsyncIterator
from typing import Any

import pytest
from playwright.async_api import Browser, ConsoleMessage, Page, Request, Route, async_playwright

CHROMIUM = os.environ.get("GRAPH_API_CHROMIUM", "/usr/bin/chromium")


@contextlib.asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    """A headless Chromium, closed afterwards. Fails (never skips) when it is missing,
    unless GRAPH_API_SKIP_BROWSER_TESTS=1 says to skip on purpose."""
    if not shutil.which(CHROMIUM):  # a path or a command name
        if os.environ.get("GRAPH_API_SKIP_BROWSER_TESTS") == "1":
            pytest.skip("GRAPH_API_SKIP_BROWSER_TESTS=1")
        pytest.fail(
            f"No Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium; "
            "scripts/test.sh does), or point GRAPH_API_CHROMIUM at one."
        )
    async with async_playwright() as playwright:
        # --no-sandbox: the test machine runs as root, where Chromium's sandbox cannot start.
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield browser
        finally:
            await browser.close()


@contextlib.asynccontextmanager
async def offline_page(
    origin: str,
    init_script: str | None = None,
    error_boxes_expected: bool = False,
    **page_options: Any,
) -> AsyncIterator[Page]:
    """A 1366×768 page in a headless Chromium that may reach ``origin`` only (every other
    request is refused, as on a network without CDN access); afterwards it fails the test
    if the page asked for anything else, logged an error or threw, or (unless
    ``error_boxes_expected``) showed an error box at any moment: a GraphQL error comes
    back with HTTP 200 and is drawn, never logged."""
    foreign: list[str] = []
    problems: list[str] = []

    async def only_the_service(route: Route, request: Request) -> None:
        if request.url.startswith(origin):
            await route.continue_()
        else:
            foreign.append(request.url)
            await route.abort()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    async with chromium() as browser:
        page = await browser.new_page(viewport={"width": 1366, "height": 768}, **page_options)
        await page.route("**/*", only_the_service)
        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.append(str(error)))
        await page.add_init_script(_WATCH_ERROR_BOXES)
        if init_script is not None:
            await page.add_init_script(init_script)
        yield page
        shown: list[str] = []
        with contextlib.suppress(Exception):  # the test may have closed the page
            shown = await page.evaluate("window.__errorBoxes || []")
    # Said in the message: this helper module is not assertion-rewritten by pytest.
    assert foreign == [], f"the page asked for other hosts: {foreign}"
    assert problems == [], f"the page logged errors or threw: {problems}"
    if not error_boxes_expected:
        assert shown == [], f"the page showed error boxes: {shown}"


# Records the text of every error box the page shows, however briefly.
_WATCH_ERROR_BOXES = """
window.__errorBoxes = [];
new MutationObserver((changes) => {
  for (const change of changes) {
    for (const node of change.addedNodes) {
      if (!(node instanceof Element)) continue;
      const boxes = node.matches(".error-box") ? [node] : [...node.querySelectorAll(".error-box")];
      for (const box of boxes) window.__errorBoxes.push(box.textContent || "(empty)");
    }
  }
}).observe(document, { childList: true, subtree: true });
"""
