"""Who met whom, answered by the store, equals the same question over the projection seen
through the same lens: totals, partners in order, shared events in order, with both
attendances, on both stores, for random parties under every kind of rule."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest

from graph_api.analytics import meetings, met_in_store
from graph_api.analytics.lens import view
from graph_api.analytics.meetings import MeetingPartner, SharedEvent
from graph_api.analytics.met_in_store import Partner
from graph_api.analytics.projection import build_projection
from graph_api.domain import AttendanceRole, NodeKind, RelType
from graph_api.store.base import GraphStore
from tests.question_samples import FILTERS, LENSES, PARTY_KINDS

pytestmark = pytest.mark.neo4j


def _events(found: tuple[SharedEvent, ...]) -> list[tuple[object, ...]]:
    return [
        (
            e.event_id,
            e.day,
            e.party.link.to_row(),
            e.other.link.to_row(),
            e.party.day,
            e.other.day,
            e.parties,  # how many attended, under the same rules: what a meeting weighs by
            e.strength,
        )
        for e in found
    ]


def _partners(found: Sequence[MeetingPartner | Partner]) -> list[tuple[object, ...]]:
    return [(p.party_id, p.count, p.last_met, _events(p.events)) for p in found]


async def test_who_met_and_meetings_in_the_store_equal_the_projection(
    seeded_store: GraphStore,
) -> None:
    nodes, links = await seeded_store.export_graph()
    base = build_projection(nodes, links)
    # Parties that attended something, so most questions have an answer to compare.
    attended = {link.from_id for link in links if link.type is RelType.ATTENDED}
    parties = sorted(n.id for n in nodes if n.kind in PARTY_KINDS and n.id in attended)
    events = sorted(n.id for n in nodes if n.kind is NodeKind.EVENT)
    rng = random.Random(7)  # noqa: S311 - a fixed sample of questions, not a secret
    compared = nonempty = 0
    for _ in range(40):
        party, other = rng.sample(parties, 2)
        lens, allowed = rng.choice(LENSES), rng.choice(FILTERS)
        kinds = rng.choice([(), (NodeKind.ENTERPRISE,), (NodeKind.DEPARTMENT, NodeKind.BUREAU)])
        only = tuple(rng.sample(events, 3)) if rng.random() < 0.2 else ()
        role = rng.choice([None, None, AttendanceRole.EXHIBITOR])
        projection = view(base, lens)
        if party not in projection.nodes or other not in projection.nodes:
            continue
        expected = meetings.who_met(projection, party, allowed, kinds, only, role)
        page = await met_in_store.who_met(
            seeded_store, party, allowed, lens, kinds, only, role, first=5
        )
        assert page.total == len(expected)
        assert _partners(page.partners) == _partners(expected[:5]), (party, lens, allowed)
        # Without the shared events: the same partners, counts and last meetings.
        counted = await met_in_store.who_met(
            seeded_store, party, allowed, lens, kinds, only, role, first=5, with_events=False
        )
        assert [(p.party_id, p.count, p.last_met, p.events) for p in counted.partners] == [
            (p.party_id, p.count, p.last_met, ()) for p in expected[:5]
        ]
        assert set(counted.records) == {p.party_id for p in counted.partners}
        shared, _ = await met_in_store.meetings(seeded_store, party, other, allowed, lens)
        assert _events(shared) == _events(meetings.meetings(projection, party, other, allowed))
        compared += 1
        nonempty += bool(expected)
    assert compared >= 30
    assert nonempty >= 15
