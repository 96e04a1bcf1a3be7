"""Request bodies are small and arrive in good time, or they are refused.

A 100 MB body, or a client that sends one byte a second, would otherwise hold a worker
and its memory for as long as it likes. This ASGI middleware reads the body of every
HTTP request first: more than ``max_bytes`` is answered ``413`` (code
``REQUEST_TOO_LARGE``), a body not complete within ``read_timeout`` seconds ``408``
(code ``REQUEST_TIMEOUT``), both as GraphQL-shaped JSON errors that say what to do.

Files are the exception: a multipart POST to the GraphQL endpoint (files to import) and
a POST to ``/restore`` (a backup) may hold up to ``max_upload_bytes`` and are passed on
as they arrive (to disk), not held in memory here. Such a body gets ``read_timeout``
plus one second for every ``MIN_UPLOAD_RATE`` bytes received, so a large file on a slow
line goes through and a trickle of bytes does not. Past either limit the app is told
the client left, and the refusal is the answer. WebSocket traffic passes untouched.
"""

from __future__ import annotations

import asyncio
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_api.errors import ErrorCode, error_body

# An upload slower than this on average (bytes a second) is cut off.
MIN_UPLOAD_RATE = 50_000
RESTORE_PATH = "/restore"  # takes a whole backup file as its body


class RequestBodyLimits:
    """Refuse bodies that are too large or too slow, then replay the body to the app
    (an upload of files streams through, measured as it goes)."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        read_timeout: float,
        max_upload_bytes: int = 0,
        upload_path: str = "/graphql",
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_upload_bytes = max(max_upload_bytes, max_bytes)
        self.read_timeout = read_timeout
        self.upload_path = upload_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read (and check) the body, then call the app with it."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        upload = scope.get("method") == "POST" and (
            scope.get("path") == RESTORE_PATH
            or (
                scope.get("path") == self.upload_path
                and headers.get(b"content-type", b"").startswith(b"multipart/form-data")
            )
        )
        limit = self.max_upload_bytes if upload else self.max_bytes
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._too_large(send, limit, scope)
            return
        if upload:
            await self._stream_upload(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self.read_timeout):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        return
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > limit:
                        await self._too_large(send, limit, scope)
                        return
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            await self._refuse(send, 408, ErrorCode.REQUEST_TIMEOUT, self._too_slow())
            return
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # the app may wait for a disconnect

        await self.app(scope, replay, send)

    async def _stream_upload(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass a multipart body on as it arrives; past the size or the time it may
        take, tell the app the client left and answer with the refusal."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        received = 0
        refusal: tuple[int, ErrorCode, str] | None = None
        answered = False

        async def measured() -> Message:
            nonlocal received, refusal
            if refusal is not None:
                return {"type": "http.disconnect"}
            deadline = started + self.read_timeout + received / MIN_UPLOAD_RATE
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                refusal = (408, ErrorCode.REQUEST_TIMEOUT, self._too_slow(upload=True))
                return {"type": "http.disconnect"}
            received += len(message.get("body", b""))
            if received > self.max_upload_bytes:
                too_large = _too_large(self.max_upload_bytes, scope)
                refusal = (413, ErrorCode.REQUEST_TOO_LARGE, too_large)
                return {"type": "http.disconnect"}
            return message

        async def watched(message: Message) -> None:
            nonlocal answered
            answered = True
            await send(message)

        try:
            await self.app(scope, measured, watched)
        except Exception:
            if refusal is None or answered:
                raise
        if refusal is not None and not answered:
            await self._refuse(send, *refusal)

    def _too_slow(self, upload: bool = False) -> str:
        pace = f", or at least {MIN_UPLOAD_RATE // 1000} KB a second for a file" if upload else ""
        return (
            f"The request body did not arrive within {self.read_timeout:g} s{pace}. Send "
            "it at once; the server does not wait for slow uploads."
        )

    async def _too_large(self, send: Send, limit: int, scope: Scope) -> None:
        await self._refuse(send, 413, ErrorCode.REQUEST_TOO_LARGE, _too_large(limit, scope))

    @staticmethod
    async def _refuse(send: Send, status: int, code: ErrorCode, message: str) -> None:
        payload = json.dumps(error_body(code, message))
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload.encode()})


def _too_large(limit: int, scope: Scope) -> str:
    if scope.get("path") == RESTORE_PATH:
        return (
            f"The backup is larger than this service takes ({limit:,} bytes). Raise "
            "GRAPH_API_MAX_UPLOAD_BYTES on the service, or stop it and run graph-api "
            "restore beside the store."
        )
    return (
        f"The request body is larger than the server allows ({limit:,} bytes). "
        "Send a smaller query or file, or split it into several requests."
    )
