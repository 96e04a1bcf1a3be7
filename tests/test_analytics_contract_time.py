"""As-of dates, trust filters, inferred meetings and the change digest through GraphQL, on
both stores, against the hand-worked answers of tests/test_analytics_lens.py (the same
fixture graph, tests/analytics_fixture.py)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from graph_api.domain import NodeKind, NodeRecord
from graph_api.store.base import GraphStore
from tests.app_client import app_client
from tests.gql_client import data as _data
from tests.gql_client import error as _error

pytestmark = pytest.mark.neo4j


WHO_MET = """
query ($party: ID!, $asOf: Date, $trust: TrustFilter) {
  whoMet(party: $party, asOf: $asOf, trust: $trust) { partners { party { id } } }
}
"""


async def _partners(client: httpx.AsyncClient, party: str, **variables: Any) -> list[str]:
    data = await _data(client, WHO_MET, party=party, **variables)
    return [p["party"]["id"] for p in data["whoMet"]["partners"]]


async def test_who_met_as_of_a_day(fixture_api: httpx.AsyncClient) -> None:
    assert await _partners(fixture_api, "department:d2") == [
        "department:d3",
        "enterprise:e2",
        "enterprise:e3",
    ]
    assert await _partners(fixture_api, "department:d2", asOf="2024-12-31") == []
    assert await _partners(fixture_api, "department:d1", asOf="2024-03-01") == [
        "enterprise:e1",
        "enterprise:e2",
    ]
    assert await _partners(fixture_api, "department:d1", asOf="2024-02-29") == []


async def test_trust_filters(fixture_api: httpx.AsyncClient) -> None:
    recorded = {"evidence": ["RECORDED"]}
    assert await _partners(fixture_api, "department:d1", trust=recorded) == ["enterprise:e1"]
    confident = {"minConfidence": 0.9}
    assert await _partners(fixture_api, "department:d1", trust=confident) == ["enterprise:e1"]


UNMET = """
query ($asOf: Date) {
  unmetNeeds(asOf: $asOf) { needs { department { id } technology { id } } }
}
"""


async def test_unmet_needs_as_of_a_day(fixture_api: httpx.AsyncClient) -> None:
    async def unmet(as_of: str | None) -> set[tuple[str, str]]:
        data = await _data(fixture_api, UNMET, asOf=as_of)
        return {(n["department"]["id"], n["technology"]["id"]) for n in data["unmetNeeds"]["needs"]}

    ledger = ("department:d2", "technology:t-bc")
    assert ledger not in await unmet(None)  # e3 met d2 at the 2025 workshop
    assert ledger in await unmet("2024-12-31")


PATHS = """
query ($from: ID!, $to: ID!, $trust: TrustFilter) {
  collaborationPaths(from: $from, to: $to, k: 2, trust: $trust) {
    paths { hops inferredLinks explanation steps { link { type evidence confidence source } } }
  }
}
"""


async def test_paths_with_inferred_meetings_say_so(fixture_api: httpx.AsyncClient) -> None:
    ends = {"from": "department:d3", "to": "enterprise:e3"}
    stored = await _data(fixture_api, PATHS, **ends)
    assert [p["inferredLinks"] for p in stored["collaborationPaths"]["paths"]] == [0, 0]
    data = await _data(fixture_api, PATHS, **ends, trust={"inferMeetings": True})
    first, second = data["collaborationPaths"]["paths"]
    assert (first["hops"], first["inferredLinks"]) == (1, 1)
    link = first["steps"][0]["link"]
    assert (link["type"], link["evidence"], link["confidence"]) == ("MET", "INFERRED", 0.5)
    assert "event:ev2" in link["source"]
    assert "inferred" in first["explanation"]
    assert (second["hops"], second["inferredLinks"]) == (2, 0)


MATCHES = """
query ($trust: TrustFilter) {
  recommendMatches(department: "department:d2", trust: $trust) {
    matches { enterprise { id } reasons { component points inferred detail } }
  }
}
"""


async def test_recommendations_say_which_reasons_are_inferred(
    fixture_api: httpx.AsyncClient,
) -> None:
    async def proximity(trust: dict[str, Any] | None) -> dict[str, tuple[int, bool]]:
        data = await _data(fixture_api, MATCHES, trust=trust)
        return {
            m["enterprise"]["id"]: (r["points"], r["inferred"])
            for m in data["recommendMatches"]["matches"]
            for r in m["reasons"]
            if r["component"] == "PROXIMITY"
        }

    # d2 needs blockchain, which e3 offers: two contact hops through the workshop; one
    # through the meeting inferred from it, which the reason then says.
    assert (await proximity(None))["enterprise:e3"] == (4, False)
    assert (await proximity({"inferMeetings": True}))["enterprise:e3"] == (5, True)


DIGEST = """
query ($since: Date!, $until: Date, $trust: TrustFilter) {
  changes(since: $since, until: $until, trust: $trust) {
    since until
    counts { newMeetings gapsClosed gapsOpened newNeeds newOffers newParties firstTimeAttendees }
    newMeetings { party { id } enterprise { id } event { id } date }
    gapsClosed { need { department { id } technology { id } } closedBy { id } }
    firstTimeAttendees { id }
    byBureau { subject { id } newMeetings gapsClosed }
    byTechnology { subject { id } gapsClosed }
  }
}
"""
SINCE_EVENT = """
query ($event: ID!) {
  changesSinceEvent(event: $event) {
    since counts { newMeetings gapsClosed }
    newMeetings { party { id } enterprise { id } }
  }
}
"""


async def test_the_change_digest(fixture_api: httpx.AsyncClient) -> None:
    digest = (await _data(fixture_api, DIGEST, since="2025-01-01"))["changes"]
    assert digest["counts"] == {
        "newMeetings": 4,
        "gapsClosed": 1,
        "gapsOpened": 0,
        "newNeeds": 0,
        "newOffers": 0,
        "newParties": 0,
        "firstTimeAttendees": 3,
    }
    assert [(m["party"]["id"], m["enterprise"]["id"]) for m in digest["newMeetings"]] == [
        ("department:d2", "enterprise:e2"),
        ("department:d2", "enterprise:e3"),
        ("department:d3", "enterprise:e2"),
        ("department:d3", "enterprise:e3"),
    ]
    assert {m["date"] for m in digest["newMeetings"]} == {"2025-06-01"}
    assert digest["gapsClosed"] == [
        {
            "need": {
                "department": {"id": "department:d2"},
                "technology": {"id": "technology:t-bc"},
            },
            "closedBy": [{"id": "enterprise:e3"}],
        }
    ]
    assert digest["byBureau"] == [
        {"subject": {"id": "bureau:b1"}, "newMeetings": 2, "gapsClosed": 1},
        {"subject": {"id": "bureau:b2"}, "newMeetings": 2, "gapsClosed": 0},
    ]
    # Since the forum (from the day after it) is the same digest as since 2025 here.
    since_forum = (await _data(fixture_api, SINCE_EVENT, event="event:ev1"))["changesSinceEvent"]
    assert since_forum["since"] == "2024-03-02"
    assert since_forum["counts"] == {"newMeetings": 4, "gapsClosed": 1}
    forum_day = await _data(
        fixture_api,
        DIGEST,
        since="2024-03-01",
        until="2024-03-01",
        trust={"evidence": ["RECORDED"]},
    )
    meetings = forum_day["changes"]["newMeetings"]
    assert [(m["party"]["id"], m["enterprise"]["id"]) for m in meetings] == [
        ("department:d1", "enterprise:e1")
    ]


async def test_bad_time_and_trust_arguments(fixture_api: httpx.AsyncClient) -> None:
    error = await _error(fixture_api, WHO_MET, party="department:d1", trust={"minConfidence": 2})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "between 0 and 1" in error["message"]
    error = await _error(fixture_api, WHO_MET, party="department:d1", trust={"evidence": []})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "RECORDED, REPORTED, INFERRED" in error["message"]
    error = await _error(fixture_api, WHO_MET, party="department:d1", asOf="2024-13-01")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    error = await _error(fixture_api, DIGEST, since="2025-01-01", until="2024-01-01")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "must not be before" in error["message"]
    # The calendar's first day has no day before it to compare with (an OverflowError,
    # INTERNAL_ERROR, once).
    error = await _error(fixture_api, DIGEST, since="0001-01-01")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "calendar's first day" in error["message"]
    error = await _error(fixture_api, SINCE_EVENT, event="event:nope")
    assert error["extensions"]["code"] == "NOT_FOUND"
    error = await _error(fixture_api, SINCE_EVENT, event="department:d1")
    assert error["extensions"]["code"] == "NOT_FOUND"


async def test_an_entity_that_did_not_exist_yet_is_named_as_such(
    fixture_api: httpx.AsyncClient,
) -> None:
    query = """
    query ($asOf: Date) {
      collaborationPaths(from: "department:d1", to: "event:ev2", asOf: $asOf) { reason }
    }"""
    error = await _error(fixture_api, query, asOf="2024-12-31")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "did not exist yet" in error["message"]
    assert "2025-06-01" in error["message"]
    error = await _error(fixture_api, query.replace("event:ev2", "event:nope"), asOf="2024-12-31")
    assert error["extensions"]["code"] == "NOT_FOUND"


AS_OF_EVERYTHING = """
query ($asOf: Date) {
  collaborationPaths(from: "department:d1", to: "enterprise:e3", k: 3, asOf: $asOf) {
    paths { start { id } steps { entity { id } } }
  }
  meetings(a: "department:d2", b: "enterprise:e3", asOf: $asOf) { event { id } }
  technologyCoverage(asOf: $asOf) {
    technologies { technology { id } contactEvents { id } }
  }
  unreachedDepartments(asOf: $asOf) { departments { department { id } } }
  partnerBodyCoverage(partnerBodies: ["partner:p2"], asOf: $asOf) {
    bureauxReached { bureau { id } }
  }
  recommendMatches(department: "department:d2", asOf: $asOf) {
    matches { enterprise { id } score reasons { component points } }
  }
  brokers(kind: EVENT, asOf: $asOf) { brokers { entity { id } } }
  communities(asOf: $asOf) { communities { events { id } } }
}
"""


async def test_every_question_as_of_before_the_workshop(fixture_api: httpx.AsyncClient) -> None:
    """As of 2024-12-31 the 2025 workshop (ev2) and its links are not there yet."""
    now = await _data(fixture_api, AS_OF_EVERYTHING, asOf=None)
    then = await _data(fixture_api, AS_OF_EVERYTHING, asOf="2024-12-31")

    def paths(data: dict[str, Any]) -> list[list[str]]:
        return [
            [p["start"]["id"]] + [s["entity"]["id"] for s in p["steps"]]
            for p in data["collaborationPaths"]["paths"]
        ]

    # Without the workshop: through the forum and the incubator, or the bureau and a need.
    assert paths(then) == [
        ["department:d1", "event:ev1", "partner:p1", "enterprise:e3"],
        ["department:d1", "bureau:b1", "department:d2", "technology:t-bc", "enterprise:e3"],
        ["department:d1", "event:ev1", "enterprise:e1", "partner:p1", "enterprise:e3"],
    ]
    assert now["meetings"] == [{"event": {"id": "event:ev2"}}]
    assert then["meetings"] == []

    def contacts(data: dict[str, Any]) -> dict[str, list[str]]:
        return {
            t["technology"]["id"]: [e["id"] for e in t["contactEvents"]]
            for t in data["technologyCoverage"]["technologies"]
        }

    assert contacts(now)["technology:t-bc"] == ["event:ev2"]
    assert contacts(then)["technology:t-bc"] == []

    def unreached(data: dict[str, Any]) -> list[str]:
        return [d["department"]["id"] for d in data["unreachedDepartments"]["departments"]]

    assert unreached(now) == []
    assert unreached(then) == ["department:d2", "department:d3"]

    def reached(data: dict[str, Any]) -> list[str]:
        return [b["bureau"]["id"] for b in data["partnerBodyCoverage"][0]["bureauxReached"]]

    # PC's member e2 met d1 (bureau b1) at the forum; d2 and d3 (b1, b2) at the workshop.
    assert sorted(reached(now)) == ["bureau:b1", "bureau:b2"]
    assert reached(then) == ["bureau:b1"]

    def e3_reasons(data: dict[str, Any]) -> dict[str, int]:
        (match,) = [
            m
            for m in data["recommendMatches"]["matches"]
            if m["enterprise"]["id"] == "enterprise:e3"
        ]
        return {r["component"]: r["points"] for r in match["reasons"]}

    # d2 needs blockchain (e3). Then: 3 hops (pilot e1, incubator p1, e3), not met yet.
    assert e3_reasons(then) == {
        "TECHNOLOGY_FIT": 3,
        "UNMET_NEED": 2,
        "PROXIMITY": 3,
        "PARTNER_BODY": 1,
        "NOT_MET_YET": 3,
    }
    assert "NOT_MET_YET" not in e3_reasons(now)
    assert {b["entity"]["id"] for b in then["brokers"]["brokers"]} <= {"event:ev1"}
    assert all(
        "event:ev2" not in [e["id"] for e in c["events"]]
        for c in then["communities"]["communities"]
    )


async def test_an_event_on_the_calendars_last_day_has_no_since(empty_store: GraphStore) -> None:
    # An editor may date an event 9999-12-31; the digest since it was INTERNAL_ERROR.
    last = NodeRecord(
        id="event:far",
        kind=NodeKind.EVENT,
        name_en="Far",
        source="s",
        properties={"date": "9999-12-31"},
    )
    await empty_store.upsert([last], [])
    async with app_client(empty_store) as api:
        error = await _error(api, SINCE_EVENT, event="event:far")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "no day comes after it" in error["message"]
