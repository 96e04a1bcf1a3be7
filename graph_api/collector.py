"""How often CPython's cycle collector runs, set for a service that holds a large graph.

CPython collects its youngest generation after every 700 new container objects (lists,
dicts, tuples), and the whole heap once enough of them have survived into the oldest.
At 10^5 entities one question can make a few hundred thousand such objects: a hub's
56,000 links as they are sorted, a path search's levels, a read's decoded rows. With
the default, one collaboration-paths request set off about two whole-heap collections,
each walking everything the process holds (the structures for brokers and communities,
kept answers, the modules): 160 ms of a 480 ms request, measured in the API process
over the benchmark's 10^5 graph. With 50,000 as the youngest generation's threshold,
most of a request's objects are freed by reference counting before any collection sees
them: the same request took 326 ms, 11 ms of it in the collector. Garbage caught in
reference cycles waits longer to be freed: at most that many objects, a few MB.

``GRAPH_API_GC_YOUNG_THRESHOLD`` sets it; 0 leaves CPython's own thresholds.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_threshold(young: int) -> Iterator[None]:
    """Collect the youngest generation after ``young`` new objects while the block runs
    (0: as CPython would), then put the thresholds back as they were."""
    before = gc.get_threshold()
    if young > 0:
        gc.set_threshold(young, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
