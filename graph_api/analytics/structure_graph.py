"""The compact structure graph: what brokers and communities need, as integer arrays.

Read from the store in pages of entity ids (``GraphStore.structure_page``), never as a
whole-graph export of records: per entity (never a person) its id, kind, start day
(``lens.start_day``) and whether it is a small event (``lens.SMALL_EVENT_TYPES``); per
link of ``filters.STRUCTURE_TYPES``, or NEEDS/OFFERS (what describes a community),
its two ends, type, day (``projection.link_day``), evidence and confidence. Entities
are indexed in id order, so every tie broken by index is broken by id, as before.

A request's ``between``, ``asOf`` and ``trust`` arguments filter these arrays
(``structure_edges``): the store is not read again.

Memory, kept for the life of the graph (``array`` typed storage, no object per link):

* per link 22 bytes: two int32 ends, an int32 day, a float64 confidence, a type byte
  and an evidence byte;
* per entity about 30 bytes: its id's characters and an int64 end in one ``IdTable``
  (no object per id, which pinned the allocator's arenas: see ``id_table``), an int32
  start day, a kind byte and a small-event byte.

At 10^5 entities and 10^6 links that is about 22 MB + 3 MB = 25 MB. While a graph is
read, one page of rows (about ``PAGE_LINKS`` links) and the builder's id -> index dict
are held as well, and the previous graph is kept until the
new one is ready: at 10^5 the read's Python peak is about 100 MB (277 MB when a page
was 5,000 entities whatever their links). Measured in-process on the benchmark's 10^5
graph on Neo4j (2026-12-07), resident after connecting / after the read / after the
no-argument brokers and communities, each after a trim: 88 / 132 / 154 MiB; with the
ids as a tuple of strings and the technologies per entity kept with the graph it was
88 / 193 / 222 MiB. Each filtered view (``structure_edges.Edges``, one per
question's arguments, at most ``MEMO_SIZE`` results kept) adds about 17 bytes per
distinct edge; while one is computed, the set that finds distinct edges holds about
100 bytes per link, and igraph its own copy in C. Measured on a synthetic graph of
10^5 entities and 10^6 links: built from rows in 5.4 s, no-argument brokers and
communities in 6.4 s, the whole process at 177 MB resident at its peak.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import compress
from typing import Any, TypeVar

from graph_api.analytics.filters import EVERY_DAY, STRUCTURE_TYPES
from graph_api.analytics.id_table import IdTable
from graph_api.analytics.lens import PLAIN, SMALL_EVENT_TYPES, Lens, day_from_text, start_day
from graph_api.analytics.projection import link_day
from graph_api.domain import Evidence, LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.store.base import GraphStore
from graph_api.store.structure_reads import StructureNode

T = TypeVar("T")
TECHNOLOGY_TYPES = frozenset({RelType.NEEDS, RelType.OFFERS})
READ_TYPES = STRUCTURE_TYPES | TECHNOLOGY_TYPES
# Entities per store read (each with all its outgoing links). Hubs sort together (every
# department's ~600 attendances at 10^5 entities came in one page of 5,000: 348,564 links,
# 277 MB of rows at once), so a page is sized by the links the last one brought: it aims
# at PAGE_LINKS links, starts small, and at most doubles from one page to the next.
PAGE_SIZE = 5_000  # the most entities in a page
FIRST_PAGE = 100
PAGE_LINKS = 50_000
MEMO_SIZE = 20  # results kept per graph for argument values: 5 for each of 4 recent
KINDS = tuple(NodeKind)
TYPES = tuple(RelType)
EVIDENCE = tuple(Evidence)
GRAPH_CODES = frozenset(TYPES.index(t) for t in STRUCTURE_TYPES)
TECH_CODES = frozenset(TYPES.index(t) for t in TECHNOLOGY_TYPES)
ATTENDED_CODE = TYPES.index(RelType.ATTENDED)
INFERRED_CODE = EVIDENCE.index(Evidence.INFERRED)
GOVERNMENT_CODES = frozenset(KINDS.index(k) for k in (NodeKind.BUREAU, NodeKind.DEPARTMENT))
ENTERPRISE_CODE = KINDS.index(NodeKind.ENTERPRISE)
NO_DAY = 0  # an undated link, or an entity whose start the data does not say


def _ordinal(day: dt.date | None) -> int:
    return day.toordinal() if day is not None else NO_DAY


@dataclass(frozen=True, eq=False)
class StructureGraph:
    """Entities (index = id order) and links as typed arrays; read-only once built."""

    ids: IdTable  # index -> entity id (one string: see id_table)
    kinds: bytes  # index into KINDS
    starts: array[int]  # day ordinal, NO_DAY if unknown
    small: bytes  # 1 for a small event (where inferred meetings come from)
    source: array[int]  # link -> entity index it points from
    target: array[int]
    types: bytes  # index into TYPES
    days: array[int]
    evidence: bytes  # index into EVIDENCE
    confidence: array[float]
    sample: bytes  # 1 for a link marked as sample data
    generation: int = 0
    computed_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    _memo: OrderedDict[Any, Any] = field(default_factory=OrderedDict, repr=False)
    _kept: dict[Any, Any] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def kind(self, index: int) -> NodeKind:
        """The kind of the entity at ``index``."""
        return KINDS[self.kinds[index]]

    def memo(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """``compute()`` once per key. Keys ending in the open period and the plain lens
        (the no-argument answers the worker computes) are kept for the graph's life;
        of the others, made of a caller's argument values, the ``MEMO_SIZE`` most recent.
        Requests compute in threads: two may compute one key at once (both answers are
        the same), but the bookkeeping is done under a lock."""
        kept = key[-2:] == (EVERY_DAY, PLAIN)
        table = self._kept if kept else self._memo
        with self._lock:
            if key in table:
                if not kept:
                    self._memo.move_to_end(key)
                found: T = table[key]
                return found
        value = compute()
        with self._lock:
            table.setdefault(key, value)
            if len(self._memo) > MEMO_SIZE:
                self._memo.popitem(last=False)
            stored: T = table[key]
            return stored

    @property
    def link_count(self) -> int:
        """How many links the graph holds (structure and technology links)."""
        return len(self.source)


class GraphBuilder:
    """Collects entities and links in any order, then indexes them in id order."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self._kind: dict[int, tuple[int, int, int]] = {}  # index -> kind, start, small
        self._links: list[array[Any]] = [array("i"), array("i"), array("b"), array("i")]
        self._trust: tuple[array[int], array[float]] = (array("b"), array("d"))
        self._sample = array("b")

    def _at(self, node_id: str) -> int:
        return self._index.setdefault(node_id, len(self._index))

    def add_node(self, node_id: str, kind: NodeKind, start: dt.date | None, small: bool) -> None:
        """Record an entity (persons are never added: personal data is not analysed)."""
        self._kind[self._at(node_id)] = (KINDS.index(kind), _ordinal(start), int(small))

    def add_link(
        self,
        from_id: str,
        to_id: str,
        rel_type: RelType,
        day: dt.date | None,
        evidence: str,
        confidence: float,
        sample: bool = False,
    ) -> None:
        """Record a link by its ends' ids (either end may be added later)."""
        source, target, types, days = self._links
        source.append(self._at(from_id))
        target.append(self._at(to_id))
        types.append(TYPES.index(rel_type))
        days.append(_ordinal(day))
        self._trust[0].append(EVIDENCE.index(Evidence(evidence)))
        self._trust[1].append(confidence)
        self._sample.append(int(sample))

    def build(self, generation: int = 0) -> StructureGraph:
        """The graph, entities in id order; links to ids never added as entities (a
        person, or one deleted while the pages were read) are dropped."""
        known = sorted((node_id for node_id, i in self._index.items() if i in self._kind))
        new_index = array("i", [-1]) * len(self._index)
        for position, node_id in enumerate(known):
            new_index[self._index[node_id]] = position
        attributes = [self._kind[self._index[node_id]] for node_id in known]
        source, target, types, days = self._links
        # One byte a link (not a list of a million indexes): which links to keep.
        keep = bytes(int(index in self._kind) for index in target)
        evidence, confidence = self._trust

        def kept(values: Iterable[T]) -> Iterator[T]:
            return compress(values, keep)

        return StructureGraph(
            ids=IdTable(known),
            kinds=bytes(a[0] for a in attributes),
            starts=array("i", (a[1] for a in attributes)),
            small=bytes(a[2] for a in attributes),
            source=array("i", (new_index[index] for index in kept(source))),
            target=array("i", (new_index[index] for index in kept(target))),
            types=bytes(kept(types)),
            days=array("i", kept(days)),
            evidence=bytes(kept(evidence)),
            confidence=array("d", kept(confidence)),
            sample=bytes(kept(self._sample)),
            generation=generation,
        )


