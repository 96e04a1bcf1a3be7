"""The sample pilots: proof-of-concept trials, mostly between parties who have met."""

from __future__ import annotations

import datetime as dt

from graph_api.domain import RelType
from graph_api.generate.attendance import Attendance
from graph_api.generate.builder import (
    LAST_DAY,
    LAST_PILOT_DAY,
    LATE_TECHNOLOGIES,
    Builder,
    Enterprise,
)

PILOTS = 15


def make_pilots(
    builder: Builder,
    firms: list[Enterprise],
    needs: list[tuple[str, str, str]],
    attendance: Attendance,
) -> None:
    """Link departments to enterprises that trialled what they need, met ones first."""
    rng = builder.rng
    children: dict[str, list[str]] = {}
    for link in builder.real_links:
        if link.type is RelType.PART_OF and link.to_id.startswith("technology:"):
            children.setdefault(link.to_id, []).append(link.from_id)

    def covering(tech_id: str) -> set[str]:
        found = {tech_id}
        for child in children.get(tech_id, []):
            found |= covering(child)
        return found

    met: dict[tuple[str, str], dt.date] = {}
    for event_id in sorted(attendance):
        day, parties = attendance[event_id]
        depts = sorted(party for party in parties if party.startswith("department:"))
        companies = sorted(party for party in parties if party.startswith("enterprise:"))
        for dept in depts:
            for firm_id in companies:
                met[(dept, firm_id)] = min(day, met.get((dept, firm_id), day))
    candidates: list[tuple[str, Enterprise, str, str]] = []
    for dept_id, slug, need in needs:
        wanted = {tech_id.split(":", 1)[1] for tech_id in covering(f"technology:{slug}")}
        candidates += [(dept_id, firm, slug, need) for firm in firms if wanted & set(firm.offers)]
    rng.shuffle(candidates)
    candidates.sort(key=lambda candidate: (candidate[0], candidate[1].id) not in met)
    done_needs: set[tuple[str, str]] = set()
    pilots = 0
    for dept_id, firm, slug, need in candidates:
        if pilots == PILOTS or (dept_id, slug) in done_needs:
            continue
        earliest = dt.date(max(firm.founded + 1, LATE_TECHNOLOGIES.get(slug, 2020)), 1, 1)
        first_met = met.get((dept_id, firm.id))
        day = first_met + dt.timedelta(days=rng.randint(60, 300)) if first_met else earliest
        if day < earliest or day > LAST_PILOT_DAY:
            day = builder.day(earliest, LAST_DAY)
        before = len(builder.links)
        builder.link(
            RelType.PILOTED, dept_id, firm.id, project=f"Proof-of-concept trial: {need}", date=day
        )
        if len(builder.links) > before:
            done_needs.add((dept_id, slug))
            pilots += 1
