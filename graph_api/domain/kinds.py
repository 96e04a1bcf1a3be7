"""What the graph may hold: node kinds, relationship types, property enums and columns.

Part of the domain model (``graph_api.domain`` re-exports all of it). Nothing here knows
about GraphQL or a particular database.
"""

from __future__ import annotations

from enum import StrEnum


class NodeKind(StrEnum):
    """Every kind of entity in the graph; the value is the node label in both stores."""

    BUREAU = "Bureau"
    DEPARTMENT = "Department"
    PARTNER_BODY = "PartnerBody"
    ENTERPRISE = "Enterprise"
    TECHNOLOGY = "Technology"
    EVENT = "Event"
    PERSON = "Person"


# The kinds that meet one another at events: who-met-whom, the digest, brokers and the
# MEETINGS order count these (a person attends for one of them; an event is the place).
PARTY_KINDS = frozenset(
    {NodeKind.BUREAU, NodeKind.DEPARTMENT, NodeKind.PARTNER_BODY, NodeKind.ENTERPRISE}
)

# The kinds whose records are not personal data. A list that names no kinds holds these:
# a Person (personal data) is left out of lists and their counts unless asked for by kind.
PUBLIC_KINDS: tuple[NodeKind, ...] = tuple(kind for kind in NodeKind if kind is not NodeKind.PERSON)


class RelType(StrEnum):
    """Every relationship type; the value is the relationship type in both stores."""

    PART_OF = "PART_OF"
    ORGANISED = "ORGANISED"
    CO_ORGANISED = "CO_ORGANISED"
    ATTENDED = "ATTENDED"
    OFFERS = "OFFERS"
    NEEDS = "NEEDS"
    PILOTED = "PILOTED"
    INCUBATED_BY = "INCUBATED_BY"
    MEMBER_OF = "MEMBER_OF"
    REPRESENTS = "REPRESENTS"
    SUCCEEDED_BY = "SUCCEEDED_BY"  # an office -> the one that took over its work (dated)
    # Derived, never stored: a meeting inferred by the analytics (graph_api.analytics.lens)
    # from two parties attending the same small event. Not in ALLOWED_ENDPOINTS, so no
    # seed, import or mutation can write one.
    MET = "MET"


class Origin(StrEnum):
    """Where an enterprise comes from."""

    HONG_KONG = "HONG_KONG"
    MAINLAND = "MAINLAND"
    OVERSEAS = "OVERSEAS"


class EnterpriseSize(StrEnum):
    """How big an enterprise is."""

    STARTUP = "STARTUP"
    SME = "SME"
    LARGE = "LARGE"


class EventType(StrEnum):
    """What kind of gathering an event was."""

    TECHNOLOGY_FORUM = "TECHNOLOGY_FORUM"
    WORKSHOP = "WORKSHOP"
    THEMATIC_SESSION = "THEMATIC_SESSION"
    EXHIBITION = "EXHIBITION"
    OPENING = "OPENING"


class AttendanceRole(StrEnum):
    """The part a party played at an event."""

    HOST = "HOST"
    SPEAKER = "SPEAKER"
    EXHIBITOR = "EXHIBITOR"
    ATTENDEE = "ATTENDEE"


class DateCertainty(StrEnum):
    """How sure an event's day is: stated by its source, or standing in for one known only
    roughly (the description says what is known), which as-of answers and the change
    digest should be read with."""

    EXACT = "EXACT"
    APPROXIMATE = "APPROXIMATE"


class Evidence(StrEnum):
    """How a link is known: recorded by the organiser, reported by a third party, or inferred."""

    RECORDED = "RECORDED"
    REPORTED = "REPORTED"
    INFERRED = "INFERRED"


# Reference structure: the organisation chart and the technology taxonomy (PART_OF) and
# renames (SUCCEEDED_BY). Trust filters (evidence, confidence) weigh claims about
# meetings and ties; they never drop these, or a department would lose its bureau.
STRUCTURAL_TYPES: frozenset[RelType] = frozenset({RelType.PART_OF, RelType.SUCCEEDED_BY})


