"""Recommended matches and the candidates for unmet needs, answered by the store: the
same answers as ``matching.recommend_matches`` and ``gaps.with_candidates`` over a
projection, without one.

The database gathers what a score is made of: the department's needs, who supplies
them (and with what), which suppliers it met, the partner bodies behind them and those
that organised its events; hop distances come from ``hops_in_store``, a search the
store answers a step at a time.
The score itself is ``matching.score``, shared with the projection's version.

Inferred meetings exist only in a projection (``analytics.lens``): a question that asks
for them is answered by ``matching.recommend_matches`` instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from graph_api.analytics import paths
from graph_api.analytics.filters import CONTACT_TYPES, LinkFilter
from graph_api.analytics.gaps import Candidate, UnmetNeed
from graph_api.analytics.gaps_in_store import NeedGap
from graph_api.analytics.hops_in_store import hop_distances
from graph_api.analytics.lens import Lens
from graph_api.analytics.matching import PROXIMITY_BASE, Candidacy, Fitting, Match, score
from graph_api.analytics.met_in_store import attendance_scope
from graph_api.analytics.neighbourhood import StoreNeighbourhood, link_scope
from graph_api.analytics.supply import Fit, Need, Taxonomy
from graph_api.analytics.together import together
from graph_api.domain import NodeRecord
from graph_api.store.base import GraphStore
from graph_api.store.gap_rows import ServingGroup


@dataclass(frozen=True)
class Matches:
    """Recommended matches, best first, and the records of the entities they name."""

    matches: tuple[Match, ...]
    records: dict[str, NodeRecord]


async def recommend_matches(
    store: GraphStore,
    department: str,
    links: LinkFilter,
    lens: Lens,
    origins: Collection[str] = (),
    sizes: Collection[str] = (),
) -> Matches:
    """Every enterprise with a technology fit for ``department``, best score first."""
    reads, scope = store.gap_reads, attendance_scope(links, lens)
    links_needed = await reads.needs(scope, [department])
    if not links_needed:
        return Matches((), {})
    needs = tuple(Need.from_link(link) for link in links_needed)
    taxonomy = Taxonomy(await reads.technology_tree(scope))
    groups = [ServingGroup(n.technology_id, taxonomy.serving(n.technology_id)) for n in needs]
    # A need is unmet when no supplier at all met the department, whatever the origins
    # and sizes asked for.
    supplied, met_needs = await together(
        reads.suppliers(scope, groups, origins, sizes),
        reads.needs_met(scope, [(department, group) for group in groups]),
    )
    unmet = {g.technology_id for g in groups if (department, g.technology_id) not in met_needs}
    candidates = sorted({e for by_enterprise in supplied.values() for e in by_enterprise})
    contact = attendance_scope(links.with_types(CONTACT_TYPES), lens)
    met, distances, channels, memberships = await together(
        reads.met_among(scope, department, candidates),
        hop_distances(store.hop_reads, department, contact, PROXIMITY_BASE - 1, candidates),
        reads.channels(scope, department),
        reads.partner_members(scope, enterprises=candidates),
    )
    bodies: dict[str, set[str]] = defaultdict(set)
    for body, members in memberships.items():
        for enterprise in members:
            bodies[enterprise].add(body)
    named = {n.technology_id for n in needs} | {t for g in groups for t in g.serving}
    records = await store.get_nodes(
        sorted(named | set(channels) | {b for s in bodies.values() for b in s})
    )
    matches = []
    for enterprise in candidates:
        fittings = tuple(
            Fitting(
                need,
                Fit.EXACT if need.technology_id in offered else Fit.NARROWER,
                frozenset(offered),
            )
            for need in needs
            if (offered := supplied.get(need.technology_id, {}).get(enterprise)) is not None
        )
        candidacy = Candidacy(
            enterprise,
            fittings,
            distances.get(enterprise),
            False,  # the store holds no inferred meetings
            frozenset(bodies.get(enterprise, ())),
            enterprise in met,
        )
        matches.append(score(candidacy, unmet, channels, records))
    matches.sort(key=lambda m: (-m.score, m.enterprise_id))
    return Matches(tuple(matches), records)


async def with_candidates(
    store: GraphStore, gaps: Sequence[NeedGap], links: LinkFilter, lens: Lens, count: int
) -> tuple[tuple[UnmetNeed, ...], dict[str, NodeRecord]]:
    """The needs with their ``count`` best candidates (by the recommendMatches score)
    and the shortest introduction path to each (over contact links, at most 6 hops);
    with the records of every entity the paths name."""
    ranked: dict[str, Matches] = {}
    contact = links.with_types(CONTACT_TYPES)
    records: dict[str, NodeRecord] = {}
    answer = []
    for gap in gaps:
        department = gap.need.department_id
        candidates: list[Candidate] = []
        if count > 0:
            if department not in ranked:
                ranked[department] = await recommend_matches(store, department, links, lens)
            fitting = [m for m in ranked[department].matches if gap.need.technology_id in m.fitted]
            for match in fitting[:count]:
                found = await paths.find_paths(
                    StoreNeighbourhood(store, link_scope(contact, lens)),
                    department,
                    match.enterprise_id,
                    contact,
                    frozenset(),
                    k=1,
                    max_hops=paths.MAX_HOPS_LIMIT,
                )
                records |= found.nodes
                candidates.append(Candidate(match, found.paths[0] if found.paths else None))
        answer.append(UnmetNeed(gap.need, gap.supplier_count, tuple(candidates)))
    return tuple(answer), records
