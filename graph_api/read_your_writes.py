"""Read your own writes through any process: the ``Graph-Bookmark`` header.

A response to a request that wrote carries ``Graph-Bookmark: <token>``. A client that
sends the token back on its next requests (``Graph-Bookmark: <token>``; several tokens
separated by commas) is answered from a store that holds that write, whichever process
and whichever cluster member serve it (``graph_api.store.causality``). Without the
header, a process's own writes are still seen by its reads.

The token wraps Neo4j's bookmarks with an HMAC, so the service only ever waits for
transactions it reported itself: a made-up bookmark would make a cluster member wait,
holding a thread, until its bookmark timeout (30 s by default). The key is derived from
the Neo4j credentials, which every process of one deployment shares, so a token from
one process is good at all of them; changing the password retires old tokens (a request
carrying one is refused: send it again without the header).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Awaitable, Callable, Sequence

from starlette.requests import Request
from starlette.responses import Response

from graph_api.config import Settings
from graph_api.errors import GraphApiError, bad_input
from graph_api.store.causality import causality

HEADER = "Graph-Bookmark"
_VERSION = "gb1"
MAX_TOKENS = 8  # a client that wrote through several processes holds several tokens
MAX_TOKEN_CHARS = 1_024
MAX_BOOKMARKS = 16  # Neo4j gives one per transaction; a token holds a request's last
_TAG_BYTES = 16


class BookmarkSeal:
    """Turns bookmarks into tokens for clients and tokens back into bookmarks."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    @classmethod
    def for_settings(cls, settings: Settings) -> BookmarkSeal:
        """The seal every process of a deployment (same Neo4j credentials) shares."""
        secret = "\0".join(
            (
                "graph-api Graph-Bookmark v1",
                settings.neo4j_user,
                settings.neo4j_database,
                settings.neo4j_password.get_secret_value(),
            )
        )
        return cls(hashlib.sha256(secret.encode("utf-8")).digest())

    def token(self, bookmarks: Sequence[str]) -> str:
        """A token for a client that names ``bookmarks``."""
        body = _encode(json.dumps(sorted(bookmarks), separators=(",", ":")).encode("utf-8"))
        return f"{_VERSION}.{body}.{_encode(self._tag(body))}"

    def bookmarks(self, header_values: Sequence[str]) -> tuple[str, ...]:
        """The bookmarks the request's ``Graph-Bookmark`` tokens name; BAD_USER_INPUT if
        one is not a token this service gave."""
        tokens = [piece.strip() for value in header_values for piece in value.split(",")]
        tokens = [token for token in tokens if token]
        if len(tokens) > MAX_TOKENS:
            raise _refused(f"it holds {len(tokens)} tokens; send at most {MAX_TOKENS}")
        found: set[str] = set()
        for token in tokens:
            found.update(self._opened(token))
        return tuple(sorted(found))

    def _opened(self, token: str) -> list[str]:
        parts = token.split(".")
        if len(token) > MAX_TOKEN_CHARS or len(parts) != 3 or parts[0] != _VERSION:
            raise _refused("it is not a token from this service's responses")
        _, body, tag = parts
        try:
            genuine = hmac.compare_digest(_decode(tag), self._tag(body))
            bookmarks = json.loads(_decode(body)) if genuine else None
        except (binascii.Error, ValueError):
            genuine, bookmarks = False, None
        if not genuine:
            raise _refused(
                "it was not made by this deployment, was changed, or dates from before "
                "its database credentials changed"
            )
        if (
            not isinstance(bookmarks, list)
            or len(bookmarks) > MAX_BOOKMARKS
            or not all(isinstance(item, str) for item in bookmarks)
        ):
            raise _refused("it is not a token from this service's responses")
        return bookmarks

    def _tag(self, body: str) -> bytes:
        return hmac.new(self._key, body.encode("ascii"), hashlib.sha256).digest()[:_TAG_BYTES]


async def answer_after_bookmarks(
    request: Request,
    seal: BookmarkSeal,
    answer: Callable[[], Awaitable[Response]],
    refuse: Callable[[Request, str], Response],
) -> Response:
    """``answer()`` served after the bookmarks the request sent, with a token for the
    writes it made; a request whose header is not valid gets ``refuse(request, why)``
    and does not run."""
    try:
        after = seal.bookmarks(request.headers.getlist(HEADER))
    except GraphApiError as bad_header:
        return refuse(request, bad_header.message)
    with causality(after) as place:
        response = await answer()
    if place.written:
        response.headers[HEADER] = seal.token(place.written)
    return response


def _refused(reason: str) -> GraphApiError:
    return bad_input(
        f"The {HEADER} header cannot be used: {reason}. Send back only the value a "
        f"response's {HEADER} header gave, unchanged, or leave the header out.",
        argument=HEADER,
    )


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _decode(text: str) -> bytes:
    if not text.isascii():
        raise ValueError("not base64")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
