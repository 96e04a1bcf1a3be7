"""Property-based fuzzing of the whole schema (hypothesis-graphql): documents built from
the published schema, with random arguments of every type, sent over HTTP to the app on
both stores. Every answer is HTTP < 500 with JSON, no traceback and only documented error
codes (never INTERNAL_ERROR); read-only documents leave the graph exactly as it was.

The documents are drawn once with a fixed seed (``derandomize``), so a failure repeats;
the counts bound the run to well under a minute per store.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

from graph_api.errors import ErrorCode
from graph_api.paths import resource_dir
from graph_api.schema.errors import PARSE_FAILED, VALIDATION_FAILED
from graph_api.store.base import GraphStore
from tests.app_client import app_client
from tests.conftest import mark_written

pytestmark = pytest.mark.neo4j

SCHEMA = (resource_dir("cypher").parent / "schema.graphql").read_text(encoding="utf-8")
KNOWN_CODES = ({code.value for code in ErrorCode} - {"INTERNAL_ERROR"}) | {
    PARSE_FAILED,
    VALIDATION_FAILED,
}
# Our scalars: well-formed values and near misses (the server must refuse the latter).
DAYS = st.one_of(st.dates().map(lambda day: day.isoformat()), st.sampled_from(["2024-02-30", ""]))
CUSTOM_SCALARS = {
    "Date": DAYS.map(nodes.String),
    "DateTime": st.datetimes().map(lambda moment: moment.isoformat()).map(nodes.String),
    "JSON": st.text(max_size=20).map(lambda text: json.dumps({"note": text})).map(nodes.String),
}
ROOT = graphql.build_schema(SCHEMA)
# Each root field is fuzzed on its own (drawn together, the small examples a fixed seed
# favours all ask the first field).
EXAMPLES_PER_FIELD = 4


def draw(strategy: st.SearchStrategy[object], count: int) -> list[str]:
    """``count`` documents from ``strategy``, the same ones on every run."""
    found: list[str] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(document: object) -> None:
        found.append(str(document))

    collect()
    return found


@pytest.fixture
async def client(seeded_store: GraphStore) -> AsyncIterator[httpx.AsyncClient]:
    """The app as an admin (every field reachable), with no rate limits."""
    unlimited = {"rate_limit_per_minute": 0, "rate_limit_per_key_per_minute": 0}
    async with app_client(seeded_store, **unlimited) as http:
        yield http


async def _send_and_check(client: httpx.AsyncClient, document: str) -> None:
    answer = await client.post("/graphql", json={"query": document})
    where = f"{document[:300]!r} → {answer.status_code} {answer.text[:300]!r}"
    assert answer.status_code < 500, where
    assert "Traceback" not in answer.text, where
    assert 'File "' not in answer.text, where
    for error in answer.json().get("errors") or []:
        assert error.get("extensions", {}).get("code") in KNOWN_CODES, where


async def _graph(store: GraphStore) -> tuple[list[object], list[object]]:
    found_nodes, found_links = await store.export_graph()
    return sorted(found_nodes, key=repr), sorted(found_links, key=repr)


async def test_fuzzed_queries_answer_cleanly_and_change_nothing(
    client: httpx.AsyncClient, seeded_store: GraphStore
) -> None:
    documents = [
        document
        for name in sorted(ROOT.query_type.fields)  # type: ignore[union-attr]
        for document in draw(
            queries(SCHEMA, fields=[name], custom_scalars=CUSTOM_SCALARS), EXAMPLES_PER_FIELD
        )
    ]
    before = await _graph(seeded_store)
    for document in documents:
        await _send_and_check(client, document)
    assert await _graph(seeded_store) == before


async def test_fuzzed_mutations_answer_cleanly(
    client: httpx.AsyncClient, seeded_store: GraphStore
) -> None:
    mark_written(seeded_store)
    for name in sorted(ROOT.mutation_type.fields):  # type: ignore[union-attr]
        strategy = mutations(SCHEMA, fields=[name], custom_scalars=CUSTOM_SCALARS)
        for document in draw(strategy, EXAMPLES_PER_FIELD):
            await _send_and_check(client, document)
