"""changes_recorded (the digest by recording time) equals the digest by event day over a
*re-dated* copy of the graph, on both stores.

The seed files and the hand-made fixture (tests/analytics_fixture.py) are loaded without
change records; facts are then recorded on two past days (change records written with
chosen times, the way graph_api/editing writes them) and today (through the API as an
editor): attendances at past events by new and existing parties, pairs that had met
before, offers closing needs (with and without closers), needs left unmet, pilots, new
enterprises, and an update of an old link (which records nothing new). The oracle reads
the whole audit trail, gives every link the UTC day of its first record (none: a lasting
fact) and every entity the day it was created as its start day (none: it always
existed), and runs ``digest.changes`` over that graph. Both must agree on every part,
for periods of one day, several, open-ended and before any record, under each trust
rule. Each new pair shares exactly one event, so meetings are compared with their
event; the day differs by design (the recorded digest names the event's real day).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

import httpx
import pytest

from graph_api.analytics import digest, digest_recorded
from graph_api.analytics.digest import Digest
from graph_api.analytics.lens import Lens
from graph_api.analytics.projection import Projection, build_projection
from graph_api.domain import Evidence, LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.domain.validation import link_to_raw, node_to_raw
from graph_api.seeding.files import default_seed_paths, load_seed_files
from graph_api.store.base import GraphStore
from graph_api.store.changes import AT_FORMAT, ChangeAction, ChangeRecord, ChangeSet, LinkKey
from tests.analytics_fixture import LINKS, NODES
from tests.editing_support import ACTOR, client_for, data

pytestmark = pytest.mark.neo4j

D = dt.date.fromisoformat
DAY1, DAY2 = D("2025-01-10"), D("2025-01-20")
SOURCE = "recorded-digest oracle test"
A, N, P = RelType.ATTENDED, RelType.NEEDS, RelType.PILOTED
EV3, E5, E6 = "event:ev3", "enterprise:e5", "enterprise:e6"
TRUSTS = (
    Lens(),
    Lens(evidence=frozenset({Evidence.RECORDED})),
    Lens(evidence=frozenset({Evidence.REPORTED, Evidence.INFERRED})),
    Lens(min_confidence=0.7),
)


def _link(rel: RelType, from_id: str, to_id: str, **props: Any) -> LinkRecord:
    day = D("2024-11-05") if to_id == EV3 else None  # a link to an event takes its day
    properties = {"evidence": "RECORDED", "confidence": 1.0, **props}
    return LinkRecord(rel, from_id, to_id, SOURCE, day, sample=True, properties=properties)


# Day 1: a past workshop (2024-11-05) and a new enterprise are created; d3 (met e2 at
# ev2) meets e4, which offers t-cv (closing d3's need, e4 the closer), and new e5;
# e2's attendance is REPORTED at 0.6 (trust lenses differ); d1 needs 5G (no supplier).
DAY1_NODES = (
    NodeRecord(EV3, NodeKind.EVENT, "Workshop: Sensors", source=SOURCE, sample=True,
               properties={"event_type": "WORKSHOP", "date": "2024-11-05"}),
    NodeRecord(E5, NodeKind.ENTERPRISE, "Kite Sensors", source=SOURCE,
               properties={"founded": "2019", "origin": "HONG_KONG"}),
)  # fmt: skip
DAY1_LINKS = (
    _link(A, "department:d3", EV3, role="HOST"),
    _link(A, "enterprise:e4", EV3, role="EXHIBITOR"),
    _link(A, E5, EV3, role="EXHIBITOR"),
    _link(A, "enterprise:e2", EV3, role="ATTENDEE", evidence="REPORTED", confidence=0.6),
    _link(N, "department:d1", "technology:t-5g", need="Connect depots"),
)
# Day 2: bureau b2 at the workshop (new meetings, with e2 only under some lenses); e5
# offers t-cv (d3 already met it); e3, which d3 met at ev2, offers 5G: d3's 5G need
# closes with no closer, d1's stays unmet (d1 never met e3).
DAY2_LINKS = (
    _link(A, "bureau:b2", EV3, role="ATTENDEE"),
    _link(RelType.OFFERS, E5, "technology:t-cv"),
    _link(RelType.OFFERS, "enterprise:e3", "technology:t-5g"),
)


def _change(at: dt.date, action: ChangeAction, entity: str, summary: dict[str, Any],
            link: LinkRecord | None = None) -> ChangeRecord:  # fmt: skip
    moment = dt.datetime.combine(at, dt.time(9, 30), dt.UTC).strftime(AT_FORMAT)
    return ChangeRecord(
        id=f"change:m-{uuid.uuid4().hex}", at=moment, actor=ACTOR, channel="graphql",
        action=action, entity_id=entity, source=SOURCE, summary=summary,
        other_id=link.to_id if link else None, link_type=link.type if link else None,
    )  # fmt: skip


async def _record_on(
    store: GraphStore, day: dt.date, nodes: tuple[NodeRecord, ...], links: tuple[LinkRecord, ...]
) -> None:
    """Write entities and links with their change records as the editor would, at ``day``."""
    for node in nodes:
        summary = {"operation": "createEntity", "entity": node_to_raw(node)}
        change = _change(day, ChangeAction.ENTITY_CREATED, node.id, summary)
        await store.apply(ChangeSet(nodes=[node], changes=[change]))
    for link in links:
        summary = {"operation": "recordLink", "link": link_to_raw(link)}
        change = _change(day, ChangeAction.LINK_RECORDED, link.from_id, summary, link)
        await store.apply(ChangeSet(links=[link], changes=[change]))


async def _update_old_pilot(store: GraphStore) -> None:
    """An update of a fixture link on day 2: an update is not a first record."""
    old = next(link for link in LINKS if link.type is P)
    new = dataclasses.replace(old, properties={**old.properties, "project": "Drone survey"})
    summary = {
        "operation": "recordPilot",
        "before": {"project": old.properties["project"]},
        "after": {"project": "Drone survey"},
    }
    change = _change(DAY2, ChangeAction.LINK_UPDATED, old.from_id, summary, old)
    await store.apply(ChangeSet(links=[new], changes=[change]))


TODAY_WRITES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("createEntity", "EntityInput", {"kind": "ENTERPRISE", "id": E6, "nameEn": "Lark Labs"}),
    ("createEntity", "EntityInput", {"kind": "TECHNOLOGY", "id": "technology:t-q", "nameEn": "Q"}),
    *(
        ("recordAttendance", "AttendanceInput", {"partyId": p, "eventId": "event:ev1",
                                                 "role": "ATTENDEE"})
        for p in (E6, "department:d2")
    ),
    ("recordOffer", "OfferInput", {"enterpriseId": E6, "technologyId": "technology:t-ai"}),
    ("recordNeed", "NeedInput", {"departmentId": "department:d2", "technologyId": "technology:t-q",
                                 "need": "Find leaks"}),
    ("recordPilot", "PilotInput", {"departmentId": "department:d1", "enterpriseId": "enterprise:e3",
                                   "project": "5G depot trial"}),
)  # fmt: skip


async def _record_today(client: httpx.AsyncClient) -> None:
    """Today, through the API: new enterprise e6 and d2 (piloted e1 before, never at an
    event with it) at the 2024 forum ev1; d2 needs a technology nobody offers; d1 pilots
    e3, closing its 5G need with e3 the closer."""
    for mutation, input_type, fields in TODAY_WRITES:
        query = f"mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ __typename }} }}"
        await data(client, query, i={**fields, "source": SOURCE})


async def _first_days(store: GraphStore) -> tuple[dict[str, dt.date], dict[LinkKey, dt.date]]:
    """From the whole audit trail: entity -> the day it was created, link -> the day it
    was first recorded (UTC)."""
    created: dict[str, dt.date] = {}
    recorded: dict[LinkKey, dt.date] = {}
    for change in await store.changes_after("", "", 100_000):  # oldest first
        day = dt.datetime.strptime(change.at, AT_FORMAT).date()
        if change.action is ChangeAction.ENTITY_CREATED:
            created.setdefault(change.entity_id, day)
        elif change.action is ChangeAction.LINK_RECORDED and change.link_type:
            recorded.setdefault((change.link_type, change.entity_id, str(change.other_id)), day)
    return created, recorded


def _redated(
    nodes: list[NodeRecord],
    links: list[LinkRecord],
    created: dict[str, dt.date],
    recorded: dict[LinkKey, dt.date],
) -> Projection:
    """The graph with every fact dated by its first record (or undated without one)."""

    def node(record: NodeRecord) -> NodeRecord:
        starts = ("date",) if record.kind is NodeKind.EVENT else ("established", "founded")
        props = {k: v for k, v in record.properties.items() if k not in starts}
        if record.id in created:
            props[starts[0]] = created[record.id].isoformat()
        return dataclasses.replace(record, properties=props)

    return build_projection(
        [node(record) for record in nodes],
        [dataclasses.replace(x, date=recorded.get((x.type, x.from_id, x.to_id))) for x in links],
    )


def _parts(found: Digest) -> dict[str, Any]:
    return {
        "new_meetings": [
            (m.government_id, m.enterprise_id, m.event_id) for m in found.new_meetings
        ],
        "new_needs": [(n.department_id, n.technology_id) for n in found.new_needs],
        "new_offers": list(found.new_offers),
        "gaps_closed": [
            (g.need.department_id, g.need.technology_id, g.closed_by) for g in found.gaps_closed
        ],
        "gaps_opened": [(n.department_id, n.technology_id) for n in found.gaps_opened],
        "new_parties": list(found.new_parties),
        "first_time_attendees": list(found.first_time_attendees),
        "by_bureau": list(found.by_bureau),
        "by_technology": list(found.by_technology),
    }


async def test_the_recorded_digest_equals_the_digest_of_the_redated_graph(
    empty_store: GraphStore,
) -> None:
    store = empty_store
    seed = load_seed_files(default_seed_paths())
    await store.upsert([*seed.nodes, *NODES], [*seed.links, *LINKS])
    await _record_on(store, DAY1, DAY1_NODES, DAY1_LINKS)
    await _record_on(store, DAY2, (), DAY2_LINKS)
    await _update_old_pilot(store)
    async with client_for(store) as client:
        await _record_today(client)

    nodes, links = await store.export_graph()
    created, recorded = await _first_days(store)
    assert sorted(set(created.values()) | set(recorded.values()))[:2] == [DAY1, DAY2]
    today = max(recorded.values())
    assert today > DAY2
    assert (len(created), len(recorded)) == (4, 13)
    oracle = _redated(nodes, links, created, recorded)
    real_day = {record.id: record.date for record in nodes if record.kind is NodeKind.EVENT}
    one = dt.timedelta(days=1)
    periods = [
        (DAY1, DAY1), (DAY2, DAY2), (DAY1, DAY2), (DAY1, None), (DAY2, None), (today, today),
        (DAY1 + one, DAY2 - one), (D("2000-01-01"), D("2024-12-31")), (today + one, None),
    ]  # fmt: skip
    seen: dict[str, int] = {}
    for since, until in periods:
        for trust in TRUSTS:
            expected = _parts(digest.changes(oracle, since, until, trust))
            found = await digest_recorded.changes_recorded(store, since, until, trust)
            assert all(m.day == real_day[m.event_id] for m in found.new_meetings)
            for part, value in _parts(found).items():
                assert value == expected[part], (part, since, until, trust)
                seen[part] = seen.get(part, 0) + bool(value)
    # The comparisons are not of empty digests: every part was non-empty somewhere.
    assert all(seen[part] >= 4 for part in seen), seen
    plain = _parts(await digest_recorded.changes_recorded(store, DAY1, DAY2))
    assert plain["gaps_closed"] == [
        ("department:d3", "technology:t-5g", ()),
        ("department:d3", "technology:t-cv", ("enterprise:e4", "enterprise:e5")),
    ]
    assert plain["gaps_opened"] == [("department:d1", "technology:t-5g")]
    assert ("bureau:b2", "enterprise:e2", EV3) in plain["new_meetings"]
    assert ("department:d3", "enterprise:e2", EV3) not in plain["new_meetings"]
    latest = _parts(await digest_recorded.changes_recorded(store, today))
    assert latest["gaps_closed"] == [("department:d1", "technology:t-5g", ("enterprise:e3",))]
    assert ("department:d2", "enterprise:e1", "event:ev1") in latest["new_meetings"]
