"""Independent store reads of one question, asked at once instead of one after another.

A recommendation at 10^5 entities makes four reads that do not depend on each other
(who the department met, how far each candidate is, the partner bodies, the channels),
seconds each; asked one after another their times add up. On Neo4j each read takes its
own pooled connection and the server runs them side by side; the embedded store has one
worker thread, so there they still run one after another, at no extra cost.

If one read fails, the others are cancelled and that read's own error is raised (not an
``ExceptionGroup``): callers and the GraphQL error mapping know a ``GraphApiError``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, TypeVar, overload

A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")
D = TypeVar("D")


@overload
async def together(first: Awaitable[A], second: Awaitable[B], /) -> tuple[A, B]: ...


@overload
async def together(
    first: Awaitable[A], second: Awaitable[B], third: Awaitable[C], /
) -> tuple[A, B, C]: ...


@overload
async def together(
    first: Awaitable[A], second: Awaitable[B], third: Awaitable[C], fourth: Awaitable[D], /
) -> tuple[A, B, C, D]: ...


@overload
async def together(*calls: Awaitable[Any]) -> tuple[Any, ...]: ...


async def together(*calls: Awaitable[Any]) -> tuple[Any, ...]:
    """Every call's result, in order, the calls awaited at once; the first failure's own
    error if one fails (the rest are cancelled)."""
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(_awaited(call)) for call in calls]
    except BaseExceptionGroup as failed:
        raise failed.exceptions[0] from None
    return tuple(task.result() for task in tasks)


async def _awaited(call: Awaitable[A]) -> A:
    return await call
