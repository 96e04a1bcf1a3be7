"""The store operations written once over Cypher files; each backend only sends queries.

A backend subclasses ``CypherGraphStore`` and implements ``_read`` (one query, rows
back) and ``_write`` (several statements in one transaction). Both return plain
Python values: nodes as property dicts, relationships as property dicts with a
``type`` key, so the code here never sees a driver type.
"""

from __future__ import annotations

import abc
import asyncio
from collections.abc import Sequence
from typing import Any

from graph_api.domain import (
    PARTY_KINDS,
    LinkRecord,
    NodeKind,
    NodeRecord,
    RelType,
)
from graph_api.store.base import (
    GraphStore,
    NodePage,
    NodeQuery,
    SearchHit,
    SearchPage,
    SortField,
)
from graph_api.store.change_trail import CypherChangeTrail
from graph_api.store.cypher_library import CypherLibrary, check_parameters
from graph_api.store.cypher_scoped import CypherScopedReads
from graph_api.store.cypher_writes import CypherWrites
from graph_api.store.digest_reads import DigestReads
from graph_api.store.filters import NO_LIMIT, Filter, compile_filter
from graph_api.store.gap_reads import GapReads
from graph_api.store.hop_reads import HopReads
from graph_api.store.linked_reads import CypherLinkedReads
from graph_api.store.name_reads import CypherNameReads
from graph_api.store.run_notes import CypherRunNotes
from graph_api.store.search import SearchTerms
from graph_api.store.search_hits import explain_hits
from graph_api.store.structure_reads import CypherStructureReads
from graph_api.store.transaction import JoinableTransactions, Row, Statement, active_transaction
from graph_api.tracing import store_span

_LIST_QUERY_BY_SORT = {
    SortField.NAME_EN: "list_nodes_by_name_en",
    SortField.NAME_ZH: "list_nodes_by_name_zh",
    SortField.DATE: "list_nodes_by_date",
    SortField.DEGREE: "list_nodes_by_degree",
    SortField.MEETINGS: "list_nodes_by_meetings",
}

# Writes are sent in slices so one parameter list never grows without bound.
WRITE_BATCH_SIZE = 2_000


