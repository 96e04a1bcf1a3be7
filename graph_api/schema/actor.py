"""Who is making a request, as recorded on the changes it makes.

The actor is the verified identity (``graph_api.auth``): an API key's name as
``key:<name>``, or a bearer token's subject. A header the caller sets never counts.
"""

from __future__ import annotations

from graph_api.auth.roles import Role
from graph_api.editing.session import Editor
from graph_api.schema.context import GraphContext


def actor_of(context: GraphContext) -> str:
    """The actor recorded on the changes this request makes."""
    return context.identity.actor


def editor_of(context: GraphContext) -> Editor:
    """The Editor that this request's mutations write through."""
    return Editor(
        store=context.store,
        actor=actor_of(context),
        personal_data=context.identity.allows(Role.ADMIN),
    )
