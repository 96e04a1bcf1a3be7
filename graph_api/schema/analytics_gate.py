"""Analytics questions take turns: at most ``GRAPH_API_MAX_CONCURRENT_ANALYTICS`` of
them are worked out at once in a process, and the others wait for a turn, for at most
``GRAPH_API_QUERY_TIMEOUT_SECONDS``, then get STORE_UNAVAILABLE (HTTP 503, try again).

Why: at 10^5 entities one question reads hundreds of thousands of rows and holds tens
of MB of Python objects while it works (a department's recommendations about 80 MB, a
month's change digest 70 MB). Under eight clients each editing and asking every
question, eight at once on two cores answered no sooner than fewer would, but held the
service at 1 GB and outgrew Neo4j's transaction memory (``MemoryPoolOutOfMemoryError``,
STORE_UNAVAILABLE to the client). Entity queries, search, history and mutations are
never held back, and an answer kept from before (``answer_cache``) takes its turn too,
briefly.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import AsyncIterator
from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.types import Info
from strawberry.types.base import StrawberryObjectDefinition

from graph_api.config import Settings
from graph_api.errors import ErrorCode, GraphApiError


class AnalyticsGate:
    """``limit`` turns, shared by one process's analytics questions."""

    def __init__(self, limit: int, wait_seconds: float) -> None:
        self.limit, self.wait_seconds = limit, wait_seconds
        self._turns = asyncio.Semaphore(limit)
        self.waiting = 0

    @classmethod
    def for_settings(cls, settings: Settings) -> AnalyticsGate | None:
        """The gate the settings ask for; None when ``max_concurrent_analytics`` is 0."""
        if settings.max_concurrent_analytics <= 0:
            return None
        return cls(settings.max_concurrent_analytics, settings.query_timeout_seconds)

    @property
    def in_use(self) -> int:
        """How many questions are being worked out now."""
        return self.limit - self._turns._value  # asyncio keeps no public count

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Hold a turn for the block; STORE_UNAVAILABLE if none comes in time."""
        self.waiting += 1
        try:
            async with asyncio.timeout(self.wait_seconds):
                await self._turns.acquire()
        except TimeoutError:
            raise GraphApiError(
                ErrorCode.STORE_UNAVAILABLE,
                f"The service is working out {self.limit} analytics questions already, and "
                f"this one waited {self.wait_seconds:g} s for its turn. Ask again in a "
                "moment; an operator can allow more at once with "
                "GRAPH_API_MAX_CONCURRENT_ANALYTICS (each takes memory and CPU).",
            ) from None
        finally:
            self.waiting -= 1
        try:
            yield
        finally:
            self._turns.release()


class TakesTurns(FieldExtension):
    """Resolves its field in a turn of the context's ``analytics_gate`` (if any)."""

    def resolve(  # type: ignore[override]  # positional-only: fields have a `source` argument
        self, next_: Any, source: Any, info: Info, /, **kwargs: Any
    ) -> Any:
        """A synchronous field works nothing out: it is resolved as it is."""
        return next_(source, info, **kwargs)

    async def resolve_async(  # type: ignore[override]  # positional-only, as resolve
        self, next_: Any, source: Any, info: Info, /, **kwargs: Any
    ) -> Any:
        """Wait for a turn, then resolve the field within it."""
        gate: AnalyticsGate | None = getattr(info.context, "analytics_gate", None)
        if gate is None:
            return await _resolved(next_(source, info, **kwargs))
        async with gate.turn():
            return await _resolved(next_(source, info, **kwargs))


async def _resolved(result: Any) -> Any:
    return await result if inspect.isawaitable(result) else result


def take_turns(query: type, analytics: type) -> None:
    """Make every field of ``query`` that ``analytics`` (a root type's part) defines take
    turns. The gate goes first in each field's extensions, so it is the innermost:
    a caller refused by the field's role guard never waits for a turn."""
    names = {field.python_name for field in _definition(analytics).fields}
    for field in _definition(query).fields:
        if field.python_name in names and not any(
            isinstance(extension, TakesTurns) for extension in field.extensions
        ):
            field.extensions.insert(0, TakesTurns())


def _definition(cls: type) -> StrawberryObjectDefinition:
    definition: StrawberryObjectDefinition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    return definition
