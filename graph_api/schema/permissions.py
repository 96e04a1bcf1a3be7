"""Which role each field needs: the one place that says it.

``FIELD_ROLES`` names every root field (and the few entity fields that say who met
whom) with the lowest role allowed to ask it; ``guard_fields`` puts a permission on
each field that needs more than ``viewer``, makes it nullable so that a refusal costs
the caller that field only (``FORBIDDEN``, the rest of the answer intact), and writes
the rule into the field's description so the published schema lists it. A root field
missing from the table stops the schema from building: every new field is classified.
"""

from __future__ import annotations

import inspect
from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.types import Info
from strawberry.types.base import StrawberryOptional
from strawberry.types.field import StrawberryField

from graph_api.auth.roles import Role
from graph_api.errors import ErrorCode, GraphApiError

VIEWER, ANALYST, EDITOR = Role.VIEWER, Role.ANALYST, Role.EDITOR

FIELD_ROLES: dict[str, dict[str, Role]] = {
    "Query": {
        **dict.fromkeys(
            [
                "node",
                "nodes",
                "bureau",
                "department",
                "partnerBody",
                "enterprise",
                "technology",
                "event",
                "bureaux",
                "departments",
                "partnerBodies",
                "enterprises",
                "technologies",
                "events",
                "storeStatus",
                "search",
                "neighbourhood",
                "viewer",
            ],
            VIEWER,
        ),
        **dict.fromkeys(
            [
                "unmetNeeds",
                "technologyCoverage",
                "unreachedDepartments",
                "partnerBodyCoverage",
                "changes",
                "changesSinceEvent",
                "collaborationPaths",
                "whoMet",
                "meetings",
                "recommendMatches",
                "inviteList",
                "brokers",
                "communities",
                "history",
            ],
            ANALYST,
        ),
        # Whole parts of the graph at once; persons in them only for administrators.
        "exportRecords": EDITOR,
    },
    "Subscription": {"graphChanged": ANALYST},
    # Who met whom, reached from an entity.
    "Department": {"enterprisesMet": ANALYST},
    "Enterprise": {"departmentsMet": ANALYST},
    # Personal data.
    "Event": {"people": Role.ADMIN},
}
# Every mutation needs an editor; listing them again here could only fall out of date.
MUTATION_ROLE = EDITOR
_ROOTS = ("Query", "Mutation", "Subscription")


class RoleGuard(FieldExtension):
    """Lets a field run only for callers holding ``role`` or a higher one.

    Its own extension rather than Strawberry's ``PermissionExtension``, whose resolver
    takes ``source`` by name and so breaks on fields with an argument called ``source``
    (every mutation has one)."""

    def __init__(self, role: Role) -> None:
        self.role = role

    def check(self, info: Info) -> None:
        """Return if the caller holds the role; otherwise FORBIDDEN, saying what is needed."""
        identity = info.context.identity
        if identity.allows(self.role):
            return
        holder = f"the {identity.role.label} role" if identity.role else "no role"
        raise GraphApiError(
            ErrorCode.FORBIDDEN,
            f"'{info.field_name}' needs the {self.role.label} role (or higher) and this "
            f"request has {holder}. Send 'Authorization: Bearer <API key>' with a key of "
            "that role; an administrator creates one with 'graph-api keys create'.",
            field=info.field_name,
            requiredRole=self.role.label,
        )

    def resolve(  # type: ignore[override]  # positional-only: see the class docstring
        self, next_: Any, source: Any, info: Info, /, **kwargs: Any
    ) -> Any:
        """Check, then resolve (synchronous fields)."""
        self.check(info)
        return next_(source, info, **kwargs)

    async def resolve_async(  # type: ignore[override]  # positional-only, as resolve
        self, next_: Any, source: Any, info: Info, /, **kwargs: Any
    ) -> Any:
        """Check, then resolve (coroutines, and subscriptions' async generators)."""
        self.check(info)
        result = next_(source, info, **kwargs)
        return await result if inspect.isawaitable(result) else result


# Arguments that ask more of a field than the field itself, by (root field, argument):
# the value decides, so the resolver asks ``check_argument`` once it has read it.
ARGUMENT_ROLES: dict[tuple[str, str], Role] = {
    # Inferred meetings say who met whom, which the neighbourhood otherwise does not.
    ("neighbourhood", "trust.inferMeetings"): ANALYST,
}


def check_argument(info: Info, argument: str) -> None:
    """Return if the caller holds the role ``ARGUMENT_ROLES`` gives this field's
    ``argument``; otherwise FORBIDDEN, saying what is needed and how to do without."""
    needed = ARGUMENT_ROLES[(info.field_name, argument)]
    identity = info.context.identity
    if identity.allows(needed):
        return
    raise GraphApiError(
        ErrorCode.FORBIDDEN,
        f"'{argument}' on '{info.field_name}' needs the {needed.label} role (or higher): "
        "it says who met whom. Leave it out, or send 'Authorization: Bearer <API key>' "
        f"with a key of the {needed.label} role.",
        field=info.field_name,
        requiredRole=needed.label,
    )


def role_of(type_name: str, field_name: str) -> Role | None:
    """The role a field needs; None for a field the table does not name."""
    if type_name == "Mutation":
        return MUTATION_ROLE
    return FIELD_ROLES.get(type_name, {}).get(field_name)


def guard_fields(types: list[Any]) -> None:
    """Apply the table to the Strawberry types ``types`` (before the schema is built)."""
    for cls in types:
        definition = cls.__strawberry_definition__
        for field in definition.fields:
            needed = role_of(definition.name, field.graphql_name or _camel(field.python_name))
            if needed is None:
                if definition.name in _ROOTS:
                    raise RuntimeError(
                        f"{definition.name}.{field.python_name} is not in "
                        "graph_api.schema.permissions.FIELD_ROLES: say which role may ask it"
                    )
                continue
            if needed > VIEWER:
                _guard(field, needed)


def _guard(field: StrawberryField, needed: Role) -> None:
    if any(isinstance(extension, RoleGuard) for extension in field.extensions):
        return  # already guarded (the schema is built more than once in one process)
    field.extensions.append(RoleGuard(needed))
    if not isinstance(field.type, StrawberryOptional):
        field.type = StrawberryOptional(field.type)
    rule = f"Requires the {needed.label} role (null, with a FORBIDDEN error, for others)."
    field.description = f"{field.description} {rule}" if field.description else rule


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
