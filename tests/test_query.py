"""The root Query over HTTP (in-process) on both stores: lookups, lists, pages, errors."""

from __future__ import annotations

import httpx
import pytest

from graph_api.domain import NodeKind
from graph_api.store.base import GraphStore, SortField
from tests import oracle
from tests.app_client import app_client
from tests.gql_client import data, error_codes, gql

pytestmark = pytest.mark.neo4j

DEPARTMENT = """
query ($id: ID!) {
  department(id: $id) {
    id kind nameEn nameZh abbreviation aliases isSample source
    bureau { id nameEn nameZh }
  }
}
"""


async def test_department_by_id_with_its_bureau(api: httpx.AsyncClient) -> None:
    body = await gql(api, DEPARTMENT, {"id": "department:bd"})
    assert "errors" not in body
    department = body["data"]["department"]
    assert department["nameEn"] == "Buildings Department"
    assert department["nameZh"] == "屋宇署"
    assert department["kind"] == "DEPARTMENT"
    assert department["isSample"] is False
    assert department["source"].startswith("http")
    assert department["bureau"]["id"] == "bureau:devb"


async def test_node_interface_resolves_every_kind(api: httpx.AsyncClient) -> None:
    query = "query ($id: ID!) { node(id: $id) { __typename id ... on Entity { nameEn } } }"
    for node_id, typename in [
        ("bureau:itib", "Bureau"),
        ("department:dpo", "Department"),
        ("partner:hkstp", "PartnerBody"),
        ("technology:ai", "Technology"),
        ("event:tf-19", "Event"),
        ("enterprise:s-0001", "Enterprise"),
    ]:
        body = await gql(api, query, {"id": node_id})
        assert body["data"]["node"]["__typename"] == typename, body


@pytest.mark.parametrize(
    "node_id", ["department:no-such-thing", "nonsense", "", "event:tf-19' OR 1=1 //"]
)
async def test_unknown_ids_give_not_found(api: httpx.AsyncClient, node_id: str) -> None:
    body = await gql(api, DEPARTMENT, {"id": node_id})
    assert body["data"] is None
    assert error_codes(body) == ["NOT_FOUND"]
    assert "search(text" in body["errors"][0]["message"]


async def test_an_id_of_another_kind_is_not_found(api: httpx.AsyncClient) -> None:
    body = await gql(api, DEPARTMENT, {"id": "event:tf-19"})
    assert error_codes(body) == ["NOT_FOUND"]
    assert body["errors"][0]["message"].startswith(
        "No Department has id 'event:tf-19': that id is of kind Event. "
        "Ask for it with event(id: ...)"
    )


async def test_nodes_keeps_order_and_nulls(api: httpx.AsyncClient) -> None:
    query = '{ nodes(ids: ["event:tf-1", "department:zzz", "bureau:edb"]) { id } }'
    body = await gql(api, query)
    assert body["data"]["nodes"] == [{"id": "event:tf-1"}, None, {"id": "bureau:edb"}]