# Which (from kind, to kind) pairs each relationship type may join. The embedded store
# declares its relationship tables from this, and seed/import validation checks against it.
ALLOWED_ENDPOINTS: dict[RelType, tuple[tuple[NodeKind, NodeKind], ...]] = {
    RelType.PART_OF: (
        (NodeKind.DEPARTMENT, NodeKind.BUREAU),
        (NodeKind.DEPARTMENT, NodeKind.DEPARTMENT),
        (NodeKind.PARTNER_BODY, NodeKind.DEPARTMENT),
        (NodeKind.TECHNOLOGY, NodeKind.TECHNOLOGY),
    ),
    RelType.ORGANISED: (
        (NodeKind.PARTNER_BODY, NodeKind.EVENT),
        (NodeKind.DEPARTMENT, NodeKind.EVENT),
    ),
    RelType.CO_ORGANISED: (
        (NodeKind.PARTNER_BODY, NodeKind.EVENT),
        (NodeKind.DEPARTMENT, NodeKind.EVENT),
    ),
    RelType.ATTENDED: (
        (NodeKind.BUREAU, NodeKind.EVENT),
        (NodeKind.DEPARTMENT, NodeKind.EVENT),
        (NodeKind.ENTERPRISE, NodeKind.EVENT),
        (NodeKind.PARTNER_BODY, NodeKind.EVENT),
        (NodeKind.PERSON, NodeKind.EVENT),
    ),
    RelType.OFFERS: ((NodeKind.ENTERPRISE, NodeKind.TECHNOLOGY),),
    RelType.NEEDS: ((NodeKind.DEPARTMENT, NodeKind.TECHNOLOGY),),
    RelType.PILOTED: ((NodeKind.DEPARTMENT, NodeKind.ENTERPRISE),),
    RelType.INCUBATED_BY: ((NodeKind.ENTERPRISE, NodeKind.PARTNER_BODY),),
    RelType.MEMBER_OF: ((NodeKind.ENTERPRISE, NodeKind.PARTNER_BODY),),
    RelType.REPRESENTS: (
        (NodeKind.PERSON, NodeKind.BUREAU),
        (NodeKind.PERSON, NodeKind.DEPARTMENT),
        (NodeKind.PERSON, NodeKind.ENTERPRISE),
        (NodeKind.PERSON, NodeKind.PARTNER_BODY),
    ),
    RelType.SUCCEEDED_BY: (
        (NodeKind.BUREAU, NodeKind.BUREAU),
        (NodeKind.DEPARTMENT, NodeKind.DEPARTMENT),
    ),
}

# Node properties every store keeps, with their Python types. Kind-specific ones are
# simply absent (None) on other kinds; one shared column set keeps the stores' Cypher alike.
NODE_PROPERTIES: dict[str, type] = {
    "id": str,
    "kind": str,
    "name_en": str,
    "name_zh": str,
    "abbreviation": str,
    "aliases": list,
    "description": str,
    "source": str,
    "sample": bool,
    "search_text": str,
    "supervised_by": str,  # Bureau: CS or FS
    "origin": str,  # Enterprise: Origin
    "size": str,  # Enterprise: EnterpriseSize
    "founded": str,  # PartnerBody / Enterprise: year or ISO date
    "event_type": str,  # Event: EventType
    "number": int,  # Event: the forum's ordinal, e.g. 19
    "date": str,  # Event: the day it was held, ISO 8601 (stores keep dates as ISO text)
    "date_certainty": str,  # Event: DateCertainty (absent: as stated by the source)
    "venue": str,
    "theme": str,
    "title": str,  # Person: job title (personal data)
    "established": str,  # Bureau / Department: first day, ISO date (graph_api.domain.history)
    "dissolved": str,  # Bureau / Department: last day it existed, ISO date
    "former_names": str,  # Bureau / Department: earlier names, JSON text (graph_api.domain.history)
}

# Relationship properties every store keeps.
LINK_PROPERTIES: dict[str, type] = {
    "source": str,
    "date": str,  # ISO 8601 text in the stores; a datetime.date on LinkRecord
    "sample": bool,
    "role": str,  # ATTENDED: AttendanceRole
    "need": str,  # NEEDS: the business need in words
    "project": str,  # PILOTED: what was trialled
    "evidence": str,  # Evidence
    "confidence": float,
}
