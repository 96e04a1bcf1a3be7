"""The change digest by recording time: what was *recorded* in a period, whatever day the
facts themselves carry (``changes(basis: RECORDED)``).

A record added today about a forum held last year is news today, but the digest by
event day (``digest_in_store``) files it under last year. Here every fact counts from
the time its first record was written to the audit trail (an entity created, a link
recorded, through the API or an import); facts with no record (loaded from the seed
files) count as recorded before any period. The parts are those of the digest by
event day, comparing the graph as recorded before ``since`` with the graph as recorded
by the end of ``until`` (UTC days):

* new needs, offers, parties: first recorded in the period;
* new meetings: a bureau or department and an enterprise that shared an event through
  attendances recorded by the end of the period, and none through those recorded before;
* first-time attendees: parties with an attendance recorded in the period and none before;
* gaps opened: needs recorded in the period that no supplier had met by its end; gaps
  closed: needs recorded before it, unmet then, that a supplier met by its end (a
  meeting or an offer recorded in the period), with the suppliers first met in it.

Facts removed since are no longer in the graph and are not shown. The organisation
chart and the technology taxonomy (reference structure, as the trust rules treat it)
are read as they stand now: a bureau's tally and which technologies serve a need do not
go back to how the chart stood in the period, and a PART_OF link recorded in it closes
no gap by itself. The audit trail is read once; the rest are reads of the few entities
the period touched.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Collection

from graph_api.analytics import gaps_in_store
from graph_api.analytics.digest import ClosedGap, Digest, NewMeeting, tallied
from graph_api.analytics.digest_in_store import (
    chart_bureau,
    new_meetings_at,
)
from graph_api.analytics.filters import EVERY_LINK
from graph_api.analytics.lens import GOVERNMENT_KINDS, PLAIN, Lens, trusted
from graph_api.analytics.met_in_store import attendance_scope
from graph_api.analytics.supply import Need, Taxonomy
from graph_api.domain import PARTY_KINDS, LinkRecord, NodeKind, RelType, kind_of_id
from graph_api.store.base import GraphStore
from graph_api.store.changes import LinkKey
from graph_api.store.digest_reads import ChangedEvent
from graph_api.store.gap_rows import ServingGroup
from graph_api.store.link_scope import LinkScope

BEFORE_ANY = ""  # the recording time of a fact with no record: before every period


@dataclasses.dataclass(frozen=True)
class Period:
    """A recording period as audit-trail times: from ``start`` (included) to ``end``
    (excluded; None: up to now)."""

    start: str
    end: str | None

    @classmethod
    def of_days(cls, since: dt.date, until: dt.date | None) -> Period:
        """The period from the start of ``since`` to the end of ``until`` (UTC)."""
        end = None if until is None else _midnight(until + dt.timedelta(days=1))
        return cls(_midnight(since), end)

    def by_end(self, at: str) -> bool:
        """True when a fact recorded at ``at`` counts by the end of the period."""
        return self.end is None or at < self.end

    def within(self, at: str) -> bool:
        """True when ``at`` falls in the period."""
        return at >= self.start and self.by_end(at)


def _midnight(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00.000000Z"


class RecordedGraph:
    """The facts the period touched, with when each was first recorded."""

    def __init__(self, store: GraphStore, period: Period, trust: Lens) -> None:
        self.store, self.period, self.trust = store, period, trust
        # The trust rules as the store's reads take them, about the graph as it is now.
        self.scope = attendance_scope(EVERY_LINK, dataclasses.replace(trust, as_of=None))
        self.link_times: dict[LinkKey, str] = {}
        self.created: dict[str, str] = {}

    async def load(self) -> None:
        """Read the first records at or after the period's start."""
        for record in await self.store.digest_reads.first_records(self.period.start):
            if record.link_type is None:
                self.created[record.entity_id] = record.at
            elif record.other_id is not None:
                key = (RelType(record.link_type), record.entity_id, record.other_id)
                self.link_times[key] = record.at

    def recorded(self, link: LinkRecord) -> str:
        """When ``link`` was first recorded (BEFORE_ANY when before the period)."""
        return self.link_times.get((link.type, link.from_id, link.to_id), BEFORE_ANY)

    async def links_in_period(self, rel_type: RelType) -> list[LinkRecord]:
        """Trusted links of ``rel_type`` first recorded in the period, as they are now."""
        keys = [
            k for k, at in self.link_times.items() if k[0] is rel_type and self.period.within(at)
        ]
        found = await self.store.get_links(sorted(keys))
        return sorted(
            (link for link in found.values() if trusted(link, self.trust)),
            key=lambda link: (link.from_id, link.to_id),
        )

    async def attendances(self, ids: Collection[str], *, into: bool) -> list[LinkRecord]:
        """Trusted attendances into (events) or out of (parties) ``ids`` counting by the
        end of the period."""
        if not ids:
            return []
        links = await self.store.links_touching(sorted(ids), outgoing_only=not into)
        return [
            link
            for link in links
            if link.type is RelType.ATTENDED
            and (link.to_id if into else link.from_id) in ids
            and trusted(link, self.trust)
            and self.period.by_end(self.recorded(link))
        ]


