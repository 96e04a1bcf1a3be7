"""Request bodies are read whole, small and in good time, before the app sees them.

A 100 MB body, or a client that sends one byte a second, would otherwise hold a worker
and its memory for as long as it likes. This ASGI middleware reads the body of every
HTTP request first: more than ``max_bytes`` (``max_upload_bytes`` for a multipart upload,
a file to import) is answered ``413`` (code
``REQUEST_TOO_LARGE``), a body not complete within ``read_timeout`` seconds ``408``
(code ``REQUEST_TIMEOUT``), both as GraphQL-shaped JSON errors that say what to do.
WebSocket traffic passes untouched (subscriptions send small messages).
"""

from __future__ import annotations

import asyncio
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_api.errors import ErrorCode, error_body


class RequestBodyLimits:
    """Refuse bodies that are too large or too slow, then replay the body to the app."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, read_timeout: float, max_upload_bytes: int = 0
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_upload_bytes = max(max_upload_bytes, max_bytes)
        self.read_timeout = read_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read (and check) the body, then call the app with it."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        upload = headers.get(b"content-type", b"").startswith(b"multipart/form-data")
        limit = self.max_upload_bytes if upload else self.max_bytes
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._too_large(send, limit)
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
                        await self._too_large(send, limit)
                        return
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            message_text = (
                f"The request body did not arrive within {self.read_timeout:g} s. Send it "
                "at once; the server does not wait for slow uploads."
            )
            await self._refuse(send, 408, ErrorCode.REQUEST_TIMEOUT, message_text)
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

    async def _too_large(self, send: Send, limit: int) -> None:
        message = (
            f"The request body is larger than the server allows ({limit:,} bytes). "
            "Send a smaller query or file, or split it into several requests."
        )
        await self._refuse(send, 413, ErrorCode.REQUEST_TOO_LARGE, message)

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
