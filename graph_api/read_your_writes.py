"""Read your own writes through any process: the ``Graph-Bookmark`` header.

Where the operator has set ``GRAPH_API_BOOKMARK_KEY`` (the same on every process), a
response to a request that wrote carries ``Graph-Bookmark: <token>``. A client that
sends the token back on its next requests (several tokens may be sent, separated by
commas) is answered from a store that holds that write, whichever process and whichever
cluster member serve it (``graph_api.store.causality``). Without the key no token is
given; a process's own writes are still seen by its reads.

A token is Neo4j's bookmarks encrypted and authenticated with Fernet (the
``cryptography`` library), so the service waits only for transactions it reported
itself (a made-up bookmark would make a cluster member wait, holding a thread, for its
30 s bookmark timeout) and a client learns nothing from it (a bookmark names the
database and how many transactions it has committed). Tokens older than an hour are
ignored: any member that is up has long applied their writes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from collections.abc import Awaitable, Callable, Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from starlette.requests import Request
from starlette.responses import Response

from graph_api.config import Settings
from graph_api.errors import GraphApiError, bad_input
from graph_api.store.causality import MAX_WRITTEN, causality

HEADER = "Graph-Bookmark"
MAX_TOKENS = 8  # a client that wrote through several processes holds several tokens
MAX_TOKEN_CHARS = 1_024
MAX_BOOKMARKS = MAX_WRITTEN  # what a request keeps for its client (store.causality)
IGNORED_AFTER_SECONDS = 3_600.0


class BookmarkSeal:
    """Turns bookmarks into tokens for clients and tokens back into bookmarks, with the
    operator's keys (the first seals; all open, so a key can be replaced gradually)."""

    def __init__(self, keys: Sequence[str], clock: Callable[[], float] = time.time) -> None:
        self._fernet = MultiFernet([Fernet(_fernet_key(key)) for key in keys]) if keys else None
        self._clock = clock

    @classmethod
    def for_settings(cls, settings: Settings) -> BookmarkSeal:
        """The seal of ``GRAPH_API_BOOKMARK_KEY`` (none if it is not set)."""
        return cls(settings.bookmark_keys)

    def token(self, bookmarks: Sequence[str]) -> str | None:
        """A token for a client that names ``bookmarks``; None without a key, or if it
        would be more than a request may send back."""
        if self._fernet is None or not bookmarks or len(bookmarks) > MAX_BOOKMARKS:
            return None
        plain = json.dumps(sorted(bookmarks), separators=(",", ":")).encode("utf-8")
        token = self._fernet.encrypt(plain).decode("ascii")
        return token if len(token) <= MAX_TOKEN_CHARS else None

    def bookmarks(self, header_values: Sequence[str]) -> tuple[str, ...]:
        """The bookmarks the request's ``Graph-Bookmark`` tokens name; BAD_USER_INPUT if
        one is not a token this deployment gave."""
        tokens = [piece.strip() for value in header_values for piece in value.split(",")]
        tokens = [token for token in tokens if token]
        if not tokens:
            return ()
        if self._fernet is None:
            raise _refused(
                "this service gives no tokens (its operator has not set "
                "GRAPH_API_BOOKMARK_KEY), so none can be sent back"
            )
        if len(tokens) > MAX_TOKENS:
            raise _refused(f"it holds {len(tokens)} tokens; send at most {MAX_TOKENS}")
        found: set[str] = set()
        for token in tokens:
            found.update(self._opened(self._fernet, token))
        return tuple(sorted(found))

    def _opened(self, fernet: MultiFernet, token: str) -> list[str]:
        try:
            if len(token) > MAX_TOKEN_CHARS or not token.isascii():
                raise InvalidToken
            made = fernet.extract_timestamp(token.encode("ascii"))
            if self._clock() - made > IGNORED_AFTER_SECONDS:
                return []
            bookmarks = json.loads(fernet.decrypt(token.encode("ascii")))
        except (InvalidToken, ValueError):
            raise _refused(
                "it was not made by this deployment, was changed, or was sealed with a "
                "key the service no longer holds"
            ) from None
        if not isinstance(bookmarks, list) or not all(isinstance(b, str) for b in bookmarks):
            raise _refused("it was not made by this deployment")
        return bookmarks


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
    token = seal.token(place.written)
    if token is not None:
        response.headers[HEADER] = token
    return response


def _fernet_key(secret: str) -> bytes:
    # Fernet takes 32 bytes in URL-safe base64; the operator's key is any long secret.
    return base64.urlsafe_b64encode(hashlib.sha256(secret.encode("utf-8")).digest())


def _refused(reason: str) -> GraphApiError:
    return bad_input(
        f"The {HEADER} header cannot be used: {reason}. Send back only the value a "
        f"response's {HEADER} header gave, unchanged, or leave the header out.",
        argument=HEADER,
    )