class CypherGraphStore(
    CypherChangeTrail,
    CypherLinkedReads,
    CypherRunNotes,
    CypherNameReads,
    CypherScopedReads,
    CypherStructureReads,
    CypherWrites,
    JoinableTransactions,
    GraphStore,
):
    """Shared implementation of ``GraphStore`` over the files in ``cypher/``."""

    dialect: str
    # Seconds a read may run before the store stops it (QUERY_TIMEOUT); None: no limit.
    query_timeout: float | None = None
    # Reads exempt from that limit: the whole-graph export behind the analytics projection
    # runs in the background and takes minutes at 10^5 entities, by design.
    UNTIMED_READS = frozenset({"all_nodes", "all_links"})
    # Writes with no time limit: emptying the whole store takes as long as the store is
    # large (a restore --replace, the benchmarks).
    UNTIMED_WRITES = frozenset({"clear_graph"})

    @property
    def gap_reads(self) -> GapReads:
        """The gap and matching reads over this store's Cypher files."""
        return GapReads(self)

    @property
    def hop_reads(self) -> HopReads:
        """The hop-distance reads over this store's Cypher files."""
        return HopReads(self)

    @property
    def digest_reads(self) -> DigestReads:
        """The change digest's reads over this store's Cypher files."""
        return DigestReads(self)

    def timeout_for(self, name: str) -> float | None:
        """The time limit of the read called ``name`` (None: no limit)."""
        return None if name in self.UNTIMED_READS else self.query_timeout

    def write_time_limit(self, statements: Sequence[Statement]) -> float | None:
        """The time limit of a write: the reads' limit, unless it empties the store."""
        untimed = any(name in self.UNTIMED_WRITES for name, _, _ in statements)
        return None if untimed else self.query_timeout

    def __init__(self) -> None:
        super().__init__()
        self.cypher = CypherLibrary(self.dialect)

    @abc.abstractmethod
    async def _read(self, name: str, text: str, params: dict[str, Any]) -> list[Row]:
        """Run one read query and return its rows as plain dicts."""

    @abc.abstractmethod
    async def _write(self, statements: Sequence[Statement]) -> None:
        """Run the statements in one transaction; on any failure, none of them stays."""

    async def read(self, name: str, params: dict[str, Any], **tokens: Any) -> list[Row]:
        """Run the named query (placeholders filled from ``tokens``), counting the round-trip."""
        return await self.read_text(name, self.cypher.text(name, **tokens), params)

    async def read_text(self, name: str, text: str, params: dict[str, Any]) -> list[Row]:
        """Run a query's text, composed from the files, under ``name``: counted, traced,
        and refused if a parameter it uses is missing."""
        self.counters.record(name)
        check_parameters(name, text, params)
        with store_span(self.backend, name), self.counters.timing(name):
            transaction = active_transaction(self)
            if transaction is not None:
                return await transaction.read(text, params)
            return await self._read(name, text, params)

    async def write(self, statements: Sequence[Statement]) -> None:
        """Run the statements in one transaction (``_write``), traced under their names."""
        names = "+".join(dict.fromkeys(name for name, _, _ in statements))
        with store_span(self.backend, names), self.counters.timing(names):
            transaction = active_transaction(self)
            if transaction is not None:
                await transaction.write(statements)
            else:
                await self._write(statements)

    async def clear(self) -> None:
        """Delete every entity, link and change record; import run notes stay."""
        params = {"kept": "ImportRun"}
        async with self.counters.writing():
            await self.write([("clear_graph", self.cypher.text("clear_graph"), params)])

    async def upsert(self, nodes: Sequence[NodeRecord], links: Sequence[LinkRecord]) -> None:
        """Create or update nodes then links, grouped by label and type, in one transaction
        (no change records: the seed files and restores, which are their own record)."""
        statements = self._upsert_statements(nodes, links)
        if statements:
            for name, _, _ in statements:
                self.counters.record(name)
            async with self.counters.writing():
                await self.write(statements)

    async def count_nodes(self) -> dict[NodeKind, int]:
        """How many nodes of each kind; kinds with none are reported as 0."""
        rows = await self.read("count_nodes", {})
        counts = dict.fromkeys(NodeKind, 0)
        for row in rows:
            counts[NodeKind(row["kind"])] = int(row["count"])
        return counts

    async def count_links(self, persons: bool = True) -> dict[RelType, int]:
        """How many links of each type (without ``persons``, leaving out the links of
        Person records); types with none are reported as 0."""
        counts = dict.fromkeys(RelType, 0)
        for row in await self.read("count_links", {}):
            counts[RelType(row["type"])] = int(row["count"])
        if not persons:
            for row in await self.read("count_person_links", {}):
                counts[RelType(row["type"])] -= int(row["count"])
        return counts

    async def get_nodes(self, ids: Sequence[str]) -> dict[str, NodeRecord]:
        """The nodes with these ids; unknown ids are absent from the answer."""
        rows = await self.node_rows(ids)
        return {node_id: NodeRecord.from_row(row) for node_id, row in rows.items()}

    async def node_rows(self, ids: Sequence[str]) -> dict[str, Row]:
        """The stored properties of the nodes with these ids, by id; unknown ids absent."""
        groups = self.by_kind(list(dict.fromkeys(ids)))
        if not groups:
            return {}
        # One read in all: on the embedded store, one part per entity table, joined.
        text = "\nUNION ALL\n".join(
            self.cypher.text("nodes_by_id", kind=kind) for kind, _ in groups
        )
        wanted = [node_id for _, group in groups for node_id in group]
        rows = await self.read_text("nodes_by_id", text, {"ids": wanted})
        return {row["node"]["id"]: row["node"] for row in rows}

    async def read_filtered(
        self, name: str, params: dict[str, Any], kind: NodeKind, tree: Filter | None
    ) -> list[Row]:
        """Run a query whose ``__FILTER__`` placeholder takes the compiled filter."""
        condition, filter_params = compile_filter(tree, self.cypher.fragment)
        text = self.cypher.text(name, kind=kind, filter_text=condition)
        return await self.read_text(name, text, {**params, **filter_params})

    async def count_matching(self, kind: NodeKind, tree: Filter | None) -> int:
        """How many nodes of ``kind`` pass the filter."""
        rows = await self.read_filtered("count_matching", {}, kind, tree)
        return int(rows[0]["total"]) if rows else 0

    async def list_nodes(self, query: NodeQuery) -> NodePage:
        """One ordered, filtered page, and the filtered total when ``query.counted``
        (counted beside the page; else the page is read one item long and its total
        says only whether more follow)."""
        limit = query.limit if query.counted else query.limit + 1
        name = _LIST_QUERY_BY_SORT[query.sort]
        if query.sort is SortField.DEGREE and query.as_of is None:
            name = "list_nodes_by_degree_all_links"  # every link counts: the stored degree
        elif query.sort is SortField.NAME_EN and query.descending:
            name = "list_nodes_by_name_en_desc"  # its own text, for Neo4j's name indexes
        page = self.read_filtered(
            name,
            {
                "skip": query.skip,
                "limit": limit,
                "reverse": query.descending,
                "as_of": query.as_of.isoformat() if query.as_of else NO_LIMIT,
                "event_kind": NodeKind.EVENT.value,
                "party_kinds": sorted(kind.value for kind in PARTY_KINDS),
            },
            query.kind,
            query.filter,
        )
        if query.counted:
            rows, total = await asyncio.gather(page, self.count_matching(query.kind, query.filter))
        else:
            rows = await page
            total = query.skip + len(rows)
        nodes = [NodeRecord.from_row(row["node"]) for row in rows]
        return NodePage(nodes=nodes[: query.limit], total=total)

    async def search(
        self, terms: SearchTerms, kinds: Sequence[NodeKind], skip: int, limit: int
    ) -> SearchPage:
        """Nodes of ``kinds`` whose names contain every term, best first, and the total."""
        params = {
            **terms.parameters(),
            "kinds": [kind.value for kind in kinds],
            "skip": skip,
            "limit": limit,
        }
        rows = await self.read("search_entities", params)
        if not rows:
            total = 0
            if skip or limit == 0:  # past the start, or a page of none: count apart
                everything = await self.read("search_entities", {**params, "skip": 0, "limit": 1})
                total = int(everything[0]["total"]) if everything else 0
            return SearchPage(hits=[], total=total)
        hits = [SearchHit(NodeRecord.from_row(row["node"]), int(row["rank"])) for row in rows]
        hits = await explain_hits(self, terms, kinds, hits)
        return SearchPage(hits=hits, total=int(rows[0]["total"]))

    async def export_graph(self) -> tuple[list[NodeRecord], list[LinkRecord]]:
        """Every node and every link, in a stable order."""
        node_rows = await self.read("all_nodes", {})
        link_rows = await self.read("all_links", {})
        nodes = [NodeRecord.from_row(row["node"]) for row in node_rows]
        links = [
            LinkRecord.from_row(
                {
                    **row["link"],
                    "type": row["type"],
                    "from_id": row["from_id"],
                    "to_id": row["to_id"],
                }
            )
            for row in link_rows
        ]
        return nodes, links


def _slices(rows: list[Row]) -> list[list[Row]]:
    return [
        rows[start : start + WRITE_BATCH_SIZE] for start in range(0, len(rows), WRITE_BATCH_SIZE)
    ]
