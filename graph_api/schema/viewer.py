"""``viewer``: who the service takes the caller to be, so a front end can offer only what
the caller may do (the explorer hides nothing by it; it says up front which role a form
needs instead of after it is sent)."""

from __future__ import annotations

import strawberry

from graph_api.auth.roles import Role
from graph_api.schema.context import GraphInfo


@strawberry.type(description="The caller, as the service verified its credentials.")
class Viewer:
    actor: str = strawberry.field(
        description="The name changes made by this caller are recorded under ('key:NAME' "
        "for an API key, the token's subject, or 'anonymous')."
    )
    role: str | None = strawberry.field(
        description="viewer, analyst, editor or admin; each includes the ones before it."
    )
    method: str = strawberry.field(description="api-key, jwt or anonymous.")
    roles: list[str] = strawberry.field(
        description="Every role the caller holds, lowest first: what it may ask and do."
    )


@strawberry.type(description="Who is asking.")
class ViewerQuery:
    @strawberry.field(description="The caller: its recorded name, role and how it signed in.")
    def viewer(self, info: GraphInfo) -> Viewer:
        identity = info.context.identity
        held = [role.label for role in Role if identity.allows(role)]
        return Viewer(
            actor=identity.actor,
            role=identity.role.label if identity.role else None,
            method=identity.method,
            roles=held,
        )
