"""Node ids: the ``kind:slug`` form every id takes, and the kind its prefix names.

Part of the domain model (``graph_api.domain`` re-exports it).
"""

from __future__ import annotations

import re

from graph_api.domain.kinds import NodeKind

_ID_PATTERN = re.compile(r"^[a-z][a-z_]*:[a-z0-9][a-z0-9._-]*$")
_ID_PREFIX: dict[NodeKind, str] = {
    NodeKind.BUREAU: "bureau",
    NodeKind.DEPARTMENT: "department",
    NodeKind.PARTNER_BODY: "partner",
    NodeKind.ENTERPRISE: "enterprise",
    NodeKind.TECHNOLOGY: "technology",
    NodeKind.EVENT: "event",
    NodeKind.PERSON: "person",
}
_KIND_BY_PREFIX = {prefix: kind for kind, prefix in _ID_PREFIX.items()}


def id_prefix(kind: NodeKind) -> str:
    """The prefix every id of this kind starts with, e.g. ``department``."""
    return _ID_PREFIX[kind]


def is_person_id(node_id: str | None) -> bool:
    """Whether ``node_id`` names a Person (personal data), by its prefix."""
    return node_id is not None and kind_of_id(node_id) is NodeKind.PERSON


def kind_of_id(node_id: str) -> NodeKind | None:
    """The kind an id names by its prefix, or None when the id is not well formed."""
    if not _ID_PATTERN.match(node_id):
        return None
    return _KIND_BY_PREFIX.get(node_id.split(":", 1)[0])
