"""What a store counts of its own work: queries sent (for the round-trip tests and
metrics) and a generation that every write of this process moves (for caches)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field


@dataclass
class StoreCounters:
    """How many queries a store has sent, for the round-trip tests and metrics."""

    round_trips: int = 0
    by_query: dict[str, int] = field(default_factory=dict)
    # Bumped by every write this process makes; caches derived from the graph (e.g. the
    # analytics projection) compare it to know they are stale.
    generation: int = 0

    def record(self, name: str) -> None:
        """Count one query sent to the database."""
        self.round_trips += 1
        self.by_query[name] = self.by_query.get(name, 0) + 1

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
