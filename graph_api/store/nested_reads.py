"""Nested lists in one round trip: a GraphQL root field's whole selection of nested
lists (a department's events, an event's attendees and what each of them offers) read
with its owners in a single Cypher query, as the Neo4j GraphQL Library does.

The query is composed from the blocks in ``cypher/neo4j/nested/``: one
``nested_list`` block per list (with the ``link_view`` test where an as-of day or a
trust rule applies, and its ``nested_total`` count only where the list's totalCount
was asked for), nested where the selection nests, inside ``nested_owners``. Each block reads
its list exactly as ``outgoing_links.cypher`` / ``incoming_links.cypher`` do (same
view, order and top-k page), so every page equals what ``neighbours()`` gives for the
same arguments, and the caller can hand the pages to its per-list DataLoaders instead
of asking list by list. The text depends only on the selection's shape (types,
directions, whether a view applies, nesting); everything else is a parameter, so Neo4j
plans each shape once.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from graph_api.domain import (
    ALLOWED_ENDPOINTS,
    PUBLIC_KINDS,
    STRUCTURAL_TYPES,
    Evidence,
    LinkRecord,
    NodeKind,
    NodeRecord,
    RelType,
)
from graph_api.domain.chart import chart_params
from graph_api.store.cypher_scoped import view_params
from graph_api.store.requests import (
    Direction,
    Neighbour,
    NestedAnswer,
    NestedList,
    NestedPage,
    Slice,
    link_ends,
    word_params,
)

if TYPE_CHECKING:
    from graph_api.store.cypher_library import CypherLibrary

Row = dict[str, Any]
QUERY_NAME = "nested_owners"  # how the round trip is counted and timed


class NestedReads:
    """``fetch_nested`` for a Cypher store whose dialect has the nested templates."""

    reads_nested = True

    if TYPE_CHECKING:  # provided by CypherGraphStore
        cypher: CypherLibrary

        async def read_text(self, name: str, text: str, params: dict[str, Any]) -> list[Row]: ...

    async def fetch_nested(
        self, ids: Sequence[str], lists: Sequence[NestedList]
    ) -> NestedAnswer | None:
        """The nodes ``ids`` and every page of ``lists`` under them, in one query."""
        unique = list(dict.fromkeys(ids))
        if not unique:
            return NestedAnswer(nodes={}, pages=[])
        text = _composed(Blocks.of(self.cypher), tuple(nested.shape for nested in lists))
        params: dict[str, Any] = {
            "ids": unique,
            "event_kind": NodeKind.EVENT.value,
            **chart_params(),
            # What an old link written without evidence counts as (the stores' default).
            "recorded": Evidence.RECORDED.value,
            "structural": sorted(t.value for t in STRUCTURAL_TYPES),
        }
        for prefix, nested in _numbered(lists):
            params.update(_list_params(prefix, nested))
        rows = await self.read_text(QUERY_NAME, text, params)
        nodes: dict[str, NodeRecord] = {}
        pages: list[NestedPage] = []
        for row in rows:
            owner = NodeRecord.from_row(row["node"])
            nodes[owner.id] = owner
            _collect(owner.id, lists, row["lists"], pages)
        return NestedAnswer(nodes=nodes, pages=pages)


@lru_cache(maxsize=64)
def reachable_kinds(rel_type: RelType, direction: Direction) -> frozenset[NodeKind]:
    """The kinds at the far end of a ``rel_type`` link followed ``direction``, by the
    model's endpoints (every write is checked against them); every kind for a type the
    model does not list, so that its kinds are always tested."""
    pairs = ALLOWED_ENDPOINTS.get(rel_type)
    if not pairs:
        return frozenset(NodeKind)
    return frozenset(end if direction is Direction.OUT else start for start, end in pairs)


def _numbered(lists: Sequence[NestedList]) -> Iterator[tuple[str, NestedList]]:
    """Every list and its parameter prefix, depth first, parents before children: the
    order in which ``_composed`` numbers the blocks."""
    # A module function, not a closure calling itself: that would be a reference cycle,
    # left for the collector after every nested read.
    for number, nested in enumerate(_depth_first(lists), start=1):
        yield f"f{number}_", nested


def _depth_first(lists: Sequence[NestedList]) -> Iterator[NestedList]:
    for nested in lists:
        yield nested
        yield from _depth_first(nested.children)


def _list_params(prefix: str, nested: NestedList) -> dict[str, Any]:
    view = view_params(nested.view)
    kinds = nested.kinds or PUBLIC_KINDS
    return {
        # None: the block tests no item's kind, as every kind the link reaches is asked for.
        f"{prefix}kinds": None
        if reachable_kinds(nested.rel_type, nested.direction) <= set(kinds)
        else [kind.value for kind in kinds],
        f"{prefix}role": nested.role or "",
        # An uncounted list reads one item more: whether more follow is all it may say.
        f"{prefix}limit": nested.limit if nested.counted else nested.limit + 1,
        f"{prefix}as_of": view["as_of"],
        f"{prefix}existing_on": view["existing_on"],
        f"{prefix}min_confidence": view["min_confidence"],
        f"{prefix}evidence": view["evidence"],
        **word_params(nested.words, prefix),
    }


@dataclass(frozen=True)
class Blocks:
    """The templates a nested query is composed of (``cypher/neo4j/nested/``)."""

    owners: str
    list: str
    view: str
    total: str
    chart_list: str
    chart_view: str
    chart_total: str

    @classmethod
    def of(cls, cypher: CypherLibrary) -> Blocks:
        """The templates of ``cypher``'s dialect."""
        return cls(
            *(
                cypher.template(name)
                for name in (
                    "nested_owners",
                    "nested_list",
                    "link_view",
                    "nested_total",
                    "nested_chart_list",
                    "chart_view",
                    "nested_chart_total",
                )
            )
        )


