"""The store interface every backend implements (the request and answer types it speaks
live in ``store/requests.py`` and are re-exported here).

The store knows nothing of GraphQL: it takes and returns plain records from
``graph_api.domain``. The GraphQL layer (``graph_api.schema``) batches its calls so one
request costs a bounded number of store round-trips, which ``round_trips`` counts.
"""

from __future__ import annotations

import abc
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from graph_api.domain import LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.store.audited_writes import AuditedWrites
from graph_api.store.counters import StoreCounters
from graph_api.store.filters import Filter
from graph_api.store.link_scope import LinksAt, LinkScope, MetCount, SharedAttendance
from graph_api.store.requests import (
    EVERY_LINK_VIEW,
    UNLIMITED,
    CoAttendance,
    Direction,
    LinkView,
    Neighbour,
    NeighbourKey,
    NestedAnswer,
    NestedList,
    NestedPage,
    NodePage,
    NodeQuery,
    SearchHit,
    SearchPage,
    Slice,
    SortField,
    StoreInfo,
)
from graph_api.store.search import SearchTerms
from graph_api.store.spelling import Vocabulary
from graph_api.store.structure_reads import StructureNode

if TYPE_CHECKING:
    from graph_api.store.digest_reads import DigestReads
    from graph_api.store.gap_reads import GapReads
    from graph_api.store.hop_reads import HopReads


