"""Who met whom on the hand-made fixture (answers in tests/analytics_fixture.py)."""

from __future__ import annotations

import datetime as dt

from graph_api.analytics.filters import LinkFilter, Period
from graph_api.analytics.meetings import contacts_of, have_met, meetings, who_met
from graph_api.domain import AttendanceRole, NodeKind
from tests.analytics_fixture import fixture_projection

SINCE_2025 = LinkFilter(period=Period(start=dt.date(2025, 1, 1)))


def _partners(party: str, **kwargs: object) -> list[tuple[str, int, list[str]]]:
    found = who_met(fixture_projection(), party, **kwargs)  # type: ignore[arg-type]
    return [(p.party_id, p.count, [e.event_id for e in p.events]) for p in found]


def test_who_met_lists_parties_at_the_same_events() -> None:
    # d1 attended only the forum, with e1 (exhibitor) and e2 (speaker).
    assert _partners("department:d1") == [
        ("enterprise:e1", 1, ["event:ev1"]),
        ("enterprise:e2", 1, ["event:ev1"]),
    ]
    # e2 attended both events: the forum (d1, e1) and the workshop (d2, d3, e3). Each met
    # once, so they are listed by id.
    assert [p for p, _, _ in _partners("enterprise:e2")] == [
        "department:d1",
        "department:d2",
        "department:d3",
        "enterprise:e1",
        "enterprise:e3",
    ]


def test_who_met_filters() -> None:
    departments = _partners("enterprise:e2", kinds={NodeKind.DEPARTMENT})
    assert [p for p, _, _ in departments] == ["department:d1", "department:d2", "department:d3"]
    recent = _partners("enterprise:e2", links=SINCE_2025)
    assert [p for p, _, _ in recent] == ["department:d2", "department:d3", "enterprise:e3"]
    hosts = _partners("enterprise:e2", role=AttendanceRole.HOST)
    assert [p for p, _, _ in hosts] == ["department:d2"]
    at_forum = _partners("enterprise:e2", events={"event:ev1"})
    assert [p for p, _, _ in at_forum] == ["department:d1", "enterprise:e1"]
    # A pilot is contact, not a meeting: d2 trialled e1 but never attended an event with it.
    assert [p for p, _, _ in _partners("department:d2", kinds={NodeKind.ENTERPRISE})] == [
        "enterprise:e2",
        "enterprise:e3",
    ]


def test_shared_events_carry_both_roles_and_links() -> None:
    (shared,) = meetings(fixture_projection(), "department:d1", "enterprise:e2")
    assert shared.event_id == "event:ev1"
    assert shared.day == dt.date(2024, 3, 1)
    assert (shared.party_role, shared.other_role) == ("ATTENDEE", "SPEAKER")
    assert shared.other.link.properties["evidence"] == "REPORTED"
    assert shared.other.link.properties["confidence"] == 0.8
    assert meetings(fixture_projection(), "department:d1", "department:d2") == ()
    assert meetings(fixture_projection(), "department:d1", "enterprise:e2", SINCE_2025) == ()


def test_contacts_include_pilots() -> None:
    projection = fixture_projection()
    assert contacts_of(projection, "department:d2") == {
        "department:d3",
        "enterprise:e1",
        "enterprise:e2",
        "enterprise:e3",
    }
    assert contacts_of(projection, "enterprise:e4") == frozenset()
    assert have_met(projection, "department:d2", "enterprise:e1")
    assert have_met(projection, "enterprise:e1", "department:d2")
    assert not have_met(projection, "department:d2", "enterprise:e1", SINCE_2025)
    assert not have_met(projection, "department:d1", "department:d3")
