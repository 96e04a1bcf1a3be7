"""Unreached departments and partner-body coverage on the hand-made fixture."""

from __future__ import annotations

import datetime as dt

from graph_api.analytics.filters import LinkFilter, Period
from graph_api.analytics.reach import (
    BureauReach,
    bureau_of,
    default_bodies,
    partner_body_coverage,
    unreached,
)
from tests.analytics_fixture import fixture_projection

SINCE_2025 = LinkFilter(period=Period(start=dt.date(2025, 1, 1)))
UP_TO_2024 = LinkFilter(period=Period(end=dt.date(2024, 12, 31)))


def test_bureau_of() -> None:
    assert bureau_of(fixture_projection(), "department:d3") == "bureau:b2"


def test_unreached_departments_and_unmatched_bureaux() -> None:
    projection = fixture_projection()
    # Every department attended an event at some time, and every bureau's departments met
    # an enterprise.
    everything = unreached(projection)
    assert everything.departments == ()
    assert everything.bureaux == ()
    # In 2025 only the workshop counts: d1 (last at the forum, 2024-03-01) is unreached.
    recent = unreached(projection, SINCE_2025)
    assert [
        (d.department_id, d.bureau_id, d.last_event_id, d.last_event_day)
        for d in recent.departments
    ] == [("department:d1", "bureau:b1", "event:ev1", dt.date(2024, 3, 1))]
    assert recent.bureaux == ()
    # Up to 2024: d2 and d3 attended nothing (their workshop is in 2025); b2's only
    # department d3 met no enterprise, while b1's d1 met e1 and e2 at the forum.
    earlier = unreached(projection, UP_TO_2024)
    assert [d.department_id for d in earlier.departments] == ["department:d2", "department:d3"]
    assert [(b.bureau_id, b.department_ids) for b in earlier.bureaux] == [
        ("bureau:b2", ("department:d3",))
    ]


def test_partner_body_coverage() -> None:
    projection = fixture_projection()
    assert default_bodies(projection) == ("partner:p1", "partner:p2")
    park, council = partner_body_coverage(projection, default_bodies(projection))
    # PARK incubates e1 (met d1 at the forum, d2 by pilot) and e3 (met d2, d3 at the
    # workshop): b1 through d1 and d2 (3 pairs: e1-d1, e1-d2, e3-d2), b2 through d3.
    assert park.enterprise_ids == ("enterprise:e1", "enterprise:e3")
    assert park.enterprises_met_government == ("enterprise:e1", "enterprise:e3")
    assert park.reached == (
        BureauReach(
            "bureau:b1",
            ("enterprise:e1", "enterprise:e3"),
            ("department:d1", "department:d2"),
            3,
        ),
        BureauReach("bureau:b2", ("enterprise:e3",), ("department:d3",), 1),
    )
    assert park.not_reached == ()
    # PC's member e2 met d1 (forum), d2 and d3 (workshop).
    assert council.reached == (
        BureauReach("bureau:b1", ("enterprise:e2",), ("department:d1", "department:d2"), 2),
        BureauReach("bureau:b2", ("enterprise:e2",), ("department:d3",), 1),
    )
    # Up to 2024 the workshop is out: PARK reaches b1 only through e1; b2 is beyond it.
    (earlier,) = partner_body_coverage(projection, ["partner:p1"], UP_TO_2024)
    assert earlier.reached == (
        BureauReach("bureau:b1", ("enterprise:e1",), ("department:d1", "department:d2"), 2),
    )
    assert earlier.not_reached == ("bureau:b2",)
    assert earlier.enterprises_met_government == ("enterprise:e1",)
