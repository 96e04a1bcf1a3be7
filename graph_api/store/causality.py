"""Read your own writes across processes: a request's place in the store's history.

Several API processes behind one address share one Neo4j (a cluster's followers answer
reads). A client that writes through one process and reads through another could read
from a follower that has not yet applied its write. Neo4j's answer is bookmarks: each
committed transaction yields one, and a transaction begun with it waits until the member
answering has applied that transaction.

The HTTP layer (``graph_api.read_your_writes``) opens a :class:`Causality` for each
request with the bookmarks the client sent back; the store makes the request's reads and
writes wait for them and notes the bookmarks of the request's own writes, which go back
to the client. The store knows nothing of HTTP: it only reads :func:`current`. The
embedded store is one process, where every read already sees every write; it ignores
both.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Causality:
    """What one request's store calls must come after (``after``: the client's
    bookmarks) and what its own writes committed (``written``: for the client).
    ``wait`` is the store's one check that the database holds ``after``, shared by the
    request's store calls (its outcome, a failure too, is kept); ``manager`` is the
    store's own bookkeeping for the request."""

    after: tuple[str, ...] = ()
    written: tuple[str, ...] = ()
    wait: asyncio.Future[None] | None = field(default=None, repr=False)
    manager: Any = field(default=None, repr=False)


# The most bookmarks a request keeps for its client (Neo4j gives one per write
# transaction; the newest are kept), and so the most a token may hold.
MAX_WRITTEN = 16

# One mutable object per request: resolvers that run as tasks of their own (a copy of the
# context) still note their writes on the request's object.
_CURRENT: ContextVar[Causality | None] = ContextVar("graph_api_causality", default=None)


def current() -> Causality | None:
    """The causality of the request being served, if the caller opened one."""
    return _CURRENT.get()


@contextlib.contextmanager
def causality(after: Sequence[str] = ()) -> Iterator[Causality]:
    """Serve the store calls made inside after ``after``; the object notes their writes."""
    place = Causality(after=tuple(after))
    token = _CURRENT.set(place)
    try:
        yield place
    finally:
        _CURRENT.reset(token)


def outside_requests() -> contextvars.Context:
    """A context for a task that outlives the request starting it (a background rebuild,
    a count other requests share): the request's bookmarks are not its to wait for, and
    its writes are not the request's."""
    context = contextvars.copy_context()
    context.run(_CURRENT.set, None)
    return context
