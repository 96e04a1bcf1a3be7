"""Debian's Chromium driven by Playwright, for the browser tests (Playwright's own browser
download is not used: ``scripts/test.sh`` installs the ``chromium`` package)."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, async_playwright

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
