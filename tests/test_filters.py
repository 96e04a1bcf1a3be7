"""Every list filter, alone, negated and combined, on both stores against the oracle; the
filter compiler's limits; and the GraphQL filter inputs with their errors."""

from __future__ import annotations

import httpx
import pytest

from graph_api.domain import NodeKind
from graph_api.errors import GraphApiError
from graph_api.store.base import GraphStore, NodeQuery
from graph_api.store.cypher_library import CypherLibrary
from graph_api.store.filters import (
    MAX_DEPTH,
    MAX_PREDICATES,
    AllOf,
    AnyOf,
    Filter,
    Not,
    Predicate,
    compile_filter,
)
from tests import oracle
from tests.gql_client import error_codes, gql

P = Predicate.of
D, E, V, T, B, PB = (
    NodeKind.DEPARTMENT,
    NodeKind.ENTERPRISE,
    NodeKind.EVENT,
    NodeKind.TECHNOLOGY,
    NodeKind.BUREAU,
    NodeKind.PARTNER_BODY,
)

CASES: list[tuple[NodeKind, Filter]] = [
    (D, P("in_bureau", value=["bureau:devb", "bureau:eeb"])),
    (D, P("needs_technology", value=["technology:ai"])),
    (D, P("has_needs")),
    (D, P("has_piloted")),
    (D, P("attended_event", value=["event:tf-19"])),
    (D, P("attended_between", low="2024-01-01", high="9999-12-31")),
    (D, P("attended_any")),
    (V, P("is_sample", value=False)),
    (E, P("origin_in", value=["MAINLAND", "OVERSEAS"])),
    (E, P("size_in", value=["STARTUP"])),
    (E, P("offers_technology", value=["technology:computer-vision"])),
    (E, P("has_offers")),
    (E, P("tied_to_partner", value=["partner:hkstp"])),
    (E, P("was_piloted")),
    (V, P("dated_between", low="2019-01-01", high="2020-12-31")),
    (V, P("event_type_in", value=["WORKSHOP"])),
    (V, P("organised_by", value=["partner:cyberport"])),
    (V, P("attended_by", value=["department:archsd"])),
    (T, P("under_technology", value=["technology:ai"])),
    (T, P("has_supply")),
    (T, P("has_demand")),
    (B, P("supervised_by_in", value=["FS"])),
    (PB, P("has_incubatees")),
    (D, P("id_in", value=["department:bd", "department:dpo"])),
    (E, P("existed_on", value="2015-06-30")),  # founded by then (sample founding years)
    (D, P("existed_on", value="2023-12-31")),  # the DPO was established in 2024
    (D, P("existed_on", value="2025-06-30")),  # OGCIO and the Efficiency Office were gone
    (D, P("name_contains", value="office")),
]
COMBINED: list[tuple[NodeKind, Filter]] = [
    (D, AllOf((P("has_needs"), Not(P("attended_any"))))),
    (D, AnyOf((P("in_bureau", value=["bureau:devb"]), P("in_bureau", value=["bureau:sb"])))),
    (
        E,
        AllOf(
            (
                P("origin_in", value=["MAINLAND"]),
                Not(P("attended_event", value=["event:tf-19"])),
                AnyOf((P("offers_technology", value=["technology:ai"]), P("was_piloted"))),
            )
        ),
    ),
    (T, AllOf((P("has_demand"), Not(P("has_supply"))))),
    (D, Not(AnyOf(()))),
]


def _expected(kind: NodeKind, tree: Filter) -> list[str]:
    order = oracle.ordered(kind, NodeQuery(kind).sort, False)
    nodes = {node.id: node for node in oracle.nodes_of(kind)}
    return [node_id for node_id in order if oracle.holds(nodes[node_id], tree)]


@pytest.mark.neo4j
@pytest.mark.parametrize(("kind", "tree"), CASES + COMBINED, ids=repr)
async def test_filter_matches_the_oracle(
    seeded_store: GraphStore, kind: NodeKind, tree: Filter
) -> None:
    expected = _expected(kind, tree)
    page = await seeded_store.list_nodes(NodeQuery(kind, 0, 1000, filter=tree))
    assert [node.id for node in page.nodes] == expected
    assert page.total == len(expected)
    negated = await seeded_store.list_nodes(NodeQuery(kind, 0, 1000, filter=Not(tree)))
    assert negated.total == len(oracle.nodes_of(kind)) - len(expected)


