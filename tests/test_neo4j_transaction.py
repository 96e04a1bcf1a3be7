"""Driver values made plain: scalars and their lists pass through, graph types become dicts
(the store's queries return maps rather than graph types, tests/test_neo4j_store.py, but
a query that returns one still answers the same)."""

from __future__ import annotations

import neo4j.time
from neo4j.graph import Graph, Node

from graph_api.store.neo4j_transaction import plain


def test_scalars_and_their_lists_pass_through() -> None:
    columns = {"ns": ["enterprise:x", "event:y"], "os": [True, False], "ds": [3, 0.5, None]}
    assert plain(columns) == columns
    assert plain("text") == "text"
    assert plain(None) is None


def test_nested_values_are_made_plain_at_every_depth() -> None:
    day = neo4j.time.Date(2024, 6, 30)
    value = [{"a": [1, {"b": day}], "c": "x"}, [[True]]]
    assert plain(value) == [{"a": [1, {"b": day}], "c": "x"}, [[True]]]


def test_a_node_inside_lists_and_maps_becomes_its_properties() -> None:
    node = Node(Graph(), "4:db:7", 7, ["Entity", "Enterprise"], {"id": "enterprise:x", "n": 1})
    assert plain([{"owner": node, "ids": ["a"]}]) == [
        {"owner": {"id": "enterprise:x", "n": 1}, "ids": ["a"]}
    ]
