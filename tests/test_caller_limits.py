"""Limits per authenticated caller (graph_api.caller_limits), as pure logic: each caller
and each connection counts on its own, places come back when released, anonymous
callers are not counted here, and 0 switches a limit off."""

from __future__ import annotations

import pytest

from graph_api.auth.identity import ANONYMOUS, Identity
from graph_api.auth.roles import Role
from graph_api.caller_limits import CallerLimits, caller_of
from graph_api.errors import ErrorCode, GraphApiError


async def test_each_caller_has_its_own_allowance_a_minute() -> None:
    limits = CallerLimits(per_minute=2)
    assert [await limits.refusal("api-key:key:a") for _ in range(2)] == [None, None]
    refused = await limits.refusal("api-key:key:a")
    assert refused is not None
    assert refused.code is ErrorCode.RATE_LIMITED
    assert 1 <= refused.details["retryAfter"] <= 60
    assert await limits.refusal("api-key:key:b") is None
    assert [await limits.refusal("") for _ in range(5)] == [None] * 5  # anonymous: per address


def test_in_flight_places_come_back_when_a_request_ends() -> None:
    limits = CallerLimits(per_minute=0, in_flight=1)
    with limits.request("jwt:alice"):
        with (
            pytest.raises(GraphApiError, match="at most 1 may be in flight"),
            limits.request("jwt:alice"),
        ):
            pass
        with limits.request("jwt:bob"), limits.request(""), limits.request(""):
            pass
    with limits.request("jwt:alice"):
        assert limits.in_flight == {"jwt:alice": 1}
    assert limits.in_flight == {}


def test_subscriptions_count_per_connection_and_per_caller() -> None:
    limits = CallerLimits(per_minute=0, subscriptions=3, subscriptions_per_connection=2)
    with limits.subscription("jwt:alice", "c1"), limits.subscription("jwt:alice", "c1"):
        with (
            pytest.raises(GraphApiError, match="This connection already has 2"),
            limits.subscription("jwt:alice", "c1"),
        ):
            pass
        with limits.subscription("jwt:alice", "c2"):
            with (
                pytest.raises(GraphApiError, match="This key or token already has 3"),
                limits.subscription("jwt:alice", "c3"),
            ):
                pass
            with limits.subscription("jwt:bob", "c3"):
                pass
    assert (limits.subscriptions, limits.connection_subscriptions) == ({}, {})


def test_zero_switches_every_limit_off() -> None:
    limits = CallerLimits(per_minute=0)
    with limits.request("jwt:alice"), limits.request("jwt:alice"):
        for _ in range(20):
            with limits.subscription("jwt:alice", "c1"):
                pass


def test_callers_are_named_by_how_they_proved_who_they_are() -> None:
    assert caller_of(ANONYMOUS) == ""
    key = Identity(actor="key:bot", role=Role.VIEWER, method="api-key")
    token = Identity(actor="key:bot", role=Role.VIEWER, method="jwt")
    assert caller_of(key) != caller_of(token)  # a token subject cannot spend a key's
