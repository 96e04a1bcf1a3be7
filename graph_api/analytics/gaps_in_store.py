"""Partnership gaps answered by the store: unmet needs and technology coverage, the same
answers as ``gaps.find_unmet_needs`` and ``gaps.technology_coverage`` over a projection,
without one.

The database does the joins that grow with the graph (who attended what with whom, who
offers what) and answers in aggregates: per department, the technologies its contacts
offer; per technology, how many enterprises supply it and how many events joined the
two sides. Python keeps only the rules: the taxonomy walk (a few hundred technologies),
the statuses and the order. Inferred meetings (a lens option) change no gap: a need is
met by a shared event or a pilot, never by an inferred meeting.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from graph_api.analytics.filters import LinkFilter
from graph_api.analytics.gaps import STATUS_ORDER, CoverageStatus, coverage_status
from graph_api.analytics.lens import Lens
from graph_api.analytics.met_in_store import attendance_scope
from graph_api.analytics.supply import Need, Taxonomy
from graph_api.analytics.together import together
from graph_api.store.base import GraphStore
from graph_api.store.gap_rows import ServingGroup


@dataclass(frozen=True)
class NeedGap:
    """A need no supplier has met the department about, and how many could."""

    need: Need
    supplier_count: int


async def unmet_needs(
    store: GraphStore, links: LinkFilter, lens: Lens, departments: Collection[str] = ()
) -> tuple[NeedGap, ...]:
    """Needs no supplier has met the department about: those with suppliers first, then
    those with none; each by department, technology (four round-trips on Neo4j, in two
    rounds of two; the taxonomy is read even when there is no need, beside the needs)."""
    reads, scope = store.gap_reads, attendance_scope(links, lens)
    needs, tree = await together(reads.needs(scope, departments), reads.technology_tree(scope))
    if not needs:
        return ()
    taxonomy = Taxonomy(tree)
    technologies = sorted({link.to_id for link in needs})
    groups = {t: ServingGroup(t, taxonomy.serving(t)) for t in technologies}
    # At 10^5 entities each of these takes about 0.3 s: asked at once.
    counts, met = await together(
        reads.supplier_counts(scope, list(groups.values())),
        reads.needs_met(scope, [(link.from_id, groups[link.to_id]) for link in needs]),
    )
    found = [
        NeedGap(Need.from_link(link), counts.get(link.to_id, 0))
        for link in needs
        if (link.from_id, link.to_id) not in met
    ]
    found.sort(key=lambda gap: gap.supplier_count == 0)
    return tuple(found)


@dataclass(frozen=True)
class Coverage:
    """One technology's demand, supply and contact; the supplier ids only when asked for
    (there can be thousands), the contact events likewise."""

    technology_id: str
    status: CoverageStatus
    departments: tuple[str, ...]  # needing exactly this technology
    departments_met: tuple[str, ...]  # needing departments that met a supplier
    supply_count: int  # enterprises offering it or a narrower one
    # Events where a needing department met a supplier: how many, and which (None and
    # empty unless asked for: the most costly part of the question).
    contact_event_count: int | None
    suppliers: tuple[str, ...] = ()
    contact_events: tuple[str, ...] = ()


async def technology_coverage(
    store: GraphStore,
    links: LinkFilter,
    lens: Lens,
    with_suppliers: bool = False,
    with_events: bool = False,
) -> tuple[Coverage, ...]:
    """Every technology's coverage: by status (needed but not offered first), then most
    demand first, then id (four to seven round-trips on Neo4j: the taxonomy and the
    needs, then the rest at once; the contact events are two reads in turn)."""
    reads, scope = store.gap_reads, attendance_scope(links, lens)
    tree, needs = await together(reads.technology_tree(scope), reads.needs(scope))
    taxonomy = Taxonomy(tree)
    needing: dict[str, list[str]] = {}
    for link in needs:
        needing.setdefault(link.to_id, []).append(link.from_id)
    groups = [
        ServingGroup(t, taxonomy.serving(t), tuple(needing.get(t, ())))
        for t in taxonomy.technologies
    ]
    counts, supplier_ids, met, events = await together(
        reads.supplier_counts(scope, groups),
        reads.suppliers(scope, groups) if with_suppliers else _none(),
        reads.needs_met(scope, [(d, g) for g in groups for d in g.departments]),
        reads.contact_events(scope, groups) if with_events else _none(),
    )
    answer = []
    for group in groups:
        departments = group.departments
        met_by = tuple(d for d in departments if (d, group.technology_id) in met)
        supply = counts.get(group.technology_id, 0)
        event_ids = events.get(group.technology_id, ())
        answer.append(
            Coverage(
                technology_id=group.technology_id,
                status=coverage_status(len(departments), supply, len(met_by)),
                departments=departments,
                departments_met=met_by,
                supply_count=supply,
                contact_event_count=len(event_ids) if with_events else None,
                suppliers=tuple(supplier_ids.get(group.technology_id, {})),
                contact_events=event_ids,
            )
        )
    answer.sort(key=lambda c: (STATUS_ORDER[c.status], -len(c.departments), c.technology_id))
    return tuple(answer)


async def _none() -> dict[str, Any]:
    return {}
