"""GraphiQL is served by the service itself: the page at GET /graphql names only the
service's own assets, each of them is served (the big ones compressed), its example is
a valid query from docs/queries/, its policy forbids scripts from anywhere else, and the
committed assets are exactly what web/scripts/vendor.mjs copied from the pinned npm
packages."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import AsyncIterator
from html.parser import HTMLParser

import httpx
import pytest
from graphql import parse, validate

from graph_api.graphiql_page import CONTENT_SECURITY_POLICY, EXAMPLE_QUERY, assets_dir, example
from graph_api.resources import resource_dir
from graph_api.schema import build_schema
from graph_api.store.embedded_store import EmbeddedStore
from tests.app_client import app_client

HTML = {"Accept": "text/html"}


class _Links(HTMLParser):
    """Every src and href of a page, and the text of its JSON script blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.json_blocks: list[str] = []
        self._in_json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.links += [value for key, value in attrs if key in ("src", "href") and value]
        self._in_json = tag == "script" and found.get("type") == "application/json"

    def handle_data(self, data: str) -> None:
        if self._in_json:
            self.json_blocks.append(data)
            self._in_json = False


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    store = EmbeddedStore()
    await store.connect()
    try:
        async with app_client(store) as http:
            yield http
    finally:
        await store.close()


async def test_the_page_names_only_the_services_own_assets(client: httpx.AsyncClient) -> None:
    page = await client.get("/graphql", headers=HTML)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY  # no inline or foreign script
    assert "unpkg.com" not in page.text
    assert "cdn" not in page.text.lower()
    links = _Links()
    links.feed(page.text)
    assert len(links.links) >= 7  # two stylesheets and five scripts
    for link in links.links:
        assert link.startswith("/assets/graphiql/"), link
        asset = await client.get(link, headers={"Accept-Encoding": "identity"})
        assert asset.status_code == 200, link
        assert len(asset.content) > 500, link
        kind = "text/css" if link.endswith(".css") else "javascript"
        assert kind in asset.headers["content-type"], (link, asset.headers["content-type"])
    # No inline script: every <script> either loads a file or is a JSON data block.
    assert not re.search(r"<script>(?!\s*</script>)", page.text)


async def test_the_page_opens_with_a_valid_example(client: httpx.AsyncClient) -> None:
    page = await client.get("/graphql", headers=HTML)
    links = _Links()
    links.feed(page.text)
    [block] = links.json_blocks
    opening = json.loads(block)
    assert opening == example(resource_dir("docs/queries") / EXAMPLE_QUERY)
    document = parse(str(opening["query"]))
    assert validate(build_schema()._schema, document) == []
    assert json.loads(str(opening["variables"])) == {"text": "數字 政策"}
    assert "# variables" not in str(opening["query"])


async def test_the_big_script_is_sent_compressed(client: httpx.AsyncClient) -> None:
    plain = await client.get(
        "/assets/graphiql/graphiql.min.js", headers={"Accept-Encoding": "identity"}
    )
    async with client.stream(
        "GET", "/assets/graphiql/graphiql.min.js", headers={"Accept-Encoding": "gzip"}
    ) as squeezed:
        assert squeezed.headers["content-encoding"] == "gzip"
        sent = b"".join([chunk async for chunk in squeezed.aiter_raw()])
    assert gzip.decompress(sent) == plain.content
    assert len(sent) < len(plain.content) / 2


async def test_an_unknown_asset_is_a_404(client: httpx.AsyncClient) -> None:
    assert (await client.get("/assets/graphiql/nothing.js")).status_code == 404
    assert (await client.get("/assets/../pyproject.toml")).status_code == 404


async def test_graphiql_can_be_switched_off() -> None:
    store = EmbeddedStore()
    await store.connect()
    try:
        async with app_client(store, graphiql=False) as http:
            page = await http.get("/graphql", headers=HTML)
            assert "graphiql" not in page.text.lower()
    finally:
        await store.close()


def test_the_committed_assets_are_what_the_vendor_script_copied() -> None:
    folder = assets_dir() / "graphiql"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    pins = json.loads((resource_dir("web") / "package.json").read_text(encoding="utf-8"))
    files = {p.name for p in folder.iterdir()} - {"manifest.json"}
    assert files == set(manifest)
    for name, entry in manifest.items():
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert digest == entry["sha256"], f"{name} changed since `npm run build` in web/"
        if entry["package"] != "graph-api":
            assert pins["dependencies"][entry["package"]] == entry["version"], name
    # Our own files in dist are copies of web/src (edit the source, then build).
    for name in ("boot.js", "graphiql.html"):
        source = resource_dir("web") / "src" / "graphiql" / name
        assert (folder / name).read_bytes() == source.read_bytes(), name
