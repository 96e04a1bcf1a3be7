"""The change digest: what changed between two days, or since an event (``changes``,
``changesSinceEvent``). Part of the analytics root (``AnalyticsQuery`` extends it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated

import strawberry

from graph_api.analytics import digest, digest_in_store, digest_recorded
from graph_api.analytics.answer_cache import kept_answer
from graph_api.analytics.digest import DigestBasis
from graph_api.domain import NodeKind
from graph_api.errors import bad_input
from graph_api.schema.analytics_args import (
    Trust,
    TrustFilter,
    check_first,
    first_help,
    known_records,
    lens_of,
    require,
)
from graph_api.schema.analytics_digest_types import ChangeDigest, digest_type
from graph_api.schema.analytics_paging import After, AnalyticsPage
from graph_api.schema.context import GraphInfo


async def _digest(
    info: GraphInfo,
    since: dt.date,
    until: dt.date | None,
    trust: TrustFilter | None,
    paging: AnalyticsPage,
    basis: DigestBasis,
) -> ChangeDigest:
    """The digest, answered by the store (``analytics.digest_in_store``, or
    ``digest_recorded`` by recording time): no request waits for, or holds, a
    whole-graph copy. Only the entities the page shows are read (one round-trip after
    the digest's own reads). The next pages are cut from the answer kept for them."""
    store = info.context.store
    lens = lens_of(None, trust)

    async def work_out() -> digest.Digest:
        if basis is DigestBasis.RECORDED:
            return await digest_recorded.changes_recorded(store, since, until, lens)
        return await digest_in_store.changes(store, since, until, lens)

    found = await kept_answer(
        store, paging.scope, work_out, lambda kept: sum(len(part) for part in _lists(kept))
    )
    longest = max(len(part) for part in _lists(found))
    window = paging.window(longest)
    page = slice(window.start, window.end)
    known = await known_records(store, _shown_ids(found, page))
    return digest_type(known, found, page, basis, paging.info(longest))


def _lists(found: digest.Digest) -> tuple[Sequence[object], ...]:
    """The digest's lists, each paged alike."""
    return (
        found.new_meetings,
        found.new_needs,
        found.new_offers,
        found.gaps_closed,
        found.gaps_opened,
        found.new_parties,
        found.first_time_attendees,
        found.by_bureau,
        found.by_technology,
    )


def _shown_ids(found: digest.Digest, window: slice) -> set[str]:
    """Every entity the GraphQL view of ``found`` names, each list cut to ``window``."""
    ids: set[str] = set()
    for meeting in found.new_meetings[window]:
        ids.update((meeting.government_id, meeting.enterprise_id, meeting.event_id))
    needs = [*found.new_needs[window], *found.gaps_opened[window]]
    for gap in found.gaps_closed[window]:
        needs.append(gap.need)
        ids.update(gap.closed_by)
    for need in needs:
        ids.update((need.department_id, need.technology_id))
    for offer in found.new_offers[window]:
        ids.update(offer)
    ids.update(found.new_parties[window], found.first_time_attendees[window])
    for tally in (*found.by_bureau[window], *found.by_technology[window]):
        ids.add(tally.subject_id)
    return ids


Until = Annotated[
    dt.date | None,
    strawberry.argument(description="The last day of the period (default: up to now)."),
]
FirstOfEach = Annotated[int, strawberry.argument(description=first_help(50) + " Per list.")]
Basis = Annotated[
    DigestBasis,
    strawberry.argument(
        description="HAPPENED (default): facts by their own day. RECORDED: facts by when "
        "they were recorded (UTC days)."
    ),
]


@strawberry.type(description="What changed between two days, or since an event.")
class ChangeDigestQuery:
    @strawberry.field(
        description="What changed from 'since' to 'until': new meetings, needs and offers, "
        "gaps closed and opened, new parties and first-time attendees, with counts per "
        "bureau and technology. The digest to send after a forum."
    )
    async def changes(
        self,
        info: GraphInfo,
        since: Annotated[dt.date, strawberry.argument(description="The first day.")],
        until: Until = None,
        trust: Trust = None,
        first: FirstOfEach = 50,
        basis: Basis = DigestBasis.HAPPENED,
        after: After = None,
    ) -> ChangeDigest:
        check_first(info, first)
        if since == dt.date.min:  # the digest compares with the day before 'since'
            raise bad_input(
                "'since' is 0001-01-01, the calendar's first day, which has no day before "
                "it to compare with; use a later day (every fact is after 1900-01-01).",
                argument="since",
            )
        if until is not None and until < since:
            raise bad_input(
                f"'until' ({until.isoformat()}) must not be before 'since' ({since.isoformat()}).",
                argument="until",
            )
        paging = AnalyticsPage.of("changes", first, after, since, until, trust, basis)
        return await _digest(info, since, until, trust, paging, basis)

    @strawberry.field(
        description="What changed since an event (from the day after it): e.g. since the "
        "last Technology Forum. The same digest as 'changes'."
    )
    async def changes_since_event(
        self,
        info: GraphInfo,
        event: Annotated[strawberry.ID, strawberry.argument(description="The event.")],
        until: Until = None,
        trust: Trust = None,
        first: FirstOfEach = 50,
        basis: Basis = DigestBasis.HAPPENED,
        after: After = None,
    ) -> ChangeDigest:
        check_first(info, first)
        store = info.context.store
        known = await known_records(store, [str(event)])
        event_id = require(known, str(event), (NodeKind.EVENT,))
        day = known.nodes[event_id].date
        if day is None:
            raise bad_input(
                f"'{event_id}' has no date, so there is no 'since'; use changes(since:) "
                "with a day instead.",
                argument="event",
            )
        if day == dt.date.max:
            raise bad_input(
                f"'{event_id}' is dated 9999-12-31, the calendar's last day: no day comes "
                "after it. Correct the event's date, or use changes(since:).",
                argument="event",
            )
        since = day + dt.timedelta(days=1)
        if until is not None and until < since:
            raise bad_input(
                f"'until' ({until.isoformat()}) must be after the event ({day.isoformat()}).",
                argument="until",
            )
        paging = AnalyticsPage.of("changesSinceEvent", first, after, event_id, until, trust, basis)
        return await _digest(info, since, until, trust, paging, basis)
