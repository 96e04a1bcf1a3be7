"""igraph's whole-graph computations, in a child process once a graph is large.

python-igraph holds the GIL for as long as its C code runs (igraph/python-igraph#866),
so run in a thread it still stops the event loop: at 10^5 entities and 10^6 links the
background worker's Louvain (2.8 s) and betweenness (0.6 s) held every request for as
long (a lookup of 2 ms waited 2.6 s: BENCHMARKS.md). A child process runs them beside
the event loop instead. Below ``CHILD_EDGES`` edges they run in the calling thread:
handing a graph to the child and its answer back costs more than they do.

One child for the whole service (whole-graph work is a single worker's; calls wait
their turn), started on first use as ``python -m graph_api.analytics.igraph_child``
(not ``multiprocessing``, whose children import the parent's main script again) and
kept while calls keep coming: at 10^5 entities about 75 MB resident between
computations and 235 MB during one (igraph's working copy); stopped once idle for
``IDLE_SECONDS``. A child found dead is replaced and the call made again in the new
one; a call that kills that one too fails (``ChildDied``) rather than run in the
service. Both give the same answer as the calling thread would: the same igraph, the
same seed.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import pickle
import random
import subprocess
import sys
import threading
import time
from array import array
from collections.abc import Callable
from typing import TypeVar

import igraph as ig

CHILD_EDGES = 50_000
# The child's memory is given back this long after its last call: a rebuild's two
# computations come seconds apart, rebuilds minutes apart.
IDLE_SECONDS = 30.0

T = TypeVar("T")
log = logging.getLogger(__name__)

# igraph's random generator is process-wide: one seeded Louvain at a time.
_IGRAPH_RANDOM = threading.Lock()
_CHILD_LOCK = threading.Lock()
_child: _Child | None = None
_last_call = 0.0
_timer: threading.Timer | None = None


def betweenness(
    node_count: int, low: array[int], high: array[int], sources: list[int] | None
) -> list[float]:
    """igraph's undirected betweenness of each node of the graph with edges
    ``low[i]``–``high[i]``, from ``sources`` only if given (igraph counts each unordered
    pair once, and halves counts from sources)."""
    return _compute(_betweenness, node_count, low, high, sources)


def multilevel(
    node_count: int, low: array[int], high: array[int], resolution: float, seed: int
) -> list[int]:
    """Each node's community from igraph's multilevel Louvain with a generator seeded by
    ``seed``: the same every time for the same graph."""
    return _compute(_multilevel, node_count, low, high, resolution, seed)


def in_child(function: Callable[..., T], *args: object) -> T:
    """``function(*args)`` run in the child process, one call at a time. A child that
    has died (killed while idle, say) is replaced and the call made once more in the new
    one; ``ChildDied`` if that one dies too (out of memory, most likely: the service
    does not take the work over, which could take it down as well). The child is stopped
    once it has been idle for ``IDLE_SECONDS``."""
    global _last_call
    with _CHILD_LOCK:
        try:
            return _call_a_child(function, args)
        except ChildDied:
            log.warning("the igraph child process died; starting another")
            return _call_a_child(function, args)
        finally:
            _last_call = time.monotonic()
            _idle_timer()


def child_pid() -> int | None:
    """The child process's id, if one is running."""
    with _CHILD_LOCK:
        return None if _child is None else _child.process.pid


def _call_a_child(function: Callable[..., T], args: tuple[object, ...]) -> T:
    global _child
    if _child is None:
        _child = _Child()
    try:
        return _child.call(function, args)
    except ChildDied:
        _child.kill()
        _child = None
        raise


def _idle_timer() -> None:
    """(Re)start the one timer that stops the child when it has been idle."""
    global _timer
    if _timer is not None:
        _timer.cancel()
    _timer = threading.Timer(IDLE_SECONDS, _stop_if_idle)
    _timer.daemon = True
    _timer.start()


def _stop_if_idle() -> None:
    global _child
    with _CHILD_LOCK:
        if _child is not None and time.monotonic() - _last_call >= IDLE_SECONDS:
            _child.stop()
            _child = None


def _compute(
    function: Callable[..., T], node_count: int, low: array[int], high: array[int], *args: object
) -> T:
    if len(low) < CHILD_EDGES:
        return function(node_count, low, high, *args)
    return in_child(function, node_count, low, high, *args)


class ChildDied(Exception):
    """The child process ended (killed, out of memory) before it answered."""


class _Child:
    """The child process (``igraph_child``) and the pipes a call and its answer take."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(  # this Python, our own module
            [sys.executable, "-m", "graph_api.analytics.igraph_child"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            # Its own session: Ctrl-C or a signal to the service's process group is the
            # service's to handle (it stops the child when it exits), not the child's.
            start_new_session=True,
        )

    def call(self, function: Callable[..., T], args: tuple[object, ...]) -> T:
        """Send one call and wait for its answer; ``ChildDied`` if the child has ended
        or ends before it has answered in full."""
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None  # both are pipes (Popen above)
        assert stdout is not None
        try:
            pickle.dump((function, args), stdin, pickle.HIGHEST_PROTOCOL)
            stdin.flush()
            answered, value = pickle.load(stdout)  # noqa: S301 - our own child's answer
        except (OSError, EOFError, pickle.UnpicklingError) as ended:  # a cut answer too
            raise ChildDied(
                "the igraph child process ended before it answered (killed, or out of memory)"
            ) from ended
        if not answered:
            raise RuntimeError(f"the igraph child process failed: {value}")
        result: T = value
        return result

    def stop(self) -> None:
        """End the child: its input closed (it exits), killed if it does not."""
        self._close_pipes()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """End a child whose pipes cannot be trusted any more, at once."""
        self.process.kill()
        self._close_pipes()
        self.process.wait()

    def _close_pipes(self) -> None:
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                # Closing flushes what is left of a call the child never read.
                with contextlib.suppress(OSError):
                    pipe.close()


@atexit.register
def _stop_child() -> None:
    with _CHILD_LOCK:
        if _child is not None:
            _child.stop()


def _graph(node_count: int, low: array[int], high: array[int]) -> ig.Graph:
    return ig.Graph(n=node_count, edges=list(zip(low, high, strict=True)))


def _betweenness(
    node_count: int, low: array[int], high: array[int], sources: list[int] | None
) -> list[float]:
    graph = _graph(node_count, low, high)
    found: list[float] = graph.betweenness(directed=False, sources=sources)
    return found


def _multilevel(
    node_count: int, low: array[int], high: array[int], resolution: float, seed: int
) -> list[int]:
    graph = _graph(node_count, low, high)
    with _IGRAPH_RANDOM:
        ig.set_random_number_generator(random.Random(seed))  # noqa: S311 (repeatable)
        try:
            clustering = graph.community_multilevel(resolution=resolution)
        finally:
            ig.set_random_number_generator(random)
    membership: list[int] = clustering.membership
    return membership
