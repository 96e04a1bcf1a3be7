"""One-line explanations of paths, in words an analyst can read aloud.

"The Buildings Department met Acme Robotics at the 19th Technology Forum (59 parties,
strength 0.026: Acme Robotics exhibited) on 2024-08-01; Acme Robotics is incubated by
HKSTP." Two attendances of the same event in a row read as one meeting, with how much it
weighs; every other link reads as a short clause, subject first.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping

from graph_api.analytics.paths import Path, PathStep
from graph_api.analytics.projection import Projection
from graph_api.analytics.ties import meeting_strength, role_of
from graph_api.domain import DateCertainty, EventType, LinkRecord, NodeKind, NodeRecord, RelType

_VERBS: dict[RelType, str] = {
    RelType.ORGANISED: "organised",
    RelType.CO_ORGANISED: "co-organised",
    RelType.ATTENDED: "attended",
    RelType.OFFERS: "offers",
    RelType.NEEDS: "needs",
    RelType.PILOTED: "trialled a solution from",
    RelType.INCUBATED_BY: "is incubated by",
    RelType.MEMBER_OF: "is a member of",
    RelType.REPRESENTS: "represents",
    RelType.MET: "probably met",
    RelType.SUCCEEDED_BY: "was succeeded by",
}
_PART_OF_VERBS: dict[tuple[NodeKind, NodeKind], str] = {
    (NodeKind.DEPARTMENT, NodeKind.BUREAU): "is under",
    (NodeKind.DEPARTMENT, NodeKind.DEPARTMENT): "is part of",
    (NodeKind.PARTNER_BODY, NodeKind.DEPARTMENT): "is run by",
    (NodeKind.TECHNOLOGY, NodeKind.TECHNOLOGY): "is a kind of",
}
_ROLE_PHRASES = {"HOST": "as host", "SPEAKER": "as a speaker", "EXHIBITOR": "as an exhibitor"}
_ACTIVE_VERBS = {"HOST": "hosted", "SPEAKER": "spoke", "EXHIBITOR": "exhibited"}
_COMMON_NOUNS = frozenset(
    [
        "Department",
        "Bureau",
        "Office",
        "Service",
        "Force",
        "Authority",
        "Council",
        "Commission",
        "Registry",
        "Laboratory",
        "Lab",
        "Unit",
        "Centre",
        "Corporation",
        "Agency",
        "Observatory",
        "Post",
        "Company",
        "Secretariat",
        "Board",
        "Treasury",
        "Administration",
        "Judiciary",
        "Institute",
        "Library",
        "Division",
        "Team",
        "Programme",
    ]
)
# Said after a step whose link is invented sample data, so no reader takes it as fact.
_SAMPLE = " (sample data)"
_THE_KINDS = frozenset({NodeKind.BUREAU, NodeKind.DEPARTMENT, NodeKind.PARTNER_BODY})
_THE_EVENTS = frozenset({EventType.TECHNOLOGY_FORUM.value, EventType.OPENING.value})


def display_name(record: NodeRecord) -> str:
    """How a sentence names an entity: 'the Buildings Department', 'HKSTP',
    'the 19th Technology Forum', 'the workshop "Chatbot in Public Services"'."""
    name = record.name_en
    if record.kind is NodeKind.PARTNER_BODY and record.abbreviation:
        return record.abbreviation
    if record.kind in _THE_KINDS:
        # "the Lands Department", but "Invest Hong Kong": only names made of a common
        # noun ("... Department", "... Office") take the article.
        if name.startswith("The ") or not _COMMON_NOUNS & set(name.split()):
            return name
        return f"the {name}"
    if record.kind is NodeKind.EVENT:
        if record.properties.get("event_type") in _THE_EVENTS:
            return f"the {name}"
        prefix, colon, rest = name.partition(": ")
        if colon and rest:
            return f'the {prefix.lower()} "{rest}"'
    return name


def _clause(projection: Projection, link: LinkRecord, step: PathStep) -> str:
    subject = projection.nodes[link.from_id]
    target = projection.nodes[link.to_id]
    if link.type is RelType.MET:
        return _inferred_meeting(projection, link, subject, target)
    if link.type is RelType.PART_OF:
        verb = _PART_OF_VERBS.get((subject.kind, target.kind), "is part of")
    else:
        verb = _VERBS.get(link.type, link.type.value.lower().replace("_", " "))
    clause = f"{display_name(subject)} {verb} {display_name(target)}"
    role = _ROLE_PHRASES.get(str(link.properties.get("role")))
    if role:
        clause += f" {role}"
    detail = link.properties.get("need") or link.properties.get("project")
    if detail:
        clause += f" ({detail})"
    if step.incidence.day and link.type not in (RelType.PART_OF, RelType.OFFERS, RelType.NEEDS):
        clause += _on(step.incidence.day, target)
    return clause + _SAMPLE if link.sample else clause


def _on(day: dt.date, dated_by: NodeRecord) -> str:
    """' on <day>', saying so when the day stands in for an event's rough one."""
    approximate = dated_by.properties.get("date_certainty") == DateCertainty.APPROXIMATE
    return f" on {day.isoformat()}" + (" (an approximate date)" if approximate else "")