def test_the_cases_are_not_trivial() -> None:
    # Each single predicate must select some but not all nodes, or its test proves little.
    # Every sample enterprise offers something, so has_offers selects all of them; the
    # negated half of test_filter_matches_the_oracle (expects none) still checks it.
    for kind, tree in CASES:
        if isinstance(tree, Predicate) and tree.name == "has_offers":
            continue
        selected = len(_expected(kind, tree))
        assert 0 < selected < len(oracle.nodes_of(kind)), tree


def test_every_fragment_has_an_oracle_and_a_case() -> None:
    names = set(CypherLibrary("embedded").fragment_names())
    assert names == set(CypherLibrary("neo4j").fragment_names())
    assert names == set(oracle._PREDICATES)
    assert names == {tree.name for _, tree in CASES if isinstance(tree, Predicate)}


def test_user_values_never_become_cypher_text() -> None:
    hostile = "x'}) DETACH DELETE n //"
    text, params = compile_filter(P("id_in", value=[hostile]), CypherLibrary("neo4j").fragment)
    assert hostile not in text
    assert params == {"f0_value": [hostile]}


def test_filters_have_bounded_size_and_depth() -> None:
    fragment = CypherLibrary("neo4j").fragment
    wide = AllOf(tuple(P("has_needs") for _ in range(MAX_PREDICATES + 1)))
    with pytest.raises(GraphApiError, match="at most"):
        compile_filter(wide, fragment)
    deep: Filter = P("has_needs")
    for _ in range(MAX_DEPTH + 1):
        deep = Not(deep)
    with pytest.raises(GraphApiError, match="nest at most"):
        compile_filter(deep, fragment)


@pytest.mark.neo4j
async def test_graphql_filter_combines_fields_and_nesting(api: httpx.AsyncClient) -> None:
    query = """{ enterprises(first: 100, filter: {origin: [MAINLAND],
                   not: {attendedEvent: ["event:tf-19"]},
                   or: [{offersTechnology: ["technology:ai"]}, {wasPiloted: true}]}) {
                   totalCount edges { node { id } } } }"""
    body = await gql(api, query)
    expected = _expected(E, COMBINED[2][1])
    assert [e["node"]["id"] for e in body["data"]["enterprises"]["edges"]] == expected


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ('{ departments(filter: {bureau: ["bureau:nope"]}) { totalCount } }', "bureau:nope"),
        ("{ departments(filter: {bureau: []}) { totalCount } }", "empty"),
        (
            '{ events(filter: {date: {from: "2024-02-01", to: "2024-01-01"}}) { totalCount } }',
            "after",
        ),
    ],
)
async def test_bad_filter_values_are_bad_user_input(
    api: httpx.AsyncClient, query: str, fragment: str
) -> None:
    body = await gql(api, query)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert fragment in body["errors"][0]["message"]


@pytest.mark.neo4j
async def test_unknown_enum_values_are_validation_errors(api: httpx.AsyncClient) -> None:
    body = await gql(api, "{ enterprises(filter: {origin: [MARS]}) { totalCount } }")
    assert error_codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "MARS" in body["errors"][0]["message"]


async def test_a_list_filters_by_name_as_search_reads_it(api: httpx.AsyncClient) -> None:
    query = """query ($text: String!) {
      departments(first: 100, filter: {nameContains: $text}) { totalCount edges { node { id } } }
      enterprises(first: 100, filter: {nameContains: "ltd", attendedEvent: ["event:tf-19"]}) {
        totalCount edges { node { id nameEn } } } }"""
    traditional = await gql(api, query, {"text": "辦公室"})
    simplified = await gql(api, query, {"text": "办公 室"})
    assert "errors" not in traditional, traditional
    assert traditional == simplified  # 办公室 is read as 辦公室, spacing ignored
    offices = {e["node"]["id"] for e in traditional["data"]["departments"]["edges"]}
    expected = {n.id for n in oracle.seed().nodes if "辦公室" in n.search_text}
    assert offices == {i for i in expected if i.startswith("department:")}
    assert "department:dpo" in offices
    # Exhibitors at the 19th forum whose name holds "ltd": a page a front end can ask for.
    firms = traditional["data"]["enterprises"]["edges"]
    assert firms
    assert all("ltd" in e["node"]["nameEn"].lower() for e in firms)
