"""Limits on a request's headers (how long they may take to arrive, how large they may
be), and refusals of requests that are not HTTP at all, before the app sees them.

uvicorn limits how long a kept-alive connection may sit idle between requests, and the
body of a request has its own deadline and size (``graph_api.body_limits``), but
nothing limits how long the request line and headers may take. A client dripping them
a byte a second holds a connection, and its memory, for as long as it likes; a few
hundred such clients exhaust the server's file descriptors (the "slowloris" attack).
Nor does uvicorn's httptools protocol limit their size: it buffered a 20 MB header and
answered it (h11 refused one of 1 MB).

``with_header_deadline(seconds)`` gives uvicorn an HTTP protocol that:

- closes a connection whose request headers have not all arrived ``seconds`` after the
  connection opened or after the first byte of a later request on it. There is no
  response to send: HTTP has none before a request, so the connection is just closed,
  as uvicorn closes one idle past its keep-alive;
- answers 431 (``REQUEST_TOO_LARGE``, as for a body too large) and closes the
  connection once a request's line and headers, still
  unfinished, have taken more than ``MAX_HEAD_BYTES`` (a head that arrives whole in one
  read, at most a few hundred KiB, is answered: the parser already holds it).

- answers a request that is not valid HTTP/1.1 (uvicorn's parser refused it) with a
  JSON 400 ``BAD_USER_INPUT`` error, like every other refusal, instead of uvicorn's
  plain-text line.

None of these reaches the app, so its metrics cannot see them: they are counted here,
by reason (``REFUSALS``), and ``/metrics`` shows the counts as
``graph_api_connections_refused_total``.

The protocol is uvicorn's httptools one: it parses in C what h11 parses in Python
(BENCHMARKS.md, "Serving with uvloop and httptools", for what that is worth a request).
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from graph_api.errors import ErrorCode, error_body

DEFAULT_HEADER_SECONDS = 10.0
# A request's line and headers together, at most: browsers send a few KiB; cookies
# and bearer tokens can make it tens. Past it, the parser would keep buffering.
MAX_HEAD_BYTES = 64 * 1024
_log = logging.getLogger("graph_api.header_limits")

# Why connections were refused or closed before a request reached the app, since this
# process started: (reason, what it means), the closed set of /metrics' labels.
REASONS = {
    "headers_too_slow": "its request headers did not all arrive within the deadline",
    "headers_too_large": "its request line and headers passed MAX_HEAD_BYTES (HTTP 431)",
    "not_http": "what it sent was not a valid HTTP/1.1 request (HTTP 400)",
}
REFUSALS: collections.Counter[str] = collections.Counter()


class HeaderDeadlineProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, closing connections whose headers are too slow or
    too large.

    The clock starts when a connection opens and when the first byte of a later request
    arrives (the parser begins a message), and stops when the request's head is
    complete; between requests, idle time is keep-alive's business. The head's bytes
    are counted over the same span."""

    header_seconds = DEFAULT_HEADER_SECONDS
    _header_timer: asyncio.TimerHandle | None = None
    _awaiting_headers = True
    _head_bytes = 0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """A new connection: its first request's headers are due within the deadline."""
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        """Bytes of a request: parsed, then counted while its head is still incomplete (a
        chunk that also ended a pipelined request before it counts whole: early, never late)."""
        super().data_received(data)
        if self._awaiting_headers and not self.transport.is_closing():
            self._head_bytes += len(data)
            if self._head_bytes > MAX_HEAD_BYTES:
                self._too_large()

    def on_message_begin(self) -> None:
        """The first byte of a request: its head is due within the deadline."""
        super().on_message_begin()
        self._awaiting_headers = True
        self._head_bytes = 0
        self._arm()

    def on_headers_complete(self) -> None:
        """The request's head is all here: stop the clock."""
        self._awaiting_headers = False
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        """The connection is gone: nothing left to time."""
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self.header_seconds, self._too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def send_400_response(self, msg: str) -> None:
        """A request uvicorn's parser could not read as HTTP/1.1: a JSON 400 error that
        says what to send, counted, and the connection closed."""
        self._disarm()
        REFUSALS["not_http"] += 1
        message = (
            f"{msg.rstrip('.')}: the server reads HTTP/1.1 requests such as "
            "'POST /graphql HTTP/1.1' with a Host header; check the client's URL scheme "
            "(http, not https, unless a proxy in front ends TLS) and its request line."
        )
        self._refuse(b"400 Bad Request", error_body(ErrorCode.BAD_USER_INPUT, message))

    def _too_slow(self) -> None:
        self._header_timer = None
        if self._awaiting_headers and not self.transport.is_closing():
            REFUSALS["headers_too_slow"] += 1
            _log.info(
                "closed the connection from %s: its request headers took longer than %g s",
                self._client_name(),
                self.header_seconds,
            )
            self.transport.close()

    def _too_large(self) -> None:
        self._disarm()
        _log.info(
            "refused a request from %s: its headers passed %d bytes",
            self._client_name(),
            MAX_HEAD_BYTES,
        )
        REFUSALS["headers_too_large"] += 1
        message = (
            f"The request line and headers may take up to {MAX_HEAD_BYTES // 1024} KiB "
            "together; send fewer or shorter headers (a large value belongs in the body)."
        )
        answer = error_body(ErrorCode.REQUEST_TOO_LARGE, message, limit=MAX_HEAD_BYTES)
        self._refuse(b"431 Request Header Fields Too Large", answer)

    def _refuse(self, status: bytes, answer: dict[str, object]) -> None:
        """Answer ``status`` with a JSON error body and close the connection (there is no
        request for the app to answer)."""
        body = json.dumps(answer).encode()
        self.transport.write(
            b"HTTP/1.1 " + status + b"\r\n"
            b"content-type: application/json\r\n"
            + f"content-length: {len(body)}\r\n".encode()
            + b"connection: close\r\n\r\n"
            + body
        )
        self.transport.close()

    def _client_name(self) -> str:
        return f"{self.client[0]}:{self.client[1]}" if self.client else "a client"


def with_header_deadline(seconds: float) -> type[HeaderDeadlineProtocol]:
    """The protocol class to give ``uvicorn.Config(http=...)`` for this deadline."""
    return type("HeaderDeadlineProtocol", (HeaderDeadlineProtocol,), {"header_seconds": seconds})
