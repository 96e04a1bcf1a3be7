"""Live changes: an in-process broadcaster from the store's writes to GraphQL subscriptions.

A store publishes an event for every change record it commits; each subscriber gets its
own bounded queue. The feed lives in one process: several API processes behind a load
balancer hear each other's writes through the database: ``graph_api.change_relay``
reads the audit trail for changes this process did not publish and relays them here.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from graph_api.domain import LinkRecord, NodeKind, NodeRecord, kind_of_id
from graph_api.store.changes import ChangeRecord, utc_now

# A subscriber that falls this far behind is dropped (and told so) rather than letting
# its queue, and the server's memory, grow without bound.
QUEUE_SIZE = 1_000
# How many of the latest change ids a feed remembers (see ChangeFeed.remember).
REMEMBERED = 50_000


class SubscriberTooSlow(RuntimeError):
    """A subscriber missed changes because it did not read them fast enough."""


@dataclass(frozen=True)
class ChangeEvent:
    """One committed change, with the entity or link as it was written."""

    change: ChangeRecord
    node: NodeRecord | None = None
    link: LinkRecord | None = None

    @property
    def kinds(self) -> frozenset[NodeKind]:
        """The kinds of the entities the change touched (both ends of a link)."""
        found = {kind_of_id(self.change.entity_id)}
        if self.change.other_id:
            found.add(kind_of_id(self.change.other_id))
        return frozenset(kind for kind in found if kind is not None)

    def touches(self, entity_id: str) -> bool:
        """Whether the change is about ``entity_id``: either end of a link, or an entity
        whose links a merge moved (its summary's ``touched``)."""
        if entity_id in (self.change.entity_id, self.change.other_id):
            return True
        return entity_id in self.change.summary.get("touched", ())


class _Subscriber:
    def __init__(self) -> None:
        self.queue: asyncio.Queue[ChangeEvent] = asyncio.Queue(QUEUE_SIZE)
        self.loop = asyncio.get_running_loop()
        self.overflowed = False


class ChangeFeed:
    """Fans committed changes out to every current subscriber, and remembers the ids of
    the latest ones (``REMEMBERED``), so the relay of other processes' changes
    (``graph_api.change_relay``) never delivers one of this process's twice."""

    def __init__(self) -> None:
        self._subscribers: set[_Subscriber] = set()
        self._recent: dict[str, None] = {}  # insertion-ordered, bounded
        # When the feed last went from no subscriber to one (the relay starts there).
        self.listening_since = ""

    def remember(self, change_ids: Sequence[str]) -> None:
        """Note changes committed (or relayed) here; the oldest are forgotten past the bound."""
        for change_id in change_ids:
            self._recent[change_id] = None
        while len(self._recent) > REMEMBERED:
            del self._recent[next(iter(self._recent))]

    def knows(self, change_id: str) -> bool:
        """Whether this process already published the change."""
        return change_id in self._recent

    @property
    def subscriber_count(self) -> int:
        """How many subscriptions are listening (publishing to none costs nothing)."""
        return len(self._subscribers)

    def publish(self, events: Sequence[ChangeEvent]) -> None:
        """Hand events to every subscriber; never blocks the writer."""
        self.remember([event.change.id for event in events])
        for subscriber in list(self._subscribers):
            if subscriber.loop is asyncio.get_running_loop():
                _deliver(subscriber, events)
            else:  # a subscriber served by another event loop (another thread)
                subscriber.loop.call_soon_threadsafe(_deliver, subscriber, events)

    @contextlib.asynccontextmanager
    async def subscribe(self) -> AsyncIterator[AsyncIterator[ChangeEvent]]:
        """Listen for changes while the block runs; the iterator yields them in order."""
        subscriber = _Subscriber()
        if not self._subscribers:
            self.listening_since = utc_now()
        self._subscribers.add(subscriber)
        try:
            yield _drain(subscriber)
        finally:
            self._subscribers.discard(subscriber)


def _deliver(subscriber: _Subscriber, events: Sequence[ChangeEvent]) -> None:
    for event in events:
        try:
            subscriber.queue.put_nowait(event)
        except asyncio.QueueFull:
            subscriber.overflowed = True
            return


async def _drain(subscriber: _Subscriber) -> AsyncIterator[ChangeEvent]:
    while True:
        event = await subscriber.queue.get()
        yield event
        if subscriber.overflowed and subscriber.queue.empty():
            raise SubscriberTooSlow(
                f"This subscription fell more than {QUEUE_SIZE} changes behind and missed "
                "some; subscribe again (and read history(id) for what was missed)."
            )
