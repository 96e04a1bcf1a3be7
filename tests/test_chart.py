"""The organisation chart's rule in Python (graph_api.domain.chart): a department's place
on a day, and the bureau a unit is under."""

from __future__ import annotations

import datetime as dt

from graph_api.domain import NodeKind
from graph_api.domain.chart import CHART_STEPS, bureau_in_chart, current_place

B, D = NodeKind.BUREAU, NodeKind.DEPARTMENT
MOVED = [("bureau:cedb", B, None), ("bureau:eeb", B, dt.date(2022, 7, 1))]


def test_the_newest_link_on_the_day_is_the_place() -> None:
    assert current_place(MOVED) == ("bureau:eeb", B)
    assert current_place(MOVED, dt.date(2022, 7, 1)) == ("bureau:eeb", B)
    assert current_place(MOVED, dt.date(2022, 6, 30)) == ("bureau:cedb", B)
    assert current_place(reversed(MOVED)) == ("bureau:eeb", B)  # order given does not matter


def test_ties_go_to_the_greater_id_and_other_kinds_never_count() -> None:
    same_day = [("bureau:b", B, None), ("bureau:a", B, None)]
    assert current_place(same_day) == ("bureau:b", B)
    assert current_place([("partner:x", NodeKind.PARTNER_BODY, dt.date(2030, 1, 1))]) is None
    assert current_place([("technology:ai", None, None), ("department:fehd", D, None)]) == (
        "department:fehd",
        D,
    )
    assert current_place([]) is None


def test_a_unit_is_under_its_departments_bureau_and_no_deeper() -> None:
    places = {
        "department:cfs": ("department:fehd", D),
        "department:fehd": ("bureau:eeb", B),
        "department:lab": ("department:cfs", D),  # a unit of a unit
        "department:loop": ("department:loop", D),
    }
    assert bureau_in_chart(places.get, "department:fehd") == "bureau:eeb"
    assert bureau_in_chart(places.get, "department:cfs") == "bureau:eeb"
    assert CHART_STEPS == 2
    assert bureau_in_chart(places.get, "department:lab") is None
    assert bureau_in_chart(places.get, "department:loop") is None
    assert bureau_in_chart(places.get, "department:none") is None
