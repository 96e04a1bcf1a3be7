"""The embedded store reopens after a process was killed in the middle of a write: the
torn end of its write-ahead log is dropped (that transaction never finished), every
transaction before it is kept, and the log as found is kept beside the store. And its
other wordings of a query answer as the usual ones do: for long id lists
(``<name>_many``), for a few links asked one at a time (``<name>_one``) and for small
pages read in two steps (``<name>_keys``)."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import subprocess
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from graph_api.analytics.filters import CONTACT_TYPES, EVERY_LINK
from graph_api.analytics.lens import Lens
from graph_api.analytics.met_in_store import attendance_scope
from graph_api.config import Settings
from graph_api.domain import NodeKind, RelType
from graph_api.errors import ErrorCode, GraphApiError
from graph_api.store import embedded_pages, embedded_wording, make_store
from graph_api.store.base import EVERY_LINK_VIEW, Direction, LinkView, Neighbour, Slice
from graph_api.store.embedded_store import EmbeddedStore
from graph_api.store.link_scope import LinkScope
from tests.analytics_fixture import LINKS, NODES
from tests.editing_support import SOURCE

# Written in a child process that exits without closing the store, so the writes stay in
# the write-ahead log (the checkpoint that would fold them into the file never runs).
_WRITER = """
import asyncio, os, sys
from graph_api.store import embedded_store
from graph_api.store.embedded_store import EmbeddedStore
from graph_api.domain import NodeKind, NodeRecord

embedded_store.CHECKPOINT_EVERY_WRITES = 10**9

async def main() -> None:
    store = EmbeddedStore(sys.argv[1])
    await store.connect()
    for i in range(5):
        await store.upsert([NodeRecord(
            id=f"enterprise:wal-{i}", kind=NodeKind.ENTERPRISE,
            name_en=f"WAL Firm {i}", source=sys.argv[2])], [])
    os._exit(0)

