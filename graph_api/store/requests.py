"""The request and answer types the store interface speaks: plain records, no GraphQL.

``graph_api.store.base`` re-exports them, so callers import them from there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from graph_api.domain import LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.domain.history import FormerName
from graph_api.store.filters import Filter

T = TypeVar("T")


class Direction(StrEnum):
    """Which way a relationship is followed from the node asked about."""

    OUT = "OUT"
    IN = "IN"


class SortField(StrEnum):
    """What a node list can be ordered by."""

    NAME_EN = "NAME_EN"
    NAME_ZH = "NAME_ZH"
    DATE = "DATE"
    DEGREE = "DEGREE"
    MEETINGS = "MEETINGS"


@dataclass(frozen=True)
class StoreInfo:
    """What answered: the backend, its product version and edition, and where it is."""

    backend: str
    version: str
    edition: str
    location: str


@dataclass(frozen=True)
class NodeQuery:
    """One page of one kind of node: which kind, how ordered, which slice."""

    kind: NodeKind
    skip: int = 0
    limit: int = 20
    sort: SortField = SortField.NAME_EN
    descending: bool = False
    filter: Filter | None = None
    # False when nobody asked for the list's totalCount: the page's total is then only
    # ``skip`` + the items read, one more than ``limit`` if more follow.
    counted: bool = True
    # The day a DEGREE or MEETINGS order counts links as of (None: every link).
    as_of: dt.date | None = None


@dataclass(frozen=True)
class NodePage:
    """A slice of a node list and the size of the whole list."""

    nodes: list[NodeRecord]
    total: int


@dataclass(frozen=True)
class CoAttendance:
    """A party that attended events together with ``owner_id``: how often, and when last."""

    owner_id: str
    node: NodeRecord
    shared_events: int
    last_met: dt.date | None


@dataclass(frozen=True)
class Slice(Generic[T]):
    """The first items of one owner's list, and the length of the whole list."""

    items: list[T]
    total: int


# A list fetched without a limit: paging backwards from the end needs all of it.
UNLIMITED = 2**31 - 1


@dataclass(frozen=True)
class LinkView:
    """Which links a nested list shows: those of the graph as it stood on ``as_of`` (links
    dated later and entities that began later are left out), known in one of these ways
    (``evidence``: RECORDED, REPORTED, INFERRED; empty for all) and at least this sure."""

    as_of: dt.date | None = None
    min_confidence: float = 0.0
    evidence: tuple[str, ...] = ()
    with_sample: bool = True  # False: links marked as sample data are left out

    def key(self) -> str:
        """A short text naming the view, for cursor scopes."""
        day = self.as_of.isoformat() if self.as_of else ""
        sample = "" if self.with_sample else "/real"
        return f"{day}/{self.min_confidence:g}/{','.join(self.evidence)}{sample}"


EVERY_LINK_VIEW = LinkView()


@dataclass(frozen=True)
class SearchHit:
    """A node found by search, with its rank (3 exact name, 2 name prefix, 1 inside,
    0 the successor of a node whose name matched) and the name that matched: one of the
    node's own names (``former_name`` set if it is an earlier one), or, at rank 0, one of
    ``predecessor``'s, which ``succession`` (a SUCCEEDED_BY link) joins to the node."""

    node: NodeRecord
    rank: int
    matched_name: str | None = None
    former_name: FormerName | None = None
    predecessor: NodeRecord | None = None
    succession: LinkRecord | None = None


@dataclass(frozen=True)
class SearchPage:
    """A page of search hits, best first, and how many hits there are in all."""

    hits: list[SearchHit]
    total: int


@dataclass(frozen=True)
class Neighbour:
    """A node reached from ``owner_id`` over ``link``."""

    owner_id: str
    link: LinkRecord
    node: NodeRecord


# What identifies one neighbours() page as its callers load it: type, direction, kinds,
# role, limit, view, whether the caller needs the list's exact total (``counted``), the
# words the linked entities' names must hold, and whether the list follows the chart.
NeighbourKey = tuple[
    RelType,
    Direction,
    tuple[NodeKind, ...],
    str | None,
    int,
    LinkView,
    bool,
    tuple[str, ...],
    bool,
]
# How many words a nested list's name filter may hold (the Cypher files' $text1..$text5).
NAME_WORDS = 5


def link_ends(owner: str, node: str, direction: Direction, via: str | None) -> tuple[str, str]:
    """The ends (from, to) of the link an owner's list item was reached over: the owner
    and the item, or, for a list that follows the chart (``via`` set), the lower end and
    the place its own PART_OF link leads to."""
    if direction is Direction.OUT:
        return (owner, via or node)
    return (node, via or owner)


def word_params(words: tuple[str, ...], prefix: str = "") -> dict[str, str]:
    """The name filter's words as the Cypher files' $text1..$text5: all '' for no filter;
    fewer than five words are padded with the first (Ladybug finds '' in no text)."""
    first = words[0] if words else ""
    padded = [*words[:NAME_WORDS], *[first] * NAME_WORDS][:NAME_WORDS]
    return {f"{prefix}text{number}": word for number, word in enumerate(padded, start=1)}


@dataclass(frozen=True)
class NestedList:
    """One nested list to read together with its owners, as ``neighbours()`` would read
    it (the same arguments, so the same answer), and the lists to read under each of
    its items."""

    rel_type: RelType
    direction: Direction
    kinds: tuple[NodeKind, ...] = ()
    role: str | None = None
    limit: int = UNLIMITED
    view: LinkView = EVERY_LINK_VIEW
    children: tuple[NestedList, ...] = ()
    # False when nobody asked for the list's totalCount: the list is then not counted
    # (for a department with 1,500 events that is a second pass over every link), and
    # its page's ``total`` says only whether more items follow: ``limit`` + 1 if so.
    counted: bool = True
    # Words (folded as search folds them) every linked entity's names must hold.
    words: tuple[str, ...] = ()
    # PART_OF read as the organisation chart (see ``GraphStore.neighbours``).
    follows_chart: bool = False

    @property
    def key(self) -> NeighbourKey:
        """The ``neighbours()`` arguments this list stands for (its children aside)."""
        return (
            self.rel_type,
            self.direction,
            self.kinds,
            self.role,
            self.limit,
            self.view,
            self.counted,
            self.words,
            self.follows_chart,
        )

    @property
    def shape(self) -> tuple[object, ...]:
        """What the query text depends on: type, direction, whether the view lets every
        link pass, whether the list is counted, and the children's shapes (kinds, role,
        limit and the view's values travel as parameters), and whether it follows the chart."""
        children = tuple(child.shape for child in self.children)
        is_open = self.view == EVERY_LINK_VIEW
        return (self.rel_type, self.direction, is_open, self.counted, children, self.follows_chart)


@dataclass(frozen=True)
class NestedPage:
    """One owner's page of one nested list, read by ``fetch_nested``."""

    owner_id: str
    list: NestedList
    page: Slice[Neighbour]


@dataclass(frozen=True)
class NestedAnswer:
    """The owners found (by id) and every page of every nested list under them."""

    nodes: dict[str, NodeRecord]
    pages: list[NestedPage]
