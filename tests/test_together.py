"""Independent reads asked at once: every result in order, or the first failure's own
error with the rest cancelled."""

from __future__ import annotations

import asyncio

import pytest

from graph_api.analytics.together import together
from graph_api.errors import ErrorCode, GraphApiError


async def _after(seconds: float, value: str, log: list[str]) -> str:
    log.append(f"began {value}")
    await asyncio.sleep(seconds)
    log.append(f"ended {value}")
    return value


async def test_results_come_in_order_and_the_calls_overlap() -> None:
    log: list[str] = []
    assert await together(_after(0.05, "a", log), _after(0.0, "b", log)) == ("a", "b")
    assert log == ["began a", "began b", "ended b", "ended a"]


async def test_a_failure_is_raised_as_itself_and_the_others_are_cancelled() -> None:
    log: list[str] = []

    async def failing() -> str:
        await asyncio.sleep(0.01)
        raise GraphApiError(ErrorCode.QUERY_TIMEOUT, "too slow")

    with pytest.raises(GraphApiError) as failed:
        await together(_after(5.0, "slow", log), failing())
    assert failed.value.code is ErrorCode.QUERY_TIMEOUT
    assert log == ["began slow"]  # cancelled, never ended
