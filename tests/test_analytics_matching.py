"""recommendMatches' score on the hand-made fixture, every component worked out by hand."""

from __future__ import annotations

from graph_api.analytics.matching import Component, recommend_matches
from tests.analytics_fixture import fixture_projection


def _scores(department: str, **filters: list[str]) -> list[tuple[str, int, dict[str, int]]]:
    found = recommend_matches(
        fixture_projection(),
        department,
        origins=filters.get("origins", []),
        sizes=filters.get("sizes", []),
    )
    return [
        (m.enterprise_id, m.score, {r.component.value: r.points for r in m.reasons}) for m in found
    ]


def test_score_for_a_department_with_an_unmet_need() -> None:
    # d3 needs Computer Vision (offered by e1, e4; met neither) and 5G (nobody).
    # e1: exact fit 3 + unmet need 2 + proximity 6-3 (d3-ev2-d2-e1) = 3 + partner body 1
    #     (PARK incubates it but organised nothing d3 attended) + not met 3 = 12.
    # e4: exact fit 3 + unmet need 2 + not met 3 = 8 (no contact link, no partner body).
    assert _scores("department:d3") == [
        (
            "enterprise:e1",
            12,
            {
                "TECHNOLOGY_FIT": 3,
                "UNMET_NEED": 2,
                "PROXIMITY": 3,
                "PARTNER_BODY": 1,
                "NOT_MET_YET": 3,
            },
        ),
        ("enterprise:e4", 8, {"TECHNOLOGY_FIT": 3, "UNMET_NEED": 2, "NOT_MET_YET": 3}),
    ]


def test_score_for_a_department_that_met_its_suppliers() -> None:
    # d1 needs AI; it met e1 and e2 at the forum, which PARK organised.
    # e1: narrower fit (Computer Vision) 2 + proximity 6-2 = 4 + PARK organised the forum
    #     d1 attended 2 = 8.   e2: exact fit 3 + proximity 4 + PC tie 1 = 8 (tie: by id).
    # e4: narrower fit 2 + not met 3 = 5.
    assert _scores("department:d1") == [
        ("enterprise:e1", 8, {"TECHNOLOGY_FIT": 2, "PROXIMITY": 4, "PARTNER_BODY": 2}),
        ("enterprise:e2", 8, {"TECHNOLOGY_FIT": 3, "PROXIMITY": 4, "PARTNER_BODY": 1}),
        ("enterprise:e4", 5, {"TECHNOLOGY_FIT": 2, "NOT_MET_YET": 3}),
    ]


def test_origin_and_size_filters() -> None:
    assert [e for e, _, _ in _scores("department:d1", origins=["MAINLAND"])] == ["enterprise:e2"]
    assert [e for e, _, _ in _scores("department:d1", sizes=["SME"])] == [
        "enterprise:e2",
        "enterprise:e4",
    ]


def test_reasons_say_why() -> None:
    first = recommend_matches(fixture_projection(), "department:d1")[0]
    assert first.met
    assert first.hops == 2
    details = {r.component: r.detail for r in first.reasons}
    assert details[Component.TECHNOLOGY_FIT] == (
        "offers Computer Vision, under AI, for the need: Automate permit checks"
    )
    assert details[Component.PARTNER_BODY] == (
        "tied to PARK, which (co-)organised an event the department attended"
    )
    assert details[Component.PROXIMITY] == "2 hops away through contact links"


def test_no_needs_no_recommendations() -> None:
    assert recommend_matches(fixture_projection(), "bureau:b1") == ()


def test_same_answer_every_time() -> None:
    assert recommend_matches(fixture_projection(), "department:d3") == recommend_matches(
        fixture_projection(), "department:d3"
    )


def test_matches_with_the_same_reasons_share_them() -> None:
    # d3's e1 and e4 share only the exact fit; scored twice, each match's reasons and
    # fitted technologies are the very objects of the first scoring (a ranking of
    # 43,000 matches at 10^5 entities holds a few hundred kinds of reasons).
    first = recommend_matches(fixture_projection(), "department:d3")
    again = recommend_matches(fixture_projection(), "department:d3")
    assert [m.enterprise_id for m in first] == ["enterprise:e1", "enterprise:e4"]
    for one, other in zip(first, again, strict=True):
        assert one == other
        assert one.reasons is other.reasons
        assert one.fitted is other.fitted
