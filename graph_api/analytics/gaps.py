"""Partnership gaps: department needs no suitable enterprise has met yet, and each
technology's demand against its supply and the contact between them.

"Met" means a shared event or a pilot (``meetings.contacts_of``); "suitable" means
offering the technology needed or a narrower one (``supply.suppliers``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from graph_api.analytics.filters import CONTACT_TYPES, EVERY_LINK, LinkFilter
from graph_api.analytics.matching import Match, recommend_matches
from graph_api.analytics.meetings import attendances, met_any
from graph_api.analytics.paths import MAX_HOPS_LIMIT, Path, collaboration_paths
from graph_api.analytics.projection import Projection
from graph_api.analytics.supply import Need, all_needs, demand, suppliers
from graph_api.domain import NodeKind

DEFAULT_CANDIDATES = 3
MAX_CANDIDATES = 10


@dataclass(frozen=True)
class Candidate:
    """An enterprise that could meet a need, and how it could be introduced."""

    match: Match
    introduction: Path | None  # shortest path over contact links, if one exists


@dataclass(frozen=True)
class UnmetNeed:
    """A need no supplier has met the department about yet."""

    need: Need
    supplier_count: int
    candidates: tuple[Candidate, ...]

    @property
    def reason(self) -> str:
        """Why this need counts as unmet."""
        if self.supplier_count == 0:
            return "no enterprise offers this technology or a narrower one"
        plural = "enterprise offers" if self.supplier_count == 1 else "enterprises offer"
        return f"{self.supplier_count} {plural} it, but none has met the department yet"


def find_unmet_needs(
    projection: Projection, links: LinkFilter = EVERY_LINK, departments: Collection[str] = ()
) -> tuple[Need, ...]:
    """Needs no supplier has met the department about: those that have suppliers first
    (an introduction can fix them), then those with none; each by department, technology."""
    found = [
        need
        for need in all_needs(projection)
        if (not departments or need.department_id in departments)
        and not met_any(
            projection, need.department_id, suppliers(projection, need.technology_id), links
        )
    ]
    found.sort(key=lambda need: not suppliers(projection, need.technology_id))
    return tuple(found)


def with_candidates(
    projection: Projection,
    needs: Collection[Need],
    links: LinkFilter = EVERY_LINK,
    count: int = DEFAULT_CANDIDATES,
) -> tuple[UnmetNeed, ...]:
    """The needs with their ``count`` best candidates (by the recommendMatches score) and
    the shortest introduction path to each (over contact links, at most 6 hops)."""
    ranked: dict[str, tuple[Match, ...]] = {}
    answer: list[UnmetNeed] = []
    contact = links.with_types(CONTACT_TYPES)
    for need in needs:
        department = need.department_id
        if department not in ranked:
            ranked[department] = recommend_matches(projection, department, links)
        best = [m for m in ranked[department] if need.technology_id in m.fitted][:count]
        candidates = []
        for match in best:
            paths = collaboration_paths(
                projection, department, match.enterprise_id, contact, k=1, max_hops=MAX_HOPS_LIMIT
            ).paths
            candidates.append(Candidate(match, paths[0] if paths else None))
        supplier_count = len(suppliers(projection, need.technology_id))
        answer.append(UnmetNeed(need, supplier_count, tuple(candidates)))
    return tuple(answer)


class CoverageStatus(StrEnum):
    """Where a technology stands between demand and supply (in the order listed)."""

    NO_SUPPLY = "NO_SUPPLY"  # departments need it; no enterprise offers it
    NOT_MET = "NOT_MET"  # needed and offered; no needing department has met a supplier
    PARTLY_MET = "PARTLY_MET"  # some needing departments have met a supplier
    MET = "MET"  # every needing department has met a supplier
    NO_DEMAND = "NO_DEMAND"  # offered; no department needs it
    UNUSED = "UNUSED"  # neither needed nor offered


STATUS_ORDER = {status: rank for rank, status in enumerate(CoverageStatus)}


@dataclass(frozen=True)
class Coverage:
    """One technology's demand, supply and contact."""

    technology_id: str
    status: CoverageStatus
    departments: tuple[str, ...]  # needing exactly this technology
    suppliers: tuple[str, ...]  # offering it or a narrower one
    departments_met: tuple[str, ...]  # needing departments that met a supplier
    contact_events: tuple[str, ...]  # events where a needing department met a supplier


def coverage_status(demand_count: int, supply_count: int, met_count: int) -> CoverageStatus:
    """Where a technology stands, from how many departments need it, how many
    enterprises supply it and how many of the needing departments met a supplier."""
    if demand_count == 0:
        return CoverageStatus.NO_DEMAND if supply_count else CoverageStatus.UNUSED
    if supply_count == 0:
        return CoverageStatus.NO_SUPPLY
    if met_count == 0:
        return CoverageStatus.NOT_MET
    return CoverageStatus.MET if met_count == demand_count else CoverageStatus.PARTLY_MET


def _contact_events(
    projection: Projection, departments: list[str], offering: Collection[str], links: LinkFilter
) -> tuple[str, ...]:
    supplier_events: set[str] = set()
    for enterprise in offering:
        supplier_events.update(attendances(projection, enterprise, links))
    events: set[str] = set()
    for department in departments:
        events.update(supplier_events.intersection(attendances(projection, department, links)))
    return tuple(sorted(events))


def technology_coverage(
    projection: Projection, links: LinkFilter = EVERY_LINK
) -> tuple[Coverage, ...]:
    """Every technology's coverage: by status (needed but not offered first), then most
    demand first, then id."""
    needing = demand(projection)
    answer: list[Coverage] = []
    for technology in projection.ids_of(NodeKind.TECHNOLOGY):
        departments = needing.get(technology, [])
        offering = suppliers(projection, technology)
        met = [d for d in departments if met_any(projection, d, offering, links)]
        events = _contact_events(projection, departments, offering, links)
        status = coverage_status(len(departments), len(offering), len(met))
        answer.append(
            Coverage(technology, status, tuple(departments), tuple(offering), tuple(met), events)
        )
    answer.sort(key=lambda c: (STATUS_ORDER[c.status], -len(c.departments), c.technology_id))
    return tuple(answer)
