"""Whole answers of paged analytics questions, kept briefly, so that the second page of
an invite list is cut from the answer the first page worked out instead of working it
out again (at 10^5 entities that is a ranking per department, seconds each).

An answer is kept per store, under its question (the paging scope, a digest of every
argument), while nothing has been written since: this process's write generation is
unchanged and, on a store other processes share (Neo4j), so is the end of the change
trail, one indexed read per kept answer served. At most ``LIFETIME`` seconds even so
(a write that keeps no change record, such as a restore), and at most ``SIZE`` per
store, the oldest dropped first.
"""

from __future__ import annotations

import time
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from graph_api.store.base import GraphStore

T = TypeVar("T")
SIZE = 16
LIFETIME = 120.0

_Mark = tuple[int, str]  # (this process's write generation, the change trail's end)
_Kept = OrderedDict[str, tuple[_Mark, float, Any]]
_answers: weakref.WeakKeyDictionary[GraphStore, _Kept] = weakref.WeakKeyDictionary()


async def kept_answer(store: GraphStore, question: str, work_out: Callable[[], Awaitable[T]]) -> T:
    """The answer to ``question`` on ``store``: the one kept if still current, or
    ``work_out()``'s, then kept."""
    kept = _answers.setdefault(store, OrderedDict())
    found = kept.get(question)
    mark = await store.write_mark()  # before the work: a write meanwhile is seen
    if found is not None:
        kept_mark, when, answer = found
        if kept_mark == mark and time.monotonic() - when < LIFETIME:
            kept.move_to_end(question)
            value: T = answer
            return value
    answer = await work_out()
    kept[question] = (mark, time.monotonic(), answer)
    kept.move_to_end(question)
    while len(kept) > SIZE:
        kept.popitem(last=False)
    return answer


def kept_answers() -> int:
    """How many answers are kept now, over every store (for /metrics)."""
    return sum(len(kept) for kept in _answers.values())
