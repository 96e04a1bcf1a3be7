"""Whole answers of paged analytics questions, kept briefly, so that the second page of
an invite list is cut from the answer the first page worked out instead of working it
out again (at 10^5 entities that is a ranking per department, seconds each).

An answer is kept per store, under its question (the paging scope, a digest of every
argument), while nothing has been written since: this process's write generation is
unchanged and, on a store other processes share (Neo4j), so is the end of the change
trail, one indexed read per kept answer served. At most ``LIFETIME`` seconds even so
(a write that keeps no change record, such as a restore), and at most ``SIZE`` per
store and ``ITEMS`` items over them (matches, invitees, digest entries: the caller says
how many an answer holds), the oldest dropped first: at 10^5 entities one department's
recommendations are 43,000 matches, about 8 MB (matches share their reasons), and a
month's change digest 229,000 new meetings, about 17 MB.
The newest answer is kept whatever its size, so its next page is cut from it.

A question asked again while it is being worked out waits for that answer instead of
working it out beside it: under eight clients at 10^5 entities, eight change digests
worked out at once held 1.3 GB, one at a time 0.2 GB. If the asker that is working it out
goes away (its client disconnected), the next in line works it out; if the work fails
(a timeout, a store gone), everyone waiting gets that error, since asking again at once
would fail the same way.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from graph_api.analytics.turns import give_back_turn
from graph_api.store.base import GraphStore

T = TypeVar("T")
SIZE = 16
ITEMS = 100_000
LIFETIME = 120.0

_Mark = tuple[int, str]  # (this process's write generation, the change trail's end)
# question -> (the mark it was worked out at, when, the answer, how many items it holds)
_Kept = OrderedDict[str, tuple[_Mark, float, Any, int]]
_answers: weakref.WeakKeyDictionary[GraphStore, _Kept] = weakref.WeakKeyDictionary()
_Working = dict[tuple[str, _Mark], "asyncio.Future[Any]"]
_working: weakref.WeakKeyDictionary[GraphStore, _Working] = weakref.WeakKeyDictionary()


class _AskerGone(Exception):
    """The asker working an answer out was cancelled: someone else must work it out."""


def _one(_: object) -> int:
    return 1


async def kept_answer(
    store: GraphStore,
    question: str,
    work_out: Callable[[], Awaitable[T]],
    items: Callable[[T], int] = _one,
) -> T:
    """The answer to ``question`` on ``store``: the one kept if still current, the one
    being worked out now for the same state of the store, or ``work_out()``'s, then kept
    (``items`` says how many items it holds, for the ``ITEMS`` bound)."""
    kept = _answers.setdefault(store, OrderedDict())
    working = _working.setdefault(store, {})
    while True:
        mark = await store.write_mark()  # before the work: a write meanwhile is seen
        found = kept.get(question)
        if found is not None:
            kept_mark, when, answer, _ = found
            if kept_mark == mark and time.monotonic() - when < LIFETIME:
                kept.move_to_end(question)
                value: T = answer
                return value
        underway = working.get((question, mark))
        if underway is None:
            break
        give_back_turn()  # waiting for another's work is not work: let another question in
        try:
            shared: T = await asyncio.shield(underway)
            return shared
        except _AskerGone:
            continue  # its asker went away: look again, and work it out if no one does
    worked = await _work_out(working, question, mark, work_out)
    _keep(kept, question, (mark, time.monotonic(), worked, items(worked)))
    return worked


async def _work_out(
    working: _Working, question: str, mark: _Mark, work_out: Callable[[], Awaitable[T]]
) -> T:
    underway: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    working[(question, mark)] = underway
    try:
        answer = await work_out()
    except BaseException as error:
        # Cancelled (the asker went away): the next in line works it out instead.
        underway.set_exception(error if isinstance(error, Exception) else _AskerGone())
        underway.exception()  # seen: no "exception never retrieved" log if no one waited
        raise
    finally:
        del working[(question, mark)]
    underway.set_result(answer)
    return answer


def _keep(kept: _Kept, question: str, entry: tuple[_Mark, float, Any, int]) -> None:
    kept[question] = entry
    kept.move_to_end(question)
    held = sum(size for *_, size in kept.values())
    while len(kept) > 1 and (len(kept) > SIZE or held > ITEMS):
        *_, size = kept.popitem(last=False)[1]
        held -= size


def kept_answers() -> int:
    """How many answers are kept now, over every store (for /metrics)."""
    return sum(len(kept) for kept in _answers.values())
