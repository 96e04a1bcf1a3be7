"""Answers worked out in plain Python from the seed files, to check both stores against.

If both stores agree with the oracle they agree with each other; where they disagree,
the failing backend is named by the test's parameter.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

from graph_api.model import LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.seeds import SeedSet, default_seed_paths, load_seed_files
from graph_api.store.base import Direction, SortField


@cache
def seed() -> SeedSet:
    """The seed data, read once."""
    return load_seed_files(default_seed_paths())


def nodes_of(kind: NodeKind) -> list[NodeRecord]:
    """Every seed node of a kind."""
    return [node for node in seed().nodes if node.kind is kind]


def degree() -> Counter[str]:
    """Links per node id, both directions."""
    counts: Counter[str] = Counter()
    for link in seed().links:
        counts[link.from_id] += 1
        counts[link.to_id] += 1
    return counts


def ordered(kind: NodeKind, sort: SortField, descending: bool) -> list[str]:
    """Node ids of a kind in the order the list queries promise."""
    nodes = nodes_of(kind)
    if sort is SortField.NAME_EN:
        nodes.sort(key=lambda n: n.id)
        nodes.sort(key=lambda n: n.name_en, reverse=descending)
    elif sort in (SortField.NAME_ZH, SortField.DATE):

        def value(node: NodeRecord) -> str | None:
            if sort is SortField.NAME_ZH:
                return node.name_zh
            return node.date.isoformat() if node.date else None

        nodes.sort(key=lambda n: (n.name_en, n.id))
        nodes.sort(key=lambda n: value(n) or "", reverse=descending)
        nodes.sort(key=lambda n: value(n) is None)
    else:
        counts = degree()
        nodes.sort(key=lambda n: (-counts[n.id] if descending else counts[n.id], n.name_en, n.id))
    return [node.id for node in nodes]


def neighbour_ids(owner: str, rel_type: RelType, direction: Direction) -> list[str]:
    """Ids linked to ``owner``, newest link first, then by name and id."""
    names = {node.id: node.name_en for node in seed().nodes}
    found: list[tuple[LinkRecord, str]] = []
    for link in seed().links:
        if link.type is not rel_type:
            continue
        if direction is Direction.OUT and link.from_id == owner:
            found.append((link, link.to_id))
        if direction is Direction.IN and link.to_id == owner:
            found.append((link, link.from_id))
    found.sort(key=lambda pair: (names[pair[1]], pair[1]))
    found.sort(key=lambda pair: pair[0].date.isoformat() if pair[0].date else "", reverse=True)
    return [other for _, other in found]
