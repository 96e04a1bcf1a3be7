"""Answers worked out in plain Python from the seed files, to check both stores against.

If both stores agree with the oracle they agree with each other; where they disagree,
the failing backend is named by the test's parameter.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import Any

from graph_api.domain import (
    PARTY_KINDS,
    LinkRecord,
    NodeKind,
    NodeRecord,
    RelType,
    normalise_search_text,
)
from graph_api.seeding.files import SeedSet, default_seed_paths, load_seed_files
from graph_api.store.base import Direction, SortField
from graph_api.store.filters import AllOf, AnyOf, Filter, Not, Predicate
from graph_api.store.search import SearchTerms


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


def parties_met() -> Counter[str]:
    """How many distinct parties (not persons) attended an event with each node id."""
    kinds = {node.id: node.kind for node in seed().nodes}
    attendees: dict[str, set[str]] = {}
    for link in seed().links:
        if link.type is RelType.ATTENDED:
            attendees.setdefault(link.to_id, set()).add(link.from_id)
    met: dict[str, set[str]] = {}
    for present in attendees.values():
        parties = {p for p in present if kinds[p] in PARTY_KINDS}
        for attendee in present:
            met.setdefault(attendee, set()).update(parties - {attendee})
    return Counter({node_id: len(others) for node_id, others in met.items()})


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
        counts = degree() if sort is SortField.DEGREE else parties_met()
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


# --- filters -----------------------------------------------------------------------


def _links(rel: RelType) -> list[LinkRecord]:
    return [link for link in seed().links if link.type is rel]


def _broader_or_self(tech_id: str) -> set[str]:
    parents = {
        link.from_id: link.to_id
        for link in _links(RelType.PART_OF)
        if link.from_id.startswith("technology:")
    }
    found = {tech_id}
    while tech_id in parents:
        tech_id = parents[tech_id]
        found.add(tech_id)
    return found


def _place_now(node_id: str) -> str | None:
    """A department's newest PART_OF parent (bureau or department): undated links are the
    oldest, and of two on one day the greater parent id wins."""
    parents = [
        ((link.date.isoformat() if link.date else ""), link.to_id)
        for link in _links(RelType.PART_OF)
        if link.from_id == node_id and link.to_id.startswith(("bureau:", "department:"))
    ]
    return max(parents)[1] if parents else None


def _bureaux_of(node_id: str) -> set[str]:
    """The bureau a department is under as the chart stands: its place, or its place's
    place when it is a unit (two steps at most)."""
    place = _place_now(node_id)
    if place is not None and place.startswith("department:"):
        place = _place_now(place)
    return {place} if place is not None and place.startswith("bureau:") else set()


def _event_dates() -> dict[str, str | None]:
    return {n.id: (n.date.isoformat() if n.date else None) for n in nodes_of(NodeKind.EVENT)}


def holds(node: NodeRecord, tree: Filter) -> bool:
    """Whether a seed node passes a filter, worked out without any database."""
    match tree:
        case AllOf(parts=parts):
            return all(holds(node, part) for part in parts)
        case AnyOf(parts=parts):
            return any(holds(node, part) for part in parts)
        case Not(part=part):
            return not holds(node, part)
        case Predicate(name=name, values=values):
            return _PREDICATES[name](node, dict(values))
    raise AssertionError(tree)


def _targets(node: NodeRecord, rel: RelType) -> set[str]:
    return {link.to_id for link in _links(rel) if link.from_id == node.id}


def _sources(node: NodeRecord, rel: RelType) -> set[str]:
    return {link.from_id for link in _links(rel) if link.to_id == node.id}


def _tech_in(techs: set[str], wanted: list[str]) -> bool:
    return any(_broader_or_self(tech) & set(wanted) for tech in techs)


def _attended_between(node: NodeRecord, low: str, high: str) -> bool:
    dates = _event_dates()
    return any(
        (d := dates[event]) is not None and low <= d <= high
        for event in _targets(node, RelType.ATTENDED)
    )


def _supply_or_demand(node: NodeRecord, rel: RelType) -> bool:
    return any(node.id in _broader_or_self(link.to_id) for link in _links(rel))


_PREDICATES: dict[str, Callable[[NodeRecord, dict[str, Any]], bool]] = {
    "in_bureau": lambda n, v: bool(_bureaux_of(n.id) & set(v["value"])),
    "needs_technology": lambda n, v: _tech_in(_targets(n, RelType.NEEDS), v["value"]),
    "offers_technology": lambda n, v: _tech_in(_targets(n, RelType.OFFERS), v["value"]),
    "has_needs": lambda n, v: bool(_targets(n, RelType.NEEDS)),
    "has_offers": lambda n, v: bool(_targets(n, RelType.OFFERS)),
    "has_piloted": lambda n, v: bool(_targets(n, RelType.PILOTED)),
    "was_piloted": lambda n, v: bool(_sources(n, RelType.PILOTED)),
    "attended_event": lambda n, v: bool(_targets(n, RelType.ATTENDED) & set(v["value"])),
    "attended_between": lambda n, v: _attended_between(n, v["low"], v["high"]),
    "attended_any": lambda n, v: bool(_targets(n, RelType.ATTENDED)),
    "tied_to_partner": lambda n, v: bool(
        (_targets(n, RelType.INCUBATED_BY) | _targets(n, RelType.MEMBER_OF)) & set(v["value"])
    ),
    "origin_in": lambda n, v: n.properties.get("origin") in v["value"],
    "size_in": lambda n, v: n.properties.get("size") in v["value"],
    "supervised_by_in": lambda n, v: n.properties.get("supervised_by") in v["value"],
    "event_type_in": lambda n, v: n.properties.get("event_type") in v["value"],
    "dated_between": lambda n, v: (
        n.date is not None and v["low"] <= n.date.isoformat() <= v["high"]
    ),
    "organised_by": lambda n, v: bool(
        (_sources(n, RelType.ORGANISED) | _sources(n, RelType.CO_ORGANISED)) & set(v["value"])
    ),
    "attended_by": lambda n, v: bool(_sources(n, RelType.ATTENDED) & set(v["value"])),
    "under_technology": lambda n, v: bool(_broader_or_self(n.id) & set(v["value"])),
    # Founded, established or held on or before the day, and not dissolved before it
    # (dissolved is a last day); ISO text compares as dates.
    "existed_on": lambda n, v: (
        str(
            n.properties.get("established")
            or n.properties.get("founded")
            or (n.date.isoformat() if n.date else "")
        )
        <= v["value"]
        and str(n.properties.get("dissolved") or "9999-12-31") >= v["value"]
    ),
    "name_contains": lambda n, v: v["value"] in n.search_text,
    "has_supply": lambda n, v: _supply_or_demand(n, RelType.OFFERS),
    "has_demand": lambda n, v: _supply_or_demand(n, RelType.NEEDS),
    "has_incubatees": lambda n, v: bool(
        _sources(n, RelType.INCUBATED_BY) | _sources(n, RelType.MEMBER_OF)
    ),
    "is_sample": lambda n, v: n.sample is v["value"],
    "id_in": lambda n, v: n.id in v["value"],
}


# --- search ------------------------------------------------------------------------


def _names(node: NodeRecord) -> list[str]:
    """Every name a node goes by, now or before, folded."""
    former = [
        name
        for entry in node.former_names
        for name in (entry.name_en, entry.name_zh, entry.abbreviation)
        if name
    ]
    return [
        normalise_search_text(name)
        for name in (node.name_en, node.name_zh, node.abbreviation, *node.aliases, *former)
        if name
    ]


def _holds_words(node: NodeRecord, terms: SearchTerms) -> bool:
    """Whether the English name holds the text as whole words (punctuation aside)."""
    name = "".join(c for c in node.name_en.lower() if c not in ",().:")
    return terms.words in f" {name} "


def search(text: str, kinds: list[NodeKind]) -> list[tuple[str, int]]:
    """(id, rank) of the seed nodes a search finds, best first (see store/search.py):
    nodes with a name (current or former) holding every term, ranked 3/2/1 (2 also for an
    English name holding the text as whole words), and the
    successors (SUCCEEDED_BY, one step) of those that do not match themselves, rank 0."""
    terms = SearchTerms.parse(text)
    ranks: dict[str, int] = {}
    for node in seed().nodes:
        if node.kind not in kinds:
            continue
        names = _names(node)
        if not all(term in "|".join(names) for term in terms.terms):
            continue
        if terms.whole in names:
            ranks[node.id] = 3
        elif any(name.startswith(terms.whole) for name in names) or _holds_words(node, terms):
            ranks[node.id] = 2
        else:
            ranks[node.id] = 1
    by_id = {node.id: node for node in seed().nodes}
    for link in _links(RelType.SUCCEEDED_BY):
        found_by_name = ranks.get(link.from_id, 0) > 0
        if found_by_name and link.to_id not in ranks and by_id[link.to_id].kind in kinds:
            ranks[link.to_id] = 0
    hits = [(by_id[node_id], rank) for node_id, rank in ranks.items()]
    hits.sort(key=lambda hit: (-hit[1], len(hit[0].name_en), hit[0].name_en, hit[0].id))
    return [(node.id, rank) for node, rank in hits]


def met(owner: str, kind: NodeKind) -> list[tuple[str, int, str]]:
    """(id, shared events, last date) of the parties of ``kind`` that co-attended an
    event with ``owner``: most recent first, then by name and id."""
    events_of: dict[str, set[str]] = {}
    for link in _links(RelType.ATTENDED):
        events_of.setdefault(link.from_id, set()).add(link.to_id)
    dates = _event_dates()
    nodes = {node.id: node for node in nodes_of(kind)}
    found = []
    for other, node in nodes.items():
        shared = events_of.get(owner, set()) & events_of.get(other, set())
        if other != owner and shared:
            last = max((dates[event] or "") for event in shared)
            found.append((node, len(shared), last))
    found.sort(key=lambda hit: (hit[0].name_en, hit[0].id))
    found.sort(key=lambda hit: hit[2], reverse=True)
    return [(node.id, count, last) for node, count, last in found]
