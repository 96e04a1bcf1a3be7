"""Time and trust on the fixture graph (tests/analytics_fixture.py), worked out by hand:
as-of views, evidence and confidence filters, inferred meetings, and the change digest."""

from __future__ import annotations

import datetime as dt

from graph_api.analytics import gaps, meetings, paths, reach
from graph_api.analytics.digest import changes
from graph_api.analytics.explain import explain_path
from graph_api.analytics.filters import EVERY_LINK, LinkFilter, Period
from graph_api.analytics.lens import Lens, inferred_meetings, start_day, view
from graph_api.analytics.projection import build_projection
from graph_api.domain import Evidence, NodeKind, NodeRecord, RelType
from tests.analytics_fixture import LINKS, NODES, fixture_projection

BASE = fixture_projection()
RECORDED_ONLY = frozenset({Evidence.RECORDED})


def _partners(lens: Lens, party: str) -> list[str]:
    return [p.party_id for p in meetings.who_met(view(BASE, lens), party, EVERY_LINK)]


def test_the_plain_lens_is_the_stored_graph() -> None:
    assert view(BASE, Lens()) is BASE
    assert view(BASE, Lens(as_of=dt.date(2024, 12, 31))) is view(
        BASE, Lens(as_of=dt.date(2024, 12, 31))
    )  # memoised per projection


def test_as_of_drops_later_links_and_entities_that_did_not_exist_yet() -> None:
    before_workshop = view(BASE, Lens(as_of=dt.date(2024, 12, 31)))
    # The workshop (2025-06-01) did not exist yet, nor its attendances; the forum did.
    assert "event:ev2" not in before_workshop.nodes
    assert "event:ev1" in before_workshop.nodes
    assert _partners(Lens(as_of=dt.date(2024, 12, 31)), "department:d2") == []
    assert _partners(Lens(as_of=dt.date(2024, 12, 31)), "department:d1") == [
        "enterprise:e1",
        "enterprise:e2",
    ]
    # Undated links (a department's bureau, an enterprise's offer) state lasting facts.
    assert before_workshop.degree("bureau:b1") == BASE.degree("bureau:b1")
    # Before the forum and the pilot, d2's ledger need was as unmet as it is before 2025.
    early = view(BASE, Lens(as_of=dt.date(2023, 1, 1)))
    assert "event:ev1" not in early.nodes
    assert not any(link.type is RelType.PILOTED for link in early.links)
    unmet = {(n.department_id, n.technology_id) for n in gaps.find_unmet_needs(early)}
    assert ("department:d2", "technology:t-bc") in unmet
    now = {(n.department_id, n.technology_id) for n in gaps.find_unmet_needs(BASE)}
    assert ("department:d2", "technology:t-bc") not in now


def test_an_entity_exists_from_its_founding_establishment_or_day() -> None:
    def record(kind: NodeKind, **props: str) -> NodeRecord:
        return NodeRecord(id="x:y", kind=kind, name_en="X", properties=dict(props))

    assert start_day(record(NodeKind.ENTERPRISE, founded="2019")) == dt.date(2019, 1, 1)
    assert start_day(record(NodeKind.PARTNER_BODY, founded="2001-05")) == dt.date(2001, 5, 1)
    assert start_day(record(NodeKind.DEPARTMENT, established="2024-07-25")) == dt.date(2024, 7, 25)
    assert start_day(record(NodeKind.EVENT, date="2025-06-01")) == dt.date(2025, 6, 1)
    assert start_day(record(NodeKind.BUREAU)) is None  # unknown: it always counts


def test_trust_filters_drop_reported_and_less_confident_links() -> None:
    # e2 spoke at the forum by a REPORTED link of confidence 0.8.
    assert _partners(Lens(), "department:d1") == ["enterprise:e1", "enterprise:e2"]
    assert _partners(Lens(evidence=RECORDED_ONLY), "department:d1") == ["enterprise:e1"]
    assert _partners(Lens(min_confidence=0.9), "department:d1") == ["enterprise:e1"]
    assert _partners(Lens(min_confidence=0.8), "department:d1") == [
        "enterprise:e1",
        "enterprise:e2",
    ]


def test_meetings_are_inferred_only_from_small_workshops() -> None:
    met = inferred_meetings(BASE.nodes, BASE.links)
    # ev2 is a workshop of 4 parties; ev1 is a forum, so it infers nothing.
    assert [(link.from_id, link.to_id) for link in met] == [
        ("department:d2", "enterprise:e2"),
        ("department:d2", "enterprise:e3"),
        ("department:d3", "enterprise:e2"),
        ("department:d3", "enterprise:e3"),
    ]
    assert {link.properties["evidence"] for link in met} == {"INFERRED"}
    assert {link.properties["confidence"] for link in met} == {0.5}
    assert {link.date for link in met} == {dt.date(2025, 6, 1)}
    assert all("event:ev2" in (link.source or "") for link in met)
    # Nothing is inferred from a workshop that had not happened yet.
    assert not any(
        link.type is RelType.MET
        for link in view(BASE, Lens(as_of=dt.date(2025, 1, 1), infer_meetings=True)).links
    )


