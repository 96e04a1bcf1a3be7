"""Who met whom. Two parties met when both ATTENDED the same event (an event is a meeting
place, not a party). For "have these two ever been in contact" (``have_met``,
``contacts_of``), a PILOTED link between a department and an enterprise also counts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from graph_api.analytics.filters import EVERY_LINK, LinkFilter
from graph_api.analytics.paths import Path
from graph_api.analytics.projection import Incidence, Projection
from graph_api.analytics.ties import meeting_strength, role_of
from graph_api.domain import AttendanceRole, NodeKind, RelType

# When a party attended one event in several roles, the most prominent one stands.
_ROLE_RANK = {role.value: rank for rank, role in enumerate(AttendanceRole)}


@dataclass(frozen=True)
class SharedEvent:
    """An event both parties attended, with each one's attendance link."""

    event_id: str
    day: dt.date | None
    party: Incidence  # the party's ATTENDED link, seen from the party
    other: Incidence  # the other party's ATTENDED link, seen from the other party
    parties: int = 0  # how many parties attended the event under the question's rules

    @property
    def strength(self) -> float:
        """How much this meeting weighs (``graph_api.analytics.ties``)."""
        return meeting_strength(self.parties, self.party_role, self.other_role)

    @property
    def party_role(self) -> str | None:
        """The role the party played, e.g. SPEAKER."""
        return role_of(self.party.link)

    @property
    def other_role(self) -> str | None:
        """The role the other party played."""
        return role_of(self.other.link)


@dataclass(frozen=True)
class MeetingPartner:
    """A party met, with every shared event (newest first)."""

    party_id: str
    events: tuple[SharedEvent, ...]

    @property
    def count(self) -> int:
        """How many events they shared."""
        return len(self.events)

    @property
    def last_met(self) -> dt.date | None:
        """The day of their latest shared event."""
        return max((e.day for e in self.events if e.day), default=None)


def _role_key(incidence: Incidence) -> int:
    return _ROLE_RANK.get(str(incidence.link.properties.get("role")), len(_ROLE_RANK))


def attendances(
    projection: Projection, party: str, links: LinkFilter = EVERY_LINK
) -> dict[str, Incidence]:
    """The events ``party`` attended allowed by ``links``: event id -> its attendance link."""
    found: dict[str, Incidence] = {}
    for incidence in projection.incidences(party, RelType.ATTENDED):
        if not incidence.outgoing or not links.allows(incidence.link, incidence.day):
            continue
        known = found.get(incidence.neighbour)
        if known is None or _role_key(incidence) < _role_key(known):
            found[incidence.neighbour] = incidence
    return found


def _attendees(
    projection: Projection, event: str, links: LinkFilter = EVERY_LINK
) -> dict[str, Incidence]:
    """Who attended ``event`` allowed by ``links``: party id -> attendance seen from the party."""
    found: dict[str, Incidence] = {}
    for incidence in projection.incidences(event, RelType.ATTENDED):
        if incidence.outgoing or not links.allows(incidence.link, incidence.day):
            continue
        from_party = Incidence(event, incidence.link, True, incidence.day)
        known = found.get(incidence.neighbour)
        if known is None or _role_key(from_party) < _role_key(known):
            found[incidence.neighbour] = from_party
    return found


def newest_first(events: list[SharedEvent]) -> tuple[SharedEvent, ...]:
    """The events newest first, then by id (undated ones last)."""
    events.sort(key=lambda e: e.event_id)
    events.sort(key=lambda e: e.day or dt.date.min, reverse=True)
    return tuple(events)


