"""Audited writes, link lookups and keyset export paging, over the Cypher files.

``CypherGraphStore`` inherits this mixin; it only needs the store's ``read`` (one named
query) and ``write`` (statements in one transaction). A :class:`ChangeSet` becomes one
transaction on both stores, so a change and its audit record commit together or not at
all; only after the commit are its changes published to live subscribers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from graph_api.domain import (
    ALLOWED_ENDPOINTS,
    LinkRecord,
    NodeKind,
    NodeRecord,
    RelType,
    kind_of_id,
)
from graph_api.events import ChangeEvent
from graph_api.store.changes import ChangeSet, LinkKey
from graph_api.store.transaction import Row, Statement, active_transaction

if TYPE_CHECKING:
    from graph_api.events import ChangeFeed
    from graph_api.store.base import StoreCounters
    from graph_api.store.cypher_library import CypherLibrary


# One parameter list never holds more rows than this, however large the change set.
SLICE = 2_000


class CypherWrites:
    """Audited writes and the reads they need, for ``CypherGraphStore``."""

    # Whether ``links_by_key`` takes links of any types and endpoint kinds at once (each
    # row naming its type: Neo4j), or one type and pair of kinds per read (the embedded
    # store, whose tables are per type and pair of kinds).
    reads_links_of_any_type = False

    if TYPE_CHECKING:  # provided by CypherGraphStore / GraphStore
        cypher: CypherLibrary
        counters: StoreCounters

        @property
        def change_feed(self) -> ChangeFeed: ...

        async def read(self, name: str, params: dict[str, Any], **tokens: Any) -> list[Row]: ...

        async def write(self, statements: Sequence[Statement]) -> None: ...

    async def apply(self, changes: ChangeSet) -> None:
        """Write the change set in one transaction, then publish its change records."""
        statements = self._change_statements(changes)
        if not statements:
            return
        for name, _, _ in statements:
            self.counters.record(name)
        if self.change_feed.subscriber_count:
            # Noted before the commit, so the relay of other processes' changes, reading
            # the trail meanwhile, never takes these for another's and sends them twice.
            # With nobody subscribed there is nobody to send anything to twice.
            self.change_feed.remember([change.id for change in changes.changes])
        async with self.counters.writing():
            await self.write(statements)
        if changes.changes and self.change_feed.subscriber_count:
            events = _events(changes)
            transaction = active_transaction(self)
            if transaction is None:
                self.change_feed.publish(events)
            else:  # subscribers hear of it once it is committed, never before
                transaction.after_commit(lambda: self.change_feed.publish(events))

    def _change_statements(self, changes: ChangeSet) -> list[Statement]:
        statements: list[Statement] = []
        removed_links: dict[tuple[RelType, NodeKind, NodeKind], list[Row]] = defaultdict(list)
        for rel_type, from_id, to_id in changes.removed_links:
            from_kind, to_kind = _endpoint_kinds(rel_type, from_id, to_id)
            removed_links[(rel_type, from_kind, to_kind)].append(
                {"from_id": from_id, "to_id": to_id}
            )
        for shape in sorted(removed_links):
            text = self._shaped("remove_links", shape)
            statements += [
                ("remove_links", text, {"rows": rows}) for rows in _slices(removed_links[shape])
            ]
        removed_nodes: dict[NodeKind, list[str]] = defaultdict(list)
        for node_id in changes.removed_nodes:
            removed_nodes[_kind(node_id)].append(node_id)
        for kind in sorted(removed_nodes):
            text = self.cypher.text("remove_nodes", kind=kind)
            statements += [
                ("remove_nodes", text, {"ids": ids}) for ids in _slices(removed_nodes[kind])
            ]
        statements += self._upsert_statements(changes.nodes, changes.links)
        if changes.changes:
            text = self.cypher.text("create_changes")
            rows = [change.to_row() for change in changes.changes]
            statements += [("create_changes", text, {"rows": part}) for part in _slices(rows)]
        if changes.forgotten_changes:
            text = self.cypher.text("forget_changes")
            statements += [
                ("forget_changes", text, {"ids": ids}) for ids in _slices(changes.forgotten_changes)
            ]
        return statements

    def _upsert_statements(
        self, nodes: Sequence[NodeRecord], links: Sequence[LinkRecord]
    ) -> list[Statement]:
        """Nodes by label, then links by the query their shape needs, in slices."""
        statements: list[Statement] = []
        by_kind: dict[NodeKind, list[Row]] = defaultdict(list)
        for node in nodes:
            by_kind[node.kind].append(node.to_row())
        for kind in sorted(by_kind):
            text = self.cypher.text("upsert_nodes", kind=kind)
            statements += [
                ("upsert_nodes", text, {"rows": rows}) for rows in _slices(by_kind[kind])
            ]
        # Grouped by the query text, not by (type, from kind, to kind): Neo4j's query
        # names the type alone, so a batch of one type is one statement, where Ladybug's
        # names the endpoint tables too. An import's batch of 1,000 links spread over 4
        # shapes was 4 statements on Neo4j, each with its own round trip and plan.
        by_shape: dict[tuple[RelType, NodeKind, NodeKind], list[Row]] = defaultdict(list)
        for link in links:
            from_kind, to_kind = _endpoint_kinds(link.type, link.from_id, link.to_id)
            by_shape[(link.type, from_kind, to_kind)].append(link.to_row())
        by_text: dict[str, list[Row]] = defaultdict(list)
        for shape in sorted(by_shape):  # each shape's text filled in once, not per link
            by_text[self._shaped("upsert_links", shape)] += by_shape[shape]
        for text, rows in by_text.items():
            statements += [("upsert_links", text, {"rows": part}) for part in _slices(rows)]
        return statements

    def _shaped(self, name: str, shape: tuple[RelType, NodeKind, NodeKind]) -> str:
        return self.cypher.text(name, rel_type=shape[0], from_kind=shape[1], to_kind=shape[2])

    async def get_links(self, keys: Sequence[LinkKey]) -> dict[LinkKey, LinkRecord]:
        """The links with these (type, from, to) keys: one query on Neo4j, one per type and
        endpoint kinds on the embedded store (``reads_links_of_any_type``)."""
        rows = await self.link_rows(keys)
        return {
            key: _link({"link": row, "type": key[0].value, "from_id": key[1], "to_id": key[2]})
            for key, row in rows.items()
        }

    async def link_rows(self, keys: Sequence[LinkKey]) -> dict[LinkKey, Row]:
        """The stored properties of the links with these keys, by key; absent ones missing."""
        by_shape: dict[tuple[RelType, NodeKind, NodeKind], list[Row]] = defaultdict(list)
        for rel_type, from_id, to_id in dict.fromkeys(keys):
            from_kind, to_kind = kind_of_id(from_id), kind_of_id(to_id)
            if from_kind is None or to_kind is None:
                continue  # not an id any store could hold
            if (from_kind, to_kind) in ALLOWED_ENDPOINTS.get(rel_type, ()):
                by_shape[(rel_type, from_kind, to_kind)].append(
                    {"from_id": from_id, "to_id": to_id}
                )
        found: dict[LinkKey, Row] = {}
        if by_shape and self.reads_links_of_any_type:  # every type in one round trip
            rows = [
                {"type": shape[0].value, **row}
                for shape in sorted(by_shape)
                for row in by_shape[shape]
            ]
            for row in await self.read("links_by_key", {"rows": rows}):
                found[(RelType(row["type"]), row["from_id"], row["to_id"])] = row["link"]
            return found
        for shape in sorted(by_shape):
            rows = await self.read(
                "links_by_key",
                {"rows": by_shape[shape]},
                rel_type=shape[0],
                from_kind=shape[1],
                to_kind=shape[2],
            )
            for row in rows:
                found[(shape[0], row["from_id"], row["to_id"])] = row["link"]
        return found

    async def links_touching(
        self, ids: Sequence[str], *, outgoing_only: bool = False
    ) -> list[LinkRecord]:
        """Every link out of (and into) the nodes ``ids``, each once, by type, from, to."""
        if not ids:
            return []
        unique = list(dict.fromkeys(ids))
        rows = await self.read("links_out", {"ids": unique})
        if not outgoing_only:
            rows += await self.read("links_in", {"ids": unique})
        links = {(row["type"], row["from_id"], row["to_id"]): _link(row) for row in rows}
        return [links[key] for key in sorted(links)]

    async def nodes_after(self, after_id: str, limit: int) -> list[NodeRecord]:
        """Up to ``limit`` nodes whose id sorts after ``after_id``, in id order."""
        rows = await self.read("nodes_after", {"after": after_id, "limit": limit})
        return [NodeRecord.from_row(row["node"]) for row in rows]


def _kind(node_id: str) -> NodeKind:
    kind = kind_of_id(node_id)
    if kind is None:
        raise ValueError(f"'{node_id}' is not an entity id")
    return kind


def _endpoint_kinds(rel_type: RelType, from_id: str, to_id: str) -> tuple[NodeKind, NodeKind]:
    pair = (_kind(from_id), _kind(to_id))
    if pair not in ALLOWED_ENDPOINTS.get(rel_type, ()):
        raise ValueError(f"{rel_type} cannot join a {pair[0]} to a {pair[1]}")
    return pair


def _link(row: Row) -> LinkRecord:
    return LinkRecord.from_row(
        {**row["link"], "type": row["type"], "from_id": row["from_id"], "to_id": row["to_id"]}
    )


def _slices(rows: list[Any]) -> list[list[Any]]:
    return [rows[start : start + SLICE] for start in range(0, len(rows), SLICE)]


def _events(changes: ChangeSet) -> list[ChangeEvent]:
    nodes = {node.id: node for node in changes.nodes}
    links = {(link.type, link.from_id, link.to_id): link for link in changes.links}
    events = []
    for change in changes.changes:
        link = None
        if change.link_type is not None and change.other_id is not None:
            link = links.get((change.link_type, change.entity_id, change.other_id))
        node = nodes.get(change.entity_id) if change.link_type is None else None
        events.append(ChangeEvent(change=change, node=node, link=link))
    return events
