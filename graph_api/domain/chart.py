"""The organisation chart's one rule: where a department sits on a day, and its bureau.

Every answer that rolls departments up to bureaux reads the chart this way: the
analytics (``cypher/org_chart.cypher``), the nested lists ``Bureau.departments`` and
``Department.bureau`` (``chart_links_in``/``chart_links_out`` and the Neo4j nested
blocks) and the oracle over a whole-graph copy (``graph_api.analytics.reach``). The
Cypher files say it in Cypher; this module says it in Python, for the copy and the
tests.

A link has no end date, so a department moved to another bureau (the Hong Kong
Observatory from CEDB to EEB on 1 July 2022) keeps both PART_OF links, and the newer
one tells where it sits from its day on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from graph_api.domain.kinds import NodeKind, RelType

# The kinds a department's place can be: its bureau, or the department it is a unit of.
CHART_KINDS = (NodeKind.BUREAU, NodeKind.DEPARTMENT)
# The link that gives a place, and the kind whose links follow the rule (a partner body
# under two departments, or a technology under two broader ones, keeps both).
CHART_TYPE, CHART_UNIT = RelType.PART_OF, NodeKind.DEPARTMENT
# A department under a bureau, or a unit of such a department: units of units are not
# followed (two PART_OF steps at most, as the Cypher files match them).
CHART_STEPS = 2

CHART_RULE = (
    "The organisation chart on a day: a department's place is its newest PART_OF link to "
    "a bureau or department dated on or before that day (undated links count as the "
    "oldest), so a department moved to another bureau keeps its history. A unit (a "
    "department whose place is another department, such as the Centre for Food Safety "
    "under FEHD) is under that department's bureau; units of units are not followed."
)

Place = tuple[str, NodeKind]


def current_place(
    links: Iterable[tuple[str, NodeKind | None, dt.date | None]], on: dt.date | None = None
) -> Place | None:
    """Of a department's PART_OF links (parent id, parent kind, link date), the one that
    gives its place on ``on`` (any day if None): the newest dated on or before it, undated
    ones oldest; of two on one day, the greater parent id."""
    best: tuple[str, str, NodeKind] | None = None
    for parent, kind, day in links:
        if kind not in CHART_KINDS or (on is not None and day is not None and day > on):
            continue
        key = (day.isoformat() if day else "", parent, kind)
        if best is None or key[:2] > best[:2]:
            best = key
    return None if best is None else (best[1], best[2])


def bureau_in_chart(place_of: Callable[[str], Place | None], department: str) -> str | None:
    """The bureau ``department`` is under, given each department's place: its place if
    that is a bureau, else (a unit) its place's bureau; None beyond ``CHART_STEPS``."""
    current = department
    for _ in range(CHART_STEPS):
        place = place_of(current)
        if place is None:
            return None
        parent, kind = place
        if kind is NodeKind.BUREAU:
            return parent
        current = parent
    return None


def chart_params() -> dict[str, str | list[str]]:
    """The parameters every Cypher file names the rule by: the kinds a place can be
    (``org_chart``, ``chart_links_*``, the nested chart blocks), and the link and kind it
    applies to (``path_links*``, ``next_hop*``, ``hop_*``, where a superseded place is not
    followed)."""
    return {
        "chart_kinds": [kind.value for kind in CHART_KINDS],
        "chart_type": CHART_TYPE.value,
        "chart_unit": CHART_UNIT.value,
    }
