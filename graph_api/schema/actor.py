"""Who is making a request: the one place that decides it.

For now the client says who it is in the ``X-Graph-Actor`` header and is trusted; when
access roles arrive (viewer, analyst, editor, admin) this function will read the
authenticated identity instead, and every change record will follow.
"""

from __future__ import annotations

import re

from graph_api.errors import bad_input
from graph_api.schema.context import GraphContext

ACTOR_HEADER = "x-graph-actor"
DEFAULT_ACTOR = "anonymous"
MAX_ACTOR_LENGTH = 100
_PRINTABLE = re.compile(r"^[^\x00-\x1f\x7f]+$")


def actor_of(context: GraphContext) -> str:
    """The actor recorded on the changes this request makes."""
    request = context.request
    headers = getattr(request, "headers", None)
    value = headers.get(ACTOR_HEADER) if headers is not None else None
    if value is None or not value.strip():
        return DEFAULT_ACTOR
    actor = str(value).strip()
    if len(actor) > MAX_ACTOR_LENGTH or not _PRINTABLE.match(actor):
        raise bad_input(
            f"The X-Graph-Actor header must be printable text of at most {MAX_ACTOR_LENGTH} "
            "characters (e.g. an e-mail address or staff id).",
            field="X-Graph-Actor",
        )
    return actor
