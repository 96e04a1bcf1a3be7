"""Unmet needs and technology coverage on the hand-made fixture (answers by hand)."""

from __future__ import annotations

import datetime as dt

from graph_api.analytics.filters import LinkFilter, Period
from graph_api.analytics.gaps import (
    CoverageStatus,
    find_unmet_needs,
    technology_coverage,
    with_candidates,
)
from graph_api.analytics.supply import Fit, narrower_or_same, suppliers
from tests.analytics_fixture import fixture_projection

UP_TO_2024 = LinkFilter(period=Period(end=dt.date(2024, 12, 31)))


def test_supply_follows_the_taxonomy_downwards_only() -> None:
    projection = fixture_projection()
    assert narrower_or_same(projection, "technology:t-ai") == {
        "technology:t-ai",
        "technology:t-cv",
    }
    # A need for AI is served by Falcon AI (AI) and by the Computer Vision firms.
    assert suppliers(projection, "technology:t-ai") == {
        "enterprise:e1": Fit.NARROWER,
        "enterprise:e2": Fit.EXACT,
        "enterprise:e4": Fit.NARROWER,
    }
    # A need for Computer Vision is not served by a general AI offer.
    assert list(suppliers(projection, "technology:t-cv")) == ["enterprise:e1", "enterprise:e4"]


def test_unmet_needs_with_suppliers_first() -> None:
    # d1/AI: met e1 and e2 at the forum. d2/Blockchain: met e3 at the workshop.
    # d3/Computer Vision: suppliers e1, e4, neither met. d3/5G: nobody offers it.
    found = find_unmet_needs(fixture_projection())
    assert [(n.department_id, n.technology_id) for n in found] == [
        ("department:d3", "technology:t-cv"),
        ("department:d3", "technology:t-5g"),
    ]
    # Up to 2024 the workshop is out: d2 has only its 2023 pilot with e1, not a Blockchain
    # supplier; d3 met nobody.
    earlier = find_unmet_needs(fixture_projection(), UP_TO_2024)
    assert [(n.department_id, n.technology_id) for n in earlier] == [
        ("department:d2", "technology:t-bc"),
        ("department:d3", "technology:t-cv"),
        ("department:d3", "technology:t-5g"),
    ]
    only_d2 = find_unmet_needs(fixture_projection(), UP_TO_2024, {"department:d2"})
    assert [n.technology_id for n in only_d2] == ["technology:t-bc"]


def test_candidates_and_introductions() -> None:
    projection = fixture_projection()
    vision, five_g = with_candidates(projection, find_unmet_needs(projection), count=3)
    assert vision.supplier_count == 2
    assert vision.reason == "2 enterprises offer it, but none has met the department yet"
    # Ranked by the recommendMatches score for d3 (see test_analytics_matching): e1 12, e4 8.
    assert [(c.match.enterprise_id, c.match.score) for c in vision.candidates] == [
        ("enterprise:e1", 12),
        ("enterprise:e4", 8),
    ]
    # d3 met d2 at the workshop, and d2 piloted e1; e4 has no contact link at all.
    introduction = vision.candidates[0].introduction
    assert introduction is not None
    assert introduction.node_ids == (
        "department:d3",
        "event:ev2",
        "department:d2",
        "enterprise:e1",
    )
    assert vision.candidates[1].introduction is None
    assert five_g.candidates == ()
    assert five_g.reason == "no enterprise offers this technology or a narrower one"
    (one,) = with_candidates(projection, find_unmet_needs(projection)[:1], count=1)
    assert [c.match.enterprise_id for c in one.candidates] == ["enterprise:e1"]


def test_technology_coverage_needed_but_not_offered_first() -> None:
    # 5G: needed by d3, offered by nobody. Computer Vision: needed by d3, offered by e1,
    # e4, never met. AI: d1 met e1, e2 at the forum. Blockchain: d2 met e3 at the workshop.
    found = technology_coverage(fixture_projection())
    assert [
        (c.technology_id, c.status, c.departments, c.suppliers, c.contact_events) for c in found
    ] == [
        ("technology:t-5g", CoverageStatus.NO_SUPPLY, ("department:d3",), (), ()),
        (
            "technology:t-cv",
            CoverageStatus.NOT_MET,
            ("department:d3",),
            ("enterprise:e1", "enterprise:e4"),
            (),
        ),
        (
            "technology:t-ai",
            CoverageStatus.MET,
            ("department:d1",),
            ("enterprise:e1", "enterprise:e2", "enterprise:e4"),
            ("event:ev1",),
        ),
        (
            "technology:t-bc",
            CoverageStatus.MET,
            ("department:d2",),
            ("enterprise:e3",),
            ("event:ev2",),
        ),
    ]
    earlier = {
        c.technology_id: c.status for c in technology_coverage(fixture_projection(), UP_TO_2024)
    }
    assert earlier["technology:t-bc"] is CoverageStatus.NOT_MET
