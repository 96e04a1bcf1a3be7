"""What changed between two days: the digest the Smart Lab sends after each forum.

The graph is seen twice through a lens (``analytics.lens``): as it stood the day before
``since``, and as it stood on ``until`` (or today, with every link, if open). Everything
in the digest is the difference between those two graphs, so it obeys the same rules as
every other question (dated links, entities that did not exist yet, trust filters):

* **new meetings**: a bureau or department and an enterprise that had never shared an
  event before and did in the period (their first shared event in it);
* **new needs / new offers**: NEEDS and OFFERS links that exist now but did not then
  (undated ones state lasting facts and count in both graphs, so only dated ones appear);
* **gaps closed**: needs that were unmet then and are met now (a supplier of the
  technology, or a narrower one, met the department), with the enterprises that closed
  them; **gaps opened**: needs unmet now that were not unmet then (new needs no
  supplier has met);
* **new parties**: entities that did not exist then; **first-time attendees**: parties
  whose first event falls in the period;
* counts of the above per bureau (a department counts for its bureau) and per technology.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from graph_api.analytics.filters import EVERY_LINK
from graph_api.analytics.gaps import find_unmet_needs
from graph_api.analytics.lens import GOVERNMENT_KINDS, PLAIN, Lens, view
from graph_api.analytics.meetings import have_met
from graph_api.analytics.projection import Projection
from graph_api.analytics.reach import bureau_of
from graph_api.analytics.supply import Need, all_needs, suppliers
from graph_api.domain import PARTY_KINDS, NodeKind, RelType


class DigestBasis(StrEnum):
    """Which time puts a fact in a digest's period."""

    HAPPENED = "HAPPENED"  # its own day (an attendance: the event's), as the graph stood
    RECORDED = "RECORDED"  # when its first record was written (analytics.digest_recorded)


@dataclass(frozen=True, slots=True)  # a month's digest at 10^5 entities holds 229,000
class NewMeeting:
    """A government party and an enterprise that first met in the period."""

    government_id: str
    enterprise_id: str
    event_id: str
    day: dt.date | None


@dataclass(frozen=True)
class ClosedGap:
    """A need that was unmet and is now met, and the enterprises that met it."""

    need: Need
    closed_by: tuple[str, ...]


@dataclass(frozen=True)
class Tally:
    """Counts of one bureau's or technology's changes."""

    subject_id: str
    new_meetings: int = 0
    new_needs: int = 0
    new_offers: int = 0
    gaps_closed: int = 0
    gaps_opened: int = 0


@dataclass(frozen=True)
class Digest:
    """Everything that changed between ``since`` and ``until`` (both days included)."""

    since: dt.date
    until: dt.date | None
    new_meetings: tuple[NewMeeting, ...]
    new_needs: tuple[Need, ...]
    new_offers: tuple[tuple[str, str], ...]  # (enterprise, technology)
    gaps_closed: tuple[ClosedGap, ...]
    gaps_opened: tuple[Need, ...]
    new_parties: tuple[str, ...]
    first_time_attendees: tuple[str, ...]
    by_bureau: tuple[Tally, ...]
    by_technology: tuple[Tally, ...]


def first_meetings(projection: Projection) -> dict[tuple[str, str], tuple[dt.date | None, str]]:
    """For each (government party, enterprise) that shared an event: the day and id of
    their first one (memoised per projection)."""

    def compute() -> dict[tuple[str, str], tuple[dt.date | None, str]]:
        found: dict[tuple[str, str], tuple[dt.date | None, str]] = {}
        for event_id in projection.ids_of(NodeKind.EVENT):
            attendees = [
                inc for inc in projection.incidences(event_id, RelType.ATTENDED) if not inc.outgoing
            ]
            kinds = {inc.neighbour: projection.kind_of(inc.neighbour) for inc in attendees}
            day = projection.nodes[event_id].date
            governments = sorted(p for p, k in kinds.items() if k in GOVERNMENT_KINDS)
            enterprises = sorted(p for p, k in kinds.items() if k is NodeKind.ENTERPRISE)
            for government in governments:
                for enterprise in enterprises:
                    seen = found.get((government, enterprise))
                    if seen is None or _earlier((day, event_id), seen):
                        found[(government, enterprise)] = (day, event_id)
        return found

    return projection.memo("first_meetings", compute)


def _earlier(a: tuple[dt.date | None, str], b: tuple[dt.date | None, str]) -> bool:
    return (a[0] or dt.date.max, a[1]) < (b[0] or dt.date.max, b[1])


def _need_keys(needs: Iterable[Need]) -> dict[tuple[str, str], Need]:
    return {(need.department_id, need.technology_id): need for need in needs}


def _attendees(projection: Projection) -> set[str]:
    return {
        inc.neighbour
        for event_id in projection.ids_of(NodeKind.EVENT)
        for inc in projection.incidences(event_id, RelType.ATTENDED)
        if not inc.outgoing
    }


def _offers(projection: Projection) -> set[tuple[str, str]]:
    return {(link.from_id, link.to_id) for link in projection.links if link.type is RelType.OFFERS}


