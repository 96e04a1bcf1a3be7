"""Rate limits per client address on /graphql: HTTP 429 with Retry-After past the limit.

One client sending too much should slow itself down, not everyone else. Each address
may send ``per_minute`` GraphQL requests in any moving minute (the ``limits`` library's
moving-window limiter, in memory: an address's entries expire with its window, so memory
follows the traffic of the last minute, not the number of addresses ever seen). Past
that, the answer is HTTP 429 with a ``Retry-After`` header and a GraphQL-shaped error
with the code RATE_LIMITED, saying when to try again. WebSocket handshakes count too;
one refused is closed with code 1013 (try again later).

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

from graph_api.errors import ErrorCode

LIMITED_PATHS = ("/graphql",)


class RateLimits:
    """ASGI middleware: at most ``per_minute`` requests a minute per client address."""

    def __init__(self, app: ASGIApp, per_minute: int) -> None:
        self.app = app
        self.per_minute = per_minute
        self.item = RateLimitItemPerMinute(max(per_minute, 1))
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.per_minute <= 0
            or scope["type"] not in ("http", "websocket")
            or scope.get("path") not in LIMITED_PATHS
        ):
            await self.app(scope, receive, send)
            return
        address = (scope.get("client") or ("unknown", 0))[0]
        if await self.limiter.hit(self.item, "address", address):
            await self.app(scope, receive, send)
            return
        stats = await self.limiter.get_window_stats(self.item, "address", address)
        retry_after = max(1, math.ceil(stats.reset_time - time.time()))
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1013, "reason": "rate limited"})
            return
        message = (
            f"Too many requests from this address: at most {self.per_minute} a minute. "
            f"Try again in {retry_after} s."
        )
        body = {
            "errors": [
                {
                    "message": message,
                    "extensions": {"code": ErrorCode.RATE_LIMITED, "retryAfter": retry_after},
                }
            ]
        }
        response = JSONResponse(body, status_code=429, headers={"Retry-After": str(retry_after)})
        await response(scope, receive, send)
