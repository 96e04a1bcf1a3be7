"""Who the Smart Lab and the partner bodies have not reached yet.

* Unreached departments: no event attended in the period; unmatched bureaux: neither the
  bureau nor any of its departments met an enterprise (shared event or pilot).
* Partner-body coverage: which of a body's enterprises (incubatees and members) met which
  bureaux (through the bureau or any department under it), and which bureaux none did.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from graph_api.analytics.filters import EVERY_LINK, LinkFilter
from graph_api.analytics.meetings import attendances, piloted_with
from graph_api.analytics.projection import Projection
from graph_api.domain import NodeKind, RelType
from graph_api.domain.chart import Place, bureau_in_chart, current_place

_ENTERPRISE = frozenset({NodeKind.ENTERPRISE})
_GOVERNMENT = frozenset({NodeKind.BUREAU, NodeKind.DEPARTMENT})


def bureau_of(projection: Projection, department: str) -> str | None:
    """The bureau a department is under on the projection's day (``CHART_RULE``)."""

    def place_of(node_id: str) -> Place | None:
        return current_place(
            (inc.neighbour, projection.kind_of(inc.neighbour), inc.link.date)
            for inc in projection.incidences(node_id, RelType.PART_OF)
            if inc.outgoing
        )

    return bureau_in_chart(place_of, department)


def departments_under(projection: Projection) -> dict[str, list[str]]:
    """Bureau id -> the departments under it (at any depth), sorted."""
    found: dict[str, list[str]] = defaultdict(list)
    for department in projection.ids_of(NodeKind.DEPARTMENT):
        bureau = bureau_of(projection, department)
        if bureau is not None:
            found[bureau].append(department)
    return found


@dataclass(frozen=True)
class UnreachedDepartment:
    """A department that attended no event in the period, and when it last did."""

    department_id: str
    bureau_id: str | None
    last_event_id: str | None  # its latest event at any time, if any
    last_event_day: dt.date | None


@dataclass(frozen=True)
class UnmatchedBureau:
    """A bureau none of whose departments (nor itself) has met an enterprise."""

    bureau_id: str
    department_ids: tuple[str, ...]


@dataclass(frozen=True)
class Reach:
    """The answer to unreachedDepartments."""

    departments: tuple[UnreachedDepartment, ...]
    bureaux: tuple[UnmatchedBureau, ...]


def _attendees_by_event(
    projection: Projection, links: LinkFilter, kinds: frozenset[NodeKind]
) -> dict[str, list[str]]:
    """Event id -> its attendees of these kinds (one pass over the attendance links)."""
    found: dict[str, list[str]] = defaultdict(list)
    for event in projection.ids_of(NodeKind.EVENT):
        for inc in projection.incidences(event, RelType.ATTENDED):
            if projection.kind_of(inc.neighbour) in kinds and links.allows(inc.link, inc.day):
                found[event].append(inc.neighbour)
    return found


def _met_an_enterprise(
    projection: Projection, party: str, links: LinkFilter, with_enterprises: Collection[str]
) -> bool:
    """Whether ``party`` attended one of ``with_enterprises`` (events an enterprise also
    attended) or shares a pilot with an enterprise."""
    piloted = piloted_with(projection, party, links)
    if any(projection.kind_of(p) is NodeKind.ENTERPRISE for p in piloted):
        return True
    return not attendances(projection, party, links).keys().isdisjoint(with_enterprises)


def still_there(projection: Projection, node_id: str, links: LinkFilter = EVERY_LINK) -> bool:
    """Whether an office still existed at the end of the period: one dissolved before
    then (OGCIO, merged into the DPO in 2024) can no longer be reached, so it is not a
    gap. With an as-of date, the lens has already put back what was true then."""
    return open_at_end(projection.nodes[node_id].properties.get("dissolved"), links.period.end)


def open_at_end(dissolved: object, end: dt.date | None) -> bool:
    """Whether an office dissolved on ``dissolved`` (None: never) still existed at
    ``end``, the end of a period (None: open-ended, so only if never dissolved)."""
    if not dissolved:
        return True
    return end is not None and end.isoformat() <= str(dissolved)


