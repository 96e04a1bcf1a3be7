"""The analyst explorer's page without a browser: GET / answers it with the service's
Content-Security-Policy, and the committed bundle in web/dist/explorer matches its
sources in web/src/explorer (a change not rebuilt with `npm run build` fails here)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import httpx

from graph_api.app import create_app
from graph_api.config import Settings, StoreKind
from graph_api.graphiql_page import CONTENT_SECURITY_POLICY
from graph_api.store.embedded_store import EmbeddedStore

WEB = Path(__file__).resolve().parent.parent / "web"
SOURCES = WEB / "src" / "explorer"
BUILT = WEB / "dist" / "explorer"


def sources_hash(root: Path) -> str:
    """What web/scripts/build-explorer.mjs records as ``sources``: the sha256 of
    ``"<sha256 of file>  <path>\\n"`` for every file under ``root``, sorted by path."""
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    lines = "".join(f"{hashlib.sha256((root / f).read_bytes()).hexdigest()}  {f}\n" for f in files)
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def manifest() -> dict[str, object]:
    """The built bundle's manifest."""
    found: dict[str, object] = json.loads((BUILT / "manifest.json").read_text(encoding="utf-8"))
    return found


async def test_home_is_the_explorer_with_its_policy() -> None:
    store = EmbeddedStore()
    await store.connect()
    try:
        app = create_app(Settings(store=StoreKind.EMBEDDED), store=store)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            page = await client.get("/")
            script = await client.get("/assets/explorer/app.js")
            styles = await client.get("/assets/explorer/app.css")
    finally:
        await store.close()
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert '<script src="/assets/explorer/app.js"></script>' in page.text
    assert "<script>" not in page.text  # no inline code: the policy would refuse it
    assert re.search(r"\son[a-z]+=", page.text) is None  # nor inline event handlers
    assert script.status_code == 200
    assert "cytoscape" in script.text
    assert styles.status_code == 200


def test_bundle_is_built_from_the_current_sources() -> None:
    assert manifest()["sources"] == sources_hash(SOURCES), (
        "web/dist/explorer is stale: run `npm ci && npm run build` in web/ and commit it"
    )


def test_every_built_file_matches_the_manifest() -> None:
    files = {name: entry for name, entry in manifest().items() if name != "sources"}
    assert set(files) == {"index.html", "app.js", "app.css"}
    for name, entry in files.items():
        assert isinstance(entry, dict)
        assert hashlib.sha256((BUILT / name).read_bytes()).hexdigest() == entry["sha256"], name
    assert "sourceMappingURL" not in (BUILT / "app.js").read_text(encoding="utf-8")
