"""Analytics questions take turns: at most ``GRAPH_API_MAX_CONCURRENT_ANALYTICS`` of
them are worked out at once in a process, and the others wait for a turn, for at most
``GRAPH_API_QUERY_TIMEOUT_SECONDS``, then get SERVICE_BUSY (try again in a moment).

Why: at 10^5 entities one question reads hundreds of thousands of rows and holds tens
of MB of Python objects while it works (a department's recommendations about 80 MB, a
month's change digest 70 MB). Under eight clients each editing and asking every
question, eight at once on two cores answered no sooner than fewer would, but held the
service at 1.1 GB and outgrew Neo4j's transaction memory (``MemoryPoolOutOfMemoryError``).

The schema gives the analytics root fields their turns (``schema/analytics_gate.py``);
entity queries, search, history and writes never wait for one. A question that waits
for the same answer someone else is working out gives its turn back meanwhile
(``answer_cache``), so a dashboard opened by many at once holds one turn, not many.
A cancelled question (its client went away) gives its turn back at once, though work
it handed to a thread (brokers, communities) runs on to its end.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from collections.abc import AsyncIterator

from graph_api.config import Settings
from graph_api.errors import ErrorCode, GraphApiError


class Turn:
    """One question's turn; given back once, however often asked to."""

    def __init__(self, gate: AnalyticsGate) -> None:
        self._gate: AnalyticsGate | None = gate

    def give_back(self) -> None:
        """Let the next question in (no-op if already given back)."""
        if self._gate is not None:
            self._gate.release()
            self._gate = None


_HELD: contextvars.ContextVar[Turn | None] = contextvars.ContextVar("analytics_turn", default=None)


class AnalyticsGate:
    """``limit`` turns, shared by one process's analytics questions."""

    def __init__(self, limit: int, wait_seconds: float) -> None:
        self.limit, self.wait_seconds = limit, wait_seconds
        self._turns = asyncio.Semaphore(limit)
        self.in_use = 0  # questions being worked out
        self.waiting = 0  # questions waiting for a turn

    @classmethod
    def for_settings(cls, settings: Settings) -> AnalyticsGate | None:
        """The gate the settings ask for; None when ``max_concurrent_analytics`` is 0."""
        if settings.max_concurrent_analytics <= 0:
            return None
        return cls(settings.max_concurrent_analytics, settings.query_timeout_seconds)

    def release(self) -> None:
        """A turn given back (``Turn.give_back``)."""
        self.in_use -= 1
        self._turns.release()

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[Turn]:
        """Hold a turn for the block (the block may give it back early); SERVICE_BUSY
        if none comes in time."""
        self.waiting += 1
        try:
            async with asyncio.timeout(self.wait_seconds):
                await self._turns.acquire()
        except TimeoutError:
            raise GraphApiError(
                ErrorCode.SERVICE_BUSY,
                f"The service is working out {self.limit} analytics questions already, and "
                f"this one waited {self.wait_seconds:g} s for its turn. Ask again in a "
                "moment; an operator can allow more at once with "
                "GRAPH_API_MAX_CONCURRENT_ANALYTICS (each takes memory and CPU).",
            ) from None
        finally:
            self.waiting -= 1
        self.in_use += 1
        held = Turn(self)
        token = _HELD.set(held)
        try:
            yield held
        finally:
            _HELD.reset(token)
            held.give_back()


def give_back_turn() -> None:
    """Give back the turn the running question holds, if any: it is about to wait for
    work done elsewhere (another asker's answer), not to do any."""
    held = _HELD.get()
    if held is not None:
        held.give_back()
