"""Every documented example query (docs/queries/**/*.graphql) runs without errors on both
stores, and every query the README shows is one of them, so the docs match the code.

A query file may give variables on a line of its own: ``# variables: {"after": null}``.
A file holding a mutation runs too; the seeded store is reseeded after it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest

from graph_api.resources import resource_dir
from graph_api.store.base import GraphStore
from tests.conftest import mark_written
from tests.gql_client import gql

pytestmark = pytest.mark.neo4j

ROOT = resource_dir("cypher").parent
QUERY_FILES = sorted((ROOT / "docs" / "queries").rglob("*.graphql"))
QUERY_TEXTS = {path: path.read_text(encoding="utf-8") for path in QUERY_FILES}


def _variables(text: str) -> dict[str, object]:
    match = re.search(r"^# variables: (.+)$", text, re.MULTILINE)
    return json.loads(match.group(1)) if match else {}


def _squash(text: str) -> str:
    return " ".join(line.split("#", 1)[0].strip() for line in text.splitlines()).replace(" ", "")


def test_there_are_documented_queries() -> None:
    assert len(QUERY_FILES) >= 4


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: str(p.relative_to(ROOT)))
async def test_documented_query_runs_cleanly(
    api: httpx.AsyncClient, seeded_store: GraphStore, path: Path
) -> None:
    text = QUERY_TEXTS[path]
    if re.search(r"^mutation\b", text, re.MULTILINE):
        mark_written(seeded_store)
    body = await gql(api, text, _variables(text))
    assert "errors" not in body, body.get("errors")
    assert body["data"], path


def test_readme_examples_are_documented_queries() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    examples = re.findall(r"```graphql\n(.*?)```", readme, re.DOTALL)
    assert examples
    documented = {_squash(path.read_text(encoding="utf-8")) for path in QUERY_FILES}
    for example in examples:
        assert _squash(example) in documented, f"README example not in docs/queries:\n{example}"
