"""Reading a root field's nested lists ahead, in one round trip (graph_api.schema.prefetch).

Every query here is asked twice on each store: as the service answers it, and with
reading ahead switched off (list by list through the DataLoaders). The answers must be
identical; on Neo4j the first must cost one store query per root field.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from graph_api.app import create_app
from graph_api.auth.roles import Role
from graph_api.config import Settings
from graph_api.store.base import GraphStore
from tests.auth_support import ADMIN_HEADERS, bearer
from tests.gql_client import gql

DEPARTMENT = """
query ($id: ID!) { department(id: $id) {
  id nameEn bureau { id nameEn }
  eventsAttended(first: 5) { totalCount edges { cursor link { date role } node { id date } } }
} }"""
ATTENDEES = """
query ($id: ID!) { event(id: $id) {
  id attendees(first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { node {
    id nameEn
    ... on Enterprise { offers(first: 3) { totalCount edges { node { id } } } }
    ... on Department { bureau { id } }
  } } }
} }"""
FRAGMENTS = """
query ($id: ID!) { bureau(id: $id) { ...Parts } }
fragment Parts on Bureau {
  id departments(first: 4) { edges { node { ...Events } } }
}
fragment Events on Department { eventsAttended(first: 2) { totalCount edges { node { id } } } }
"""
ALIASES = """
query ($id: ID!, $day: Date) { event(id: $id) {
  early: attendees(first: 3, asOf: $day) { totalCount edges { node { id } } }
  recorded: attendees(first: 3, evidence: [RECORDED]) { totalCount edges { node { id } } }
  hosts: attendees(role: HOST) { totalCount edges { link { role } node { id } } }
  organisers { edges { node { id } } }
} }"""
ROOT_LIST = """
{ departments(first: 6) { edges { node {
  id bureau { id } eventsAttended(first: 2) { totalCount edges { node { id } } }
} } } }"""
SKIPPED = """
query ($id: ID!) { department(id: $id) {
  id eventsAttended(first: 2) @skip(if: true) { totalCount }
  bureau @include(if: true) { id }
} }"""

# Without totalCount the lists are read uncounted (one item past the page); pageInfo
# must still be right at every page size, and a list asked both ways keeps its total.
UNCOUNTED = """
query ($id: ID!) { event(id: $id) {
  one: attendees(first: 1) { pageInfo { hasNextPage endCursor } edges { node { id } } }
  few: attendees(first: 3) { pageInfo { hasNextPage } edges { node { id
    ... on Enterprise { offers(first: 1) { pageInfo { hasNextPage } edges { node { id } } } }
  } } }
  all: attendees(first: 100) { pageInfo { hasNextPage } edges { node { id } } }
  organisers(first: 1) { pageInfo { hasNextPage } edges { node { id } } }
  counted: attendees(first: 3) { totalCount edges { node { id } } }
  ...Counted
} }
fragment Counted on Event { organisers(first: 1) { totalCount } }
"""

# The organisation chart: a bureau's departments and units, each unit's bureau through
# its department, on two days (HKO and FEHD moved to EEB on 1 July 2022).
CHART = """
query ($id: ID!, $day: Date) { bureau(id: $id) {
  now: departments(first: 3) { totalCount edges { link { source date } node {
    id bureau { id } units(first: 2) { edges { node { id } } }
  } } }
  then: departments(first: 10, asOf: $day) { totalCount edges { node {
    id bureau(asOf: $day) { id nameEn }
  } } }
  found: departments(nameContains: "food") { pageInfo { hasNextPage } edges { node { id } } }
} }"""

CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "organisation chart": (CHART, {"id": "bureau:eeb", "day": "2021-06-30"}),
    "department": (DEPARTMENT, {"id": "department:hko"}),
    "attendees, two levels": (ATTENDEES, {"id": "event:tf-19"}),
    "fragments": (FRAGMENTS, {"id": "bureau:itib"}),
    "aliases with views": (ALIASES, {"id": "event:tf-19", "day": "2020-01-01"}),
    "root list": (ROOT_LIST, {}),
    "skip and include": (SKIPPED, {"id": "department:dpo"}),
    "uncounted": (UNCOUNTED, {"id": "event:tf-19"}),
}


async def _without_reading_ahead(
    store: GraphStore, api: httpx.AsyncClient, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    store.reads_nested = False  # this instance only: list by list, as before
    try:
        return await gql(api, query, variables)
    finally:
        del store.reads_nested


@pytest.mark.parametrize("case", sorted(CASES))
async def test_reading_ahead_gives_the_same_answer(
    case: str, seeded_store: GraphStore, api: httpx.AsyncClient
) -> None:
    query, variables = CASES[case]
    answer = await gql(api, query, variables)
    assert "errors" not in answer, answer
    assert answer == await _without_reading_ahead(seeded_store, api, query, variables)


@pytest.mark.parametrize(
    "case",
    [
        "department",
        "attendees, two levels",
        "fragments",
        "aliases with views",
        "uncounted",
        "organisation chart",
    ],
)
async def test_one_entity_and_its_lists_cost_one_query_on_neo4j(
    case: str, seeded_neo4j: GraphStore
) -> None:
    query, variables = CASES[case]
    app = create_app(Settings(store="neo4j"), store=seeded_neo4j)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test", headers=ADMIN_HEADERS
    ) as http:
        before = dict(seeded_neo4j.counters.by_query)
        answer = await gql(http, query, variables)
        spent = {
            name: count - before.get(name, 0)
            for name, count in seeded_neo4j.counters.by_query.items()
            if count != before.get(name, 0)
        }
    assert "errors" not in answer, answer
    assert spent == {"nested_owners": 1}


async def test_a_root_list_reads_all_its_items_lists_in_one_more_query(
    seeded_neo4j: GraphStore,
) -> None:
    app = create_app(Settings(store="neo4j"), store=seeded_neo4j)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test", headers=ADMIN_HEADERS
    ) as http:
        before = dict(seeded_neo4j.counters.by_query)
        answer = await gql(http, ROOT_LIST)
    assert "errors" not in answer, answer
    spent = {k: v - before.get(k, 0) for k, v in seeded_neo4j.counters.by_query.items()}
    assert spent.get("nested_owners") == 1
    assert not spent.get("outgoing_links")
    assert not spent.get("incoming_links")


async def test_a_list_paged_with_a_cursor_is_still_right(
    seeded_store: GraphStore, api: httpx.AsyncClient
) -> None:
    first = await gql(api, DEPARTMENT, {"id": "department:hko"})
    cursor = first["data"]["department"]["eventsAttended"]["edges"][1]["cursor"]
    query = """query ($id: ID!, $after: String) { department(id: $id) {
      bureau { id } eventsAttended(first: 2, after: $after) { edges { node { id } } } } }"""
    variables = {"id": "department:hko", "after": cursor}
    answer = await gql(api, query, variables)
    assert "errors" not in answer, answer
    assert answer == await _without_reading_ahead(seeded_store, api, query, variables)
    later = [e["node"]["id"] for e in answer["data"]["department"]["eventsAttended"]["edges"]]
    earlier = [e["node"]["id"] for e in first["data"]["department"]["eventsAttended"]["edges"]]
    assert later == earlier[2:4]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        (
            '{ department(id: "department:dpo") { eventsAttended(first: -1) { totalCount } } }',
            "BAD_USER_INPUT",
        ),
        (
            '{ department(id: "department:dpo") { eventsAttended(first: 101) { totalCount } } }',
            "BAD_USER_INPUT",
        ),
        ('{ department(id: "department:nope") { bureau { id } } }', "NOT_FOUND"),
        ('{ department(id: "bureau:itib") { bureau { id } } }', "NOT_FOUND"),
    ],
)
async def test_refusals_are_the_same_as_before(
    query: str, code: str, seeded_store: GraphStore, api: httpx.AsyncClient
) -> None:
    answer = await gql(api, query)
    assert [error["extensions"]["code"] for error in answer["errors"]] == [code]
    assert answer == await _without_reading_ahead(seeded_store, api, query, {})


async def test_uncounted_lists_still_say_whether_more_follow(api: httpx.AsyncClient) -> None:
    answer = await gql(api, UNCOUNTED, {"id": "event:tf-19"})
    assert "errors" not in answer, answer
    event = answer["data"]["event"]
    total = event["counted"]["totalCount"]
    assert total > 3  # so that "one" and "few" stop early and "all" need not
    assert event["one"]["pageInfo"]["hasNextPage"] is True
    assert event["few"]["pageInfo"]["hasNextPage"] is True
    assert len(event["all"]["edges"]) == min(total, 100)
    assert event["all"]["pageInfo"]["hasNextPage"] is (total > 100)
    assert [edge["node"]["id"] for edge in event["few"]["edges"]] == [
        edge["node"]["id"] for edge in event["counted"]["edges"]
    ]
    # Asked both ways in one query (here through a fragment): the total is the real one.
    assert event["organisers"]["totalCount"] >= len(event["organisers"]["edges"])


PEOPLE = '{ event(id: "event:tf-19") { id people { totalCount } } }'


@pytest.mark.parametrize(("role", "reads_ahead"), [(Role.ADMIN, True), (Role.ANALYST, False)])
async def test_a_field_refused_to_the_caller_is_not_read_ahead(
    seeded_neo4j: GraphStore, role: Role, reads_ahead: bool
) -> None:
    # Persons are for administrators: for anyone else nothing of them is read at all.
    app = create_app(Settings(store="neo4j"), store=seeded_neo4j)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test", headers=bearer("r", role)
    ) as http:
        before = dict(seeded_neo4j.counters.by_query)
        answer = await gql(http, PEOPLE)
    spent = {k: v - before.get(k, 0) for k, v in seeded_neo4j.counters.by_query.items()}
    assert ("nested_owners" in {k for k, v in spent.items() if v}) is reads_ahead
    assert answer["data"]["event"]["id"] == "event:tf-19"
    codes = [error["extensions"]["code"] for error in answer.get("errors", [])]
    assert codes == ([] if reads_ahead else ["FORBIDDEN"])
