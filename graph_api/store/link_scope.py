"""What a collaboration-path search asks of a store: the links at a frontier of entities.

The search itself (``graph_api.analytics.search``) walks the graph one level at a time
and asks the store only for the links of the level it widens, filtered in the database
by the rules of the question (relationship types, period, as-of day, trust), so no
request needs a copy of the whole graph.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from graph_api.model import LinkRecord, NodeRecord, RelType


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


@dataclass(frozen=True)
class PathLink:
    """A link at ``owner_id``: the entity at its other end, which way it points, the day
    it counts on, and how many links that entity has in all."""

    owner_id: str
    neighbour_id: str
    link: LinkRecord
    outgoing: bool
    day: dt.date | None
    neighbour_degree: int

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PathLink:
        """Rebuild one from a ``path_links`` row (see ``cypher/*/path_links.cypher``)."""
        owner, other = row["owner_id"], row["neighbour_id"]
        ends = (owner, other) if row["outgoing"] else (other, owner)
        link_row = {**row["link"], "type": row["type"], "from_id": ends[0], "to_id": ends[1]}
        return cls(
            owner_id=owner,
            neighbour_id=other,
            link=LinkRecord.from_row(link_row),
            outgoing=bool(row["outgoing"]),
            day=dt.date.fromisoformat(row["day"]) if row["day"] else None,
            neighbour_degree=int(row["degree"]),
        )


@dataclass(frozen=True)
class MetCount:
    """A party met, and how many events it shared with the party asked about."""

    party_id: str
    shared_events: int


@dataclass(frozen=True)
class SharedAttendance:
    """An event two parties both attended, the other party, and each one's ATTENDED link."""

    other: NodeRecord
    event: NodeRecord
    own: LinkRecord
    other_link: LinkRecord
