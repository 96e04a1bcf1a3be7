"""Kept analytics answers are served only while nothing has been written since: by this
process on either store, and on Neo4j, which several API processes share, by any
process (the end of the change trail has moved)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_api.analytics.answer_cache import kept_answer
from graph_api.store.base import GraphStore
from graph_api.store.neo4j_store import Neo4jStore
from graph_api.transfer.importer import import_files
from tests.conftest import Neo4jServer
from tests.editing_support import SOURCE

pytestmark = pytest.mark.neo4j


class _Question:
    """A question whose answer says how many times it was worked out."""

    def __init__(self) -> None:
        self.worked_out = 0

    async def __call__(self) -> int:
        self.worked_out += 1
        return self.worked_out


def _firm_file(folder: Path, number: int) -> Path:
    path = folder / f"firm-{number}.csv"
    path.write_text(
        f"id,name_en,source\nenterprise:cache-{number},Cache Firm {number},{SOURCE}\n",
        encoding="utf-8",
    )
    return path


async def test_a_kept_answer_lasts_until_this_process_writes(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    question = _Question()
    assert await kept_answer(empty_store, "q", question) == 1
    assert await kept_answer(empty_store, "q", question) == 1  # kept
    await import_files(empty_store, [_firm_file(tmp_path, 1)])
    assert await kept_answer(empty_store, "q", question) == 2  # worked out again
    assert await kept_answer(empty_store, "q", question) == 2


async def test_a_write_by_another_process_is_seen(
    empty_store: GraphStore, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    question = _Question()
    await import_files(empty_store, [_firm_file(tmp_path, 1)])  # a trail to compare
    assert await kept_answer(empty_store, "q", question) == 1
    if not empty_store.shared_between_processes:
        # One process holds an embedded store: its own writes are all there is to see,
        # so serving a kept answer costs no store read.
        assert empty_store.backend == "embedded"
        before = empty_store.counters.round_trips
        assert await kept_answer(empty_store, "q", question) == 1
        assert empty_store.counters.round_trips == before
        return
    server: Neo4jServer = request.getfixturevalue("neo4j_server")
    other = Neo4jStore(server.uri, server.user, server.password)  # another API process
    await other.connect()
    try:
        assert await kept_answer(empty_store, "q", question) == 1
        generation = empty_store.counters.generation
        await import_files(other, [_firm_file(tmp_path, 2)])
        assert empty_store.counters.generation == generation  # nothing this process did
        assert await kept_answer(empty_store, "q", question) == 2
        assert await kept_answer(empty_store, "q", question) == 2
    finally:
        await other.close()
