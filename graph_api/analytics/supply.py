"""Demand and supply of technologies: departments' needs, enterprises' offers, and the
taxonomy that links them. A need for a technology is met by an enterprise offering that
technology or a narrower one (an enterprise offering Chatbot serves a need for NLP);
a broader offer (AI in general) does not count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum

from graph_api.analytics.projection import Incidence, Projection
from graph_api.domain import LinkRecord, NodeKind, RelType


class Fit(StrEnum):
    """How an enterprise's offer fits a need."""

    EXACT = "EXACT"  # it offers the technology needed
    NARROWER = "NARROWER"  # it offers a narrower technology of the one needed


@dataclass(frozen=True)
class Need:
    """A department's need: a technology and the business need in words."""

    department_id: str
    technology_id: str
    incidence: Incidence  # the NEEDS link, seen from the department

    @classmethod
    def from_link(cls, link: LinkRecord) -> Need:
        """The need a NEEDS link (department to technology) states, as a store reads it."""
        return cls(link.from_id, link.to_id, Incidence(link.to_id, link, True, link.date))

    @property
    def text(self) -> str | None:
        """The business need in words."""
        need = self.incidence.link.properties.get("need")
        return str(need) if need else None


def narrower_or_same(projection: Projection, technology: str) -> frozenset[str]:
    """``technology`` and every technology under it in the taxonomy (PART_OF, any depth)."""

    def walk() -> frozenset[str]:
        found = {technology}
        pending = [technology]
        while pending:
            current = pending.pop()
            for incidence in projection.incidences(current, RelType.PART_OF):
                child = incidence.neighbour
                if not incidence.outgoing and child not in found:
                    found.add(child)
                    pending.append(child)
        return frozenset(found)

    return projection.memo(("narrower_or_same", technology), walk)


def offers(projection: Projection, enterprise: str) -> frozenset[str]:
    """The technologies an enterprise offers."""
    return frozenset(
        inc.neighbour for inc in projection.incidences(enterprise, RelType.OFFERS) if inc.outgoing
    )


def suppliers(projection: Projection, technology: str) -> dict[str, Fit]:
    """Enterprises that can serve a need for ``technology``, with how well, sorted by id."""

    def compute() -> dict[str, Fit]:
        found: dict[str, Fit] = {}
        for offered in sorted(narrower_or_same(projection, technology)):
            fit = Fit.EXACT if offered == technology else Fit.NARROWER
            for incidence in projection.incidences(offered, RelType.OFFERS):
                enterprise = incidence.neighbour
                if not incidence.outgoing and found.get(enterprise) is not Fit.EXACT:
                    found[enterprise] = fit
        return dict(sorted(found.items()))

    return projection.memo(("suppliers", technology), compute)


def needs_of(projection: Projection, department: str) -> tuple[Need, ...]:
    """A department's needs, by technology id."""
    return tuple(
        Need(department, inc.neighbour, inc)
        for inc in projection.incidences(department, RelType.NEEDS)
        if inc.outgoing
    )


def all_needs(projection: Projection) -> tuple[Need, ...]:
    """Every need in the graph, by department id then technology id."""
    return tuple(
        need
        for department in projection.ids_of(NodeKind.DEPARTMENT)
        for need in needs_of(projection, department)
    )


def demand(projection: Projection) -> dict[str, list[str]]:
    """Technology id -> the departments needing exactly it, sorted."""
    found: dict[str, list[str]] = defaultdict(list)
    for need in all_needs(projection):
        if need.department_id not in found[need.technology_id]:
            found[need.technology_id].append(need.department_id)
    return found


class Taxonomy:
    """The technology taxonomy as broader-than links, for the questions the store answers
    (``analytics.gaps_in_store``): which technologies serve a need for another."""

    def __init__(self, broader: Mapping[str, Collection[str]]) -> None:
        self.technologies = tuple(sorted(broader))
        self._narrower: dict[str, list[str]] = defaultdict(list)
        for technology, parents in broader.items():
            for parent in parents:
                self._narrower[parent].append(technology)

    def serving(self, technology: str) -> tuple[str, ...]:
        """``technology`` and every technology under it (PART_OF, any depth), sorted."""
        found = {technology}
        pending = [technology]
        while pending:
            for child in self._narrower.get(pending.pop(), ()):
                if child not in found:
                    found.add(child)
                    pending.append(child)
        return tuple(sorted(found))
