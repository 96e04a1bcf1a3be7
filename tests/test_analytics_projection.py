"""The analytics projection: what it keeps, and when the cache rebuilds it (on both stores)."""

from __future__ import annotations

import datetime as dt

import pytest

from graph_api.analytics.filters import EVERY_LINK
from graph_api.analytics.lens import Lens, view
from graph_api.analytics.projection import ARGUMENT_MEMO_SIZE, build_projection
from graph_api.analytics.projection_cache import ProjectionCache
from graph_api.analytics.structure import communities
from graph_api.domain import LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.errors import ErrorCode, GraphApiError
from graph_api.store.base import GraphStore
from tests.analytics_fixture import LINKS, NODES, fixture_projection


def test_persons_and_dangling_links_are_left_out() -> None:
    person = NodeRecord(id="person:p", kind=NodeKind.PERSON, name_en="A Person")
    links = [
        *LINKS,
        LinkRecord(RelType.REPRESENTS, "person:p", "department:d1"),
        LinkRecord(RelType.ATTENDED, "department:d1", "event:unknown"),
    ]
    projection = build_projection([*NODES, person], links)
    assert "person:p" not in projection.nodes
    assert len(projection.links) == len(LINKS) == 25
    assert len(projection.nodes) == len(NODES) == 17


def test_adjacency_is_sorted_and_an_undated_attendance_takes_the_event_day() -> None:
    undated = LinkRecord(RelType.ATTENDED, "enterprise:e4", "event:ev2")
    projection = build_projection(NODES, [*LINKS, undated])
    neighbours = [inc.neighbour for inc in projection.incidences("event:ev2")]
    assert neighbours == sorted(neighbours)
    (late,) = [
        inc for inc in projection.incidences("enterprise:e4", RelType.ATTENDED) if inc.outgoing
    ]
    assert late.day == dt.date(2025, 6, 1)
    assert late.link.date is None
    assert projection.degree("event:ev2") == 6


def test_the_same_records_in_any_order_give_the_same_projection() -> None:
    shuffled = build_projection(reversed(NODES), reversed(LINKS))
    assert shuffled.links == fixture_projection().links
    assert shuffled.adjacency == fixture_projection().adjacency


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.neo4j
async def test_cache_rebuilds_after_a_write_or_the_ttl(empty_store: GraphStore) -> None:
    await empty_store.upsert(NODES, LINKS)
    clock = Clock()
    cache = ProjectionCache(ttl_seconds=30, clock=clock)

    before = empty_store.counters.round_trips
    first = await cache.get(empty_store)
    # How many links (is the graph small enough to copy now?), then the copy: two reads.
    assert empty_store.counters.round_trips - before == 3
    # Both stores export exactly the records written.
    assert first.links == fixture_projection().links
    assert first.nodes == fixture_projection().nodes

    assert await cache.get(empty_store) is first
    assert empty_store.counters.round_trips - before == 3

    # After the TTL the graph is exported again; the data is the same, so the results
    # already derived (here: communities) are kept.
    found = communities(first, EVERY_LINK)
    clock.now += 31
    refreshed = await cache.get(empty_store)
    assert empty_store.counters.round_trips - before == 5
    assert communities(refreshed, EVERY_LINK) is found

    # A write from this process makes the next question rebuild at once.
    extra = NodeRecord(id="enterprise:e5", kind=NodeKind.ENTERPRISE, name_en="Ibis Robotics")
    await empty_store.upsert([extra], [])
    rebuilt = await cache.get(empty_store)
    assert "enterprise:e5" in rebuilt.nodes
    assert rebuilt.generation == empty_store.counters.generation

    cache.forget(empty_store)
    assert await cache.get(empty_store) is not rebuilt


@pytest.mark.neo4j
async def test_a_slow_graph_is_rebuilt_in_the_background_never_on_a_request(
    empty_store: GraphStore,
) -> None:
    await empty_store.upsert(NODES, LINKS)
    # Every build counts as slow here, as a 10^5-entity graph's would.
    cache = ProjectionCache(inline_seconds=-1.0, settle_seconds=0.01)
    first = await cache.get(empty_store)

    extra = NodeRecord(id="enterprise:e5", kind=NodeKind.ENTERPRISE, name_en="Ibis Robotics")
    await empty_store.upsert([extra], [])
    before = empty_store.counters.round_trips
    # The request after the write is answered from the last projection at once...
    assert await cache.get(empty_store) is first
    assert empty_store.counters.round_trips == before
    # ...while one background task rebuilds it once the writes have paused.
    entry_task = cache.pending_refresh(empty_store)
    assert entry_task is not None
    assert await cache.get(empty_store) is first  # a second request starts no second build
    assert cache.pending_refresh(empty_store) is entry_task
    await entry_task
    assert empty_store.counters.round_trips - before == 2
    rebuilt = await cache.get(empty_store)
    assert "enterprise:e5" in rebuilt.nodes
    assert rebuilt.generation == empty_store.counters.generation
    cache.forget(empty_store)


@pytest.mark.neo4j
async def test_a_large_graph_is_never_copied_on_a_request(empty_store: GraphStore) -> None:
    await empty_store.upsert(NODES, LINKS)
    # Every graph counts as large here, as a 10^5-entity graph's would.
    cache = ProjectionCache(inline_links=0, settle_seconds=0.01)
    with pytest.raises(GraphApiError) as refused:
        await cache.get(empty_store)
    assert refused.value.code is ErrorCode.STORE_UNAVAILABLE
    assert "ask again in a few minutes" in refused.value.message
    building = cache.pending_refresh(empty_store)
    assert building is not None  # the refusal started the copy in the background
    await building
    before = empty_store.counters.round_trips
    built = await cache.get(empty_store)
    assert empty_store.counters.round_trips == before
    assert built.nodes == fixture_projection().nodes
    cache.forget(empty_store)


def test_results_keyed_by_argument_values_are_bounded() -> None:
    # Distinct as-of days (or periods) from callers must not pile up derived graphs.
    base = fixture_projection()
    first_day = dt.date(2025, 1, 1)
    views = [view(base, Lens(as_of=first_day + dt.timedelta(days=n))) for n in range(50)]
    assert base.kept_by_argument() == ARGUMENT_MEMO_SIZE
    # The most recent are kept and reused; an evicted one is derived again, equal.
    assert view(base, Lens(as_of=first_day + dt.timedelta(days=49))) is views[-1]
    again = view(base, Lens(as_of=first_day))
    assert again is not views[0]
    assert again.links == views[0].links
    # Results keyed by the graph alone (ids of a kind) stay for the projection's life.
    assert base.ids_of(NodeKind.EVENT) is base.ids_of(NodeKind.EVENT)
