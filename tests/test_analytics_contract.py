"""Paths and meetings through GraphQL, on both stores, against answers worked out by hand
on the small fixture graph (tests/analytics_fixture.py; the reasoning behind each number
is in the unit tests of the pure functions, test_analytics_*.py). The partnership gaps,
matching and structure are in test_analytics_contract_gaps.py."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.gql_client import data as _data

pytestmark = pytest.mark.neo4j


PATHS = """
query ($from: ID!, $to: ID!, $via: [RelType!], $exclude: [ID!], $between: DateRange) {
  collaborationPaths(from: $from, to: $to, via: $via, exclude: $exclude, between: $between) {
    reason complete
    paths { hops explanation start { id }
            steps { direction entity { id } link { type date evidence confidence } } }
  }
}
"""


def _node_ids(result: dict[str, Any]) -> list[list[str]]:
    return [
        [path["start"]["id"]] + [step["entity"]["id"] for step in path["steps"]]
        for path in result["paths"]
    ]


async def test_collaboration_paths(fixture_api: httpx.AsyncClient) -> None:
    data = await _data(fixture_api, PATHS, **{"from": "department:d1", "to": "enterprise:e3"})
    result = data["collaborationPaths"]
    assert _node_ids(result) == [
        ["department:d1", "event:ev1", "partner:p1", "enterprise:e3"],
        ["department:d1", "bureau:b1", "department:d2", "event:ev2", "enterprise:e3"],
        ["department:d1", "bureau:b1", "department:d2", "technology:t-bc", "enterprise:e3"],
    ]
    assert (result["reason"], result["complete"]) == (None, True)
    first = result["paths"][0]
    assert first["hops"] == 3
    assert first["explanation"] == (
        "The Alpha Department attended the 1st Test Forum on 2024-03-01 (sample data); PARK "
        "organised the 1st Test Forum on 2024-03-01 (sample data); Gull Chain is incubated by "
        "PARK (sample data)."
    )
    assert [(s["direction"], s["link"]["type"]) for s in first["steps"]] == [
        ("OUT", "ATTENDED"),
        ("IN", "ORGANISED"),
        ("IN", "INCUBATED_BY"),
    ]


async def test_collaboration_paths_filters_and_no_path(fixture_api: httpx.AsyncClient) -> None:
    ends = {"from": "department:d1", "to": "enterprise:e3"}
    via = await _data(fixture_api, PATHS, **ends, via=["ATTENDED"])
    result = via["collaborationPaths"]
    assert _node_ids(result) == [
        ["department:d1", "event:ev1", "enterprise:e2", "event:ev2", "enterprise:e3"]
    ]
    # The evidence and confidence of each link travel with the step.
    assert result["paths"][0]["steps"][1]["link"] == {
        "type": "ATTENDED",
        "date": "2024-03-01",
        "evidence": "REPORTED",
        "confidence": 0.8,
    }
    recent = await _data(fixture_api, PATHS, **ends, between={"from": "2025-01-01"})
    assert [len(p) - 1 for p in _node_ids(recent["collaborationPaths"])] == [4, 4, 4]
    assert _node_ids(recent["collaborationPaths"])[2][1] == "technology:t-ai"
    avoid = await _data(fixture_api, PATHS, **ends, exclude=["bureau:b1"])
    assert [p[1] for p in _node_ids(avoid["collaborationPaths"])] == [
        "event:ev1",
        "event:ev1",
        "event:ev1",
    ]
    none = await _data(
        fixture_api, PATHS, **{"from": "department:d1", "to": "enterprise:e4"}, via=["ATTENDED"]
    )
    assert none["collaborationPaths"] == {
        "reason": "no connection within 4 hops using ATTENDED",
        "complete": True,
        "paths": [],
    }


WHO_MET = """
query ($party: ID!, $with: [NodeKind!], $role: AttendanceRole, $between: DateRange) {
  whoMet(party: $party, with: $with, role: $role, between: $between) {
    totalCount
    partners { party { id } meetingCount lastMet
               sharedEvents { event { id } date partyRole otherRole } }
  }
}
"""


async def test_who_met_and_meetings(fixture_api: httpx.AsyncClient) -> None:
    data = await _data(fixture_api, WHO_MET, party="enterprise:e2")
    assert data["whoMet"]["totalCount"] == 5
    assert [p["party"]["id"] for p in data["whoMet"]["partners"]] == [
        "department:d1",
        "department:d2",
        "department:d3",
        "enterprise:e1",
        "enterprise:e3",
    ]
    departments = await _data(fixture_api, WHO_MET, party="enterprise:e2", **{"with": "DEPARTMENT"})
    assert [p["party"]["id"] for p in departments["whoMet"]["partners"]] == [
        "department:d1",
        "department:d2",
        "department:d3",
    ]
    hosts = await _data(fixture_api, WHO_MET, party="enterprise:e2", role="HOST")
    assert hosts["whoMet"]["partners"] == [
        {
            "party": {"id": "department:d2"},
            "meetingCount": 1,
            "lastMet": "2025-06-01",
            "sharedEvents": [
                {
                    "event": {"id": "event:ev2"},
                    "date": "2025-06-01",
                    "partyRole": "ATTENDEE",
                    "otherRole": "HOST",
                }
            ],
        }
    ]
    recent = await _data(
        fixture_api, WHO_MET, party="enterprise:e2", between={"from": "2025-01-01"}
    )
    assert recent["whoMet"]["totalCount"] == 3

    query = """query ($a: ID!, $b: ID!) { meetings(a: $a, b: $b) {
        event { id } date partyRole otherRole otherLink { evidence confidence } } }"""
    met = await _data(fixture_api, query, a="department:d1", b="enterprise:e2")
    assert met["meetings"] == [
        {
            "event": {"id": "event:ev1"},
            "date": "2024-03-01",
            "partyRole": "ATTENDEE",
            "otherRole": "SPEAKER",
            "otherLink": {"evidence": "REPORTED", "confidence": 0.8},
        }
    ]
    never = await _data(fixture_api, query, a="department:d1", b="department:d2")
    assert never["meetings"] == []