def who_met(
    projection: Projection,
    party: str,
    links: LinkFilter = EVERY_LINK,
    kinds: Collection[NodeKind] = (),
    events: Collection[str] = (),
    role: AttendanceRole | None = None,
) -> tuple[MeetingPartner, ...]:
    """Every party that attended an event with ``party``: most shared events first, then id.

    ``kinds`` keeps only partners of those kinds, ``events`` only those events, ``role``
    only events where the partner played that role."""
    shared: dict[str, list[SharedEvent]] = defaultdict(list)
    for event_id, own in sorted(attendances(projection, party, links).items()):
        if events and event_id not in events:
            continue
        day = projection.nodes[event_id].date or own.day
        present = _attendees(projection, event_id, links)
        for other_id, other in present.items():
            if other_id == party:
                continue
            if kinds and projection.nodes[other_id].kind not in kinds:
                continue
            if role is not None and other.link.properties.get("role") != role.value:
                continue
            shared[other_id].append(SharedEvent(event_id, day, own, other, len(present)))
    partners = [MeetingPartner(other, newest_first(found)) for other, found in shared.items()]
    partners.sort(key=lambda p: (-p.count, p.party_id))
    return tuple(partners)


def meetings(
    projection: Projection, a: str, b: str, links: LinkFilter = EVERY_LINK
) -> tuple[SharedEvent, ...]:
    """Every event both ``a`` and ``b`` attended allowed by ``links``, newest first."""
    mine = attendances(projection, a, links)
    theirs = attendances(projection, b, links)
    found = [
        SharedEvent(
            event_id,
            projection.nodes[event_id].date or own.day,
            own,
            theirs[event_id],
            len(_attendees(projection, event_id, links)),
        )
        for event_id, own in mine.items()
        if event_id in theirs
    ]
    return newest_first(found)


def contacts_of(
    projection: Projection, party: str, links: LinkFilter = EVERY_LINK
) -> frozenset[str]:
    """Every party ``party`` has been in contact with: a shared event, or a pilot
    (department trialled enterprise, either way round)."""
    found: set[str] = set()
    for event_id in attendances(projection, party, links):
        found.update(_attendees(projection, event_id, links))
    for incidence in projection.incidences(party, RelType.PILOTED):
        if links.allows(incidence.link, incidence.day):
            found.add(incidence.neighbour)
    found.discard(party)
    return frozenset(found)


def piloted_with(
    projection: Projection, party: str, links: LinkFilter = EVERY_LINK
) -> frozenset[str]:
    """The parties ``party`` shares a pilot with (either way round)."""
    return frozenset(
        inc.neighbour
        for inc in projection.incidences(party, RelType.PILOTED)
        if links.allows(inc.link, inc.day)
    )


def met_any(
    projection: Projection, party: str, others: Collection[str], links: LinkFilter = EVERY_LINK
) -> bool:
    """Whether ``party`` shared an event or a pilot with any of ``others``.

    Compares event sets instead of listing everyone ``party`` met: a department at a forum
    of 7,000 would otherwise walk all 7,000 for every question."""
    if not piloted_with(projection, party, links).isdisjoint(others):
        return True
    mine = attendances(projection, party, links).keys()
    return any(not mine.isdisjoint(attendances(projection, o, links)) for o in others)


def have_met(projection: Projection, a: str, b: str, links: LinkFilter = EVERY_LINK) -> bool:
    """Whether ``a`` and ``b`` shared an event or a pilot allowed by ``links``."""
    if any(
        inc.neighbour == b and links.allows(inc.link, inc.day)
        for inc in projection.incidences(a, RelType.PILOTED)
    ):
        return True
    return (
        not attendances(projection, a, links).keys().isdisjoint(attendances(projection, b, links))
    )


def events_on(projection: Projection, paths: Iterable[Path]) -> list[str]:
    """The events the paths pass through, sorted, each once."""
    return sorted(
        {
            step.node_id
            for path in paths
            for step in path.steps
            if projection.kind_of(step.node_id) is NodeKind.EVENT
        }
    )


def parties_at(
    projection: Projection, events: Iterable[str], links: LinkFilter = EVERY_LINK
) -> dict[str, int]:
    """Event id -> how many parties attended it allowed by ``links`` (the projection
    holds no persons)."""
    return {event: len(_attendees(projection, event, links)) for event in events}
