"""Notes to the caller about an answer that is right but not what was literally asked,
e.g. an old id that now names the entity it was merged into. They leave with the answer
under ``extensions.notes``, as sentences a person can read."""

from __future__ import annotations

from typing import Any

from strawberry.extensions import SchemaExtension

from graph_api.schema.context import GraphInfo


def add_note(info: GraphInfo, text: str) -> None:
    """Say ``text`` to the caller alongside this request's answer (once)."""
    if text not in info.context.notes:
        info.context.notes.append(text)


class ResponseNotes(SchemaExtension):
    """Puts the request's notes, if any, into the response's ``extensions.notes``."""

    def get_results(self) -> dict[str, Any]:
        """The notes gathered while the request was answered."""
        context = self.execution_context.context
        notes = getattr(context, "notes", None)
        return {"notes": list(notes)} if notes else {}
