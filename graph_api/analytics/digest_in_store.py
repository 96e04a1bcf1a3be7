"""The change digest answered by the store: the same answer as ``digest.changes`` over a
projection, without one.

Each part compares the graph as it stood the day before the period with the graph as it
stood on its last day, in the database: needs and unmet needs on each day (the gap
reads), and what began to count in between (the digest reads: offers, parties, first
attendances, and the events where new meetings may have happened). Python keeps the
differences, the order and the tallies. The period bounds the work: a read never forms
the meetings of events that did not change in it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from graph_api.analytics import gaps_in_store
from graph_api.analytics.digest import ClosedGap, Digest, NewMeeting, tallied
from graph_api.analytics.filters import EVERY_LINK
from graph_api.analytics.lens import PLAIN, Lens
from graph_api.analytics.met_in_store import attendance_scope
from graph_api.analytics.supply import Need, Taxonomy
from graph_api.analytics.together import together
from graph_api.domain import LinkRecord, NodeKind, kind_of_id
from graph_api.domain.chart import Place, bureau_in_chart
from graph_api.store.base import GraphStore, LinkView
from graph_api.store.digest_reads import ChangedEvent
from graph_api.store.gap_rows import ServingGroup
from graph_api.store.link_scope import LinkScope


async def changes(
    store: GraphStore, since: dt.date, until: dt.date | None = None, trust: Lens = PLAIN
) -> Digest:
    """The digest of what changed from ``since`` to ``until`` (both included), seen with
    ``trust``'s evidence and confidence rules (its own as-of date is ignored)."""
    before_day = since - dt.timedelta(days=1)
    before = attendance_scope(EVERY_LINK, dataclasses.replace(trust, as_of=before_day))
    after = attendance_scope(EVERY_LINK, dataclasses.replace(trust, as_of=until))
    rules = LinkView(None, after.min_confidence, tuple(sorted(after.evidence)), after.with_sample)
    reads, changed = store.gap_reads, store.digest_reads
    # Independent reads, seconds each at 10^5 entities: asked at once (``together``).
    (
        (links_then, links_now, gaps_then, gaps_now),
        (new_meetings, new_offers, chart, new_parties, first_time),
    ) = await together(
        together(
            reads.needs(before),
            reads.needs(after),
            _unmet(store, trust, before_day),
            _unmet(store, trust, until),
        ),
        together(
            _new_meetings(store, rules, before_day, until),
            changed.new_offers(rules, before_day, until),
            reads.org_chart(after),
            changed.new_parties(before_day, until),
            changed.first_attendances(rules, before_day, until),
        ),
    )
    needs_then = {_key(link) for link in links_then}
    needs_now = {_key(link): Need.from_link(link) for link in links_now}
    unmet_then = {_gap_key(gap) for gap in gaps_then}
    unmet_now = {_gap_key(gap): gap.need for gap in gaps_now}
    closed_needs = [
        n for k, n in sorted(needs_now.items()) if k in unmet_then and k not in unmet_now
    ]
    closed: tuple[ClosedGap, ...] = ()
    if closed_needs:  # the taxonomy is read once, for every need closed
        taxonomy = Taxonomy(await reads.technology_tree(after))
        closed = tuple(
            [
                ClosedGap(need, await _closers(store, before, after, taxonomy, need))
                for need in closed_needs
            ]
        )
    new_needs = tuple(need for key, need in sorted(needs_now.items()) if key not in needs_then)
    opened = tuple(need for key, need in sorted(unmet_now.items()) if key not in unmet_then)
    return tallied(
        since,
        until,
        chart_bureau(chart),
        new_meetings=new_meetings,
        new_needs=new_needs,
        new_offers=tuple(new_offers),
        gaps_closed=closed,
        gaps_opened=opened,
        new_parties=tuple(new_parties),
        first_time_attendees=tuple(first_time),
    )