asyncio.run(main())
"""


def _write_and_die(path: Path) -> None:
    subprocess.run([sys.executable, "-c", _WRITER, str(path), SOURCE], check=True)


def _torn_copies(folder: Path) -> list[Path]:
    return list(folder.glob("store.wal.torn-*"))


async def _ids(path: Path) -> list[str]:
    store = EmbeddedStore(str(path))
    await store.connect()
    try:
        nodes, _ = await store.export_graph()
        return sorted(node.id for node in nodes)
    finally:
        await store.close()


async def test_a_torn_log_loses_only_the_unfinished_transaction(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _write_and_die(store)
    log_file = tmp_path / "store.wal"
    size = log_file.stat().st_size
    assert size > 0
    with log_file.open("r+b") as handle:
        handle.truncate(size - 10)  # the last record half-written, as after SIGKILL
    found = await _ids(store)
    assert found == [f"enterprise:wal-{i}" for i in range(4)]
    kept = _torn_copies(tmp_path)
    assert len(kept) == 1
    assert kept[0].stat().st_size == size - 10
    # Opened again, the store is whole: nothing more is dropped or kept.
    assert await _ids(store) == found
    assert len(_torn_copies(tmp_path)) == 1


async def test_an_intact_log_is_replayed_whole(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _write_and_die(store)
    assert await _ids(store) == [f"enterprise:wal-{i}" for i in range(5)]
    assert _torn_copies(tmp_path) == []


async def _answers(
    store: EmbeddedStore, scope: LinkScope, ids: list[str], start: list[str]
) -> list[object]:
    """Every read of entities' links the path and hop searches make, at ``ids``, and
    from the level one hop from ``start``."""
    reads = store.hop_reads
    level = await reads.next_hop(scope, start)
    links = await store.path_links(ids, scope, 10_000)
    return [
        level,
        await reads.next_hop(scope, ids),
        await reads.neighbours(scope, ids),
        await reads.touching(scope, ids, level),
        sorted(
            (at.owner_id, *link)
            for at in links
            for link in zip(at.neighbours, at.types, at.outgoing, strict=True)
        ),
        await store.node_degrees(ids),
    ]


@contextlib.asynccontextmanager
async def _wordings_recorded(
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[tuple[EmbeddedStore, list[str]]]:
    """An in-memory store holding the analytics fixture, and the names of the wordings
    it asks for from then on."""
    store = EmbeddedStore()
    await store.connect()
    asked: list[str] = []
    text_of = store.cypher.text

    def recording(name: str, **tokens: Any) -> str:
        asked.append(name)
        return text_of(name, **tokens)

    try:
        await store.upsert(NODES, LINKS)
        monkeypatch.setattr(store.cypher, "text", recording)
        yield store, asked
    finally:
        await store.close()


@pytest.mark.parametrize("lens", [Lens(), Lens(as_of=dt.date(2024, 6, 30), min_confidence=0.9)])
async def test_the_wording_for_many_ids_gives_the_same_answers(
    monkeypatch: pytest.MonkeyPatch, lens: Lens
) -> None:
    async with _wordings_recorded(monkeypatch) as (store, worded):
        scope = attendance_scope(EVERY_LINK.with_types(CONTACT_TYPES), lens)
        everyone = sorted(node.id for node in NODES)
        few = await _answers(store, scope, everyone, ["department:d3"])
        monkeypatch.setattr(embedded_wording, "KEY_LOOKUP_FROM", 0)
        many = await _answers(store, scope, everyone, ["department:d3"])
    assert many == few
    assert all(few)
    # Both wordings of every such query ran.
    asked = {"hop_neighbours", "hop_touching", "node_degrees"}
    asked |= {"next_hop_open", "path_links_open"} if scope.is_open else {"next_hop", "path_links"}
    assert set(worded) >= asked | {f"{name}_many" for name in asked}


@pytest.mark.parametrize("one", ["department:d3", "enterprise:e1", "event:ev2", "partner:p1"])
async def test_one_id_is_asked_by_its_key_and_answers_as_a_list_of_one(
    monkeypatch: pytest.MonkeyPatch, one: str
) -> None:
    async with _wordings_recorded(monkeypatch) as (store, _):
        scope = attendance_scope(EVERY_LINK.with_types(CONTACT_TYPES), Lens())
        texts: list[str] = []
        read_text = store.read_text

        async def recording(name: str, text: str, params: dict[str, Any]) -> Any:
            texts.append(text)
            return await read_text(name, text, params)

        monkeypatch.setattr(store, "read_text", recording)
        by_key = await _answers(store, scope, [one], [one])
        assert sum(".id = $id" in text for text in texts) == 6
        monkeypatch.setattr(store.cypher, "has_one_id_form", lambda name: False)
        texts.clear()
        listed = await _answers(store, scope, [one], [one])
        assert not any(".id = $id" in text for text in texts)
    assert by_key == listed
    level, _, _, _, links, degrees = by_key
    assert all((level, links, degrees))  # every such entity has contacts in the fixture


async def test_links_asked_one_at_a_time_are_the_links_asked_together(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every other link (so a wording that found more than the pairs asked would show),
    # and a pair with no link.
    wanted = LINKS[::2]
    keys = [(link.type, link.from_id, link.to_id) for link in wanted]
    keys.append((RelType.ATTENDED, "department:d3", "event:nowhere"))
    async with _wordings_recorded(monkeypatch) as (store, asked):
        monkeypatch.setattr(embedded_wording, "ROWS_ONE_BY_ONE", len(keys))
        one_by_one = await store.get_links(keys)
        assert set(asked) == {"links_by_key_one"}
        asked.clear()
        monkeypatch.setattr(embedded_wording, "ROWS_ONE_BY_ONE", 0)
        together = await store.get_links(keys)
        assert set(asked) == {"links_by_key"}
    assert one_by_one == together
    assert sorted(together) == sorted(keys[:-1])


async def _pages(store: EmbeddedStore) -> list[dict[str, Slice[Neighbour]]]:
    views = [(EVERY_LINK_VIEW, 1), (EVERY_LINK_VIEW, 3), (LinkView(dt.date(2024, 6, 30), 0.9), 2)]
    found: list[dict[str, Slice[Neighbour]]] = []
    types = sorted({link.type for link in LINKS}, key=lambda rel_type: rel_type.value)
    for rel_type, direction in itertools.product(types, Direction):
        ends = {
            link.from_id if direction is Direction.OUT else link.to_id
            for link in LINKS
            if link.type is rel_type
        }
        owners = sorted(ends)
        for (view, limit), owner in itertools.product(views, owners):
            # One owner: a page of up to `limit`, in two steps.
            page = await store.neighbours([owner], rel_type, direction, limit=limit, view=view)
            found.append(page)
        # Several owners at once, and a page too large for two steps.
        found.append(await store.neighbours(owners[:8], rel_type, direction, limit=3))
        found.append(await store.neighbours(owners[:1], rel_type, direction, limit=100))
    return found


async def test_pages_read_in_two_steps_are_the_pages_read_in_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gone: list[str] = []
    async with _wordings_recorded(monkeypatch) as (store, asked):
        read_in_two = store.read_pages_by_keys

        async def checked(name: str, params: dict[str, Any], tokens: dict[str, Any]) -> Any:
            rows = await read_in_two(name, params, tokens)
            if rows is None:
                gone.append(name)  # nothing is written here: the second step finds all
            return rows

        monkeypatch.setattr(store, "read_pages_by_keys", checked)
        two_steps = await _pages(store)
        assert gone == []
        assert {"outgoing_links_keys", "incoming_links_keys"} <= set(asked)
        assert {"outgoing_links", "incoming_links"} <= set(asked)  # the large pages
        monkeypatch.setattr(embedded_pages, "PAGE_BY_KEYS_UP_TO", 0)
        asked.clear()
        one_step = await _pages(store)
        assert not any(name.endswith("_keys") for name in asked)
    assert two_steps == one_step
    assert sum(len(page.items) for answer in one_step for page in answer.values()) > 100


async def test_a_page_whose_entity_went_between_the_two_steps_is_read_in_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with _wordings_recorded(monkeypatch) as (store, asked):
        owner = "department:d1"
        expected = await store.neighbours([owner], RelType.ATTENDED, Direction.OUT, limit=2)
        [first, *_] = expected[owner].items
        node_rows = store.node_rows

        async def one_deleted(ids: Sequence[str]) -> dict[str, Any]:
            # As if a write deleted the page's first event after the first step.
            rows = await node_rows(ids)
            rows.pop(first.node.id, None)
            return rows

        monkeypatch.setattr(store, "node_rows", one_deleted)
        asked.clear()
        found = await store.neighbours([owner], RelType.ATTENDED, Direction.OUT, limit=2)
    assert asked[0] == "outgoing_links_keys"
    assert asked[-1] == "outgoing_links"  # read again, in one step
    assert found == expected


TOO_MUCH = (
    "UNWIND range(1, 2000000) AS i CREATE (:Enterprise {id: 'enterprise:x' + string(i), "
    "kind: 'enterprise', name_en: 'x'})"
)


async def test_its_page_cache_is_bounded_and_a_question_past_it_is_an_error_to_act_on(
    tmp_path: Path,
) -> None:
    settings = Settings(
        store="embedded", embedded_path=str(tmp_path / "g"), embedded_buffer_mib=256
    )
    store = make_store(settings)
    assert isinstance(store, EmbeddedStore)
    assert store.buffer_mib == 256
    await store.connect()
    try:
        with pytest.raises(GraphApiError) as full:
            # Two million entities in one statement need more than 256 MiB of pages.
            await store.read_text("too_much", TOO_MUCH, {})
        assert full.value.code is ErrorCode.QUERY_TOO_COMPLEX  # the same again would fail
        assert "GRAPH_API_EMBEDDED_BUFFER_MIB" in full.value.message
        # Nothing half-written, and the store goes on answering.
        rows = await store.read_text("count", "MATCH (n:Enterprise) RETURN count(*) AS n", {})
        assert rows == [{"n": 0}]
        # A write is told the same, with nothing half-written.
        with pytest.raises(GraphApiError) as write_full:
            await store.write([("too_much", TOO_MUCH, {})])
        assert write_full.value.code is ErrorCode.QUERY_TOO_COMPLEX
        rows = await store.read_text("count", "MATCH (n:Enterprise) RETURN count(*) AS n", {})
        assert rows == [{"n": 0}]
        # An import's transaction holds its writes in the same pages: larger runs commit
        # batch by batch, and one that outgrows them is told so, with nothing written.
        assert store.one_transaction_rows == 256 * 64
        with pytest.raises(GraphApiError) as too_large:
            async with store.one_transaction():
                await store.read_text("too_much", TOO_MUCH, {})
        assert too_large.value.code is ErrorCode.BAD_USER_INPUT
        assert "--commit batches" in too_large.value.message
        rows = await store.read_text("count", "MATCH (n:Enterprise) RETURN count(*) AS n", {})
        assert rows == [{"n": 0}]
    finally:
        await store.close()


def test_a_page_cache_too_small_to_work_in_is_refused() -> None:
    with pytest.raises(ValidationError, match="at least 256"):
        Settings(embedded_buffer_mib=64)
    assert Settings(embedded_buffer_mib=0).embedded_buffer_mib == 0


async def test_entities_are_found_by_their_key_not_by_scanning_their_table() -> None:
    # `n.id IN $ids` scans the table and reads every row's properties (30 ms for three
    # ids at 10^5 entities); a key lookup per id reads only the rows asked for.
    store = EmbeddedStore()
    await store.connect()
    try:
        text = store.cypher.text("nodes_by_id", kind=NodeKind.ENTERPRISE)
        params = {"ids": ["enterprise:a", "enterprise:b"]}
        plan = str(await store.read_text("nodes_by_id", f"EXPLAIN {text}", params))
    finally:
        await store.close()
    assert "QUERY_PRIMARY_KEY_LOOKUP" in plan
    assert "SCAN_NODE_TABLE" not in plan