def _inferred_meeting(
    projection: Projection, link: LinkRecord, subject: NodeRecord, target: NodeRecord
) -> str:
    event = projection.nodes.get(str(link.properties.get("event")))
    where = f" at {display_name(event)}" if event else ""
    when = f" on {link.date.isoformat()}" if link.date else ""
    return (
        f"{display_name(subject)} probably met {display_name(target)}{where}{when} "
        "(inferred: both attended a small event)"
    )


def _meeting(
    projection: Projection,
    before: str,
    first: PathStep,
    second: PathStep,
    parties: Mapping[str, int],
) -> str:
    event = projection.nodes[first.node_id]
    day = event.date or first.incidence.day
    when = _on(day, event) if day else ""
    party = display_name(projection.nodes[before])
    other = display_name(projection.nodes[second.node_id])
    weight = _weight(
        parties.get(event.id, 0),
        [(party, role_of(first.incidence.link)), (other, role_of(second.incidence.link))],
    )
    invented = first.incidence.link.sample or second.incidence.link.sample
    sentence = f"{party} met {other} at {display_name(event)}{weight}{when}"
    return sentence + (_SAMPLE if invented else "")


def _weight(parties: int, roles: list[tuple[str, str | None]]) -> str:
    """' (55 parties, strength 0.028)', with who played an active part (': X spoke'):
    how much the meeting weighs (graph_api.analytics.ties); '' where the size is unknown."""
    if parties < 2:
        return ""
    strength = meeting_strength(parties, roles[0][1], roles[1][1])
    active = [f"{name} {_ACTIVE_VERBS[role]}" for name, role in roles if role in _ACTIVE_VERBS]
    played = ": " + " and ".join(active) if active else ""
    return f" ({parties} parties, strength {strength:.2g}{played})"


def meeting_strengths(
    projection: Projection, path: Path, parties: Mapping[str, int]
) -> list[float]:
    """The strength of each meeting the path passes through (a party, an event both
    attended, the other party), in order (``graph_api.analytics.ties``)."""
    return [
        meeting_strength(
            parties.get(first.node_id, 0),
            role_of(first.incidence.link),
            role_of(second.incidence.link),
        )
        for first, second in itertools.pairwise(path.steps)
        if _is_meeting(projection, first, second)
    ]


def _is_meeting(projection: Projection, first: PathStep, second: PathStep) -> bool:
    return (
        projection.nodes[first.node_id].kind is NodeKind.EVENT
        and first.incidence.link.type is RelType.ATTENDED
        and second.incidence.link.type is RelType.ATTENDED
        and first.incidence.outgoing
        and not second.incidence.outgoing
    )


def explain_path(
    projection: Projection, path: Path, parties: Mapping[str, int] | None = None
) -> str:
    """The path as one sentence of clauses joined by semicolons; each meeting says how
    many parties were at its event, its strength and who of the two played an active
    part, where ``parties`` knows the event's size."""
    clauses: list[str] = []
    before = path.start
    index = 0
    steps = path.steps
    while index < len(steps):
        step = steps[index]
        following = steps[index + 1] if index + 1 < len(steps) else None
        if following is not None and _is_meeting(projection, step, following):
            clauses.append(_meeting(projection, before, step, following, parties or {}))
            before = following.node_id
            index += 2
            continue
        clauses.append(_clause(projection, step.incidence.link, step))
        before = step.node_id
        index += 1
    sentence = "; ".join(clauses)
    return sentence[:1].upper() + sentence[1:] + "." if sentence else ""