def chart_bureau(chart: Mapping[str, Place]) -> Callable[[str], str | None]:
    """A party's bureau in ``chart`` (a bureau is its own; a unit counts for its parent
    department's bureau)."""

    def bureau(party: str) -> str | None:
        if kind_of_id(party) is NodeKind.BUREAU:
            return party
        return bureau_in_chart(chart.get, party)

    return bureau


def _key(link: LinkRecord) -> tuple[str, str]:
    return (link.from_id, link.to_id)


def _gap_key(gap: gaps_in_store.NeedGap) -> tuple[str, str]:
    return (gap.need.department_id, gap.need.technology_id)


async def _unmet(
    store: GraphStore, trust: Lens, as_of: dt.date | None
) -> tuple[gaps_in_store.NeedGap, ...]:
    lens = dataclasses.replace(trust, as_of=as_of, infer_meetings=False)
    return await gaps_in_store.unmet_needs(store, EVERY_LINK, lens)


async def _closers(
    store: GraphStore, before: LinkScope, after: LinkScope, taxonomy: Taxonomy, need: Need
) -> tuple[str, ...]:
    """Suppliers of the need's technology that met the department by the end of the
    period and had not before it."""
    reads = store.gap_reads
    group = ServingGroup(need.technology_id, taxonomy.serving(need.technology_id))
    offering = (await reads.suppliers(after, [group])).get(need.technology_id, {})
    met_now = await reads.met_among(after, need.department_id, offering)
    met_then = await reads.met_among(before, need.department_id, met_now)
    return tuple(sorted(met_now - met_then))


async def _new_meetings(
    store: GraphStore, rules: LinkView, before: dt.date, until: dt.date | None
) -> tuple[NewMeeting, ...]:
    """Pairs that shared an event by the end of the period and none before it, each with
    its first shared event (by day, then id; an undated event last).

    A new pair's every shared event began to count in the period, so pairs are formed at
    those events only, and the first one met is theirs. Whether a pair had met before is
    a set intersection (the events each attended before the period), done here: in
    Cypher it is a path check per pair, which took minutes at 10^5 entities."""
    reads = store.digest_reads
    changed = await reads.changed_events(rules, before, until)
    earlier = await reads.earlier_events(rules, before, parties_at(changed))
    return new_meetings_at(changed, earlier)


def parties_at(changed: Iterable[ChangedEvent]) -> set[str]:
    """Every government party and enterprise that could form a pair at one of the
    ``changed`` events (an event with no enterprise, or no government party, forms none)."""
    return {
        party
        for event in changed
        if event.governments and event.enterprises
        for party in (*event.governments, *event.enterprises)
    }


def new_meetings_at(
    changed: Iterable[ChangedEvent], earlier: Mapping[str, frozenset[str]]
) -> tuple[NewMeeting, ...]:
    """Each (government party, enterprise) pair at the ``changed`` events that shared no
    event before (``earlier``: party -> the events it had attended), with the first of
    the changed events they shared (by day, then id; an undated event last), by pair.

    A pair is judged when it is first met and only then, one government at a time: at
    10^5 entities the changed events of a month hold 815,000 pairs, of which 229,000 are
    new, and keeping every pair to judge them afterwards held 97 MB."""
    events_of: dict[str, list[ChangedEvent]] = defaultdict(list)
    for event in sorted(changed, key=lambda event: (event.day or dt.date.max, event.event_id)):
        for government in event.governments:
            events_of[government].append(event)
    new = []
    for government in sorted(events_of):
        met_before = earlier.get(government, _NONE)
        judged: set[str] = set()
        for event in events_of[government]:
            for enterprise in event.enterprises:
                if enterprise in judged:
                    continue
                judged.add(enterprise)
                if met_before.isdisjoint(earlier.get(enterprise, _NONE)):
                    new.append(NewMeeting(government, enterprise, event.event_id, event.day))
    new.sort(key=lambda meeting: (meeting.government_id, meeting.enterprise_id))
    return tuple(new)


_NONE: frozenset[str] = frozenset()
