"""Who met whom, answered by the store: the same answers as ``meetings.who_met`` and
``meetings.meetings`` over a projection, without one.

The database counts the partners and sorts them (``cypher/*/who_met_partners.cypher``);
only the page asked for comes back with its shared events
(``shared_attendances.cypher``), so a department that attended 1,500 events costs two
round-trips whose size follows the page, not the graph.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from graph_api.analytics.filters import LinkFilter
from graph_api.analytics.lens import Lens
from graph_api.analytics.meetings import SharedEvent, events_on, newest_first, parties_at
from graph_api.analytics.neighbourhood import link_scope
from graph_api.analytics.paths import Path
from graph_api.analytics.projection import Incidence, Projection
from graph_api.domain import AttendanceRole, NodeKind, NodeRecord
from graph_api.store.base import GraphStore
from graph_api.store.link_scope import LinkScope, SharedAttendance

# Who can have met: every kind of entity that attends, except persons (personal data is
# not analysed).
MEETING_KINDS = tuple(kind for kind in NodeKind if kind is not NodeKind.PERSON)


@dataclass(frozen=True)
class Partner:
    """A party met: how many events it shared, when last, and (if asked for) which."""

    party_id: str
    count: int
    last_met: dt.date | None
    events: tuple[SharedEvent, ...] = ()


@dataclass(frozen=True)
class WhoMetPage:
    """How many parties were met in all, the first of them, and their records."""

    total: int
    partners: tuple[Partner, ...]
    records: dict[str, NodeRecord]


def attendance_scope(links: LinkFilter, lens: Lens) -> LinkScope:
    """The store-side rules for attendances (inferred meetings are not attendances)."""
    return link_scope(links, dataclasses.replace(lens, infer_meetings=False))


def _shared_event(found: SharedAttendance, parties: Mapping[str, int]) -> SharedEvent:
    event = found.event
    own_day = found.own.date or event.date
    other_day = found.other_link.date or event.date
    return SharedEvent(
        event_id=event.id,
        day=event.date or own_day,
        party=Incidence(event.id, found.own, True, own_day),
        other=Incidence(event.id, found.other_link, True, other_day),
        parties=parties.get(event.id, 0),
    )


async def _parties(
    store: GraphStore, found: Collection[SharedAttendance], scope: LinkScope
) -> dict[str, int]:
    """How many parties attended each of the shared events (one round-trip)."""
    return await store.event_parties(sorted({shared.event.id for shared in found}), scope)


async def parties_on_paths(
    store: GraphStore, known: Projection, paths: Collection[Path], links: LinkFilter, lens: Lens
) -> dict[str, int]:
    """How many parties attended each event the paths pass through, under the question's
    rules: counted in ``known`` when the lens infers meetings (it is then the whole
    projection), else by the store (one round-trip, none without events)."""
    events = events_on(known, paths)
    if lens.infer_meetings:
        return parties_at(known, events, links)
    return await store.event_parties(events, attendance_scope(links, lens))


# More partners than any party has: a forged cursor's offset is cut to this, and its
# page comes back empty (a store's LIMIT takes a 64-bit integer, not any number).
_MOST_RANKED = 10**9


async def who_met(
    store: GraphStore,
    party: str,
    links: LinkFilter,
    lens: Lens,
    kinds: Collection[NodeKind] = (),
    events: Collection[str] = (),
    role: AttendanceRole | None = None,
    first: int = 20,
    with_events: bool = True,
    skip: int = 0,
    words: tuple[str, ...] = (),
) -> WhoMetPage:
    """The ``first`` parties ``party`` met after the first ``skip`` (most shared events
    first, then id) and how many it met in all (only those whose names hold every one of
    ``words``, if any); with ``with_events``, each partner's
    shared events, newest first, with how many parties attended each (two more
    round-trips, sized by the page)."""
    scope = attendance_scope(links, lens)
    wanted = [kind for kind in MEETING_KINDS if not kinds or kind in kinds]
    role_value = role.value if role else None
    event_ids = sorted(events)
    total, counts = await store.who_met_counts(
        party,
        scope,
        wanted,
        event_ids,
        role_value,
        min(skip + max(first, 0), _MOST_RANKED),
        words,
    )
    counts = counts[skip:]  # the store ranks a prefix; the page is its tail
    page_ids = [count.party_id for count in counts]
    by_partner: dict[str, list[SharedEvent]] = defaultdict(list)
    if with_events:
        found = await store.shared_attendances(party, page_ids, scope, event_ids, role_value)
        parties = await _parties(store, found, scope)
        records = {shared.other.id: shared.other for shared in found}
        for shared in found:
            by_partner[shared.other.id].append(_shared_event(shared, parties))
            records[shared.event.id] = shared.event
    else:
        records = await store.get_nodes(page_ids)
    partners = tuple(
        Partner(c.party_id, c.shared_events, c.last_met, newest_first(by_partner[c.party_id]))
        for c in counts
    )
    return WhoMetPage(total, partners, records)


async def meetings(
    store: GraphStore, a: str, b: str, links: LinkFilter, lens: Lens
) -> tuple[tuple[SharedEvent, ...], dict[str, NodeRecord]]:
    """Every event both ``a`` and ``b`` attended, newest first (with how many parties
    attended each), and the events' records."""
    scope = attendance_scope(links, lens)
    found = await store.shared_attendances(a, [b], scope)
    parties = await _parties(store, found, scope)
    records = {shared.event.id: shared.event for shared in found}
    return newest_first([_shared_event(shared, parties) for shared in found]), records
