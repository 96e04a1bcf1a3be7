"""Holding the service's doors while the whole graph is replaced (``POST /restore``), or
while an import too large for one transaction writes it batch by batch.

A restore writes the graph back batch by batch. Anyone reading meanwhile would see part
of a graph and take it for the whole, so for as long as it runs this process answers new
requests with STORE_UNAVAILABLE (HTTP 503, ``Retry-After``), ``/readyz`` says not ready
(a load balancer sends work elsewhere) and WebSockets, open or new, are closed with 1013
(try again later): an open one could otherwise go on asking. Requests already under way
are let finish first, for at most ``SETTLE_SECONDS``. ``/healthz`` goes on answering
(the process is alive), and so does ``/metrics``.

A restore waits for this process's requests under way. It is also noted in the store,
as an import that holds readers off is, so it holds every process on the store
(``graph_api.held_runs`` sets ``held_runs``); those do not wait for their requests
under way, which began before it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_api.errors import ErrorCode, error_body
from graph_api.transfer.run_ids import RESTORE_PREFIX

SETTLE_SECONDS = 30.0  # longest a restore waits for requests under way to finish
RETRY_AFTER_SECONDS = 10
PAUSED_MESSAGE = (
    "A restore is replacing the graph; it is answered again as soon as the restore ends. "
    "Try again in a minute."
)
IMPORTING_MESSAGE = (
    "An import too large for one transaction is writing the graph; it is answered again "
    "as soon as the import ends, so that nobody reads half of it. Try again in a minute."
)
_ALWAYS_OPEN = ("/healthz", "/readyz", "/metrics")  # none reads the graph


class Maintenance:
    """Whether a restore or an import holds this process, and how many HTTP requests
    are under way."""

    def __init__(self) -> None:
        self.restoring = False
        self.held_runs: tuple[str, ...] = ()  # import runs holding readers off, by id
        self.began = asyncio.Event()  # set while active: open WebSockets watch it
        self._under_way = 0
        self._settled = asyncio.Event()
        self._settled.set()

    @property
    def active(self) -> bool:
        """Whether new requests are refused."""
        return self.restoring or bool(self.held_runs)

    @property
    def status(self) -> str:
        """What holds the doors, as ``/readyz`` says it: a restore here or in another
        process (noted under ``RESTORE_PREFIX``), else an import."""
        elsewhere = any(run.startswith(RESTORE_PREFIX) for run in self.held_runs)
        return "restoring" if self.restoring or elsewhere else "importing"

    @property
    def message(self) -> str:
        """What a refused caller is told."""
        return PAUSED_MESSAGE if self.status == "restoring" else IMPORTING_MESSAGE

    def hold_for(self, run_ids: tuple[str, ...]) -> None:
        """Hold the doors for these import runs (none: open them, unless a restore runs)."""
        self.held_runs = run_ids
        self._signal()

    def _signal(self) -> None:
        if self.active:
            self.began.set()
        else:
            self.began.clear()

    @contextlib.asynccontextmanager
    async def exclusive(self) -> AsyncIterator[None]:
        """Refuse new requests, wait for those under way but the caller's own, and hold
        the doors until the block ends. MaintenanceRefused if another restore holds
        them, or if requests are still under way after ``SETTLE_SECONDS`` (a backup
        download or an import would otherwise mix the old graph with the new)."""
        if self.restoring:
            raise MaintenanceRefused("Not restored: a restore is already running here.")
        if self.held_runs:
            raise MaintenanceRefused(
                f"Not restored: {self.held_runs[0]} is writing the graph. Try again when "
                "it has ended."
            )
        self.restoring = True
        self._signal()
        try:
            try:
                async with asyncio.timeout(SETTLE_SECONDS):
                    while self._under_way > 1:  # the caller's own request is one
                        self._settled.clear()
                        await self._settled.wait()
            except TimeoutError:
                raise MaintenanceRefused(
                    f"Not restored: requests were still under way after {SETTLE_SECONDS:g} "
                    "s (a backup download or an import, say). Try again when they are done."
                ) from None
            yield
        finally:
            self.restoring = False
            self._signal()

    def entered(self) -> None:
        """A request began."""
        self._under_way += 1

    def left(self) -> None:
        """A request ended."""
        self._under_way -= 1
        self._settled.set()


class MaintenanceRefused(Exception):
    """The doors could not be held; the message says why, for the caller."""


class RefuseDuringMaintenance:
    """ASGI middleware: counts HTTP requests under way and, while a restore runs, refuses
    new ones (but ``_ALWAYS_OPEN``) and closes WebSockets, open and new."""

    def __init__(self, app: ASGIApp, maintenance: Maintenance) -> None:
        self.app, self.maintenance = app, maintenance

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse while a restore runs; otherwise pass on, counted."""
        if scope["type"] == "lifespan" or scope.get("path") in _ALWAYS_OPEN:
            await self.app(scope, receive, send)
            return
        if self.maintenance.active:
            if scope["type"] == "websocket":  # accepted, to be closed with a reason
                await receive()  # websocket.connect
                offered = scope.get("subprotocols") or []
                chosen = {"subprotocol": offered[0]} if offered else {}
                await send({"type": "websocket.accept", **chosen})
                reason = self.maintenance.status
                await send({"type": "websocket.close", "code": 1013, "reason": reason})
                return
            response = JSONResponse(
                error_body(ErrorCode.STORE_UNAVAILABLE, self.maintenance.message),
                status_code=503,
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
            await response(scope, receive, send)
            return
        if scope["type"] == "websocket":  # lives for hours: not waited for, but cut off
            await self._socket(scope, receive, send)
            return
        self.maintenance.entered()
        try:
            await self.app(scope, receive, send)
        finally:
            self.maintenance.left()

    async def _socket(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the socket on; when a restore begins, close it with 1013 and tell the app
        the client left (anything the app sends after that is dropped)."""
        closed = False

        async def receive_until_restore() -> Message:
            nonlocal closed
            incoming = asyncio.ensure_future(receive())
            began = asyncio.ensure_future(self.maintenance.began.wait())
            try:
                await asyncio.wait({incoming, began}, return_when=asyncio.FIRST_COMPLETED)
            finally:  # also when the app stops waiting: neither is left pending
                began.cancel()
                arrived = incoming.done()
                if not arrived:
                    incoming.cancel()
            if arrived:
                return incoming.result()
            if not closed:
                closed = True
                reason = self.maintenance.status
                await send({"type": "websocket.close", "code": 1013, "reason": reason})
            return {"type": "websocket.disconnect", "code": 1013}

        async def send_unless_closed(message: Message) -> None:
            if not closed:
                await send(message)

        await self.app(scope, receive_until_restore, send_unless_closed)
