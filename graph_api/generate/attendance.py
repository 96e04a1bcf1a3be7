"""Who attended which event, real or sample, and in what role."""

from __future__ import annotations

import datetime as dt
import random

from graph_api.domain import AttendanceRole, EnterpriseSize, Origin, RelType
from graph_api.generate.builder import Builder, Enterprise, Event

DPO_START = dt.date(2024, 7, 25)  # OGCIO and EffO merged into DPO
TF19_MAINLAND_EXHIBITORS = 12  # the 19th forum article: "12 Mainland I&T enterprises"
UNREACHED_DEPARTMENTS = 6
# Departments that turn up to technology events more often than most.
# fmt: off
_KEEN = frozenset({
    "afcd", "archsd", "bd", "cedd", "ced", "dpo", "dsd", "emsd", "epd", "fehd", "fsd", "hd", "hko",
    "hkpf", "hyd", "immd", "landsd", "lcsd", "ogcio", "pland", "swd", "td", "wsd",
})
# fmt: on
# Per kind of event: (departments from, to), (enterprises from, to).
_SIZES: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "forum": ((32, 45), (14, 22)),
    "thematic": ((12, 20), (6, 10)),
    "workshop": ((3, 8), (3, 7)),
    "tf-1": ((20, 30), (14, 14)),  # the real 1st forum: 14 companies exhibited
    "tf-2": ((25, 35), (10, 16)),
    "tf-19": ((41, 48), (TF19_MAINLAND_EXHIBITORS, TF19_MAINLAND_EXHIBITORS)),
}
_REAL_EVENT_TOPICS = {
    "tf-1": ("networking", "biometrics", "computer-vision"),
    "tf-2": ("computer-vision", "iot", "big-data-analytics", "sensors"),
    "tf-19": (),
}
Attendance = dict[str, tuple[dt.date, set[str]]]


def make_attendance(
    builder: Builder,
    firms: list[Enterprise],
    needs: list[tuple[str, str, str]],
    sample_events: list[Event],
) -> Attendance:
    """Draw who attended each real and sample event; return every event's day and parties."""
    rng = builder.rng
    needed: dict[str, set[str]] = {}
    for dept_id, slug, _ in needs:
        needed.setdefault(dept_id, set()).add(slug)
    # Never reached: a few departments that are not keen and have no real attendance.
    real_attendees = {link.from_id for link in builder.real_links if link.type is RelType.ATTENDED}
    quiet = [
        dept
        for dept in builder.departments
        if dept.split(":", 1)[1] not in _KEEN and dept not in real_attendees
    ]
    unreached = set(rng.sample(quiet, min(UNREACHED_DEPARTMENTS, len(quiet))))
    keenness = {
        dept: (2.0 if dept.split(":", 1)[1] in _KEEN else 0.4) + rng.random()
        for dept in builder.departments
    }
    real_events = [
        Event(f"event:{kind}", builder.nodes[f"event:{kind}"].properties["date"], kind, topics)
        for kind, topics in _REAL_EVENT_TOPICS.items()
    ]
    attendance: Attendance = {}
    for link in builder.real_links:
        if link.type is RelType.ATTENDED and link.date is not None:
            attendance.setdefault(link.to_id, (link.date, set()))[1].add(link.from_id)
    for event in real_events + sample_events:
        (dept_low, dept_high), (firm_low, firm_high) = _SIZES[event.kind]
        topics = set(event.technologies)
        depts = [
            dept
            for dept in builder.departments
            if dept not in unreached
            and _existed(dept, event.date)
            and (RelType.ATTENDED, dept, event.id) not in builder.taken
        ]
        dept_weights = [
            keenness[dept] * (4.0 if needed.get(dept, set()) & topics else 1.0) for dept in depts
        ]
        host = "department:dpo" if event.date >= DPO_START else "department:ogcio"
        chosen = builder.pick(depts, dept_weights, rng.randint(dept_low, dept_high))
        if event.kind == "forum" and host in depts:
            chosen = [host, *[dept for dept in chosen if dept != host]][: len(chosen)]
        eligible = [
            firm
            for firm in firms
            if firm.founded <= event.date.year
            and (event.kind != "tf-19" or firm.origin is Origin.MAINLAND)
        ]
        firm_weights = [
            firm.activity
            * (4.0 if topics & set(firm.offers) else 1.0)
            * (2.0 if event.kind == "tf-19" and firm.size is EnterpriseSize.LARGE else 1.0)
            for firm in eligible
        ]
        firm_ids = [firm.id for firm in eligible]
        picked = builder.pick(firm_ids, firm_weights, rng.randint(firm_low, firm_high))
        roles = _roles(rng, event.kind, len(chosen), len(picked))
        attendees = attendance.setdefault(event.id, (event.date, set()))[1]
        for party, role in zip([*chosen, *picked], roles, strict=True):
            builder.link(RelType.ATTENDED, party, event.id, role=role.value, date=event.date)
            attendees.add(party)
    return attendance


def _existed(dept_id: str, day: dt.date) -> bool:
    if dept_id == "department:dpo":
        return day >= DPO_START
    if dept_id in ("department:ogcio", "department:effo"):
        return day < DPO_START
    return True


def _roles(rng: random.Random, kind: str, depts: int, firms: int) -> list[AttendanceRole]:
    """Roles for the chosen departments, then the chosen enterprises, most eager first."""
    host, speaker = AttendanceRole.HOST, AttendanceRole.SPEAKER
    exhibitor, attendee = AttendanceRole.EXHIBITOR, AttendanceRole.ATTENDEE
    if kind == "forum":
        lead = [host, speaker, speaker]
        firm_lead = [speaker, speaker]
        rest = [exhibitor if rng.random() < 0.65 else attendee for _ in range(firms)]
    elif kind == "thematic":
        lead = [speaker] * rng.randint(1, 2)
        firm_lead = [speaker] * rng.randint(1, 3)
        rest = [rng.choice((exhibitor, attendee)) for _ in range(firms)]
    elif kind == "workshop":
        lead = [host]
        firm_lead = [speaker] * rng.randint(1, 2)
        rest = [exhibitor] * firms
    else:  # the real forums: departments came to see, enterprises exhibited
        lead, firm_lead, rest = [], [], [exhibitor] * firms
    dept_roles = (lead + [attendee] * depts)[:depts]
    return dept_roles + (firm_lead + rest)[:firms]