async def changes_recorded(
    store: GraphStore, since: dt.date, until: dt.date | None = None, trust: Lens = PLAIN
) -> Digest:
    """The digest of what was recorded from ``since`` to ``until`` (UTC days, both
    included), seen with ``trust``'s evidence and confidence rules."""
    graph = RecordedGraph(store, Period.of_days(since, until), trust)
    await graph.load()
    new_needs = tuple(Need.from_link(link) for link in await graph.links_in_period(RelType.NEEDS))
    new_offers = tuple((o.from_id, o.to_id) for o in await graph.links_in_period(RelType.OFFERS))
    attended = await graph.links_in_period(RelType.ATTENDED)
    changed, earlier = await _attendance_history(graph, attended)
    new_meetings = new_meetings_at(changed, earlier)
    piloted = await graph.links_in_period(RelType.PILOTED)
    opened, closed = await _gaps(graph, new_needs, new_offers, new_meetings, piloted)
    party_ids = [i for i, at in graph.created.items() if graph.period.within(at)]
    existing = await store.get_nodes(sorted(party_ids))
    return tallied(
        since,
        until,
        chart_bureau(await store.gap_reads.org_chart(graph.scope)),
        new_meetings=new_meetings,
        new_needs=new_needs,
        new_offers=new_offers,
        gaps_closed=closed,
        gaps_opened=opened,
        new_parties=tuple(sorted(i for i, r in existing.items() if r.kind in PARTY_KINDS)),
        first_time_attendees=tuple(
            sorted(
                {link.from_id for link in attended if kind_of_id(link.from_id) in PARTY_KINDS}
                - set(earlier)
            )
        ),
    )


async def _attendance_history(
    graph: RecordedGraph, attended: list[LinkRecord]
) -> tuple[list[ChangedEvent], dict[str, frozenset[str]]]:
    """The events with an attendance recorded in the period, each with its government
    parties and enterprises by the period's end; and party -> the events it had
    attended before the period (parties with none left out)."""
    events = {link.to_id for link in attended}
    present = await graph.attendances(events, into=True)
    attendees: dict[str, set[str]] = defaultdict(set)
    for link in present:
        attendees[link.to_id].add(link.from_id)
    records = await graph.store.get_nodes(sorted(events))
    changed = [
        ChangedEvent(
            event_id,
            records[event_id].date if event_id in records else None,
            tuple(sorted(p for p in parties if kind_of_id(p) in GOVERNMENT_KINDS)),
            tuple(sorted(p for p in parties if kind_of_id(p) is NodeKind.ENTERPRISE)),
        )
        for event_id, parties in attendees.items()
    ]
    parties = {link.from_id for link in present}
    before: dict[str, set[str]] = defaultdict(set)
    for link in await graph.attendances(parties, into=False):
        if graph.recorded(link) < graph.period.start:
            before[link.from_id].add(link.to_id)
    return changed, {party: frozenset(found) for party, found in before.items()}


