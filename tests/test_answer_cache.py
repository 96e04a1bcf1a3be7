"""Kept analytics answers are served only while nothing has been written since: by this
process on either store, and on Neo4j, which several API processes share, by any
process (the end of the change trail has moved)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from graph_api.analytics import answer_cache, turns
from graph_api.analytics.answer_cache import kept_answer
from graph_api.errors import ErrorCode, GraphApiError
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


class _SlowQuestion:
    """A question worked out only when let go, counting how often it was begun."""

    def __init__(self, error: Exception | None = None) -> None:
        self.begun = 0
        self.let_go = asyncio.Event()
        self.error = error

    async def __call__(self) -> int:
        self.begun += 1
        await self.let_go.wait()
        if self.error is not None:
            raise self.error
        return self.begun


async def _until_begun(question: _SlowQuestion, times: int) -> None:
    deadline = time.monotonic() + 30  # generous: each asker reads the store first
    while time.monotonic() < deadline:
        if question.begun >= times:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"begun {question.begun} times, not {times}")


async def test_askers_of_a_question_under_way_wait_for_its_answer(empty_store: GraphStore) -> None:
    question = _SlowQuestion()
    askers = [asyncio.create_task(kept_answer(empty_store, "q", question)) for _ in range(5)]
    await _until_begun(question, 1)
    await asyncio.sleep(0.05)  # every asker has looked by now
    question.let_go.set()
    assert await asyncio.gather(*askers) == [1] * 5
    assert question.begun == 1


async def test_when_the_asker_working_it_out_goes_away_the_next_one_works_it_out(
    empty_store: GraphStore,
) -> None:
    question = _SlowQuestion()
    first = asyncio.create_task(kept_answer(empty_store, "q", question))
    await _until_begun(question, 1)
    second = asyncio.create_task(kept_answer(empty_store, "q", question))
    await asyncio.sleep(0.05)
    first.cancel()
    await _until_begun(question, 2)
    question.let_go.set()
    assert await second == 2
    with pytest.raises(asyncio.CancelledError):
        await first


async def test_a_failure_reaches_every_asker_and_nothing_is_kept(
    empty_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    waiting = 0  # askers that gave back their turn to wait for the answer under way
    both_wait = asyncio.Event()
    give_back = turns.give_back_turn

    def give_back_turn() -> None:
        nonlocal waiting
        waiting += 1
        if waiting == 2:
            both_wait.set()
        give_back()

    monkeypatch.setattr(answer_cache, "give_back_turn", give_back_turn)
    failing = _SlowQuestion(GraphApiError(ErrorCode.QUERY_TIMEOUT, "too slow"))
    askers = [asyncio.create_task(kept_answer(empty_store, "q", failing)) for _ in range(3)]
    await _until_begun(failing, 1)
    # Let go only once the other two wait: one still on its way would work it out anew.
    async with asyncio.timeout(30):
        await both_wait.wait()
    failing.let_go.set()
    for outcome in await asyncio.gather(*askers, return_exceptions=True):
        assert isinstance(outcome, GraphApiError)
        assert outcome.code is ErrorCode.QUERY_TIMEOUT
    assert failing.begun == 1
    assert await kept_answer(empty_store, "q", _Question()) == 1  # worked out afresh


async def test_large_answers_are_dropped_oldest_first_past_the_item_bound(
    empty_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(answer_cache, "ITEMS", 100)
    firsts = {name: _Question() for name in ("a", "b", "c")}
    for name in ("a", "b"):
        assert await kept_answer(empty_store, name, firsts[name], lambda _: 40) == 1
    assert await kept_answer(empty_store, "a", firsts["a"], lambda _: 40) == 1  # both kept
    assert await kept_answer(empty_store, "c", firsts["c"], lambda _: 40) == 1  # 120 > 100
    assert await kept_answer(empty_store, "b", firsts["b"], lambda _: 40) == 2  # b was oldest
    # The newest answer is kept even alone past the bound: its next page is cut from it.
    huge = _Question()
    assert await kept_answer(empty_store, "huge", huge, lambda _: 1_000) == 1
    assert await kept_answer(empty_store, "huge", huge, lambda _: 1_000) == 1
