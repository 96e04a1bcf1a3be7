"""Enterprises recommended to a department, by a documented score with its reasons.

score = technology fit + unmet need + proximity + partner body + not met yet, where

* technology fit: for each of the department's needs, +3 if the enterprise offers that
  technology, +2 if it offers only a narrower one (at most once per need);
* unmet need: +2 for each of those needs that no enterprise offering the technology (or a
  narrower one) has met the department yet (shared event or pilot);
* proximity: 6 − hops between them over contact links (``filters.CONTACT_TYPES``), when
  that is 1 to 5 hops; 0 when further or not connected;
* partner body: +2 if a partner body incubating the enterprise (or counting it as a
  member) organised or co-organised an event the department attended, else +1 if it has
  any such partner body;
* not met yet: +3 if they have never shared an event or a pilot.

Only enterprises with a technology fit are ranked: a department with no recorded needs
gets no recommendations. Ties are broken by enterprise id, so the ranking is the same
for the same data.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum

from graph_api.analytics.explain import display_name
from graph_api.analytics.filters import CONTACT_TYPES, EVERY_LINK, LinkFilter
from graph_api.analytics.meetings import attendances, contacts_of
from graph_api.analytics.paths import hop_distances
from graph_api.analytics.projection import Projection
from graph_api.analytics.supply import (
    Fit,
    Need,
    narrower_or_same,
    needs_of,
    offers,
    suppliers,
)
from graph_api.domain import NodeKind, NodeRecord, RelType

FIT_POINTS = {Fit.EXACT: 3, Fit.NARROWER: 2}
UNMET_NEED_POINTS = 2
PROXIMITY_BASE = 6  # proximity = PROXIMITY_BASE - hops, for 1..5 hops
PARTNER_CHANNEL_POINTS = 2
PARTNER_TIE_POINTS = 1
NOT_MET_POINTS = 3


class Component(StrEnum):
    """The parts a match score is made of."""

    TECHNOLOGY_FIT = "TECHNOLOGY_FIT"
    UNMET_NEED = "UNMET_NEED"
    PROXIMITY = "PROXIMITY"
    PARTNER_BODY = "PARTNER_BODY"
    NOT_MET_YET = "NOT_MET_YET"


@dataclass(frozen=True, slots=True)
class Reason:
    """One part of a score: which component, how many points, and why."""

    component: Component
    points: int
    detail: str
    inferred: bool = False  # rests on an inferred link (analytics.lens), not a recorded one


@dataclass(frozen=True, slots=True)
class Match:
    """An enterprise recommended to a department."""

    enterprise_id: str
    score: int
    reasons: tuple[Reason, ...]
    hops: int | None  # over contact links; None when more than 5 hops or not connected
    met: bool
    fitted: frozenset[str]  # the needed technologies it fits


def _names(records: Mapping[str, NodeRecord], ids: Collection[str]) -> str:
    return ", ".join(display_name(records[i]) for i in sorted(ids))


@dataclass(frozen=True, slots=True)
class Fitting:
    """How an enterprise fits one need: exactly, or with these narrower technologies."""

    need: Need
    fit: Fit
    offered: frozenset[str]  # the technologies it offers that serve the need


@dataclass(frozen=True, slots=True)
class Candidacy:
    """Everything a match score is made of for one enterprise, however it was gathered
    (from a projection here, from the store in ``matching_in_store``)."""

    enterprise_id: str
    fittings: tuple[Fitting, ...]  # in the department's needs order
    hops: int | None  # over contact links, at most 5
    inferred_hops: bool  # nearer only through an inferred meeting
    bodies: frozenset[str]  # partner bodies incubating it or counting it as a member
    met: bool


def score(
    candidacy: Candidacy,
    unmet: Collection[str],
    channels: Collection[str],
    records: Mapping[str, NodeRecord],
) -> Match:
    """The match: its reasons and score. ``unmet`` are the needed technologies no
    supplier has met the department about, ``channels`` the partner bodies that
    (co-)organised an event it attended; ``records`` name the technologies and bodies."""
    reasons: list[Reason] = []
    for fitting in candidacy.fittings:
        technology_id = fitting.need.technology_id
        technology = records[technology_id].name_en
        if fitting.fit is Fit.EXACT:
            detail = f"offers {technology}"
        else:
            detail = f"offers {_names(records, fitting.offered)}, under {technology}"
        if fitting.need.text:
            detail += f", for the need: {fitting.need.text}"
        reasons.append(Reason(Component.TECHNOLOGY_FIT, FIT_POINTS[fitting.fit], detail))
        if technology_id in unmet:
            reasons.append(
                Reason(
                    Component.UNMET_NEED,
                    UNMET_NEED_POINTS,
                    f"no enterprise offering {technology} has met the department yet",
                )
            )
    hops = candidacy.hops
    if hops is not None:
        reasons.append(
            Reason(
                Component.PROXIMITY,
                PROXIMITY_BASE - hops,
                f"{hops} hop{'s' if hops != 1 else ''} away through contact links"
                + (" (through an inferred meeting)" if candidacy.inferred_hops else ""),
                candidacy.inferred_hops,
            )
        )
    partner = _partner_reason(candidacy.bodies, set(channels), records)
    if partner is not None:
        reasons.append(partner)
    if not candidacy.met:
        reasons.append(
            Reason(
                Component.NOT_MET_YET,
                NOT_MET_POINTS,
                "has not met the department at an event or in a pilot",
            )
        )
    fitted = _shared_fit(frozenset(f.need.technology_id for f in candidacy.fittings))
    total = sum(reason.points for reason in reasons)
    return Match(
        candidacy.enterprise_id, total, _shared_reasons(tuple(reasons)), hops, candidacy.met, fitted
    )


# Most matches of a ranking give the same reasons (a department's 43,000 candidates at
# 10^5 entities have a few hundred kinds): kept once, a ranking is a fifth of the size.
# The caches keep the latest few thousand kinds (names and need texts in them) for the
# life of the process, a few MB at most.
@functools.lru_cache(maxsize=4096)
def _shared_reasons(reasons: tuple[Reason, ...]) -> tuple[Reason, ...]:
    return reasons


@functools.lru_cache(maxsize=1024)
def _shared_fit(fitted: frozenset[str]) -> frozenset[str]:
    return fitted


def _partner_reason(
    bodies: frozenset[str], channels: set[str], records: Mapping[str, NodeRecord]
) -> Reason | None:
    if not bodies:
        return None
    with_channel = bodies & channels
    if with_channel:
        return Reason(
            Component.PARTNER_BODY,
            PARTNER_CHANNEL_POINTS,
            f"tied to {_names(records, with_channel)}, which (co-)organised an event "
            "the department attended",
        )
    return Reason(Component.PARTNER_BODY, PARTNER_TIE_POINTS, f"tied to {_names(records, bodies)}")


def _channels(projection: Projection, department: str, links: LinkFilter) -> set[str]:
    """Partner bodies that (co-)organised an event the department attended."""
    found: set[str] = set()
    for event in attendances(projection, department, links):
        for rel_type in (RelType.ORGANISED, RelType.CO_ORGANISED):
            for inc in projection.incidences(event, rel_type):
                if projection.kind_of(inc.neighbour) is NodeKind.PARTNER_BODY:
                    found.add(inc.neighbour)
    return found


def recommend_matches(
    projection: Projection,
    department: str,
    links: LinkFilter = EVERY_LINK,
    origins: Collection[str] = (),
    sizes: Collection[str] = (),
) -> tuple[Match, ...]:
    """Every enterprise with a technology fit for ``department``, best score first."""
    needs = needs_of(projection, department)
    met = contacts_of(projection, department, links)
    unmet = {
        need.technology_id
        for need in needs
        if met.isdisjoint(suppliers(projection, need.technology_id))
    }
    distances = hop_distances(
        projection, department, links.with_types(CONTACT_TYPES), PROXIMITY_BASE - 1
    )
    # The same without inferred meetings (only a lens that infers them adds any): where
    # they are nearer with them, the reason says so.
    stored_distances = (
        hop_distances(
            projection,
            department,
            links.with_types(CONTACT_TYPES - {RelType.MET}),
            PROXIMITY_BASE - 1,
        )
        if _has_inferred_meetings(projection)
        else distances
    )
    channels = _channels(projection, department, links)
    candidates = sorted({e for need in needs for e in suppliers(projection, need.technology_id)})
    matches: list[Match] = []
    for enterprise in candidates:
        props = projection.nodes[enterprise].properties
        if origins and props.get("origin") not in origins:
            continue
        if sizes and props.get("size") not in sizes:
            continue
        hops = distances.get(enterprise)
        stored_hops = stored_distances.get(enterprise)
        candidacy = Candidacy(
            enterprise,
            _fittings(projection, enterprise, needs),
            hops,
            hops is not None and (stored_hops is None or stored_hops > hops),
            _bodies(projection, enterprise),
            enterprise in met,
        )
        matches.append(score(candidacy, unmet, channels, projection.nodes))
    matches.sort(key=lambda m: (-m.score, m.enterprise_id))
    return tuple(matches)


def _fittings(
    projection: Projection, enterprise: str, needs: tuple[Need, ...]
) -> tuple[Fitting, ...]:
    offered = offers(projection, enterprise)
    found = []
    for need in needs:
        fit = suppliers(projection, need.technology_id).get(enterprise)
        if fit is not None:
            serving = offered & narrower_or_same(projection, need.technology_id)
            found.append(Fitting(need, fit, serving))
    return tuple(found)


def _bodies(projection: Projection, enterprise: str) -> frozenset[str]:
    return frozenset(
        inc.neighbour
        for rel_type in (RelType.INCUBATED_BY, RelType.MEMBER_OF)
        for inc in projection.incidences(enterprise, rel_type)
        if inc.outgoing
    )


def _has_inferred_meetings(projection: Projection) -> bool:
    return projection.memo(
        "has_met", lambda: any(link.type is RelType.MET for link in projection.links)
    )
