"""What the store-answered analytics ask of a store, and what it answers: the links at a
frontier of entities (paths), partners met and the events they shared (who met whom).

The search itself (``graph_api.analytics.search``) walks the graph one level at a time
and asks the store only for the links of the level it widens, filtered in the database
by the rules of the question (relationship types, period, as-of day, trust), so no
request needs a copy of the whole graph.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from graph_api.domain import Evidence, LinkRecord, NodeRecord, RelType


@dataclass(frozen=True)
class LinkScope:
    """The links a path search may follow: these types, dated in ``start``..``end``
    (undated links always count), as the graph stood on ``as_of``, known in one of
    ``evidence`` (empty: any) and at least ``min_confidence`` sure."""

    types: frozenset[RelType]
    start: dt.date | None = None
    end: dt.date | None = None
    as_of: dt.date | None = None
    evidence: frozenset[str] = frozenset()
    min_confidence: float = 0.0
    with_sample: bool = True  # False: links marked as sample data are left out

    @property
    def is_open(self) -> bool:
        """True when no date or trust rule applies (only the types restrict)."""
        every_kind = not self.evidence or self.evidence >= {e.value for e in Evidence}
        return (
            self.start is None
            and self.end is None
            and self.as_of is None
            and every_kind
            and self.min_confidence <= 0
            and self.with_sample
        )


@dataclass(frozen=True)
class PathLink:
    """A link at ``owner_id`` as a path search needs it: the entity at its other end, its
    type, which way it points, and how many links that entity has in all (None where the
    store does not say: ask ``node_degrees``)."""

    owner_id: str
    neighbour_id: str
    type: RelType
    outgoing: bool
    neighbour_degree: int | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> list[PathLink]:
        """The links of one ``path_links`` row: an owner and its list of steps (see
        ``cypher/*/path_links.cypher``)."""
        owner = row["owner_id"]
        return [
            cls(owner, step["n"], RelType(step["t"]), bool(step["o"]), _degree(step))
            for step in row["steps"]
        ]


def _degree(step: dict[str, Any]) -> int | None:
    degree = step.get("d")
    return None if degree is None else int(degree)


@dataclass(frozen=True)
class MetCount:
    """A party met, how many events it shared with the party asked about, and when
    they last met."""

    party_id: str
    shared_events: int
    last_met: dt.date | None = None


@dataclass(frozen=True)
class SharedAttendance:
    """An event two parties both attended, the other party, and each one's ATTENDED link."""

    other: NodeRecord
    event: NodeRecord
    own: LinkRecord
    other_link: LinkRecord