def unreached(projection: Projection, links: LinkFilter = EVERY_LINK) -> Reach:
    """Departments with no event in the period (by id) and unmatched bureaux (by id);
    offices dissolved before the period ended are left out."""
    departments: list[UnreachedDepartment] = []
    for department in projection.ids_of(NodeKind.DEPARTMENT):
        if not still_there(projection, department, links):
            continue
        if attendances(projection, department, links):
            continue
        ever = attendances(projection, department)
        latest = max(
            ever.items(), key=lambda item: (item[1].day or dt.date.min, item[0]), default=None
        )
        departments.append(
            UnreachedDepartment(
                department,
                bureau_of(projection, department),
                latest[0] if latest else None,
                latest[1].day if latest else None,
            )
        )
    under = departments_under(projection)
    with_enterprises = set(_attendees_by_event(projection, links, _ENTERPRISE))
    bureaux = [
        UnmatchedBureau(bureau, tuple(under.get(bureau, ())))
        for bureau in projection.ids_of(NodeKind.BUREAU)
        if still_there(projection, bureau, links)
        and not any(
            _met_an_enterprise(projection, party, links, with_enterprises)
            for party in (bureau, *under.get(bureau, ()))
        )
    ]
    return Reach(tuple(departments), tuple(bureaux))


@dataclass(frozen=True)
class BureauReach:
    """The enterprises of one partner body that met one bureau (or its departments)."""

    bureau_id: str
    enterprise_ids: tuple[str, ...]
    government_ids: tuple[str, ...]  # the bureau and departments they met
    contact_count: int  # distinct enterprise–department (or bureau) pairs that met


@dataclass(frozen=True)
class BodyCoverage:
    """How far one partner body's enterprises reach into government."""

    body_id: str
    enterprise_ids: tuple[str, ...]  # incubatees and members
    enterprises_met_government: tuple[str, ...]
    reached: tuple[BureauReach, ...]  # most enterprises first, then bureau id
    not_reached: tuple[str, ...]  # bureaux none of its enterprises met


def body_enterprises(projection: Projection, body: str) -> tuple[str, ...]:
    """The enterprises a partner body incubates or counts as members, sorted."""
    return tuple(
        sorted(
            {
                inc.neighbour
                for rel_type in (RelType.INCUBATED_BY, RelType.MEMBER_OF)
                for inc in projection.incidences(body, rel_type)
                if not inc.outgoing
            }
        )
    )


def default_bodies(projection: Projection) -> tuple[str, ...]:
    """Partner bodies with at least one incubatee or member (HKSTP, Cyberport, HKPC)."""
    return tuple(
        b for b in projection.ids_of(NodeKind.PARTNER_BODY) if body_enterprises(projection, b)
    )


def partner_body_coverage(
    projection: Projection, bodies: Collection[str], links: LinkFilter = EVERY_LINK
) -> tuple[BodyCoverage, ...]:
    """Each body's reach, in the order given."""
    bureau_by_department = {
        d: bureau_of(projection, d) for d in projection.ids_of(NodeKind.DEPARTMENT)
    }
    government_at = _attendees_by_event(projection, links, _GOVERNMENT)
    answer: list[BodyCoverage] = []
    for body in bodies:
        enterprises = body_enterprises(projection, body)
        by_bureau: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for enterprise in enterprises:
            met = set(piloted_with(projection, enterprise, links))
            for event in attendances(projection, enterprise, links):
                met.update(government_at.get(event, ()))
            for other in met:
                kind = projection.kind_of(other)
                bureau = other if kind is NodeKind.BUREAU else bureau_by_department.get(other)
                if kind in _GOVERNMENT and bureau is not None:
                    by_bureau[bureau][enterprise].add(other)
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
            for b in projection.ids_of(NodeKind.BUREAU)
            if b not in by_bureau and still_there(projection, b, links)
        )
        answer.append(
            BodyCoverage(body, enterprises, tuple(met_government), tuple(reached), not_reached)
        )
    return tuple(answer)