# A chart list's match, by direction: the item, its own (or the owner's) link up to its
# place, and the chain (no link, or one) from there up to the top (see chart_view).
_CHART_PATTERNS = {
    Direction.IN: (
        "(__OWNER__)<-[__NODE___up:PART_OF]-{0,1}(__NODE___via)<-[__LINK__:PART_OF]-(__NODE__)",
        "__NODE__",
        "__OWNER__",
    ),
    Direction.OUT: (
        "(__OWNER__)-[__LINK__:PART_OF]->(__NODE___via)-[__NODE___up:PART_OF]->{0,1}(__NODE__)",
        "__OWNER__",
        "__NODE__",
    ),
}


@lru_cache(maxsize=256)
def _composed(blocks: Blocks, shapes: tuple[tuple[Any, ...], ...]) -> str:
    """The query for lists of these shapes (bounded cache: shapes come from clients). A
    list's ``view`` block tests each link under an as-of day or a trust rule, its
    ``total`` block counts it when its totalCount was asked for; a list that follows the
    chart has blocks of its own."""
    counter = itertools.count(1)

    def compose(shape: tuple[Any, ...], owner: str) -> tuple[str, str]:
        rel_type, direction, is_open, counted, children, follows_chart = shape
        number = next(counter)  # before the children: the same order as _numbered
        node = f"n{number}"
        parts = [compose(child, node) for child in children]
        if follows_chart:
            pattern, low, top = _CHART_PATTERNS[direction]
            text = (
                blocks.chart_list.replace("__TOTAL__", blocks.chart_total if counted else "")
                .replace("__PATTERN__", pattern)
                .replace("__CHART__", blocks.chart_view)
                .replace("__LOW__", low)
                .replace("__TOP__", top)
            )
        else:
            text = (
                blocks.list.replace("__TOTAL__", blocks.total if counted else "")
                .replace("__VIEW__", "" if is_open else blocks.view)
                .replace("__TYPE__", rel_type.value)
                .replace("__IN__", "<" if direction is Direction.IN else "")
                .replace("__OUT__", ">" if direction is Direction.OUT else "")
            )
        text = (
            text.replace("__OWNER__", owner)
            .replace("__NODE__", node)
            .replace("__LINK__", f"l{number}")
            .replace("__P__", f"f{number}_")
            .replace("__CHILD_COLUMNS__", ", ".join(column for _, column in parts))
            .replace("__CHILDREN__", "\n".join(child for child, _ in parts))
        )
        count = f"f{number}_total" if counted else "null"
        return text, f"{{page: f{number}_page, total: {count}}}"

    composed = [compose(shape, "n0") for shape in shapes]
    return blocks.owners.replace(
        "__COLUMNS__", ", ".join(column for _, column in composed)
    ).replace("__LISTS__", "\n".join(text for text, _ in composed))


def _collect(
    owner_id: str, lists: Sequence[NestedList], columns: list[Row], pages: list[NestedPage]
) -> None:
    """Turn one owner's list columns into pages, and their items' columns likewise."""
    for nested, column in zip(lists, columns, strict=True):
        items: list[Neighbour] = []
        for item in column["page"]:
            node = NodeRecord.from_row(item["node"])
            ends = link_ends(owner_id, node.id, nested.direction, item.get("via"))
            link_row = {**item["link"], "type": nested.rel_type.value}
            link = LinkRecord.from_row({**link_row, "from_id": ends[0], "to_id": ends[1]})
            items.append(Neighbour(owner_id, link, node))
            if nested.children:
                _collect(node.id, nested.children, item["lists"], pages)
        # Uncounted: the page was read one item long, and its total says only that.
        total = len(items) if column["total"] is None else int(column["total"])
        pages.append(NestedPage(owner_id, nested, Slice(items=items[: nested.limit], total=total)))
