"""GraphiQL served by the service itself: its page at GET /graphql, opened with an
example from ``docs/queries/``, and its scripts and styles under /assets/ (copied from
npm into ``web/dist/`` by ``web/scripts/vendor.mjs`` and committed), so the IDE works
on a network without CDN access and needs no Node.js to run.

The page allows only its own scripts (no inline code, no other origin): its
Content-Security-Policy says so, and the example reaches it as a JSON block.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from graph_api.resources import resource_dir

# The query GraphiQL opens with (a query in the address, ?q=..., wins).
EXAMPLE_QUERY = "search-bilingual.graphql"
# GraphiQL's editor sets inline styles; everything else comes from this origin only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
# Every page the service serves carries these.
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_VARIABLES_LINE = re.compile(r"^# variables: (.+)$", re.MULTILINE)


def assets_dir() -> Path:
    """Where the built browser assets are (a checkout's web/dist, or the wheel's copy)."""
    return resource_dir("web") / "dist"


def assets_app() -> ASGIApp:
    """The /assets/ files, compressed for browsers that accept it (GraphiQL's script is
    3.5 MB, under 1 MB compressed)."""
    return GZipMiddleware(StaticFiles(directory=assets_dir(), check_dir=True), minimum_size=1024)


def example(path: Path) -> dict[str, object]:
    """A docs/queries file as GraphiQL's opening tab: the query and its variables (the
    file's ``# variables: {...}`` line, pretty-printed)."""
    text = path.read_text(encoding="utf-8")
    found: dict[str, object] = {"query": _VARIABLES_LINE.sub("", text).rstrip() + "\n"}
    match = _VARIABLES_LINE.search(text)
    if match:
        found["variables"] = json.dumps(json.loads(match.group(1)), ensure_ascii=False, indent=2)
    return found


@cache
def page_html() -> str:
    """The GraphiQL page with the example filled in (read once)."""
    template = (assets_dir() / "graphiql" / "graphiql.html").read_text(encoding="utf-8")
    block = json.dumps(example(resource_dir("docs/queries") / EXAMPLE_QUERY), ensure_ascii=False)
    # Inside <script>, '</' could close the block early: JSON allows it escaped.
    return template.replace("__EXAMPLE__", block.replace("</", "<\\/"))


def page_response() -> HTMLResponse:
    """The GraphiQL page, with its Content-Security-Policy."""
    return HTMLResponse(page_html(), headers=PAGE_HEADERS)
