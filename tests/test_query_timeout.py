"""A read that runs past GRAPH_API_QUERY_TIMEOUT_SECONDS is stopped by the store and
reported as QUERY_TIMEOUT with advice, on both stores; the store answers again after."""

from __future__ import annotations

import pytest

from graph_api.errors import ErrorCode, GraphApiError
from graph_api.store.base import GraphStore
from graph_api.store.cypher_store import CypherGraphStore

pytestmark = pytest.mark.neo4j

# 4 x 10^8 rows, streamed (so both engines check the limit as they go): seconds of work on
# either store, far past the limit below.
SLOW = (
    "UNWIND range(1, 20000) AS x UNWIND range(1, 20000) AS y "
    "WITH x, y WHERE (x + y) % 7 = 0 RETURN count(*) AS n"
)


async def test_a_slow_read_is_stopped_with_query_timeout(empty_store: GraphStore) -> None:
    assert isinstance(empty_store, CypherGraphStore)
    saved = empty_store.query_timeout
    empty_store.query_timeout = 0.2
    try:
        with pytest.raises(GraphApiError) as caught:
            await empty_store._read("slow", SLOW, {})
    finally:
        empty_store.query_timeout = saved
    assert caught.value.code is ErrorCode.QUERY_TIMEOUT
    assert "0.2 s" in caught.value.message
    assert "GRAPH_API_QUERY_TIMEOUT_SECONDS" in caught.value.message
    assert sum((await empty_store.count_nodes()).values()) == 0


async def test_the_background_export_has_no_time_limit(empty_store: GraphStore) -> None:
    # The analytics projection reads the whole graph in the background: minutes at 10^5
    # entities, by design; stopping it at the request limit left the analytics without
    # a graph at that size.
    assert isinstance(empty_store, CypherGraphStore)
    saved = empty_store.query_timeout
    empty_store.query_timeout = 0.2
    try:
        assert empty_store.timeout_for("all_links") is None
        assert empty_store.timeout_for("all_nodes") is None
        assert empty_store.timeout_for("path_links") == 0.2
        nodes, links = await empty_store.export_graph()
    finally:
        empty_store.query_timeout = saved
    assert (nodes, links) == ([], [])


async def test_a_slow_write_is_stopped_and_nothing_of_it_stays(empty_store: GraphStore) -> None:
    """A write carries the same limit (a server that hangs must not hold the request, and
    the embedded store's one connection must not be held by one write); emptying the
    whole store does not."""
    assert isinstance(empty_store, CypherGraphStore)
    labels = ":Entity:Technology" if empty_store.backend == "neo4j" else ":Technology"
    first = f"CREATE ({labels} {{id: 'technology:x', kind: 'Technology', name_en: 'X'}})"
    saved = empty_store.query_timeout
    empty_store.query_timeout = 0.2
    try:
        with pytest.raises(GraphApiError) as caught:
            await empty_store.write([("create", first, {}), ("slow", SLOW, {})])
        assert caught.value.code is ErrorCode.QUERY_TIMEOUT
        assert "nothing was written" in caught.value.message
        assert sum((await empty_store.count_nodes()).values()) == 0  # the first part too
        await empty_store.clear()  # untimed, and the store answers after the timeout
    finally:
        empty_store.query_timeout = saved
    assert sum((await empty_store.count_nodes()).values()) == 0
