"""changes(basis: RECORDED): the digest of what was recorded in a period, on both stores
(issue 13: a record added today about a past event never appeared in
changes(since: today)). The seed graph is loaded without change records, so it counts
as recorded before any period; the test then records, through the API, a workshop held
in 2024 with a department that had an unmet need, a new enterprise offering that
technology and an enterprise the department had already met, and a new need for a
technology nobody offers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from graph_api.analytics import gaps_in_store
from graph_api.analytics.filters import EVERY_LINK
from graph_api.analytics.lens import PLAIN
from graph_api.analytics.met_in_store import attendance_scope
from graph_api.analytics.supply import Taxonomy
from graph_api.domain import NodeKind, RelType, kind_of_id
from graph_api.seeding.files import default_seed_paths, load_seed_files
from graph_api.store.base import GraphStore
from tests.conftest import mark_written
from tests.editing_support import client_for
from tests.gql_client import data

pytestmark = pytest.mark.neo4j

CREATE = """mutation($input: EntityInput!) { createEntity(input: $input) { entity { id } } }"""
ATTEND = """mutation($party: ID!, $event: ID!) {
  recordAttendance(input: {partyId: $party, eventId: $event, role: EXHIBITOR,
                           source: "Workshop sign-in sheet"}) { change { id } } }"""
OFFER = """mutation($x: ID!, $t: ID!) {
  recordOffer(input: {enterpriseId: $x, technologyId: $t, source: "Company profile"}) {
    change { id } } }"""
NEED = """mutation($d: ID!, $t: ID!) {
  recordNeed(input: {departmentId: $d, technologyId: $t, need: "Sensing in tunnels",
                     source: "Needs survey", date: "2023-01-01"}) { change { id } } }"""
DIGEST = """query($since: Date!, $until: Date, $basis: ChangeBasis!) {
  changes(since: $since, until: $until, basis: $basis) {
    basis
    counts { newMeetings newNeeds newOffers gapsClosed gapsOpened newParties
             firstTimeAttendees }
    newMeetings { party { id } enterprise { id } event { id } date }
    newNeeds { department { id } technology { id } }
    newOffers { enterprise { id } technology { id } }
    gapsClosed { need { department { id } technology { id } } closedBy { id } }
    gapsOpened { department { id } technology { id } }
    newParties { id }
    firstTimeAttendees { id }
  } }"""
NEWCO, WORKSHOP, SENSING = "enterprise:test-newco", "event:test-ws", "technology:test-sensing"


def _seed_choice(departments_wanted: set[str]) -> tuple[str, str]:
    """One of ``departments_wanted`` that attended some event with an enterprise, and
    that enterprise."""
    seed = load_seed_files(default_seed_paths())
    attendees: dict[str, set[str]] = {}
    for link in seed.links:
        if link.type is RelType.ATTENDED:
            attendees.setdefault(link.to_id, set()).add(link.from_id)
    for present in sorted(attendees.values(), key=sorted):
        departments = sorted(p for p in present if p in departments_wanted)
        enterprises = sorted(p for p in present if kind_of_id(p) is NodeKind.ENTERPRISE)
        if departments and enterprises:
            return departments[0], enterprises[0]
    raise AssertionError("the seed data has no event with a department and an enterprise")


async def _record(client: httpx.AsyncClient, department: str, met: str, technology: str) -> None:
    for entity in (
        {"kind": "ENTERPRISE", "id": NEWCO, "nameEn": "Test Newco", "isSample": True},
        {"kind": "EVENT", "id": WORKSHOP, "nameEn": "Test workshop", "date": "2024-05-01"},
        {"kind": "TECHNOLOGY", "id": SENSING, "nameEn": "Test sensing"},
    ):
        await data(client, CREATE, input={**entity, "source": "Test"})
    for party in (department, NEWCO, met):
        await data(client, ATTEND, party=party, event=WORKSHOP)
    await data(client, OFFER, x=NEWCO, t=technology)
    await data(client, NEED, d=department, t=SENSING)


async def _digest(client: httpx.AsyncClient, since: dt.date, **more: Any) -> dict[str, Any]:
    variables = {"since": since.isoformat(), "basis": "RECORDED", **more}
    answer: dict[str, Any] = (await data(client, DIGEST, **variables))["changes"]
    return answer


def _needs(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(item["department"]["id"], item["technology"]["id"]) for item in items]


async def test_the_digest_by_recording_time_holds_what_was_recorded(
    seeded_store: GraphStore,
) -> None:
    store = seeded_store
    mark_written(store)
    every_unmet = await gaps_in_store.unmet_needs(store, EVERY_LINK, PLAIN)
    department, met = _seed_choice({gap.need.department_id for gap in every_unmet})
    unmet = [gap for gap in every_unmet if gap.need.department_id == department]
    scope_tree = await store.gap_reads.technology_tree(attendance_scope(EVERY_LINK, PLAIN))
    assert unmet, f"{department} has no unmet need in the seed data to close"
    technology = unmet[0].need.technology_id
    taxonomy = Taxonomy(scope_tree)
    closing = sorted(
        (gap.need.department_id, gap.need.technology_id)
        for gap in unmet
        if technology in taxonomy.serving(gap.need.technology_id)
    )
    assert closing  # the need chosen is among them
    today = dt.datetime.now(dt.UTC).date()
    async with client_for(store) as client:
        before = await _digest(client, today)
        await _record(client, department, met, technology)
        found = await _digest(client, today)
        by_day = await _digest(client, today, basis="HAPPENED")
        earlier = await _digest(
            client, today - dt.timedelta(days=30), until=str(today - dt.timedelta(days=1))
        )
        later = await _digest(client, today + dt.timedelta(days=1))

    empty = dict.fromkeys(found["counts"], 0)
    assert before["counts"] == empty  # the seed files carry no records
    assert found["basis"] == "RECORDED"
    # The department and the new enterprise met at the 2024 workshop; the department
    # and the enterprise it had met before did not meet for the first time.
    assert [
        (m["party"]["id"], m["enterprise"]["id"], m["event"]["id"], m["date"])
        for m in found["newMeetings"]
    ] == [(department, NEWCO, WORKSHOP, "2024-05-01")]
    assert _needs(found["newNeeds"]) == [(department, SENSING)]
    assert _needs(found["gapsOpened"]) == [(department, SENSING)]
    assert [(o["enterprise"]["id"], o["technology"]["id"]) for o in found["newOffers"]] == [
        (NEWCO, technology)
    ]
    closed = {
        _needs([gap["need"]])[0]: [x["id"] for x in gap["closedBy"]] for gap in found["gapsClosed"]
    }
    assert sorted(closed) == closing
    assert all(closers == [NEWCO] for closers in closed.values())
    assert [p["id"] for p in found["newParties"]] == [NEWCO]
    assert [p["id"] for p in found["firstTimeAttendees"]] == [NEWCO]
    # By event day, today holds none of it: the workshop and the need are dated earlier.
    assert by_day["basis"] == "HAPPENED"
    assert by_day["counts"]["newMeetings"] == by_day["counts"]["newNeeds"] == 0
    assert earlier["counts"] == empty
    assert later["counts"] == empty
