"""The analytics queries on the seed data, on both stores: facts checked in plain Python
from the seed files (tests/oracle.py), and the bounded number of store round-trips."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import httpx
import pytest

from graph_api.analytics.filters import EVERY_LINK
from graph_api.analytics.projection import build_projection
from graph_api.analytics.projection_cache import forget_projection
from graph_api.analytics.structure import brokers, communities
from graph_api.analytics.structure_worker import forget_structure
from graph_api.domain import RelType
from graph_api.store.base import GraphStore
from tests import oracle
from tests.gql_client import gql

pytestmark = pytest.mark.neo4j


async def _data(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    body = await gql(client, query, variables)
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


def _attendance() -> dict[str, set[str]]:
    """Party -> events attended, from the seed files."""
    found: dict[str, set[str]] = defaultdict(set)
    for link in oracle.seed().links:
        if link.type is RelType.ATTENDED:
            found[link.from_id].add(link.to_id)
    return found


async def test_every_tf19_exhibitor_met_the_dpo(api: httpx.AsyncClient) -> None:
    exhibitors = {
        link.from_id
        for link in oracle.seed().links
        if link.type is RelType.ATTENDED
        and link.to_id == "event:tf-19"
        and link.properties.get("role") == "EXHIBITOR"
    }
    query = """{ whoMet(party: "department:dpo", with: ENTERPRISE, events: ["event:tf-19"],
                         role: EXHIBITOR, first: 100) {
        totalCount partners { party { id } sharedEvents { partyRole otherRole } } } }"""
    data = await _data(api, query)
    assert data["whoMet"]["totalCount"] == len(exhibitors) == 12
    assert {p["party"]["id"] for p in data["whoMet"]["partners"]} == exhibitors
    assert {
        (e["partyRole"], e["otherRole"])
        for p in data["whoMet"]["partners"]
        for e in p["sharedEvents"]
    } == {("SPEAKER", "EXHIBITOR")}


async def test_meetings_match_the_seed(api: httpx.AsyncClient) -> None:
    attended = _attendance()
    shared = attended["department:landsd"] & attended["enterprise:s-0046"]
    query = """{ meetings(a: "department:landsd", b: "enterprise:s-0046") { event { id } } }"""
    data = await _data(api, query)
    assert {m["event"]["id"] for m in data["meetings"]} == shared
    assert len(shared) == 5


async def test_technologies_needed_but_offered_by_nobody_come_first(
    api: httpx.AsyncClient,
) -> None:
    query = """{ technologyCoverage(first: 100) { totalCount
        technologies { technology { id } status supplyCount demandCount } } }"""
    data = await _data(api, query)
    rows = data["technologyCoverage"]["technologies"]
    assert data["technologyCoverage"]["totalCount"] == 38
    no_supply = {
        "technology:5g",
        "technology:data-governance",
        "technology:digital-identity",
        "technology:industrial-robotics",
    }
    assert {row["technology"]["id"] for row in rows[:4]} == no_supply
    assert all(row["status"] == "NO_SUPPLY" and row["supplyCount"] == 0 for row in rows[:4])
    assert all(row["status"] != "NO_SUPPLY" for row in rows[4:])


def _suppliers(technology: str) -> set[str]:
    """Enterprises offering ``technology`` or a narrower one, from the seed files."""
    children: dict[str, set[str]] = defaultdict(set)
    offers: dict[str, set[str]] = defaultdict(set)
    for link in oracle.seed().links:
        if link.type is RelType.PART_OF and link.from_id.startswith("technology:"):
            children[link.to_id].add(link.from_id)
        if link.type is RelType.OFFERS:
            offers[link.to_id].add(link.from_id)
    pending, found = [technology], set()
    while pending:
        current = pending.pop()
        found |= offers[current]
        pending.extend(children[current])
    return found


async def test_unmet_needs_really_are_unmet(api: httpx.AsyncClient) -> None:
    query = """{ unmetNeeds(first: 100, candidates: 1) { totalCount
        needs { department { id } technology { id } supplierCount
                candidates { match { enterprise { id } } introduction { hops } } } } }"""
    data = await _data(api, query)
    attended = _attendance()
    piloted = {
        (link.from_id, link.to_id) for link in oracle.seed().links if link.type is RelType.PILOTED
    }
    needs = data["unmetNeeds"]["needs"]
    assert data["unmetNeeds"]["totalCount"] == len(needs) > 0
    for need in needs:
        department, technology = need["department"]["id"], need["technology"]["id"]
        suppliers = _suppliers(technology)
        assert need["supplierCount"] == len(suppliers)
        for enterprise in suppliers:
            assert not attended[department] & attended[enterprise]
            assert (department, enterprise) not in piloted
        for candidate in need["candidates"]:
            assert candidate["match"]["enterprise"]["id"] in suppliers
    # Needs an introduction could fix (some supplier exists) come first.
    counts = [need["supplierCount"] > 0 for need in needs]
    assert counts == sorted(counts, reverse=True)


async def test_recommendations_add_up_and_repeat(api: httpx.AsyncClient) -> None:
    query = """{ recommendMatches(department: "department:cedd", first: 100) {
        totalCount matches { enterprise { id } score reasons { points } } } }"""
    first = await _data(api, query)
    matches = first["recommendMatches"]["matches"]
    assert matches
    for match in matches:
        assert match["score"] == sum(reason["points"] for reason in match["reasons"])
    keys = [(-m["score"], m["enterprise"]["id"]) for m in matches]
    assert keys == sorted(keys)
    assert await _data(api, query) == first


async def test_paths_on_the_seed_follow_real_links(api: httpx.AsyncClient) -> None:
    query = """{ collaborationPaths(from: "department:bd", to: "partner:hkstp", k: 5) {
        paths { hops explanation start { id } steps { entity { id } direction link { type } } }
    } }"""
    data = await _data(api, query)
    paths = data["collaborationPaths"]["paths"]
    assert len(paths) == 5
    assert [p["hops"] for p in paths] == sorted(p["hops"] for p in paths)
    links = {(link.type.value, link.from_id, link.to_id) for link in oracle.seed().links}
    for path in paths:
        previous = path["start"]["id"]
        for step in path["steps"]:
            here = step["entity"]["id"]
            ends = (previous, here) if step["direction"] == "OUT" else (here, previous)
            assert (step["link"]["type"], *ends) in links
            previous = here
        assert path["explanation"].startswith("The Buildings Department")


async def test_structure_is_the_same_on_both_stores(api: httpx.AsyncClient) -> None:
    query = """{ brokers(first: 10) { brokers { entity { id } betweenness } }
        communities(first: 100) { totalCount communities { members { id } } } }"""
    data = await _data(api, query)
    projection = build_projection(oracle.seed().nodes, oracle.seed().links)
    assert [(b["entity"]["id"], b["betweenness"]) for b in data["brokers"]["brokers"]] == [
        (b.node_id, b.betweenness) for b in brokers(projection, EVERY_LINK)[:10]
    ]
    assert data["brokers"]["brokers"][0]["entity"]["id"] == "partner:hkstp"
    found = communities(projection, EVERY_LINK)
    assert data["communities"]["totalCount"] == len(found)
    assert [[m["id"] for m in c["members"]] for c in data["communities"]["communities"]] == [
        list(c.member_ids) for c in found
    ]


async def test_communities_come_largest_first_by_the_size_they_report(
    api: httpx.AsyncClient,
) -> None:
    query = "{ communities(first: 100) { communities { size members { id } } } }"
    found = (await _data(api, query))["communities"]["communities"]
    sizes = [community["size"] for community in found]
    assert len(sizes) > 3
    assert sizes == sorted(sizes, reverse=True)
    assert all(c["size"] == len(c["members"]) for c in found)


SEVERAL = """{
  brokers { totalCount }
  communities { totalCount }
}"""


async def test_the_whole_graph_questions_cost_a_few_round_trips_then_none(
    api: httpx.AsyncClient, seeded_store: GraphStore
) -> None:
    forget_structure(seeded_store)
    before = seeded_store.counters.round_trips
    await _data(api, SEVERAL)
    # How many links (to know the graph is small enough to read now), the counts of
    # entities and links the graph is read at (what the worker later compares to see
    # whether to read it again), then two pages (100 entities, then up to 200 more:
    # structure_graph.next_page_size); on a store other processes write to, where the
    # change trail ends too (its write mark).
    expected = 6 if seeded_store.shared_between_processes else 5
    assert seeded_store.counters.round_trips - before == expected
    again = seeded_store.counters.round_trips
    await _data(api, SEVERAL)
    assert seeded_store.counters.round_trips == again


STORE_ANSWERED = {
    "collaborationPaths": """{ collaborationPaths(from: "department:bd", to: "partner:hkstp",
        k: 3) { paths { hops } } }""",
    "whoMet": """{ whoMet(party: "department:dpo", with: ENTERPRISE, first: 5) {
        totalCount partners { party { id } sharedEvents { event { id } } } } }""",
    "meetings": """{ meetings(a: "department:landsd", b: "enterprise:s-0046") {
        event { id } } }""",
    "unmetNeeds": """{ unmetNeeds(first: 5) { totalCount needs { technology { id }
        candidates { match { enterprise { id } } introduction { hops } } } } }""",
    "technologyCoverage": """{ technologyCoverage { totalCount technologies {
        supplyCount suppliers { id } contactEvents { id } } } }""",
    "unreachedDepartments": """{ unreachedDepartments { departments { department { id } }
        bureaux { bureau { id } } } }""",
    "partnerBodyCoverage": """{ partnerBodyCoverage { enterpriseCount
        enterprisesNeverMet { id } bureauxReached { bureau { id } } } }""",
    "recommendMatches": """{ recommendMatches(department: "department:cedd") { totalCount
        matches { enterprise { id } reasons { detail } } } }""",
    "changes": """{ changes(since: "2024-01-01") { counts { newMeetings gapsClosed }
        newMeetings { party { id } } gapsClosed { closedBy { id } }
        byBureau { subject { id } } } }""",
}
# The reads a gap or matching question may send (store/gap_reads.py).
_GAP_READS = {
    "nodes_by_id",
    "needs_in_view",
    "technology_tree",
    "supplier_counts",
    "supplier_counts_open",
    "suppliers_of",
    "suppliers_of_open",
    "needs_met",
    "needs_met_open",
    "department_events",
    "event_offers",
    "department_pilot_offers",
    "partner_bodies_with_members",
    "department_attendance",
    "org_chart",
    "entities_in_view",
    "government_met_enterprise",
    "partner_members",
    "partner_members_open",
    "government_contacts",
    "met_among",
    "met_among_open",
    "department_channels",
    "next_hop",
    "next_hop_open",
    "hop_touching",
    "hop_neighbours",
}
# Lookups of the entities named and answered, and one query per level a path search
# widens: never an export of the whole graph, however large it is.
ALLOWED_QUERIES = {
    # Meetings come with how many attended their events (event_parties): one read.
    "collaborationPaths": {
        "nodes_by_id",
        "path_links",
        "path_links_open",
        "node_degrees",
        "links_by_key",
        "event_parties",
    },
    "whoMet": {
        "nodes_by_id",
        "who_met_partners",
        "who_met_partners_open",
        "shared_attendances",
        "event_parties",
    },
    "meetings": {"nodes_by_id", "shared_attendances", "event_parties"},
    # Candidates come with an introduction path: a path search's reads too.
    "unmetNeeds": _GAP_READS
    | {
        "path_links",
        "path_links_open",
        "node_degrees",
        "links_by_key",
        "event_parties",
    },
    "technologyCoverage": _GAP_READS,
    "unreachedDepartments": _GAP_READS,
    "partnerBodyCoverage": _GAP_READS,
    "recommendMatches": _GAP_READS,
    # The digest compares two days: the gap reads on each, and what began to count.
    "changes": _GAP_READS
    | {
        "digest_changed_events",
        "digest_earlier_events",
        "digest_new_offers",
        "digest_new_parties",
        "digest_first_attendances",
    },
}
# Round-trips a question may cost on the seed data: a bounded number per question (and
# per level of a search), never one per entity in the graph.
# unmetNeeds(first: 5) ranks candidates for up to 5 departments and searches a path to
# each of up to 15 candidates (a few round-trips per level, per kind on the embedded store).
# The digest reads the gaps on two days, plus three reads per gap it closed (its closers).
MAX_ROUND_TRIPS = {"unmetNeeds": 320, "recommendMatches": 30, "changes": 40}


@pytest.mark.parametrize("field", sorted(STORE_ANSWERED))
async def test_store_answered_questions_never_read_the_whole_graph(
    api: httpx.AsyncClient, seeded_store: GraphStore, field: str
) -> None:
    # Right after a write (here one that changes nothing) and with no projection built:
    # the worst moment for a question that needed a copy of the whole graph.
    unchanged = (await seeded_store.get_nodes(["department:bd"]))["department:bd"]
    generation = seeded_store.counters.generation
    await seeded_store.upsert([unchanged], [])
    assert seeded_store.counters.generation > generation
    forget_projection(seeded_store)
    before = dict(seeded_store.counters.by_query)
    data = await _data(api, STORE_ANSWERED[field])
    assert data[field]
    sent = {
        name: count - before.get(name, 0)
        for name, count in seeded_store.counters.by_query.items()
        if count != before.get(name, 0)
    }
    # A kept (paged) answer on Neo4j is checked against the end of the change trail.
    assert set(sent) - {"latest_change"} <= ALLOWED_QUERIES[field]
    assert sum(sent.values()) <= MAX_ROUND_TRIPS.get(field, 20), sent


async def test_whole_graph_measures_say_when_the_graph_was_read(api: httpx.AsyncClient) -> None:
    started = dt.datetime.now(dt.UTC)
    data = await _data(
        api, "{ brokers(first: 1) { computedAt } communities(first: 1) { computedAt } }"
    )
    for field in ("brokers", "communities"):
        computed = dt.datetime.fromisoformat(data[field]["computedAt"])
        assert computed.tzinfo is not None
        # Read from the store within the last minutes, never in the future.
        assert started - dt.timedelta(minutes=30) <= computed <= dt.datetime.now(dt.UTC)