class GraphStore(AuditedWrites):
    """The operations the API needs from a graph database (with ``AuditedWrites``, its
    writes and their change trail)."""

    backend: str

    # Whether other processes may write to the same data (Neo4j), so caches must look
    # at the store itself, not only at this process's writes, to know they are current.
    shared_between_processes = False
    # The most valid rows an import writes as one transaction unless told otherwise
    # (GRAPH_API_IMPORT_TRANSACTION_ROWS). Neo4j sizes it from the server's memory when
    # it connects (store.neo4j_memory); this is what stands where the server will not
    # say (about 12 KiB a row: 40,000 rows need some 470 MiB of transaction memory).
    one_transaction_rows = 40_000

    def __init__(self) -> None:
        self.counters = StoreCounters()

    async def write_mark(self) -> tuple[int, str]:
        """What moves with every write that could change an answer read from this store:
        this process's write generation and, on a store other processes write to as well
        (``shared_between_processes``), the change trail's end (one indexed read).
        Caches of answers keep it beside what they keep."""
        trail = await self.latest_change() if self.shared_between_processes else ""
        return self.counters.generation, trail

    @abc.abstractmethod
    async def connect(self) -> None:
        """Open the connection and create the schema (constraints, tables, indexes)."""

    @abc.abstractmethod
    async def close(self) -> None:
        """Release the connection; safe to call twice."""

    @abc.abstractmethod
    async def info(self) -> StoreInfo:
        """Ask the database what it is; raises GraphApiError(STORE_UNAVAILABLE) if it is down."""

    @abc.abstractmethod
    async def clear(self) -> None:
        """Delete every entity, link and change record (restores and tests); the notes
        of import runs under way stay (a restore is noted as one)."""

    @abc.abstractmethod
    async def upsert(self, nodes: Sequence[NodeRecord], links: Sequence[LinkRecord]) -> None:
        """Create or update nodes, then links, in one transaction: all of it or none."""

    @abc.abstractmethod
    async def count_nodes(self) -> dict[NodeKind, int]:
        """How many nodes of each kind the graph holds."""

    @abc.abstractmethod
    async def count_links(self, persons: bool = True) -> dict[RelType, int]:
        """How many links of each type the graph holds (without ``persons``, not
        counting the links of Person records)."""

    @abc.abstractmethod
    async def get_nodes(self, ids: Sequence[str]) -> dict[str, NodeRecord]:
        """The nodes with these ids, in one round-trip; unknown ids are simply absent."""

    @abc.abstractmethod
    async def ids_named(self, ids: Sequence[str], words: tuple[str, ...]) -> set[str]:
        """Which of ``ids`` have some name holding every one of ``words`` (one or more
        words, folded as search folds them), in one round-trip."""

    @abc.abstractmethod
    async def list_nodes(self, query: NodeQuery) -> NodePage:
        """One ordered, filtered page of one kind of node, and the filtered total."""

    @abc.abstractmethod
    async def count_matching(self, kind: NodeKind, tree: Filter | None) -> int:
        """How many nodes of ``kind`` pass the filter."""

    @abc.abstractmethod
    async def co_attendees(
        self,
        ids: Sequence[str],
        kind: NodeKind,
        limit: int = UNLIMITED,
        view: LinkView = EVERY_LINK_VIEW,
        words: tuple[str, ...] = (),
    ) -> dict[str, Slice[CoAttendance]]:
        """Per id, the parties of ``kind`` that attended an event with it, in one round-trip:
        the first ``limit`` (latest meeting first, then by name and id) and the total.
        Ids with none are absent."""

    @abc.abstractmethod
    async def search(
        self, terms: SearchTerms, kinds: Sequence[NodeKind], skip: int, limit: int
    ) -> SearchPage:
        """Nodes of ``kinds`` whose names contain every term, ranked (see store/search.py)."""

    @abc.abstractmethod
    async def name_words(self, kinds: Sequence[NodeKind]) -> Vocabulary:
        """The English words of the names of entities of ``kinds``: what search forgives
        typos against (store/spelling.py)."""

    # Whether fetch_nested reads anything (callers skip planning for it when not).
    reads_nested = False

    async def fetch_nested(
        self, ids: Sequence[str], lists: Sequence[NestedList]
    ) -> NestedAnswer | None:
        """The nodes ``ids`` and, under each, the pages of ``lists`` (and of their
        children under each item), all in one round trip; each page as ``neighbours()``
        would give it. None when this store cannot (callers then read list by list)."""
        del ids, lists  # this default reads nothing: the embedded store batches per list
        return None

    @abc.abstractmethod
    async def neighbours(
        self,
        ids: Sequence[str],
        rel_type: RelType,
        direction: Direction,
        *,
        kinds: Sequence[NodeKind] = (),
        role: str | None = None,
        limit: int = UNLIMITED,
        view: LinkView = EVERY_LINK_VIEW,
        words: tuple[str, ...] = (),
        follows_chart: bool = False,
    ) -> dict[str, Slice[Neighbour]]:
        """Per id, the nodes linked to it by ``rel_type``, in one round-trip: only nodes of
        ``kinds`` (all but persons if empty) whose names hold every one of ``words`` (folded
        search terms, at most five), and links with ``role`` (any if None); the first ``limit``,
        newest link first, then by name and id; and how many in all. Ids with none are
        absent. The limit applies per id, so an event with 7,000 attendees costs only
        the page asked for.

        ``follows_chart`` (PART_OF only) reads the organisation chart as of the view's
        day (``CHART_RULE``): a bureau's departments and their units (direction IN), or a
        department's bureau, through its parent department if it is a unit (OUT). Each
        item's link is its lower end's own PART_OF link; nearest items come first."""

    @abc.abstractmethod
    async def path_links(self, ids: Sequence[str], scope: LinkScope, limit: int) -> list[LinksAt]:
        """Every link ``scope`` allows at the entities ``ids`` (either way, never to a
        person), in one round-trip, grouped by the entity they are at (one entity may come
        in more than one part); at most ``limit`` + 1 links read in all (``LinksAt.read``,
        persons included), so a caller can tell that there were more than ``limit``."""

    @abc.abstractmethod
    async def node_degrees(self, ids: Sequence[str]) -> dict[str, int]:
        """How many links each of ``ids`` has, of any type and either way (unknown ids
        are absent): what a path search weighs a frontier by."""

    @abc.abstractmethod
    async def who_met_counts(
        self,
        party: str,
        scope: LinkScope,
        kinds: Sequence[NodeKind],
        events: Sequence[str],
        role: str | None,
        limit: int,
        words: tuple[str, ...] = (),
    ) -> tuple[int, list[MetCount]]:
        """How many parties of ``kinds`` attended an event with ``party`` under ``scope``
        (only ``events`` if any are named; only where they played ``role``, if given; only
        those whose names hold every one of ``words``), and the first ``limit``, most
        shared events first, then by id: one round-trip."""

    @abc.abstractmethod
    async def shared_attendances(
        self,
        party: str,
        others: Sequence[str],
        scope: LinkScope,
        events: Sequence[str] = (),
        role: str | None = None,
    ) -> list[SharedAttendance]:
        """Every event ``party`` attended with each of ``others`` under ``scope`` (only
        ``events`` if any are named; only where the other played ``role``, if given), with
        both ATTENDED links: one round-trip."""

    @abc.abstractmethod
    async def event_parties(self, ids: Sequence[str], scope: LinkScope) -> dict[str, int]:
        """Event id -> how many parties (never persons) attended it under ``scope``: what
        a meeting's strength divides by (``graph_api.analytics.ties``). One round-trip."""

    @property
    @abc.abstractmethod
    def gap_reads(self) -> GapReads:
        """The reads behind the partnership-gap and matching questions, each answered in
        the database (``store/gap_reads.py``)."""

    @property
    @abc.abstractmethod
    def hop_reads(self) -> HopReads:
        """The reads behind hop distances, one step of a search at a time
        (``store/hop_reads.py``)."""

    @property
    @abc.abstractmethod
    def digest_reads(self) -> DigestReads:
        """The reads behind the change digest: what began to count between two days
        (``store/digest_reads.py``)."""

    @abc.abstractmethod
    async def structure_page(
        self, after: str, limit: int, types: Collection[RelType]
    ) -> list[StructureNode]:
        """Up to ``limit`` entities (never persons) whose id sorts after ``after``, in id
        order, each with its outgoing links of ``types`` to non-persons: ids and what the
        period, as-of and trust filters compare only (``store/structure_reads.py``)."""

    @abc.abstractmethod
    async def export_graph(self) -> tuple[list[NodeRecord], list[LinkRecord]]:
        """Every node (by id) and every link (by type, from, to): two round-trips."""


__all__ = [
    "EVERY_LINK_VIEW",
    "UNLIMITED",
    "CoAttendance",
    "Direction",
    "GraphStore",
    "LinkView",
    "Neighbour",
    "NeighbourKey",
    "NestedAnswer",
    "NestedList",
    "NestedPage",
    "NodePage",
    "NodeQuery",
    "SearchHit",
    "SearchPage",
    "Slice",
    "SortField",
    "StoreCounters",
    "StoreInfo",
]
