"""The links of hubs, kept between path questions.

A path search between well-connected parties reads the same few hubs' links for every
question: at 10^5 entities, the busiest department's 12,772 links and two technologies'
56,000 were 98% of the 74,000 links one collaboration-paths question read, and reading
and ordering them took most of its time. So an entity's links, once a search has read
them, are kept here (in step order, with their neighbours' degrees):

* per store and link scope (the question's types, dates and trust rules);
* while nothing has been written: the store's ``write_mark`` is read once per question,
  as ``answer_cache`` does, and a new mark empties the store's kept links; at most
  ``LIFETIME`` seconds even so (a write that keeps no change record, such as a restore
  in another process);
* only for entities with at least ``MIN_LINKS`` links: a small entity's links cost less
  to read again than to keep, and hubs are what repeat between questions;
* at most ``LINKS`` links per store, the least recently used entity dropped first. A
  link kept costs about 100 bytes, most of it its neighbour's id (measured with
  tracemalloc at 10^5: 7.5 MB for the question above), so ``LINKS`` is about 25 MB.

The degrees of the entities a search weighed (how many links each has: which side to
widen next) are kept on the same terms, at most ``DEGREES`` of them: the embedded store
reads them apart from the links, and at 10^5 asking for a hub's 12,768 neighbours'
took 0.4 s of each question.

A question answers the same with or without them: kept links are the links the store
would return for that mark and scope, and count against the question's budget as
read.
"""

from __future__ import annotations

import itertools
import time
import weakref
from array import array
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from graph_api.analytics.answer_cache import LIFETIME
from graph_api.analytics.projection import type_rank
from graph_api.domain import RelType
from graph_api.store.base import GraphStore
from graph_api.store.link_scope import LinksAt, LinkScope

MIN_LINKS = 100
LINKS = 250_000
DEGREES = 250_000

Mark = tuple[int, str]
# An entity's steps as columns in step order: neighbours, link types, outgoing.
Columns = tuple[tuple[str, ...], tuple[str, ...], tuple[bool, ...]]


@dataclass(frozen=True)
class KeptLinks:
    """One entity's links as a search loaded them: ``columns`` in step order, their
    neighbours' degrees in the same order where the store gave them, and how many links
    the read counted (persons included)."""

    columns: Columns
    degrees: Sequence[int] | None
    read: int


@dataclass
class _StoreLinks:
    mark: Mark
    since: float
    entries: OrderedDict[tuple[LinkScope, str], KeptLinks] = field(default_factory=OrderedDict)
    held: int = 0
    degrees: dict[str, int] = field(default_factory=dict)  # oldest first


_kept: weakref.WeakKeyDictionary[GraphStore, _StoreLinks] = weakref.WeakKeyDictionary()


def _current(store: GraphStore, mark: Mark) -> _StoreLinks:
    """The store's kept links, emptied first if the mark moved or they are too old."""
    kept = _kept.get(store)
    if kept is None or kept.mark != mark or time.monotonic() - kept.since > LIFETIME:
        kept = _kept[store] = _StoreLinks(mark, time.monotonic())
    return kept


def kept_links(
    store: GraphStore, mark: Mark, scope: LinkScope, ids: Sequence[str]
) -> dict[str, KeptLinks]:
    """The links kept for those of ``ids`` that have them, at ``mark``."""
    kept = _current(store, mark)
    found: dict[str, KeptLinks] = {}
    for node_id in ids:
        entry = kept.entries.get((scope, node_id))
        if entry is not None:
            kept.entries.move_to_end((scope, node_id))
            found[node_id] = entry
    return found


def keep_links(
    store: GraphStore, mark: Mark, scope: LinkScope, node_id: str, links: KeptLinks
) -> None:
    """Keep an entity's links read at ``mark``, if it is a hub (``MIN_LINKS``)."""
    if links.read < MIN_LINKS or links.read > LINKS:
        return
    kept = _current(store, mark)
    key = (scope, node_id)
    previous = kept.entries.pop(key, None)
    if previous is not None:
        kept.held -= previous.read
    kept.entries[key] = links
    kept.held += links.read
    while kept.held > LINKS:
        _, dropped = kept.entries.popitem(last=False)
        kept.held -= dropped.read


def kept_degrees(store: GraphStore, mark: Mark, ids: Sequence[str]) -> dict[str, int]:
    """The degrees kept for those of ``ids`` that have them, at ``mark``."""
    kept = _current(store, mark).degrees
    return {node_id: kept[node_id] for node_id in ids if node_id in kept}


def keep_degrees(store: GraphStore, mark: Mark, degrees: Mapping[str, int]) -> None:
    """Keep entities' degrees (all their links, any type) read at ``mark``."""
    kept = _current(store, mark).degrees
    kept.update(degrees)
    if len(kept) > DEGREES:
        for node_id in list(itertools.islice(kept, len(kept) - DEGREES)):
            del kept[node_id]


def links_kept(store: GraphStore) -> int:
    """How many links are kept now for ``store``."""
    kept = _kept.get(store)
    return 0 if kept is None else kept.held


# A link type's place in the preference for path steps, and one shared string per type.
_RANKS = {rel_type.value: type_rank(rel_type) for rel_type in RelType}
_NAMES = {rel_type.value: rel_type.value for rel_type in RelType}


def links_in_step_order(parts: list[LinksAt]) -> KeptLinks:
    """An entity's links as read (one part, or one per direction on the embedded store)
    as columns in ``step_order``, with the degrees the store gave of its neighbours:
    sorted without a call back into Python per link where no two links lead to one
    neighbour (a hub has tens of thousands), and each link type one shared string."""
    neighbours = [n for links in parts for n in links.neighbours]
    types = [_NAMES[t] for links in parts for t in links.types]
    outgoing = [o for links in parts for o in links.outgoing]
    given = [links.degrees for links in parts]
    degrees = None if None in given else [d for part in given if part for d in part]
    read = sum(links.read for links in parts)
    if len(set(neighbours)) == len(neighbours):
        order = sorted(range(len(neighbours)), key=neighbours.__getitem__)
    else:
        order = sorted(
            range(len(neighbours)),
            key=lambda i: (neighbours[i], _RANKS[types[i]], not outgoing[i]),
        )
    columns = (
        tuple(map(neighbours.__getitem__, order)),
        tuple(map(types.__getitem__, order)),
        tuple(map(outgoing.__getitem__, order)),
    )
    # 4 bytes a degree, not an int object each: kept hubs hold a few hundred thousand.
    ordered = None if degrees is None else array("I", map(degrees.__getitem__, order))
    return KeptLinks(columns, ordered, read)
