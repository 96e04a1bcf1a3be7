"""The analyst explorer, served at GET /: a page that searches, draws and exports the
graph for people who do not write GraphQL. It is built from ``web/src/explorer`` by
``web/scripts/build-explorer.mjs`` into ``web/dist/explorer`` (committed, so running
the service needs no Node.js); its script and styles are under /assets/explorer/, and
it talks to nothing but /graphql.

The page carries GraphiQL's Content-Security-Policy: its own scripts only, no inline
code, no other origin.
"""

from __future__ import annotations

from functools import cache

from starlette.responses import HTMLResponse

from graph_api.graphiql_page import PAGE_HEADERS, assets_dir


@cache
def page_html() -> str:
    """The explorer's page (read once)."""
    return (assets_dir() / "explorer" / "index.html").read_text(encoding="utf-8")


def explorer_response() -> HTMLResponse:
    """The explorer's page, with its Content-Security-Policy."""
    return HTMLResponse(page_html(), headers=PAGE_HEADERS)