def changes(
    base: Projection, since: dt.date, until: dt.date | None = None, trust: Lens = PLAIN
) -> Digest:
    """The digest of what changed from ``since`` to ``until`` (both included), seen with
    ``trust``'s evidence and confidence rules (its own as-of date is ignored)."""
    before = view(base, dataclasses.replace(trust, as_of=since - dt.timedelta(days=1)))
    after = view(base, dataclasses.replace(trust, as_of=until))
    had_met = first_meetings(before)
    new_meetings = tuple(
        NewMeeting(government, enterprise, event_id, day)
        for (government, enterprise), (day, event_id) in sorted(first_meetings(after).items())
        if (government, enterprise) not in had_met
    )
    needs_then, needs_now = _need_keys(all_needs(before)), _need_keys(all_needs(after))
    unmet_then = _need_keys(find_unmet_needs(before, EVERY_LINK))
    unmet_now = _need_keys(find_unmet_needs(after, EVERY_LINK))
    new_needs = tuple(need for key, need in sorted(needs_now.items()) if key not in needs_then)
    closed = tuple(
        ClosedGap(need, _closers(before, after, need))
        for key, need in sorted(needs_now.items())
        if key in unmet_then and key not in unmet_now
    )
    opened = tuple(need for key, need in sorted(unmet_now.items()) if key not in unmet_then)
    new_offers = tuple(sorted(_offers(after) - _offers(before)))
    parties = [i for i, r in after.nodes.items() if r.kind in PARTY_KINDS]
    return tallied(
        since,
        until,
        lambda party: _bureau(after, party),
        new_meetings=new_meetings,
        new_needs=new_needs,
        new_offers=new_offers,
        gaps_closed=closed,
        gaps_opened=opened,
        new_parties=tuple(sorted(i for i in parties if i not in before.nodes)),
        first_time_attendees=tuple(sorted(_attendees(after) - _attendees(before))),
    )


def _closers(before: Projection, after: Projection, need: Need) -> tuple[str, ...]:
    department = need.department_id
    return tuple(
        sorted(
            enterprise
            for enterprise in suppliers(after, need.technology_id)
            if have_met(after, department, enterprise)
            and not have_met(before, department, enterprise)
        )
    )


def _bureau(projection: Projection, party: str) -> str | None:
    if projection.kind_of(party) is NodeKind.BUREAU:
        return party
    return bureau_of(projection, party)


def tallied(
    since: dt.date,
    until: dt.date | None,
    bureau: Callable[[str], str | None],
    **parts: tuple[Any, ...],
) -> Digest:
    """The digest of ``parts`` (new_meetings, new_needs, new_offers, gaps_closed,
    gaps_opened, new_parties, first_time_attendees), counted per bureau (``bureau``:
    a party's bureau) and per technology."""
    meetings, needs, offers = parts["new_meetings"], parts["new_needs"], parts["new_offers"]
    closed, opened = parts["gaps_closed"], parts["gaps_opened"]
    return Digest(
        since=since,
        until=until,
        new_meetings=meetings,
        new_needs=needs,
        new_offers=offers,
        gaps_closed=closed,
        gaps_opened=opened,
        new_parties=parts["new_parties"],
        first_time_attendees=parts["first_time_attendees"],
        by_bureau=tally_by_bureau(bureau, meetings, needs, closed, opened),
        by_technology=tally_by_technology(needs, offers, closed, opened),
    )


def tally_by_bureau(
    bureau: Callable[[str], str | None],
    meetings: tuple[NewMeeting, ...],
    needs: tuple[Need, ...],
    closed: tuple[ClosedGap, ...],
    opened: tuple[Need, ...],
) -> tuple[Tally, ...]:
    """Counts of the changes per bureau (``bureau`` says whose a party is), busiest first."""
    counts: dict[str, Counter[str]] = {}
    tallies: list[tuple[str, Iterable[str]]] = [
        ("new_meetings", (m.government_id for m in meetings)),
        ("new_needs", (n.department_id for n in needs)),
        ("gaps_closed", (g.need.department_id for g in closed)),
        ("gaps_opened", (n.department_id for n in opened)),
    ]
    for field_name, parties in tallies:
        for party in parties:
            owner = bureau(party)
            if owner is not None:
                counts.setdefault(owner, Counter())[field_name] += 1
    return _tallies(counts)


def tally_by_technology(
    needs: tuple[Need, ...],
    offers: tuple[tuple[str, str], ...],
    closed: tuple[ClosedGap, ...],
    opened: tuple[Need, ...],
) -> tuple[Tally, ...]:
    """Counts of the changes per technology, busiest first."""
    counts: dict[str, Counter[str]] = {}
    tallies: list[tuple[str, Iterable[str]]] = [
        ("new_needs", (n.technology_id for n in needs)),
        ("new_offers", (technology for _, technology in offers)),
        ("gaps_closed", (g.need.technology_id for g in closed)),
        ("gaps_opened", (n.technology_id for n in opened)),
    ]
    for field_name, technologies in tallies:
        for technology in technologies:
            counts.setdefault(technology, Counter())[field_name] += 1
    return _tallies(counts)


def _tallies(counts: dict[str, Counter[str]]) -> tuple[Tally, ...]:
    found = [Tally(subject, **dict(counter)) for subject, counter in counts.items()]
    found.sort(key=lambda t: (-sum(dataclasses.astuple(t)[1:]), t.subject_id))
    return tuple(found)
