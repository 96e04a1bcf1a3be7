"""The invite list's own rules, on hand-made matches: each need puts forward its best
fitting enterprises, one entry per enterprise, most needs first, then the best score."""

from __future__ import annotations

from collections.abc import Sequence

from graph_api.analytics.gaps_in_store import NeedGap
from graph_api.analytics.invite_list import invite_list
from graph_api.analytics.matching import Component, Match, Reason
from graph_api.analytics.supply import Need
from graph_api.domain import LinkRecord, RelType


def _gap(department: str, technology: str) -> NeedGap:
    link = LinkRecord(RelType.NEEDS, department, technology)
    return NeedGap(Need.from_link(link), supplier_count=1)


def _match(enterprise: str, score: int, *fits: str) -> Match:
    reason = Reason(Component.TECHNOLOGY_FIT, score, "fits")
    return Match(enterprise, score, (reason,), None, False, frozenset(fits))


RANKINGS = {
    "department:a": [
        _match("enterprise:x", 9, "technology:ai", "technology:iot"),
        _match("enterprise:y", 7, "technology:ai"),
        _match("enterprise:z", 5, "technology:iot"),
    ],
    "department:b": [_match("enterprise:y", 8, "technology:ai")],
}


async def _rank(department: str) -> Sequence[Match]:
    return RANKINGS[department]


async def test_each_need_puts_forward_its_best_fitting_enterprises() -> None:
    gaps = [
        _gap("department:a", "technology:ai"),
        _gap("department:a", "technology:iot"),
        _gap("department:b", "technology:ai"),
    ]
    found = await invite_list(gaps, _rank, per_need=1)
    # x is best for both of a's needs; y is b's only candidate.
    assert [(i.enterprise_id, len(i.reasons), i.best_score) for i in found] == [
        ("enterprise:x", 2, 9),
        ("enterprise:y", 1, 8),
    ]
    wider = await invite_list(gaps, _rank, per_need=2)
    assert [(i.enterprise_id, len(i.reasons), i.best_score) for i in wider] == [
        ("enterprise:x", 2, 9),
        ("enterprise:y", 2, 8),
        ("enterprise:z", 1, 5),
    ]
    assert [r.need.department_id for r in wider[1].reasons] == ["department:a", "department:b"]


async def test_no_needs_no_invitees() -> None:
    assert await invite_list([], _rank, per_need=3) == []
