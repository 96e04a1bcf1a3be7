"""When a link was recorded: the first change of its audit trail, read back on every link
through GraphQL, batched in one store query per page; null for links loaded without one
(the seed files) on both stores."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from graph_api.store.base import GraphStore
from tests.editing_support import SOURCE, client_for, data, load_base

pytestmark = pytest.mark.neo4j

ATTEND = """
mutation ($input: AttendanceInput!) {
  recordAttendance(input: $input) { link { type recordedAt } }
}"""
EVENTS = """
query {
  enterprise(id: "enterprise:acme-hk") {
    eventsAttended(first: 10) { edges { node { id } link { recordedAt } } }
  }
}"""


async def test_links_say_when_they_were_recorded(empty_store: GraphStore) -> None:
    await load_base(empty_store)  # written without change records, as seeding does
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    async with client_for(empty_store) as client:
        attendance = {
            "partyId": "enterprise:acme-hk",
            "eventId": "event:tf-20",
            "role": "EXHIBITOR",  # was SPEAKER: an update, recorded now
            "source": SOURCE,
        }
        answer = await data(client, ATTEND, input=attendance)
        recorded = answer["recordAttendance"]["link"]["recordedAt"]
        assert recorded is not None
        assert dt.datetime.fromisoformat(recorded) >= before
        events: dict[str, Any] = await data(client, EVENTS)
        edges = events["enterprise"]["eventsAttended"]["edges"]
        by_event = {edge["node"]["id"]: edge["link"]["recordedAt"] for edge in edges}
        assert by_event == {"event:tf-20": recorded, "event:ws-1": None}
