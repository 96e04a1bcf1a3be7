"""What the Neo4j store asks the driver for: maps, never graph objects.

The driver turns every node or relationship a query returns into a ``Node`` or a
``Relationship`` in the result's ``Graph``, which holds them as they hold it (a
reference cycle, freed only by the collector), and makes a new ``Relationship`` class
for every link type in every result: about a fifth of its work on a page of entities.
The queries return ``properties(n)`` and ``l {.*, type: type(l)}`` instead
(``__PROPERTIES__`` in the files both stores share), which it unpacks as plain maps.

The driver still makes one empty ``Graph`` per result, left to the collector: the test
finds them there and checks that none holds a node or a relationship.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

from neo4j.graph import Graph

from graph_api.domain import NodeKind, RelType
from graph_api.store.base import GraphStore
from graph_api.store.requests import Direction, NestedList, NodeQuery
from graph_api.store.search import SearchTerms


@contextlib.contextmanager
def graphs_left_behind() -> Iterator[list[Graph]]:
    """The driver's ``Graph`` objects that the block's reads leave for the collector,
    filled in as the block ends (the collector is paused until then)."""
    found: list[Graph] = []
    gc.collect()
    gc.disable()
    try:
        yield found
    finally:
        gc.set_debug(gc.DEBUG_SAVEALL)  # keep what it frees, to look at
        gc.collect()
        found += [item for item in gc.garbage if isinstance(item, Graph)]
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


async def _read_entities_and_links(store: GraphStore) -> int:
    """Every kind of read that returns entities or links; how many departments it saw."""
    departments = await store.list_nodes(NodeQuery(kind=NodeKind.DEPARTMENT, limit=50))
    ids = [node.id for node in departments.nodes]
    await store.get_nodes(ids)
    await store.search(SearchTerms.parse("Department"), [NodeKind.DEPARTMENT], 0, 20)
    await store.links_touching(ids)
    await store.history(ids[0], 10)
    attended = NestedList(rel_type=RelType.ATTENDED, direction=Direction.OUT, limit=5)
    answer = await store.fetch_nested(ids, [attended])
    assert answer is not None
    assert answer.nodes.keys() == set(ids)
    return len(ids)


async def test_reads_of_entities_and_links_make_no_graph_objects(
    seeded_neo4j: GraphStore,
) -> None:
    with graphs_left_behind() as graphs:
        assert await _read_entities_and_links(seeded_neo4j) == 50
    assert len(graphs) >= 6, "the driver no longer leaves a Graph per result: rewrite this"
    holding = [(len(g.nodes), len(g.relationships)) for g in graphs if g.nodes or g.relationships]
    assert holding == []  # (nodes, relationships) of each Graph that holds any
