"""Hubs' links kept between path questions (``analytics/hub_links.py``): a question asked
again answers the same without reading them again; any write, this process's or (on
Neo4j) another process's, is seen by the next question; a question with other rules
never sees links kept under one rule; and what is kept stays within its bound."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_api.analytics import hub_links
from graph_api.analytics.filters import EVERY_LINK, LinkFilter
from graph_api.analytics.lens import Lens
from graph_api.analytics.neighbourhood import StoreNeighbourhood, link_scope
from graph_api.analytics.paths import PathsAnswer, find_paths
from graph_api.domain import LinkRecord, RelType
from graph_api.store.base import GraphStore
from graph_api.store.neo4j_store import Neo4jStore
from graph_api.transfer.importer import import_files
from tests.conftest import Neo4jServer
from tests.editing_support import SOURCE, load_base

pytestmark = pytest.mark.neo4j

# In the base graph of the write tests: through the pilot, a part-of and the forum.
DPO, AI = "department:dpo", "technology:ai"


@pytest.fixture(autouse=True)
def every_entity_kept() -> Iterator[None]:
    """Keep every entity's links (the seed data has few hubs), and start empty."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(hub_links, "MIN_LINKS", 1)
        hub_links._kept.clear()
        yield
    hub_links._kept.clear()


async def _ask(
    store: GraphStore, source: str, target: str, links: LinkFilter = EVERY_LINK, budget: int = 0
) -> PathsAnswer:
    neighbourhood = StoreNeighbourhood(store, link_scope(links, Lens()))
    if budget:
        return await find_paths(neighbourhood, source, target, links, k=3, budget=budget)
    return await find_paths(neighbourhood, source, target, links, k=3)


def _shape(answer: PathsAnswer) -> tuple[object, ...]:
    steps = [
        [(s.node_id, s.incidence.link.type, s.incidence.outgoing) for s in path.steps]
        for path in answer.paths
    ]
    return steps, answer.complete, answer.work, answer.reason


def _link_reads(store: GraphStore) -> int:
    """Reads of links and of degrees (the embedded store reads degrees apart)."""
    names = ("path_links", "path_links_open", "node_degrees")
    return sum(store.counters.by_query.get(name, 0) for name in names)


async def _unkept(store: GraphStore, source: str, target: str, **rules: object) -> PathsAnswer:
    """The answer of a search that keeps nothing and finds nothing kept."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(hub_links, "MIN_LINKS", 10**9)
        patch.setattr(hub_links, "_kept", type(hub_links._kept)())
        return await _ask(store, source, target, **rules)  # type: ignore[arg-type]


async def test_a_question_asked_again_reads_no_kept_links_and_answers_the_same(
    seeded_store: GraphStore,
) -> None:
    source, target = "department:dpo", "enterprise:s-0022"
    first = await _ask(seeded_store, source, target)
    assert first.paths, "the seed data connects them"
    assert hub_links.links_kept(seeded_store) > 0
    reads = _link_reads(seeded_store)
    again = await _ask(seeded_store, source, target)
    assert _link_reads(seeded_store) == reads, "kept links or degrees were read again"
    assert _shape(again) == _shape(first) == _shape(await _unkept(seeded_store, source, target))


async def test_a_search_that_runs_out_of_budget_runs_out_the_same_with_kept_links(
    seeded_store: GraphStore,
) -> None:
    source, target = "department:dpo", "enterprise:s-0022"
    unkept = await _unkept(seeded_store, source, target, budget=40)
    assert not unkept.complete, "the budget is small enough to run out"
    await _ask(seeded_store, source, target)  # keeps every link it reads
    assert _shape(await _ask(seeded_store, source, target, budget=40)) == _shape(unkept)


async def test_links_kept_under_one_rule_are_not_seen_under_another(
    seeded_store: GraphStore,
) -> None:
    source, target = "department:dpo", "enterprise:s-0022"
    attended = LinkFilter(types=frozenset({RelType.ATTENDED}))
    await _ask(seeded_store, source, target)  # every type, kept
    got = await _ask(seeded_store, source, target, links=attended)
    assert _shape(got) == _shape(await _unkept(seeded_store, source, target, links=attended))
    assert {s.incidence.link.type for p in got.paths for s in p.steps} <= {RelType.ATTENDED}


async def test_this_process_s_write_is_seen_by_the_next_question(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    await load_base(empty_store)
    before = await _ask(empty_store, DPO, AI)
    assert before.paths[0].hops > 1
    await import_files(empty_store, [_need_file(tmp_path)])
    after = await _ask(empty_store, DPO, AI)
    assert after.paths[0].node_ids == (DPO, AI), "the new link was not seen"


async def test_a_question_asked_while_a_transaction_writes_sees_its_commit(
    empty_store: GraphStore,
) -> None:
    """A question outside an open transaction (an import in one transaction) reads the
    store as committed and keeps those links; once it commits, the next one sees it."""
    await load_base(empty_store)
    need = LinkRecord(RelType.NEEDS, DPO, AI, source=SOURCE)
    async with empty_store.one_transaction():
        await empty_store.upsert([], [need])
        # Not one of the transaction's own tasks: it reads what is committed.
        outside = asyncio.create_task(_ask(empty_store, DPO, AI), context=contextvars.Context())
        assert (await outside).paths[0].hops > 1
    after = await _ask(empty_store, DPO, AI)
    assert after.paths[0].node_ids == (DPO, AI), "links kept before the commit were used"


async def test_another_process_s_write_is_seen_by_the_next_question(
    empty_neo4j: GraphStore, neo4j_server: Neo4jServer, tmp_path: Path
) -> None:
    await load_base(empty_neo4j)
    await import_files(empty_neo4j, [_firm_file(tmp_path)])  # a change trail to compare
    assert (await _ask(empty_neo4j, DPO, AI)).paths[0].hops > 1
    other = Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password)
    await other.connect()
    try:
        generation = empty_neo4j.counters.generation
        await import_files(other, [_need_file(tmp_path)])
        assert empty_neo4j.counters.generation == generation  # nothing this process did
    finally:
        await other.close()
    after = await _ask(empty_neo4j, DPO, AI)
    assert after.paths[0].node_ids == (DPO, AI), "another process's link was not seen"


async def test_what_is_kept_stays_within_its_bound(
    seeded_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hub_links, "LINKS", 30)
    monkeypatch.setattr(hub_links, "DEGREES", 5)
    source, target = "department:dpo", "enterprise:s-0022"
    answer = await _ask(seeded_store, source, target)
    assert answer.work > 30, "the question reads more than the bound"
    assert 0 < hub_links.links_kept(seeded_store) <= 30
    if seeded_store.backend == "embedded":  # Neo4j gives degrees with the links
        assert 0 < len(hub_links._kept[seeded_store].degrees) <= 5


async def test_kept_links_last_no_longer_than_their_lifetime(
    seeded_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, target = "department:dpo", "enterprise:s-0022"
    await _ask(seeded_store, source, target)
    monkeypatch.setattr(hub_links, "LIFETIME", -1.0)
    reads = _link_reads(seeded_store)
    await _ask(seeded_store, source, target)
    assert _link_reads(seeded_store) > reads, "links older than their lifetime were used"


def _need_file(folder: Path) -> Path:
    path = folder / "need.csv"
    path.write_text(f"type,from,to,source\nNEEDS,{DPO},{AI},{SOURCE}\n", encoding="utf-8")
    return path


def _firm_file(folder: Path) -> Path:
    path = folder / "firm.csv"
    path.write_text(f"id,name_en,source\nenterprise:hub-trail,Trail Firm,{SOURCE}\n", "utf-8")
    return path
