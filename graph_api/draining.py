"""Stopping gracefully: on SIGTERM or Ctrl-C the process says it is going before it goes.

uvicorn, asked to stop, closes its listening socket, lets the requests under way finish
(for at most ``GRAPH_API_SHUTDOWN_SECONDS``), closes WebSockets with code 1012 (service
restart) and then runs the application's shutdown, which closes the store. What it does
not do is tell the clients that still hold a connection: from the moment the signal
arrives, ``/readyz`` answers 503 (a load balancer stops sending work here) and a new
request on a kept-alive connection gets ``SERVICE_STOPPING`` (HTTP 503, ``Retry-After``,
``Connection: close``) instead of being started and then cut off.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable
from types import FrameType

import uvicorn
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from graph_api.errors import ErrorCode, error_body
from graph_api.start_up_objects import freeze_start_up_objects

log = logging.getLogger(__name__)

STOPPING_MESSAGE = (
    "This service process is shutting down. Send the request again: another process, "
    "or this service once restarted, will answer it."
)


class Draining:
    """Whether this process has been asked to stop, shared by the server and the app."""

    def __init__(self) -> None:
        self.since: float | None = None

    @property
    def active(self) -> bool:
        """True from the stop signal on."""
        return self.since is not None

    def begin(self) -> None:
        """Note that the process is stopping (idempotent)."""
        if self.since is None:
            self.since = time.monotonic()


class RefuseWhileDraining:
    """ASGI middleware: once draining, new HTTP requests (but ``/healthz``, which says the
    process still lives) get SERVICE_STOPPING, and new WebSockets are closed with 1012."""

    def __init__(self, app: ASGIApp, draining: Draining) -> None:
        self.app, self.draining = app, draining

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse what arrives after the stop signal; pass everything else on."""
        if not self.draining.active or scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1012})
            return
        if scope["path"] in ("/healthz", "/readyz"):  # /readyz says why it is not ready
            await self.app(scope, receive, send)
            return
        response = JSONResponse(
            error_body(ErrorCode.SERVICE_STOPPING, STOPPING_MESSAGE),
            status_code=503,
            headers={"Retry-After": "1", "Connection": "close"},
        )
        await response(scope, receive, send)


class DrainingServer(uvicorn.Server):
    """uvicorn's server, which marks the app as draining when told to stop (and, once
    started, freezes what start-up made: ``start_up_objects``)."""

    def __init__(self, config: uvicorn.Config, on_stop: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_stop = on_stop

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        """Start as uvicorn does, then take start-up's objects out of the collector's walks."""
        await super().startup(sockets)
        if self.started:
            log.info("froze %d start-up objects", freeze_start_up_objects())

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        """Mark the app as draining, then stop as uvicorn does."""
        self._on_stop()
        super().handle_exit(sig, frame)
