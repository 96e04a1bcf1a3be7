"""Rate and concurrency limits per client address on /graphql: HTTP 429 with Retry-After.
(Limits per API key or token subject are applied by the endpoint once the caller is
known: ``graph_api.caller_limits``.)

One client sending too much should slow itself down, not everyone else. Each address
may send ``per_minute`` GraphQL requests in any moving minute (the ``limits`` library's
moving-window limiter, in memory: an address's entries expire with its window, so memory
follows the traffic of the last minute, not the number of addresses ever seen). Past
that, the answer is HTTP 429 with a ``Retry-After`` header and a GraphQL-shaped error
with the code RATE_LIMITED, saying when to try again. WebSocket handshakes count too;
one refused is closed with code 1013 (try again later).

An address may also have at most ``max_concurrent`` requests in flight at once (a slow
body counts from its first byte): one more is refused the same way, with Retry-After 1,
so a client cannot hold every worker with slow requests. The count per address is
dropped when it falls to zero, so it holds only addresses with requests in flight.

The address is the TCP peer as uvicorn reports it. Behind a reverse proxy, start
uvicorn with ``--proxy-headers`` and ``--forwarded-allow-ips`` so the peer is the real
client, not the proxy.
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from graph_api.errors import ErrorCode, error_body

LIMITED_PATHS = ("/graphql",)


class RateLimits:
    """ASGI middleware: at most ``per_minute`` requests a minute per client address."""

    def __init__(self, app: ASGIApp, per_minute: int, max_concurrent: int = 0) -> None:
        self.app = app
        self.per_minute = per_minute
        self.max_concurrent = max_concurrent
        self.in_flight: dict[str, int] = {}
        self.item = RateLimitItemPerMinute(max(per_minute, 1))
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or scope.get("path") not in LIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        address = (scope.get("client") or ("unknown", 0))[0]
        busy = self.in_flight.get(address, 0)
        if self.max_concurrent > 0 and busy >= self.max_concurrent:
            message = (
                f"Too many requests at once from this address: at most {self.max_concurrent} "
                "may be in flight. Wait for an answer before sending more."
            )
            await _refuse(scope, receive, send, message, retry_after=1)
            return
        if self.per_minute > 0 and not await self.limiter.hit(self.item, "address", address):
            stats = await self.limiter.get_window_stats(self.item, "address", address)
            retry_after = max(1, math.ceil(stats.reset_time - time.time()))
            message = (
                f"Too many requests from this address: at most {self.per_minute} a minute. "
                f"Try again in {retry_after} s."
            )
            await _refuse(scope, receive, send, message, retry_after)
            return
        self.in_flight[address] = busy + 1
        try:
            await self.app(scope, receive, send)
        finally:
            left = self.in_flight[address] - 1
            if left:
                self.in_flight[address] = left
            else:
                del self.in_flight[address]


async def _refuse(
    scope: Scope, receive: Receive, send: Send, message: str, retry_after: int
) -> None:
    """HTTP 429 with Retry-After and a GraphQL-shaped RATE_LIMITED error (a WebSocket
    handshake is closed with 1013, try again later)."""
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1013, "reason": "rate limited"})
        return
    body = error_body(ErrorCode.RATE_LIMITED, message, retryAfter=retry_after)
    response = JSONResponse(body, status_code=429, headers={"Retry-After": str(retry_after)})
    await response(scope, receive, send)
