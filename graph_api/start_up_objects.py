"""Keeping what start-up made out of the garbage collector's walks.

A served process holds, for its whole life, the objects start-up made: modules, the
GraphQL schema, the store's driver, the Cypher files. CPython's full collection walks
every object it tracks, so each one a request happened to trigger walked those too: at
10^5 entities on Neo4j, 131,000 objects and 56 ms, added to that request (twice during a
structure rebuild's page reads). Once the server has started, ``freeze_start_up_objects``
collects the start-up garbage and moves what is left to the collector's permanent
generation (``gc.freeze``): a full collection then walks only what requests made since
(0.01 ms right after it). A frozen object is still freed when nothing refers to it any
more, but a cycle among frozen objects never is: so this is done once, in the served
process only (``draining.DrainingServer``), not by every app a test makes. It runs once
the server has started, by when the structure worker may have read its first pages:
those are freed by reference counting as the read moves on (rows hold no cycles).
"""

from __future__ import annotations

import gc


def freeze_start_up_objects() -> int:
    """Collect, then freeze every object still alive; how many are frozen in all."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def frozen_objects() -> int:
    """How many objects the collector no longer walks (``graph_api_gc_frozen_objects``)."""
    return gc.get_freeze_count()
