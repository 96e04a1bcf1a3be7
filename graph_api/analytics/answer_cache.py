"""Whole answers of paged analytics questions, kept briefly, so that the second page of
an invite list is cut from the answer the first page worked out instead of working it
out again (at 10^5 entities that is a ranking per department, seconds each).

An answer is kept per store, under its question (the paging scope, a digest of every
argument), while the store's write generation is unchanged and for at most
``LIFETIME`` seconds (another process may write); at most ``SIZE`` per store, the
oldest dropped first.
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

_Kept = OrderedDict[str, tuple[int, float, Any]]
_answers: weakref.WeakKeyDictionary[GraphStore, _Kept] = weakref.WeakKeyDictionary()


async def kept_answer(store: GraphStore, question: str, work_out: Callable[[], Awaitable[T]]) -> T:
    """The answer to ``question`` on ``store``: the one kept if still current, or
    ``work_out()``'s, then kept."""
    kept = _answers.setdefault(store, OrderedDict())
    found = kept.get(question)
    if found is not None:
        generation, when, answer = found
        if generation == store.counters.generation and time.monotonic() - when < LIFETIME:
            kept.move_to_end(question)
            value: T = answer
            return value
    generation = store.counters.generation  # before the work: a write meanwhile is seen
    answer = await work_out()
    kept[question] = (generation, time.monotonic(), answer)
    kept.move_to_end(question)
    while len(kept) > SIZE:
        kept.popitem(last=False)
    return answer
