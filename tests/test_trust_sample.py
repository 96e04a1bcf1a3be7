"""``trust: {includeSample: false}`` leaves out every link marked as sample data, on both
stores and in every question: what remains is worked out here from the seed files (whose
enterprises, attendance, needs and offers are nearly all invented)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import httpx
import pytest

from graph_api.domain import LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.store.base import GraphStore
from tests.app_client import app_client
from tests.gql_client import data
from tests.oracle import seed

pytestmark = pytest.mark.neo4j

REAL = {"includeSample": False}


def _real_meetings(party: str) -> set[str]:
    """Parties that attended an event with ``party``, both attendances real."""
    attended: dict[str, set[str]] = defaultdict(set)
    for link in seed().links:
        if link.type is RelType.ATTENDED and not link.sample:
            attended[link.to_id].add(link.from_id)
    return {other for who in attended.values() if party in who for other in who} - {party}


@pytest.mark.parametrize("party", ["department:landsd", "department:dpo", "bureau:devb"])
async def test_who_met_counts_only_real_attendance(api: httpx.AsyncClient, party: str) -> None:
    query = """query ($party: ID!, $trust: TrustFilter) {
      whoMet(party: $party, trust: $trust, first: 100) { partners { party { id } } } }"""
    real = await data(api, query, party=party, trust=REAL)
    assert {p["party"]["id"] for p in real["whoMet"]["partners"]} == _real_meetings(party)
    every = await data(api, query, party=party, trust=None)
    shown = {p["party"]["id"] for p in every["whoMet"]["partners"]}
    assert shown >= _real_meetings(party)
    if party != "bureau:devb":  # whose only attendance is real
        assert len(shown) > len(_real_meetings(party))


async def test_paths_and_neighbourhoods_step_on_real_links_only(api: httpx.AsyncClient) -> None:
    query = """query ($trust: TrustFilter) {
      collaborationPaths(from: "department:landsd", to: "department:archsd", trust: $trust) {
        paths { steps { link { isSample } } } reason }
      neighbourhood(of: "department:archsd", hops: 2, trust: $trust) {
        links { link { isSample } } } }"""
    real = await data(api, query, trust=REAL)
    paths = real["collaborationPaths"]["paths"]
    assert paths  # they met at the Smart Lab's opening, a real record
    assert not any(step["link"]["isSample"] for p in paths for step in p["steps"])
    links = real["neighbourhood"]["links"]
    assert links
    assert not any(e["link"]["isSample"] for e in links)
    every = await data(api, query, trust=None)
    assert any(e["link"]["isSample"] for e in every["neighbourhood"]["links"])


async def test_gap_and_structure_questions_leave_sample_data_out(api: httpx.AsyncClient) -> None:
    query = """query ($trust: TrustFilter) {
      unmetNeeds(trust: $trust) { totalCount }
      inviteList(trust: $trust) { totalCount }
      brokers(trust: $trust, first: 100) { totalCount brokers { entity { id } } }
      changes(since: "2019-01-01", trust: $trust) { counts { newMeetings newNeeds } } }"""
    real: Any = await data(api, query, trust=REAL)
    every: Any = await data(api, query, trust=None)
    # Every recorded need is sample data, so no need is left to be unmet.
    assert real["unmetNeeds"]["totalCount"] == 0 < every["unmetNeeds"]["totalCount"]
    assert real["inviteList"]["totalCount"] == 0 < every["inviteList"]["totalCount"]
    assert real["changes"]["counts"]["newNeeds"] == 0
    # New meetings are an enterprise's with government; no enterprise's attendance is real.
    assert real["changes"]["counts"]["newMeetings"] == 0 < every["changes"]["counts"]["newMeetings"]
    # Brokers stand on real links: only an end of one can be a broker.
    brokers = {b["entity"]["id"] for b in real["brokers"]["brokers"]}
    real_links = [link for link in seed().links if not link.sample]
    assert brokers <= {link.from_id for link in real_links} | {link.to_id for link in real_links}
    assert real["brokers"]["totalCount"] < every["brokers"]["totalCount"]


async def test_inferred_meetings_come_from_real_attendance_only(api: httpx.AsyncClient) -> None:
    query = """query ($trust: TrustFilter) {
      whoMet(party: "department:landsd", trust: $trust, first: 100) {
        partners { party { id } } } }"""
    trust = {**REAL, "inferMeetings": True}
    found = await data(api, query, trust=trust)
    assert {p["party"]["id"] for p in found["whoMet"]["partners"]} == _real_meetings(
        "department:landsd"
    )


async def test_the_invite_list_ranks_real_offers_only(empty_store: GraphStore) -> None:
    """A real need and two offers to meet it, one of them sample data: without sample
    data only the real enterprise is put forward (the ranking itself, not an empty list
    of needs, leaves the other out)."""
    real, invented = "https://example.org/real", "https://example.org/test (invented)"
    nodes = [
        NodeRecord("department:dpo", NodeKind.DEPARTMENT, "Digital Policy Office", source=real),
        NodeRecord("technology:ai", NodeKind.TECHNOLOGY, "AI", source=real),
        NodeRecord("enterprise:ex-real", NodeKind.ENTERPRISE, "Real Co", source=real),
        NodeRecord(
            "enterprise:ex-made-up", NodeKind.ENTERPRISE, "Made Up Co", source=invented, sample=True
        ),
    ]
    links = [
        LinkRecord(RelType.NEEDS, "department:dpo", "technology:ai", source=real),
        LinkRecord(RelType.OFFERS, "enterprise:ex-real", "technology:ai", source=real),
        LinkRecord(
            RelType.OFFERS, "enterprise:ex-made-up", "technology:ai", source=invented, sample=True
        ),
    ]
    await empty_store.upsert(nodes, links)
    query = """query ($trust: TrustFilter) {
      inviteList(trust: $trust) { needCount invitees { enterprise { id } } } }"""
    async with app_client(empty_store) as client:
        only_real = (await data(client, query, trust=REAL))["inviteList"]
        every = (await data(client, query, trust=None))["inviteList"]
    assert only_real["needCount"] == every["needCount"] == 1
    assert [i["enterprise"]["id"] for i in only_real["invitees"]] == ["enterprise:ex-real"]
    assert {i["enterprise"]["id"] for i in every["invitees"]} == {
        "enterprise:ex-real",
        "enterprise:ex-made-up",
    }
