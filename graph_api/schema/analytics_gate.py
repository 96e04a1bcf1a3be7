"""The analytics root fields take turns (``graph_api.analytics.turns``): each is
resolved within a turn of the context's ``analytics_gate``."""

from __future__ import annotations

import inspect
from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.types import Info
from strawberry.types.base import StrawberryObjectDefinition

from graph_api.analytics.turns import AnalyticsGate


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
