"""GraphQL inputs of the link mutations (attendance, needs, offers, pilots, ties to
partner bodies, any link), and their translation to seed-file-shaped link records."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

import strawberry

from graph_api.domain import AttendanceRole, Evidence, RelType
from graph_api.schema.mutation_inputs import raw_record


@strawberry.input(description="What every link records: its source, date and certainty.")
class LinkFacts:
    source: str = strawberry.field(description="Where the fact comes from (URL or note).")
    date: dt.date | None = strawberry.field(
        default=None, description="When; a link to an event defaults to the event's date."
    )
    evidence: Evidence | None = strawberry.field(
        default=None, description="RECORDED (default), REPORTED or INFERRED."
    )
    confidence: float | None = strawberry.field(default=None, description="0 to 1 (default 1).")
    is_sample: bool = strawberry.field(
        default=False,
        description="True for invented data. A link to or from a sample entity is sample "
        "data whatever this says, so no real-looking fact joins an invented one.",
    )

    def facts(self) -> dict[str, Any]:
        """The common link fields, seed-shaped."""
        return raw_record(
            {
                "source": self.source,
                "date": self.date,
                "sample": self.is_sample,
                "evidence": self.evidence,
                "confidence": self.confidence,
            }
        )


@strawberry.input(description="A party (bureau, department, enterprise, partner) at an event.")
class AttendanceInput(LinkFacts):
    party_id: strawberry.ID = strawberry.field(description="Who attended.")
    event_id: strawberry.ID = strawberry.field(description="The event.")
    role: AttendanceRole = strawberry.field(description="HOST, SPEAKER, EXHIBITOR or ATTENDEE.")


@strawberry.input(description="A department's need for a technology, in words.")
class NeedInput(LinkFacts):
    department_id: strawberry.ID = strawberry.field(description="The department.")
    technology_id: strawberry.ID = strawberry.field(description="The technology needed.")
    need: str = strawberry.field(description="The business need, e.g. 'Detect illegal dumping'.")


@strawberry.input(description="An enterprise offering a technology.")
class OfferInput(LinkFacts):
    enterprise_id: strawberry.ID = strawberry.field(description="The enterprise.")
    technology_id: strawberry.ID = strawberry.field(description="The technology offered.")


@strawberry.input(description="A department trialling an enterprise's solution.")
class PilotInput(LinkFacts):
    department_id: strawberry.ID = strawberry.field(description="The department.")
    enterprise_id: strawberry.ID = strawberry.field(description="The enterprise.")
    project: str = strawberry.field(description="What was trialled.")


@strawberry.enum(description="How an enterprise is tied to a partner body.")
class PartnerTie(StrEnum):
    INCUBATED_BY = "INCUBATED_BY"
    MEMBER_OF = "MEMBER_OF"


@strawberry.input(description="An enterprise incubated by, or a member of, a partner body.")
class PartnerTieInput(LinkFacts):
    enterprise_id: strawberry.ID = strawberry.field(description="The enterprise.")
    partner_id: strawberry.ID = strawberry.field(description="The partner body.")
    tie: PartnerTie = strawberry.field(description="INCUBATED_BY or MEMBER_OF.")


@strawberry.input(description="Any link the model allows (see README: the graph).")
class LinkInput(LinkFacts):
    type: RelType = strawberry.field(description="The link type.")
    from_id: strawberry.ID = strawberry.field(description="Where the link starts.")
    to_id: strawberry.ID = strawberry.field(description="Where it ends.")
    role: AttendanceRole | None = strawberry.field(default=None, description="ATTENDED only.")
    need: str | None = strawberry.field(default=None, description="NEEDS only.")
    project: str | None = strawberry.field(default=None, description="PILOTED only.")


def link_raw(
    rel_type: RelType, from_id: str, to_id: str, facts: LinkFacts, **extra: Any
) -> dict[str, Any]:
    """A seed-shaped link record from an input's ends, facts and type-specific fields."""
    return {
        "type": rel_type.value,
        "from": str(from_id),
        "to": str(to_id),
        **facts.facts(),
        **raw_record(extra),
    }
