"""What a store counts of its own work: queries sent and the time they took, calls under
way (for the round-trip tests and metrics), and a generation that every write of this
process moves (for caches)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field


@dataclass
class StoreCounters:
    """How many queries a store has sent, for the round-trip tests and metrics."""

    round_trips: int = 0
    by_query: dict[str, int] = field(default_factory=dict)
    # Bumped by every write this process makes; caches derived from the graph (e.g. the
    # analytics projection) compare it to know they are stale.
    generation: int = 0

    # Seconds spent waiting for the store, by query name; calls under way now (how much of
    # the driver's connection pool, or the embedded store's one thread, is in use).
    seconds_by_query: dict[str, float] = field(default_factory=dict)
    in_flight: int = 0

    def record(self, name: str) -> None:
        """Count one query sent to the database."""
        self.round_trips += 1
        self.by_query[name] = self.by_query.get(name, 0) + 1

    @contextlib.contextmanager
    def timing(self, name: str) -> Iterator[None]:
        """Around one store call: counted as under way, and its time added to ``name``'s."""
        self.in_flight += 1
        started = time.perf_counter()
        try:
            yield
        finally:
            self.in_flight -= 1
            spent = time.perf_counter() - started
            self.seconds_by_query[name] = self.seconds_by_query.get(name, 0.0) + spent

    @contextlib.asynccontextmanager
    async def writing(self) -> AsyncIterator[None]:
        """Around a write: the generation moves before it (caches built from now on are
        not taken for older ones) and again after its commit or failure (a cache whose
        read ran while the write was open is not taken for a current one)."""
        self.generation += 1
        try:
            yield
        finally:
            self.generation += 1