async def _gaps(
    graph: RecordedGraph,
    new_needs: tuple[Need, ...],
    new_offers: tuple[tuple[str, str], ...],
    new_meetings: tuple[NewMeeting, ...],
    piloted: list[LinkRecord],
) -> tuple[tuple[Need, ...], tuple[ClosedGap, ...]]:
    """Gaps opened (needs recorded in the period, unmet by its end) and closed (needs
    recorded before it, unmet then, met by its end)."""
    reads, scope = graph.store.gap_reads, graph.scope
    taxonomy = Taxonomy(await reads.technology_tree(scope))
    touched = {meeting.government_id for meeting in new_meetings}
    touched |= {link.from_id for link in piloted}
    offered = {technology for _, technology in new_offers}
    # Facts only accumulate, so a need unmet now was unmet at the period's end and before
    # it, and one met now is met at the end of an open period: asked once for every need
    # (four round-trips), this leaves few needs to look at one by one.
    lens = dataclasses.replace(graph.trust, as_of=None, infer_meetings=False)
    unmet_now = {
        (gap.need.department_id, gap.need.technology_id)
        for gap in await gaps_in_store.unmet_needs(graph.store, EVERY_LINK, lens)
    }
    candidates = [
        Need.from_link(link)
        for link in await reads.needs(scope)
        if trusted(link, graph.trust)
        and graph.recorded(link) < graph.period.start
        and (link.from_id, link.to_id) not in unmet_now
        and (link.from_id in touched or not offered.isdisjoint(taxonomy.serving(link.to_id)))
    ]
    opened: list[Need] = []
    closed: list[ClosedGap] = []
    for need in new_needs:
        if (need.department_id, need.technology_id) in unmet_now:
            opened.append(need)
        elif graph.period.end is not None:  # met now; was it by the end?
            met = await _met_times(graph, scope, taxonomy, need)
            if not any(graph.period.by_end(max(times)) for times in met.values()):
                opened.append(need)
    for need in candidates:
        met = await _met_times(graph, scope, taxonomy, need)
        if any(max(times) < graph.period.start for times in met.values()):
            continue  # met before the period
        if not any(graph.period.by_end(max(times)) for times in met.values()):
            continue  # still unmet at its end
        closers = tuple(
            sorted(
                x
                for x, (offer, meeting) in met.items()
                if graph.period.by_end(offer) and graph.period.within(meeting)
            )
        )
        closed.append(ClosedGap(need, closers))
    return tuple(opened), tuple(closed)


async def _met_times(
    graph: RecordedGraph, scope: LinkScope, taxonomy: Taxonomy, need: Need
) -> dict[str, tuple[str, str]]:
    """Each supplier the department has met about the need -> when its offer and when
    their first meeting (a shared event or a pilot) were recorded."""
    reads = graph.store.gap_reads
    serving = taxonomy.serving(need.technology_id)
    group = ServingGroup(need.technology_id, serving)
    offering = (await reads.suppliers(scope, [group])).get(need.technology_id, {})
    met = await reads.met_among(scope, need.department_id, offering)
    if not met:
        return {}
    offer_keys = [(RelType.OFFERS, x, t) for x in met for t in serving]
    offers = await graph.store.get_links(offer_keys)
    offer_time: dict[str, str] = {}
    for link in offers.values():
        if trusted(link, graph.trust):
            at = graph.recorded(link)
            offer_time[link.from_id] = min(at, offer_time.get(link.from_id, at))
    links = await graph.store.links_touching([need.department_id, *sorted(met)], outgoing_only=True)
    meeting_time = _first_meetings(graph, need.department_id, met, links)
    return {
        x: (offer_time[x], meeting_time[x]) for x in met if x in offer_time and x in meeting_time
    }


def _first_meetings(
    graph: RecordedGraph, department: str, others: Collection[str], links: list[LinkRecord]
) -> dict[str, str]:
    """Other -> when its first meeting with ``department`` was recorded: a pilot, or a
    shared event once both attendances were recorded."""
    own: dict[str, str] = {}
    theirs: dict[str, dict[str, str]] = defaultdict(dict)
    found: dict[str, str] = {}
    for link in links:
        if not trusted(link, graph.trust):
            continue
        at = graph.recorded(link)
        if link.type is RelType.PILOTED and link.from_id == department and link.to_id in others:
            found[link.to_id] = min(at, found.get(link.to_id, at))
        elif link.type is RelType.ATTENDED and link.from_id == department:
            own[link.to_id] = at
        elif link.type is RelType.ATTENDED and link.from_id in others:
            theirs[link.from_id][link.to_id] = at
    for other, events in theirs.items():
        for event, at in events.items():
            if event in own:
                both = max(at, own[event])
                found[other] = min(both, found.get(other, both))
    return found
