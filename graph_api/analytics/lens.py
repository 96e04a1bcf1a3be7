"""Time and trust: the graph as it stood on a day, with only the links an analyst trusts,
and (on request) meetings inferred by a documented rule.

Every analytics question runs on a ``Projection``. A ``Lens`` derives another projection
from the full one, so each question obeys an as-of date and evidence/confidence
thresholds without knowing about them:

* **As of a day.** Links whose day (their own date, or the event's day for an undated
  link to an event) is after it are dropped, and so are entities that did not exist yet
  (an event after the day, an enterprise or partner body founded after it, a bureau or
  department established after it) with their links. Undated links state lasting facts
  (a department's bureau, an enterprise's technology) and stay.
* **Trust.** ``evidence`` keeps only links known in these ways (RECORDED, REPORTED,
  INFERRED); ``min_confidence`` drops links below a confidence (a link without one
  counts as 1.0, as the stores write it). The organisation chart, the technology
  taxonomy and renames (``STRUCTURAL_TYPES``) are reference structure and always count.
* **Inferred meetings.** With ``infer_meetings``, a MET link (evidence INFERRED) joins each
  government party (bureau or department) and enterprise that both attended the same
  *small* event: a workshop or thematic session with at most ``SMALL_EVENT_LIMIT``
  attending parties, where people really talk. Its day is their first such event, its
  confidence ``1 - 0.5 ** n`` for n shared small events (0.5, 0.75, 0.875, ...), and its
  source names the events. Inferred links are computed here, for the answer in hand;
  they are never written to a store.

Derived projections are memoised on the full one, so a lens costs one pass over the
links per projection, not per question.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from graph_api.analytics.projection import Projection, build_projection, link_day
from graph_api.domain import (
    STRUCTURAL_TYPES,
    EventType,
    Evidence,
    LinkRecord,
    NodeKind,
    NodeRecord,
    RelType,
)
from graph_api.domain.chart import CHART_KINDS, current_place

SMALL_EVENT_LIMIT = 20
SMALL_EVENT_TYPES = frozenset({EventType.WORKSHOP.value, EventType.THEMATIC_SESSION.value})
GOVERNMENT_KINDS = frozenset({NodeKind.BUREAU, NodeKind.DEPARTMENT})
ALL_EVIDENCE: frozenset[Evidence] = frozenset(Evidence)


@dataclass(frozen=True)
class Lens:
    """Which graph a question sees: as of a day, with these kinds of evidence, at least
    this confident, with or without inferred meetings."""

    as_of: dt.date | None = None
    evidence: frozenset[Evidence] = ALL_EVIDENCE
    min_confidence: float = 0.0
    infer_meetings: bool = False
    # False: links marked as sample data (invented for demonstration) do not count.
    with_sample: bool = True

    @property
    def is_plain(self) -> bool:
        """True when the lens changes nothing (the full, stored graph)."""
        return self == PLAIN

    def describe(self) -> str:
        """The lens in words, for reasons ('as of 2024-06-30, RECORDED links only')."""
        parts: list[str] = []
        if self.as_of:
            parts.append(f"as of {self.as_of.isoformat()}")
        if self.evidence != ALL_EVIDENCE:
            kinds = ", ".join(e.value for e in Evidence if e in self.evidence)
            parts.append(f"{kinds} links only")
        if self.min_confidence > 0:
            parts.append(f"confidence at least {self.min_confidence:g}")
        if not self.with_sample:
            parts.append("no sample data")
        if self.infer_meetings and Evidence.INFERRED in self.evidence:
            parts.append("with inferred meetings")
        return ", ".join(parts)


PLAIN = Lens()


def start_day(record: NodeRecord) -> dt.date | None:
    """The first day an entity existed, where the data says: an event's day, the day a
    bureau or department was established, the start of the year (or month) an enterprise
    or partner body was founded."""
    if record.kind is NodeKind.EVENT:
        return record.date
    text = record.properties.get("established") or record.properties.get("founded")
    if isinstance(text, dt.date):
        return text
    if not isinstance(text, str):
        return None
    return day_from_text(text)


def day_from_text(text: str) -> dt.date | None:
    """The first day an ISO day, month ('2019-05') or year ('2019') names; None if none."""
    if not text:
        return None
    parts = [int(part) for part in text.split("-")[:3] if part.isdigit()]
    if not parts:
        return None
    year, month, day = [*parts, 1, 1][:3]
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def view(base: Projection, lens: Lens) -> Projection:
    """The projection ``lens`` sees (``base`` itself for the plain lens); memoised."""
    if lens.is_plain:
        return base.memo(("chart",), lambda: _without_former_places(base))
    return base.memo(("lens", lens), lambda: _derive(base, lens), by_argument=True)


def _former_places(
    nodes: Mapping[str, NodeRecord], links: Iterable[LinkRecord]
) -> set[tuple[str, str]]:
    """The PART_OF links that no longer give a department's place among ``links`` (a
    newer one does, ``CHART_RULE``), by their ends: the chart's history, which no path
    follows."""
    by_department: dict[str, list[LinkRecord]] = defaultdict(list)
    for link in links:
        source = nodes.get(link.from_id)
        if (
            link.type is RelType.PART_OF
            and source is not None
            and source.kind is NodeKind.DEPARTMENT
        ):
            by_department[link.from_id].append(link)
    former: set[tuple[str, str]] = set()
    for department_links in by_department.values():
        place = current_place(
            (link.to_id, _kind(nodes, link.to_id), link.date) for link in department_links
        )
        former.update(
            (link.from_id, link.to_id)
            for link in department_links
            if place is not None
            and link.to_id != place[0]
            and _kind(nodes, link.to_id) in CHART_KINDS
        )
    return former


def _is_former(link: LinkRecord, former: set[tuple[str, str]]) -> bool:
    return link.type is RelType.PART_OF and (link.from_id, link.to_id) in former


def _kind(nodes: Mapping[str, NodeRecord], node_id: str) -> NodeKind | None:
    record = nodes.get(node_id)
    return record.kind if record is not None else None


def _without_former_places(base: Projection) -> Projection:
    former = _former_places(base.nodes, base.links)
    if not former:
        return base
    kept = [link for link in base.links if not _is_former(link, former)]
    return dataclasses.replace(
        build_projection(base.nodes.values(), kept, base.generation),
        not_yet=base.not_yet,
        _memo={},
    )


def _derive(base: Projection, lens: Lens) -> Projection:
    nodes = [
        _as_it_stood(record, lens.as_of)
        for record in base.nodes.values()
        if lens.as_of is None or (start_day(record) or lens.as_of) <= lens.as_of
    ]
    kept_ids = {record.id for record in nodes}
    dated = [
        link
        for link in base.links
        if link.from_id in kept_ids
        and link.to_id in kept_ids
        and (lens.as_of is None or (link_day(base.nodes, link) or lens.as_of) <= lens.as_of)
    ]
    former = _former_places(base.nodes, dated)
    links = [link for link in dated if trusted(link, lens) and not _is_former(link, former)]
    if lens.infer_meetings:
        # Inferred from every attendance of the day, whatever the evidence filter: asking
        # for INFERRED links only should still show the meetings the rule finds. Sample
        # attendance is left out when the lens leaves sample data out.
        attended = [link for link in dated if lens.with_sample or not link.sample]
        links += [link for link in inferred_meetings(base.nodes, attended) if trusted(link, lens)]
    derived = build_projection(nodes, links, base.generation)
    if lens.as_of is None:
        return derived
    not_yet = {
        record.id: day
        for record in base.nodes.values()
        if (day := start_day(record)) is not None and day > lens.as_of
    }
    return dataclasses.replace(derived, not_yet=not_yet, _memo={})


def view_of_records(records: Collection[NodeRecord], lens: Lens) -> Projection:
    """A projection of just these entities (no links) as ``lens`` sees them: those that
    existed on its as-of day, as they stood then, and the others in ``not_yet``. Enough to
    check a question's arguments and name the entities of its answer without a copy of
    the whole graph."""
    existing = [
        _as_it_stood(record, lens.as_of)
        for record in records
        if lens.as_of is None or (start_day(record) or lens.as_of) <= lens.as_of
    ]
    projection = build_projection(existing, [])
    if lens.as_of is None:
        return projection
    not_yet = {
        record.id: day
        for record in records
        if (day := start_day(record)) is not None and day > lens.as_of
    }
    return dataclasses.replace(projection, not_yet=not_yet)


def _as_it_stood(record: NodeRecord, as_of: dt.date | None) -> NodeRecord:
    """The record as it was on ``as_of``: an office dissolved later was not dissolved yet."""
    dissolved = record.properties.get("dissolved")
    if as_of is None or not dissolved or str(dissolved) <= as_of.isoformat():
        return record
    properties = {k: v for k, v in record.properties.items() if k != "dissolved"}
    return dataclasses.replace(record, properties=properties)


def trusted(link: LinkRecord, lens: Lens) -> bool:
    """True when ``lens``'s evidence, confidence and sample rules let ``link`` count
    (reference structure always does)."""
    if link.type in STRUCTURAL_TYPES:  # reference structure: never weighed (domain.kinds)
        return True
    evidence = link.properties.get("evidence") or Evidence.RECORDED.value
    confidence = link.properties.get("confidence")
    return (
        Evidence(evidence) in lens.evidence
        and (1.0 if confidence is None else float(confidence)) >= lens.min_confidence
        and (lens.with_sample or not link.sample)
    )


def inferred_meetings(
    nodes: Mapping[str, NodeRecord], links: Iterable[LinkRecord]
) -> list[LinkRecord]:
    """MET links (evidence INFERRED) between government parties and enterprises that
    attended the same small event, by the rule in the module docstring."""
    attendance: dict[str, dict[str, LinkRecord]] = defaultdict(dict)
    for link in links:
        if link.type is RelType.ATTENDED and link.from_id in nodes:
            attendance[link.to_id][link.from_id] = link
    shared: dict[tuple[str, str], list[tuple[NodeRecord, bool]]] = defaultdict(list)
    for event_id, parties in attendance.items():
        event = nodes.get(event_id)
        if event is None or event.properties.get("event_type") not in SMALL_EVENT_TYPES:
            continue
        if len(parties) > SMALL_EVENT_LIMIT:
            continue
        governments = sorted(p for p in parties if nodes[p].kind in GOVERNMENT_KINDS)
        enterprises = sorted(p for p in parties if nodes[p].kind is NodeKind.ENTERPRISE)
        for government in governments:
            for enterprise in enterprises:
                sample = event.sample or parties[government].sample or parties[enterprise].sample
                shared[(government, enterprise)].append((event, sample))
    return [_met(pair, found) for pair, found in sorted(shared.items())]


def _met(pair: tuple[str, str], found: list[tuple[NodeRecord, bool]]) -> LinkRecord:
    events = sorted((event for event, _ in found), key=lambda e: (e.date or dt.date.max, e.id))
    names = "; ".join(
        f"{event.id} ({event.date.isoformat() if event.date else 'undated'})" for event in events
    )
    return LinkRecord(
        type=RelType.MET,
        from_id=pair[0],
        to_id=pair[1],
        source=f"inferred: both attended {names}",
        date=events[0].date,
        sample=any(sample for _, sample in found),
        properties={
            "evidence": Evidence.INFERRED.value,
            "confidence": round(1 - 0.5 ** len(events), 4),
            "event": events[0].id,  # where they (probably) first met, for explanations
        },
    )
