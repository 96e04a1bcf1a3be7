"""Editing the graph: validated, audited, idempotent operations over the store.

Nothing here knows GraphQL; ``graph_api.schema.mutations`` is a thin layer over it and
the importer uses the same validation and change records.
"""

from __future__ import annotations

from graph_api.editing.entities import create_entity, merge_entities, update_entity, upsert_entity
from graph_api.editing.links import record_link, remove_link
from graph_api.editing.session import Editor, Outcome

__all__ = [
    "Editor",
    "Outcome",
    "create_entity",
    "merge_entities",
    "record_link",
    "remove_link",
    "update_entity",
    "upsert_entity",
]
