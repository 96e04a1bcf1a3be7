"""Relay-style pagination arithmetic: opaque cursors and the window a request asks for.

Pure functions, no GraphQL and no store: the resolvers turn ``first/after/last/before``
into a ``Window`` (an offset range), ask the store for it, and build the page info.
A cursor names a position in one particular list (its scope, e.g. the kind and sort),
so a cursor from another list is refused instead of silently giving a wrong page.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from graph_api.errors import bad_input

DEFAULT_PAGE_SIZE = 20
_CURSOR_VERSION = "c1"
# Offsets past this come only from forged cursors: no list is this long. It leaves room
# below 2^63 (a signed 64-bit integer, what a store's SKIP and LIMIT take) for the page
# after the cursor, so offset + 1 + page size never overflows in the store. Smaller
# forged offsets are served as an empty page past the end.
MAX_CURSOR_OFFSET = 2**62


def encode_cursor(scope: str, offset: int) -> str:
    """The opaque cursor of the item at ``offset`` in the list called ``scope``."""
    raw = f"{_CURSOR_VERSION}|{scope}|{offset}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(scope: str, cursor: str, argument: str) -> int:
    """The offset a cursor names; a clear BAD_USER_INPUT error if it is not one of ours."""
    hint = (
        f"'{argument}' must be a cursor returned by this same list (an edge's 'cursor' or "
        "pageInfo's startCursor/endCursor); cursors from another list or sort order do not fit."
    )
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        version, cursor_scope, offset_text = (
            base64.urlsafe_b64decode(padded.encode("ascii")).decode().split("|")
        )
        offset = int(offset_text)
    except (ValueError, binascii.Error, UnicodeError):
        raise bad_input(f"Malformed cursor. {hint}", argument=argument) from None
    if version != _CURSOR_VERSION or cursor_scope != scope or offset < 0:
        raise bad_input(f"That cursor belongs to another list. {hint}", argument=argument)
    if offset > MAX_CURSOR_OFFSET:  # no list is this long; the cursor was made by hand
        raise bad_input(f"That cursor points past any list. {hint}", argument=argument)
    return offset


@dataclass(frozen=True)
class PageRequest:
    """The pagination arguments exactly as the client sent them."""

    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None


@dataclass(frozen=True)
class Window:
    """A half-open offset range [start, end) of a list, once its total is known."""

    start: int
    end: int
    total: int

    @property
    def size(self) -> int:
        """How many items the window holds."""
        return max(0, self.end - self.start)

    @property
    def has_previous_page(self) -> bool:
        """Whether items come before the window."""
        return self.start > 0

    @property
    def has_next_page(self) -> bool:
        """Whether items come after the window."""
        return self.end < self.total


def check_page_request(request: PageRequest, max_page_size: int) -> None:
    """Reject page sizes out of range and mixed directions, with the rule in the message."""
    if request.first is not None and request.last is not None:
        raise bad_input(
            "Give either 'first' (with 'after') to page forwards or 'last' (with 'before') "
            "to page backwards, not both."
        )
    for argument, value in (("first", request.first), ("last", request.last)):
        if value is not None and not 0 <= value <= max_page_size:
            raise bad_input(
                f"'{argument}' must be between 0 and {max_page_size}; it was {value}. "
                "Page through longer lists with the cursors in pageInfo.",
                argument=argument,
                maximum=max_page_size,
            )


def plan_fetch(scope: str, request: PageRequest) -> tuple[int, int] | None:
    """The (skip, limit) to ask the store for, or None when the list's length must come first.

    Only ``last`` without ``before`` needs the length first; every other request can be
    fetched together with its total in a single round-trip.
    """
    if request.last is not None and request.before is None:
        return None
    start = 0 if request.after is None else decode_cursor(scope, request.after, "after") + 1
    if request.before is None:
        return start, DEFAULT_PAGE_SIZE if request.first is None else request.first
    end = max(start, decode_cursor(scope, request.before, "before"))
    if request.last is not None:
        start = max(start, end - request.last)
        return start, end - start
    size = DEFAULT_PAGE_SIZE if request.first is None else request.first
    return start, min(size, end - start)


def prefix_needed(scope: str, request: PageRequest) -> int | None:
    """How many leading items of a list a request can need, or None if it may need all
    of them (``last`` without ``before`` counts back from the end)."""
    plan = plan_fetch(scope, request)
    return None if plan is None else plan[0] + plan[1]


def resolve_window(scope: str, request: PageRequest, total: int) -> Window:
    """Turn the arguments into an offset range of a list of ``total`` items."""
    start = 0
    end = total
    if request.after is not None:
        start = min(decode_cursor(scope, request.after, "after") + 1, total)
    if request.before is not None:
        end = min(decode_cursor(scope, request.before, "before"), total)
    end = max(start, end)
    if request.last is not None:
        start = max(start, end - request.last)
    else:
        end = min(end, start + (DEFAULT_PAGE_SIZE if request.first is None else request.first))
    return Window(start=start, end=end, total=total)