def add_page(builder: GraphBuilder, page: Iterable[StructureNode]) -> None:
    """Add one page of the store's ``structure_page`` rows."""
    for node in page:
        start = day_from_text(node.start) if node.start else None
        builder.add_node(node.id, node.kind, start, node.event_type in SMALL_EVENT_TYPES)
        for link in node.links:
            day = day_from_text(link.day) if link.day else None
            builder.add_link(
                node.id, link.to_id, link.type, day, link.evidence, link.confidence, link.sample
            )


async def read_structure_graph(store: GraphStore, page_size: int = PAGE_SIZE) -> StructureGraph:
    """Read the store's structure graph page by page (one round-trip per page), each
    page at most ``page_size`` entities and sized to bring about ``PAGE_LINKS`` links."""
    # The generation is read first: a write landing during the reads leaves the graph
    # marked older, so it is read again.
    generation = store.counters.generation
    builder, after, size = GraphBuilder(), "", min(FIRST_PAGE, page_size)
    while True:
        page = await store.structure_page(after, size, READ_TYPES)
        # The builder's work runs in a thread, one step at a time: on the event loop a
        # page held every request for 100 ms and the last step for 2.4 s at 10^5.
        await asyncio.to_thread(add_page, builder, page)
        if len(page) < size:
            return await asyncio.to_thread(builder.build, generation)
        after = page[-1].id
        size = next_page_size(size, sum(len(node.links) for node in page), page_size)
        del page  # not held while the next one is read


