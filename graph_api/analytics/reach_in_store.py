"""Who the Smart Lab and the partner bodies have not reached, answered by the store: the
same answers as ``reach.unreached`` and ``reach.partner_body_coverage`` over a
projection, without one.

The database reports per department its attendances in the period and its newest event,
which bureaux and departments met an enterprise, and which government parties each
partner body's enterprises met; Python rolls departments up to bureaux through the
organisation chart (hundreds of rows) and applies the rules of ``analytics.reach``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping

from graph_api.analytics.filters import LinkFilter
from graph_api.analytics.lens import Lens
from graph_api.analytics.met_in_store import attendance_scope
from graph_api.analytics.reach import (
    BodyCoverage,
    BureauReach,
    Reach,
    UnmatchedBureau,
    UnreachedDepartment,
    open_at_end,
)
from graph_api.domain import NodeKind, kind_of_id
from graph_api.domain.chart import Place, bureau_in_chart
from graph_api.store.base import GraphStore
from graph_api.store.gap_reads import GapReads
from graph_api.store.link_scope import LinkScope


class _Chart:
    """The organisation chart of one question: each unit's bureau, and who is under whom."""

    def __init__(self, places: Mapping[str, Place], departments: Collection[str]) -> None:
        self.bureau = {d: bureau_in_chart(places.get, d) for d in sorted(departments)}
        self.under: dict[str, list[str]] = defaultdict(list)
        for department, bureau in self.bureau.items():
            if bureau is not None:
                self.under[bureau].append(department)

    def bureau_of_party(self, party: str) -> str | None:
        """A bureau itself, or the bureau a department is under."""
        if kind_of_id(party) is NodeKind.BUREAU:
            return party
        return self.bureau.get(party)


def _as_it_stood(dissolved: str | None, as_of: dt.date | None) -> str | None:
    """An office dissolved after the as-of day was not dissolved yet on it."""
    if dissolved and as_of is not None and dissolved > as_of.isoformat():
        return None
    return dissolved


async def _chart(reads: GapReads, scope: LinkScope, departments: Collection[str]) -> _Chart:
    return _Chart(await reads.org_chart(scope), departments)


async def unreached(store: GraphStore, links: LinkFilter, lens: Lens) -> Reach:
    """Departments with no event in the period and unmatched bureaux, by id; offices
    dissolved before the period ended are left out (four round-trips)."""
    reads, scope = store.gap_reads, attendance_scope(links, lens)
    end = links.period.end
    attendance = await reads.department_attendance(scope)
    chart = await _chart(reads, scope, [row.department_id for row in attendance])
    departments = tuple(
        UnreachedDepartment(
            row.department_id,
            chart.bureau[row.department_id],
            row.latest_event_id,
            row.latest_day,
        )
        for row in attendance
        if row.attended_in_period == 0 and open_at_end(_as_it_stood(row.dissolved, lens.as_of), end)
    )
    met = await reads.government_met_enterprise(scope)
    bureaux = await reads.entities(scope, NodeKind.BUREAU)
    unmatched = tuple(
        UnmatchedBureau(bureau, tuple(chart.under.get(bureau, ())))
        for bureau, dissolved in sorted(bureaux.items())
        if open_at_end(_as_it_stood(dissolved, lens.as_of), end)
        and bureau not in met
        and met.isdisjoint(chart.under.get(bureau, ()))
    )
    return Reach(departments, unmatched)


async def default_bodies(store: GraphStore, lens: Lens) -> tuple[str, ...]:
    """Partner bodies with at least one incubatee or member (one round-trip)."""
    scope = attendance_scope(LinkFilter(), lens)
    return tuple(await store.gap_reads.partner_bodies(scope))


async def partner_body_coverage(
    store: GraphStore, bodies: Collection[str], links: LinkFilter, lens: Lens
) -> tuple[BodyCoverage, ...]:
    """Each body's reach, in the order given (five round-trips)."""
    reads, scope = store.gap_reads, attendance_scope(links, lens)
    members = await reads.partner_members(scope, bodies)
    contacts = await reads.government_contacts(scope, {e for ids in members.values() for e in ids})
    departments = await reads.entities(scope, NodeKind.DEPARTMENT)
    chart = await _chart(reads, scope, departments)
    bureaux = await reads.entities(scope, NodeKind.BUREAU)
    answer = []
    for body in bodies:
        enterprises = members.get(body, ())
        by_bureau: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for enterprise in enterprises:
            for party in contacts.get(enterprise, ()):
                bureau = chart.bureau_of_party(party)
                if bureau is not None:
                    by_bureau[bureau][enterprise].add(party)
        reached = [
            BureauReach(
                bureau,
                tuple(sorted(met)),
                tuple(sorted({g for parties in met.values() for g in parties})),
                sum(len(parties) for parties in met.values()),
            )
            for bureau, met in by_bureau.items()
        ]
        reached.sort(key=lambda r: (-len(r.enterprise_ids), r.bureau_id))
        met_government = sorted({e for r in reached for e in r.enterprise_ids})
        not_reached = tuple(
            b
            for b, dissolved in sorted(bureaux.items())
            if b not in by_bureau
            and open_at_end(_as_it_stood(dissolved, lens.as_of), links.period.end)
        )
        answer.append(
            BodyCoverage(body, enterprises, tuple(met_government), tuple(reached), not_reached)
        )
    return tuple(answer)
