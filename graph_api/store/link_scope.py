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

from graph_api.domain import Evidence, LinkRecord, NodeKind, NodeRecord, RelType, id_prefix


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
class LinksAt:
    """Links at ``owner_id`` as a path search needs them, in parallel columns: the entity
    at each link's other end, its type, whether it points away from the owner, and how
    many links that entity has in all (``degrees`` is None where the store does not say:
    ask ``node_degrees``). Columns, not an object per link: a hub has tens of thousands,
    and building objects for them cost more than reading them."""

    owner_id: str
    neighbours: list[str]
    types: list[str]
    outgoing: list[bool]
    degrees: list[int] | None = None
    # Links the store returned, persons included: what counts against a read's limit
    # (the embedded store drops persons after its LIMIT).
    read: int = 0

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> LinksAt:
        """One ``path_links`` row: an owner and its links' columns (see
        ``cypher/*/path_links.cypher``), persons left out (personal data is not
        analysed, so persons are never on a path)."""
        neighbours = row["ns"]
        links = cls(
            row["owner_id"], neighbours, row["ts"], row["os"], row.get("ds"), len(neighbours)
        )
        # One search of the joined ids, not a test per id: a hub has tens of thousands.
        if "\n" + _PERSON not in "\n" + "\n".join(links.neighbours):
            return links
        kept = [i for i, n in enumerate(links.neighbours) if not n.startswith(_PERSON)]
        degrees = links.degrees
        return cls(
            links.owner_id,
            [links.neighbours[i] for i in kept],
            [links.types[i] for i in kept],
            [links.outgoing[i] for i in kept],
            None if degrees is None else [degrees[i] for i in kept],
            links.read,
        )


_PERSON = id_prefix(NodeKind.PERSON) + ":"


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
