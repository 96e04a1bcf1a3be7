"""The model's enums, registered with GraphQL once (strawberry.enum marks the classes in
place), before any type that names them is declared: imported by
``graph_api.schema.linked``, which every entity type uses."""

from __future__ import annotations

import strawberry

from graph_api.domain import (
    AttendanceRole,
    DateCertainty,
    EnterpriseSize,
    EventType,
    Evidence,
    NodeKind,
    Origin,
)

strawberry.enum(NodeKind, description="The kinds of entity the graph holds.")
strawberry.enum(Origin, description="Where an enterprise comes from.")
strawberry.enum(EnterpriseSize, description="How big an enterprise is.")
strawberry.enum(EventType, description="What kind of gathering an event was.")
strawberry.enum(DateCertainty, description="How sure an event's day is.")
strawberry.enum(AttendanceRole, description="The part a party played at an event.")
strawberry.enum(Evidence, description="How a link is known: RECORDED, REPORTED or INFERRED.")
