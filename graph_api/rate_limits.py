"""Rate and concurrency limits per client address on /graphql: HTTP 429 with Retry-After.
(Limits per API key or token subject are applied by the endpoint once the caller is
known: ``graph_api.caller_limits``.)

One client sending too much should slow itself down, not everyone else. Each address
may send ``per_minute`` GraphQL requests in any moving minute (the ``limits`` library's
moving-window limiter, in memory: an address's entries expire with its window, so memory
follows the traffic of the last minute, not the number of addresses ever seen). Past
that, the answer is HTTP 429 with a ``Retry-After`` header and a GraphQL-shaped error
with the code RATE_LIMITED, saying when to try again. WebSocket handshakes count too
(one refused is closed with code 1013, try again later), and so does each operation sent
over an open WebSocket (``graph_api.schema.socket_limits``).

An address may also have at most ``max_concurrent`` requests in flight at once (a slow
body counts from its first byte): one more is refused the same way, with Retry-After 1,
so a client cannot hold every worker with slow requests. The count per address is
dropped when it falls to zero, so it holds only addresses with requests in flight.

The address is the TCP peer as uvicorn reports it. Behind a reverse proxy, start
uvicorn with ``--proxy-headers`` and ``--forwarded-allow-ips`` so the peer is the real
client, not the proxy.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections import Counter
from collections.abc import Hashable, Iterator
from typing import TypeVar

from limits import RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from graph_api.errors import ErrorCode, GraphApiError, error_body

LIMITED_PATHS = ("/graphql",)
K = TypeVar("K", bound=Hashable)


class PerMinute:
    """At most ``limit`` requests in any moving minute per key (0: no limit); a refusal
    names whose allowance it was (``whose``: "from this address") and when to retry."""

    def __init__(self, limit: int, whose: str) -> None:
        self.limit, self.whose = limit, whose
        self.item = RateLimitItemPerMinute(max(limit, 1))
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    async def refusal(self, key: str) -> GraphApiError | None:
        """None if ``key`` may send one more request this minute (and counts it);
        otherwise RATE_LIMITED saying when to retry."""
        if self.limit <= 0 or await self.limiter.hit(self.item, "minute", key):
            return None
        stats = await self.limiter.get_window_stats(self.item, "minute", key)
        retry_after = max(1, math.ceil(stats.reset_time - time.time()))
        return GraphApiError(
            ErrorCode.RATE_LIMITED,
            f"Too many requests {self.whose}: at most {self.limit} a minute. "
            f"Try again in {retry_after} s.",
            retryAfter=retry_after,
        )


class AddressLimits:
    """Counts per client address: requests in any moving minute, and requests in flight.
    Shared by the HTTP middleware below and by the check on operations sent over an open
    WebSocket (``graph_api.schema.socket_limits``), so both spend one allowance."""

    def __init__(self, per_minute: int, max_concurrent: int = 0) -> None:
        self.max_concurrent = max_concurrent
        self.in_flight: Counter[str] = Counter()
        self.minute = PerMinute(per_minute, "from this address")

    async def refusal(self, address: str) -> GraphApiError | None:
        """None if ``address`` may send one more request this minute (and counts it);
        otherwise RATE_LIMITED saying when to retry."""
        return await self.minute.refusal(address)

    @contextlib.contextmanager
    def request(self, address: str) -> Iterator[None]:
        """Hold one of ``address``'s in-flight places while the block runs; RATE_LIMITED
        (retry after a second) if they are all taken."""
        if 0 < self.max_concurrent <= self.in_flight[address]:
            raise GraphApiError(
                ErrorCode.RATE_LIMITED,
                f"Too many requests at once from this address: at most {self.max_concurrent} "
                "may be in flight. Wait for an answer before sending more.",
                retryAfter=1,
            )
        with held(self.in_flight, address):
            yield


@contextlib.contextmanager
def held(counts: Counter[K], key: K) -> Iterator[None]:
    """Count ``key`` in ``counts`` while the block runs; a key that holds nothing is
    forgotten, so the counter holds only what is in use now."""
    counts[key] += 1
    try:
        yield
    finally:
        counts[key] -= 1
        if counts[key] <= 0:
            del counts[key]


def address_of(scope: Scope) -> str:
    """The client's address as uvicorn reports it (see the module's docstring)."""
    return str((scope.get("client") or ("unknown", 0))[0])


class RateLimits:
    """ASGI middleware: the ``AddressLimits`` on every request to /graphql."""

    def __init__(self, app: ASGIApp, limits: AddressLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or scope.get("path") not in LIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        address = address_of(scope)
        with contextlib.ExitStack() as place:
            try:
                place.enter_context(self.limits.request(address))
                refusal = await self.limits.refusal(address)
            except GraphApiError as too_many:
                refusal = too_many
            if refusal is not None:
                await _refuse(scope, receive, send, refusal)
                return
            await self.app(scope, receive, send)


async def _refuse(scope: Scope, receive: Receive, send: Send, refusal: GraphApiError) -> None:
    """HTTP 429 with Retry-After and a GraphQL-shaped RATE_LIMITED error (a WebSocket
    handshake is closed with 1013, try again later)."""
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1013, "reason": "rate limited"})
        return
    retry_after = str(refusal.details["retryAfter"])
    body = error_body(refusal.code, refusal.message, **refusal.details)
    response = JSONResponse(body, status_code=429, headers={"Retry-After": retry_after})
    await response(scope, receive, send)