def next_page_size(size: int, links: int, most: int = PAGE_SIZE) -> int:
    """The entities to ask for after a page of ``size`` that brought ``links`` links:
    aimed at ``PAGE_LINKS``, at most twice ``size``, between 1 and ``most``."""
    aimed = size * PAGE_LINKS // max(links, 1)
    return max(1, min(aimed, 2 * size, most))


def graph_of_records(
    nodes: Iterable[NodeRecord], links: Iterable[LinkRecord], generation: int = 0
) -> StructureGraph:
    """The structure graph of records (tests, and a projection already in memory)."""
    builder = GraphBuilder()
    by_id = {record.id: record for record in nodes if record.kind is not NodeKind.PERSON}
    for record in by_id.values():
        small = record.properties.get("event_type") in SMALL_EVENT_TYPES
        builder.add_node(record.id, record.kind, start_day(record), small)
    for link in links:
        if link.type in READ_TYPES and link.from_id in by_id and link.to_id in by_id:
            confidence = link.properties.get("confidence")
            builder.add_link(
                link.from_id,
                link.to_id,
                link.type,
                link_day(by_id, link),
                link.properties.get("evidence") or Evidence.RECORDED.value,
                1.0 if confidence is None else float(confidence),
                link.sample,
            )
    return builder.build(generation)


def _trusted(graph: StructureGraph, link: int, lens: Lens) -> bool:
    return (
        EVIDENCE[graph.evidence[link]] in lens.evidence
        and graph.confidence[link] >= lens.min_confidence
        and (lens.with_sample or not graph.sample[link])
    )


def alive(graph: StructureGraph, lens: Lens) -> bytes:
    """Per entity, 1 if it existed on the lens's as-of day (always, without one)."""
    if lens.as_of is None:
        return b"\x01" * len(graph.ids)
    limit = lens.as_of.toordinal()
    return bytes(int(start <= limit) for start in graph.starts)


def lens_links(graph: StructureGraph, lens: Lens, codes: frozenset[int]) -> list[int]:
    """The links of these type codes the lens sees: both ends alive, dated on or before
    its as-of day, trusted (``lens._derive``, without inferred meetings)."""
    living = alive(graph, lens)
    limit = lens.as_of.toordinal() if lens.as_of else None
    return [
        link
        for link in range(len(graph.source))
        if graph.types[link] in codes
        and living[graph.source[link]]
        and living[graph.target[link]]
        and (limit is None or graph.days[link] <= limit)
        and (lens.is_plain or _trusted(graph, link, lens))
    ]
