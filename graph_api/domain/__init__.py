"""The domain model: node kinds, relationship types and the records the stores exchange.

Nothing here knows about GraphQL or about a particular database; the stores turn
these records into rows and back, and the schema turns them into GraphQL types.
The definitions live in modules of this package, gathered here so callers need one
import: ``kinds`` (enums, allowed endpoints, property columns), ``ids`` (id prefixes),
``records`` (node and link records, search text) and ``history`` (names and dates of
offices over time). ``rules`` and ``validation`` check raw records against the model,
for seed files, imports and mutations alike.
"""

from __future__ import annotations

from graph_api.domain.ids import id_prefix, is_person_id, kind_of_id
from graph_api.domain.kinds import (
    ALLOWED_ENDPOINTS,
    LINK_PROPERTIES,
    NODE_PROPERTIES,
    PARTY_KINDS,
    PUBLIC_KINDS,
    STRUCTURAL_TYPES,
    AttendanceRole,
    DateCertainty,
    EnterpriseSize,
    EventType,
    Evidence,
    NodeKind,
    Origin,
    RelType,
)
from graph_api.domain.records import (
    LinkRecord,
    NodeRecord,
    build_search_text,
    normalise_search_text,
)

__all__ = [
    "ALLOWED_ENDPOINTS",
    "LINK_PROPERTIES",
    "NODE_PROPERTIES",
    "PARTY_KINDS",
    "PUBLIC_KINDS",
    "STRUCTURAL_TYPES",
    "AttendanceRole",
    "DateCertainty",
    "EnterpriseSize",
    "EventType",
    "Evidence",
    "LinkRecord",
    "NodeKind",
    "NodeRecord",
    "Origin",
    "RelType",
    "build_search_text",
    "id_prefix",
    "is_person_id",
    "kind_of_id",
    "normalise_search_text",
]