def test_paths_say_which_links_are_inferred() -> None:
    lens = Lens(infer_meetings=True)
    found = paths.collaboration_paths(
        view(BASE, lens), "department:d3", "enterprise:e3", EVERY_LINK, frozenset(), k=2
    )
    first, second = found.paths
    assert [step.incidence.link.type for step in first.steps] == [RelType.MET]
    assert explain_path(view(BASE, lens), first) == (
        'The Gamma Department probably met Gull Chain at the workshop "Ledgers" on '
        "2025-06-01 (inferred: both attended a small event)."
    )
    assert [step.node_id for step in second.steps] == ["event:ev2", "enterprise:e3"]
    # Only inferred links: the meeting is still found, and nothing recorded is used but
    # the reference structure (the chart and the taxonomy), which trust never drops.
    only = view(BASE, Lens(evidence=frozenset({Evidence.INFERRED}), infer_meetings=True))
    assert {link.type for link in only.links} == {RelType.MET, RelType.PART_OF}


def test_the_digest_since_2025_is_the_workshop() -> None:
    digest = changes(BASE, dt.date(2025, 1, 1))
    assert [(m.government_id, m.enterprise_id, m.event_id) for m in digest.new_meetings] == [
        ("department:d2", "enterprise:e2", "event:ev2"),
        ("department:d2", "enterprise:e3", "event:ev2"),
        ("department:d3", "enterprise:e2", "event:ev2"),
        ("department:d3", "enterprise:e3", "event:ev2"),
    ]
    # d2's ledger need: e3 (offers blockchain) met d2 at the workshop.
    assert [
        (g.need.department_id, g.need.technology_id, g.closed_by) for g in digest.gaps_closed
    ] == [("department:d2", "technology:t-bc", ("enterprise:e3",))]
    assert digest.gaps_opened == ()
    assert digest.new_needs == ()  # undated: lasting facts, in both graphs
    assert digest.new_offers == ()
    assert digest.new_parties == ()  # the workshop is an event, not a party
    assert digest.first_time_attendees == ("department:d2", "department:d3", "enterprise:e3")
    assert [(t.subject_id, t.new_meetings, t.gaps_closed) for t in digest.by_bureau] == [
        ("bureau:b1", 2, 1),
        ("bureau:b2", 2, 0),
    ]
    assert [(t.subject_id, t.gaps_closed) for t in digest.by_technology] == [("technology:t-bc", 1)]


def test_the_digest_of_a_quiet_period_is_empty_and_trust_applies() -> None:
    quiet = changes(BASE, dt.date(2024, 4, 1), dt.date(2024, 12, 31))
    assert (quiet.new_meetings, quiet.gaps_closed, quiet.by_bureau) == ((), (), ())
    forum = changes(BASE, dt.date(2024, 3, 1), dt.date(2024, 3, 1))
    assert [(m.government_id, m.enterprise_id) for m in forum.new_meetings] == [
        ("department:d1", "enterprise:e1"),
        ("department:d1", "enterprise:e2"),
    ]
    # d1's AI need was met at the forum, by e2 (AI) and e1 (computer vision, narrower).
    assert [(g.need.technology_id, g.closed_by) for g in forum.gaps_closed] == [
        ("technology:t-ai", ("enterprise:e1", "enterprise:e2"))
    ]
    recorded = changes(BASE, dt.date(2024, 3, 1), dt.date(2024, 3, 1), Lens(evidence=RECORDED_ONLY))
    assert [m.enterprise_id for m in recorded.new_meetings] == ["enterprise:e1"]


def test_a_dissolved_office_is_a_gap_only_while_it_existed() -> None:
    merged = NodeRecord(
        id="department:d9",
        kind=NodeKind.DEPARTMENT,
        name_en="Old Office",
        properties={"established": "2010-01-01", "dissolved": "2024-07-24"},
    )
    base = build_projection([*NODES, merged], LINKS)
    now = reach.unreached(base, EVERY_LINK)
    assert "department:d9" not in [d.department_id for d in now.departments]
    # As of 2023 it still existed (and was not dissolved yet), and had met nobody.
    then = view(base, Lens(as_of=dt.date(2023, 12, 31)))
    assert "dissolved" not in then.nodes["department:d9"].properties
    assert "department:d9" in [d.department_id for d in reach.unreached(then).departments]
    # A period that ended before the merger still counts it.
    until_2023 = LinkFilter(period=Period(end=dt.date(2023, 12, 31)))
    assert "department:d9" in [
        d.department_id for d in reach.unreached(base, until_2023).departments
    ]
