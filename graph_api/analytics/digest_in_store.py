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
from collections.abc import Callable, Mapping

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
from graph_api.store.gap_reads import ServingGroup
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
    first_met = pairs_first_met(changed)
    parties = {party for pair in first_met for party in pair}
    earlier = await reads.earlier_events(rules, before, parties)
    return new_meetings_among(first_met, earlier)


def pairs_first_met(changed: list[ChangedEvent]) -> dict[tuple[str, str], ChangedEvent]:
    """Each (government party, enterprise) at the changed events -> the first event they
    shared among them (by day, then id; an undated event last)."""
    changed = sorted(changed, key=lambda event: (event.day or dt.date.max, event.event_id))
    first_met: dict[tuple[str, str], ChangedEvent] = {}
    for event in changed:
        for government in event.governments:
            for enterprise in event.enterprises:
                first_met.setdefault((government, enterprise), event)
    return first_met


def new_meetings_among(
    first_met: dict[tuple[str, str], ChangedEvent], earlier: dict[str, frozenset[str]]
) -> tuple[NewMeeting, ...]:
    """The pairs of ``first_met`` that shared no event before (``earlier``: party -> the
    events it had attended), by pair."""
    new = [
        (pair, event)
        for pair, event in first_met.items()
        if earlier.get(pair[0], _NONE).isdisjoint(earlier.get(pair[1], _NONE))
    ]
    new.sort(key=lambda found: found[0])
    return tuple(NewMeeting(g, x, event.event_id, event.day) for (g, x), event in new)


_NONE: frozenset[str] = frozenset()