async def test_nodes_takes_at_most_a_hundred_ids(seeded_store: GraphStore) -> None:
    query = "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }"
    ids = ["bureau:edb"] * 101
    # Past the general list limit of 100 (refused before anything runs) ...
    async with app_client(seeded_store) as client:
        [error] = (await gql(client, query, {"ids": ids}))["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "holds 101 items" in error["message"]
    # ... and past nodes' own, when lists may be longer.
    async with app_client(seeded_store, max_list_items=500) as client:
        [error] = (await gql(client, query, {"ids": ids}))["errors"]
        fits = await gql(client, query, {"ids": ids[:100]})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "Ask for at most 100 ids at once; 101 were given" in error["message"]
    assert len(fits["data"]["nodes"]) == 100


LIST = """
query ($first: Int, $after: String, $last: Int, $before: String, $field: SortField!,
       $direction: SortDirection!) {
  departments(first: $first, after: $after, last: $last, before: $before,
              orderBy: {field: $field, direction: $direction}) {
    totalCount
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


@pytest.mark.parametrize("field", ["NAME_EN", "DEGREE", "MEETINGS"])
async def test_paging_forwards_then_backwards_through_a_whole_list(
    api: httpx.AsyncClient, field: str
) -> None:
    expected = oracle.ordered(NodeKind.DEPARTMENT, SortField(field), False)
    variables = {"field": field, "direction": "ASC", "first": 9}
    forwards: list[str] = []
    while True:
        body = await gql(api, LIST, variables)
        connection = body["data"]["departments"]
        assert connection["totalCount"] == len(expected)
        forwards += [edge["node"]["id"] for edge in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            break
        variables["after"] = connection["pageInfo"]["endCursor"]
    assert forwards == expected

    variables = {"field": field, "direction": "ASC", "last": 9}
    backwards: list[str] = []
    while True:
        body = await gql(api, LIST, variables)
        connection = body["data"]["departments"]
        backwards[:0] = [edge["node"]["id"] for edge in connection["edges"]]
        if not connection["pageInfo"]["hasPreviousPage"]:
            break
        variables["before"] = connection["pageInfo"]["startCursor"]
    assert backwards == expected


UNCOUNTED_LIST = """
query ($first: Int, $after: String) {
  departments(first: $first, after: $after) {
    edges { node { id } } pageInfo { hasNextPage endCursor }
  }
}
"""


@pytest.mark.parametrize("first", [0, 1, 9, 100])
async def test_a_list_without_its_total_still_pages_through_every_item(
    api: httpx.AsyncClient, first: int
) -> None:
    # Without totalCount the list is not counted: the store reads one item past the
    # page to know whether more follow. Every page size must walk the whole list.
    expected = oracle.ordered(NodeKind.DEPARTMENT, SortField.NAME_EN, False)
    variables: dict[str, object] = {"first": first}
    seen: list[str] = []
    for _ in range(len(expected) + 2):
        connection = (await data(api, UNCOUNTED_LIST, **variables))["departments"]
        seen += [edge["node"]["id"] for edge in connection["edges"]]
        if first == 0:
            assert connection["edges"] == []
            # More follow an empty page, and it holds no cursor to continue from.
            assert connection["pageInfo"]["hasNextPage"] is True
            return
        if not connection["pageInfo"]["hasNextPage"]:
            break
        variables["after"] = connection["pageInfo"]["endCursor"]
    assert seen == expected


async def test_a_page_of_none_still_counts_the_list(api: httpx.AsyncClient) -> None:
    answer = await data(api, "{ departments(first: 0) { totalCount edges { cursor } } }")
    expected = oracle.ordered(NodeKind.DEPARTMENT, SortField.NAME_EN, False)
    assert answer["departments"] == {"totalCount": len(expected), "edges": []}


@pytest.mark.parametrize(
    ("variables", "fragment"),
    [
        ({"first": 101}, "between 0 and 100"),
        ({"first": -1}, "between 0 and 100"),
        ({"first": 1, "last": 1}, "not both"),
        ({"after": "not-a-cursor"}, "Malformed cursor"),
    ],
)
async def test_bad_page_arguments_are_bad_user_input(
    api: httpx.AsyncClient, variables: dict[str, object], fragment: str
) -> None:
    body = await gql(api, LIST, {"field": "NAME_EN", "direction": "ASC", **variables})
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert fragment in body["errors"][0]["message"]


async def test_a_cursor_from_another_order_is_refused(api: httpx.AsyncClient) -> None:
    body = await gql(api, LIST, {"field": "NAME_EN", "direction": "ASC", "first": 2})
    cursor = body["data"]["departments"]["pageInfo"]["endCursor"]
    body = await gql(api, LIST, {"field": "DEGREE", "direction": "ASC", "after": cursor})
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "another list" in body["errors"][0]["message"]


async def test_event_attendees_by_role(api: httpx.AsyncClient) -> None:
    query = """
    { event(id: "event:tf-19") {
        number venue theme
        exhibitors: attendees(role: EXHIBITOR, first: 100) {
          totalCount edges { link { role isSample } node { ... on Enterprise { origin } } }
        }
        all: attendees(first: 0) { totalCount }
    } }
    """
    body = await gql(api, query)
    event = body["data"]["event"]
    assert event["number"] == 19
    exhibitors = event["exhibitors"]
    assert exhibitors["totalCount"] == 12
    assert {edge["node"]["origin"] for edge in exhibitors["edges"]} == {"MAINLAND"}
    assert all(edge["link"]["isSample"] for edge in exhibitors["edges"])
    assert event["all"]["totalCount"] >= 52


async def test_syntax_and_validation_errors_have_codes(api: httpx.AsyncClient) -> None:
    assert error_codes(await gql(api, "{ department(id: ")) == ["GRAPHQL_PARSE_FAILED"]
    assert error_codes(await gql(api, "{ department { id } }")) == ["GRAPHQL_VALIDATION_FAILED"]
    assert error_codes(await gql(api, "{ nope }")) == ["GRAPHQL_VALIDATION_FAILED"]


async def test_store_status_names_the_backend(
    api: httpx.AsyncClient, seeded_store: GraphStore
) -> None:
    body = await gql(api, "{ storeStatus { backend version nodeCount linkCount } }")
    status = body["data"]["storeStatus"]
    assert status["backend"] == seeded_store.backend
    assert status["nodeCount"] == len(oracle.seed().nodes)
    assert status["linkCount"] == len(oracle.seed().links)
    if status["backend"] == "neo4j":
        assert status["version"].startswith("5.26")


@pytest.mark.parametrize(
    ("query", "path"),
    [
        ("{ departments(first: 0) { totalCount edges { cursor } } }", "departments"),
        (
            '{ departments(first: 0, filter: {bureau: "bureau:itib"}) { totalCount } }',
            "departments",
        ),
        ('{ search(text: "office", first: 0) { totalCount } }', "search"),
    ],
)
async def test_a_page_of_none_still_reports_the_true_total(
    api: httpx.AsyncClient, query: str, path: str
) -> None:
    empty = (await data(api, query))[path]
    full = (await data(api, query.replace("first: 0", "first: 100")))[path]
    assert empty["totalCount"] == full["totalCount"] > 0
    assert empty.get("edges", []) == []
