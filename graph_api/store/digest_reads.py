"""What the change digest asks of a store: what began to count between two days.

Each read compares the graph as it stood on two days (``before``, the day before the
period, and ``after``, its last day) under the same trust rules, in the database, and
returns only what changed: offers, parties, first attendances, and the events where new
meetings may have happened. The rules match the analytics lens (``analytics.lens``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graph_api.store.base import LinkView
from graph_api.store.changes import ChangeAction
from graph_api.store.cypher_scoped import view_params
from graph_api.store.filters import NO_LIMIT

# Parties per read of the events they attended before a digest's period.
EARLIER_EVENTS_SLICE = 2_000

if TYPE_CHECKING:
    from graph_api.store.cypher_store import CypherGraphStore


@dataclass(frozen=True)
class FirstRecord:
    """A fact's first record in the audit trail: an entity created (``link_type`` None)
    or a link recorded, and when (``at``, an audit-trail time)."""

    entity_id: str
    other_id: str | None
    link_type: str | None
    at: str


@dataclass(frozen=True)
class ChangedEvent:
    """An event where some attendance began to count in the period, with the government
    parties and the enterprises whose attendance there counts at its end."""

    event_id: str
    day: dt.date | None
    governments: tuple[str, ...]
    enterprises: tuple[str, ...]


def _days(before: dt.date, after: dt.date | None) -> dict[str, str]:
    """The two days a digest read compares, as its Cypher file names them."""
    return {"before": before.isoformat(), "after": after.isoformat() if after else NO_LIMIT}


def _trust_params(trust: LinkView) -> dict[str, Any]:
    """A view's trust rules as the digest's Cypher files name them: its as-of day gives
    way to the days each read compares."""
    params = view_params(LinkView(None, trust.min_confidence, trust.evidence, trust.with_sample))
    del params["as_of"]
    return params


class DigestReads:
    """The digest's reads, one round-trip each, over a store's Cypher files."""

    def __init__(self, store: CypherGraphStore) -> None:
        self.store = store

    async def _read(
        self, name: str, trust: LinkView, before: dt.date, after: dt.date | None
    ) -> list[dict[str, Any]]:
        return await self.store.read(name, _trust_params(trust) | _days(before, after))

    async def new_offers(
        self, trust: LinkView, before: dt.date, after: dt.date | None
    ) -> list[tuple[str, str]]:
        """(enterprise, technology) offers counting on ``after`` but not ``before``."""
        rows = await self._read("digest_new_offers", trust, before, after)
        return [(row["enterprise"], row["technology"]) for row in rows]

    async def new_parties(self, before: dt.date, after: dt.date | None) -> list[str]:
        """Bureaux, departments, enterprises and partner bodies that began in the period."""
        rows = await self.store.read("digest_new_parties", _days(before, after))
        return [row["party"] for row in rows]

    async def first_attendances(
        self, trust: LinkView, before: dt.date, after: dt.date | None
    ) -> list[str]:
        """Parties with an attendance counting on ``after`` and none on ``before``."""
        rows = await self._read("digest_first_attendances", trust, before, after)
        return [row["party"] for row in rows]

    async def changed_events(
        self, trust: LinkView, before: dt.date, after: dt.date | None
    ) -> list[ChangedEvent]:
        """The events where a new meeting may have happened in the period, each with the
        bureaux and departments and the enterprises attending it as of ``after``."""
        rows = await self._read("digest_changed_events", trust, before, after)
        return [
            ChangedEvent(
                row["event"],
                dt.date.fromisoformat(row["day"]) if row["day"] else None,
                tuple(row["governments"]),
                tuple(row["enterprises"]),
            )
            for row in rows
        ]

    async def earlier_events(
        self, trust: LinkView, before: dt.date, parties: Collection[str]
    ) -> dict[str, frozenset[str]]:
        """Party -> the events its attendances counted at as of ``before`` (parties with
        none are left out)."""
        # Read a slice of the parties at a time, and keep one string per event: the
        # driver gives every mention its own (at 10^5 entities a month's digest names
        # 10,000 parties and 900,000 mentions of 5,000 events; read at once, 75 MB).
        # The slices are reads of their own, as the digest's other reads are: a write
        # between them is seen by some and not others, as between those reads.
        names: dict[str, str] = {}
        found: dict[str, frozenset[str]] = {}
        ordered = sorted(parties)
        for start in range(0, len(ordered), EARLIER_EVENTS_SLICE):
            rows = await self.store.read(
                "digest_earlier_events",
                _trust_params(trust)
                | {
                    "before": before.isoformat(),
                    "parties": ordered[start : start + EARLIER_EVENTS_SLICE],
                },
            )
            for row in rows:
                events = [names.setdefault(event, event) for event in row["events"]]
                found[row["party"]] = frozenset(events)
        return found

    async def first_records(self, since_at: str) -> list[FirstRecord]:
        """The entities created and links recorded first at or after ``since_at``."""
        rows = await self.store.read(
            "digest_first_records",
            {
                "from": since_at,
                "actions": [ChangeAction.ENTITY_CREATED, ChangeAction.LINK_RECORDED],
            },
        )
        return [
            FirstRecord(
                row["entity_id"],
                row["other_id"] or None,
                row["link_type"] or None,
                row["first"],
            )
            for row in rows
        ]
