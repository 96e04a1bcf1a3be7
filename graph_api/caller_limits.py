"""Limits per authenticated caller (an API key, or a token's subject), whatever addresses
it comes from: requests a minute, requests in flight, and open subscriptions (per caller
and per WebSocket connection).

They are checked after authentication, so a forged key id cannot spend another caller's
allowance; anonymous callers have no verified name and are limited per address only
(``graph_api.rate_limits``). A refusal is ``RATE_LIMITED`` with a message that says what
to do; the per-minute one carries ``retryAfter`` for HTTP's ``Retry-After``.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Hashable, Iterator

from graph_api.auth.identity import Identity
from graph_api.errors import ErrorCode, GraphApiError
from graph_api.rate_limits import PerMinute, held


def caller_of(identity: Identity) -> str:
    """Whom the limits count against: the verified key or token subject, or "" for an
    anonymous caller (no verified name: limited per address instead)."""
    return "" if identity.method == "anonymous" else f"{identity.method}:{identity.actor}"


class CallerLimits:
    """Counts per caller; a limit of 0 is no limit, and the empty caller (anonymous)
    has none here."""

    def __init__(
        self,
        per_minute: int,
        in_flight: int = 0,
        subscriptions: int = 0,
        subscriptions_per_connection: int = 0,
    ) -> None:
        self.max_in_flight = in_flight
        self.max_subscriptions = subscriptions
        self.max_subscriptions_per_connection = subscriptions_per_connection
        self.minute = PerMinute(per_minute, "with this key or token")
        self.in_flight: Counter[str] = Counter()
        self.subscriptions: Counter[str] = Counter()
        self.connection_subscriptions: Counter[Hashable] = Counter()

    async def refusal(self, caller: str) -> GraphApiError | None:
        """None if ``caller`` may send one more request this minute (and counts it);
        otherwise RATE_LIMITED saying when to retry."""
        return await self.minute.refusal(caller) if caller else None

    @contextlib.contextmanager
    def request(self, caller: str) -> Iterator[None]:
        """Hold one of ``caller``'s in-flight places while the block runs; RATE_LIMITED
        (retry after a second) if they are all taken."""
        if caller and 0 < self.max_in_flight <= self.in_flight[caller]:
            raise GraphApiError(
                ErrorCode.RATE_LIMITED,
                f"Too many requests at once with this key or token: at most "
                f"{self.max_in_flight} may be in flight. Wait for an answer before sending "
                "more.",
                retryAfter=1,
            )
        with held(self.in_flight, caller):
            yield

    @contextlib.contextmanager
    def subscription(self, caller: str, connection: Hashable) -> Iterator[None]:
        """Hold a subscription place for ``caller`` on ``connection`` while it is open;
        RATE_LIMITED if the caller or the connection has as many open as allowed."""
        if 0 < self.max_subscriptions_per_connection <= self.connection_subscriptions[connection]:
            raise GraphApiError(
                ErrorCode.RATE_LIMITED,
                f"This connection already has {self.max_subscriptions_per_connection} "
                "subscriptions open, the most allowed: complete one before starting another "
                "(one subscription with filters can often replace several).",
            )
        if caller and 0 < self.max_subscriptions <= self.subscriptions[caller]:
            raise GraphApiError(
                ErrorCode.RATE_LIMITED,
                f"This key or token already has {self.max_subscriptions} subscriptions open, "
                "the most allowed, across its connections: close some first.",
            )
        with held(self.subscriptions, caller), held(self.connection_subscriptions, connection):
            yield
