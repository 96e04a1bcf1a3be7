"""Query cost limits: refuse, before running it, a query that could return too much.

Each list field multiplies what is under it by its page size (``first`` or ``last``, or
the field's default, or the server's max page size when a variable is missing), so
``departments(first: 100) { edges { node { eventsAttended(first: 100) { … } } } }``
costs about 100 × 100 × (fields per item). Every field counts once per item it may be
resolved for; a query whose estimate exceeds ``Settings.max_query_cost`` gets one
``QUERY_TOO_COMPLEX`` error that says how to fix it, and nothing runs. The estimate is
an upper bound: store round-trips stay bounded by the query's shape either way (the
DataLoaders), but the answer's size does not, and this keeps it bounded too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)
from graphql import ExecutionResult as GraphQLExecutionResult
from strawberry.extensions import SchemaExtension

from graph_api.errors import ErrorCode

PAGE_ARGUMENTS = ("first", "last")
# Lists whose resolvers default their page size when neither first nor last is given.
DEFAULT_PAGE = 20
ITEM_FIELDS = frozenset({"edges", "nodes"})
# Deeper selections than this are not walked (no schema here nests anywhere near it).
MAX_DEPTH = 64


def estimate_cost(
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    max_page: int,
) -> int:
    """How many fields the operation may resolve at most (see the module docstring)."""
    walk = _Walk(
        fragments={
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        },
        variables=variables or {},
        max_page=max_page,
    )
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        name = definition.name.value if definition.name else None
        if operation_name is None or name == operation_name:
            return walk.cost(definition.selection_set, 1, 0)
    return 0


@dataclass(frozen=True)
class _Walk:
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]
    max_page: int

    def fields(
        self, selection_set: SelectionSetNode, seen: frozenset[str] = frozenset()
    ) -> Iterator[FieldNode]:
        """The fields of a selection set, through inline fragments and fragment spreads."""
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                yield selection
            elif isinstance(selection, InlineFragmentNode):
                yield from self.fields(selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in self.fragments and name not in seen:  # a cycle fails validation
                    yield from self.fields(self.fragments[name].selection_set, seen | {name})

    def page_size(self, field: FieldNode) -> int | None:
        """How many items a field may return: its first/last, or its default page for a
        connection asked without one; None for a field that is not a list."""
        asked = [arg for arg in field.arguments or () if arg.name.value in PAGE_ARGUMENTS]
        if asked:
            value = asked[0].value
            if isinstance(value, IntValueNode):
                return max(int(value.value), 0)
            if isinstance(value, VariableNode):
                given = self.variables.get(value.name.value)
                return max(given, 0) if isinstance(given, int) else self.max_page
            return self.max_page
        return DEFAULT_PAGE if self.is_connection(field) else None

    def is_connection(self, field: FieldNode) -> bool:
        """Whether a field's selection pages through items (edges or nodes)."""
        assert field.selection_set is not None
        return any(child.name.value in ITEM_FIELDS for child in self.fields(field.selection_set))

    def cost(self, selection_set: SelectionSetNode, multiplier: int, depth: int) -> int:
        """Fields resolved under ``selection_set`` when it is resolved ``multiplier`` times."""
        total = 0
        for field in self.fields(selection_set):
            total += multiplier
            if field.selection_set is not None and depth < MAX_DEPTH:
                total += self.inside(field, multiplier, depth + 1)
        return total

    def inside(self, field: FieldNode, multiplier: int, depth: int) -> int:
        """Fields resolved inside ``field`` (resolved ``multiplier`` times). A connection's
        page multiplies its items (edges, nodes), not its totalCount or pageInfo; any
        other list's page multiplies all it holds."""
        assert field.selection_set is not None
        page = self.page_size(field)
        if page is None:
            return self.cost(field.selection_set, multiplier, depth)
        if not self.is_connection(field):
            return self.cost(field.selection_set, multiplier * page, depth)
        total = 0
        for child in self.fields(field.selection_set):
            inner = multiplier * page if child.name.value in ITEM_FIELDS else multiplier
            total += inner
            if child.selection_set is not None and depth < MAX_DEPTH:
                total += self.inside(child, inner, depth + 1)
        return total


class QueryCostLimit(SchemaExtension):
    """Refuses operations whose estimated cost is above the server's limit."""

    def on_execute(self) -> Iterator[None]:
        """Estimate before executing; answer with one error instead if it is too big."""
        context = self.execution_context
        settings = getattr(context.context, "settings", None)
        document = context.graphql_document
        if settings is not None and document is not None:
            cost = estimate_cost(
                document, context.operation_name, context.variables, settings.max_page_size
            )
            if cost > settings.max_query_cost:
                error = _too_complex(cost, settings.max_query_cost)
                context.result = GraphQLExecutionResult(data=None, errors=[error])
        yield


def _too_complex(cost: int, limit: int) -> GraphQLError:
    return GraphQLError(
        f"This query could return about {cost:,} fields; the server allows {limit:,}. "
        "Ask for smaller pages (first/last), fewer nested lists, or page through the "
        "inner lists in separate queries.",
        extensions={"code": ErrorCode.QUERY_TOO_COMPLEX.value, "cost": cost, "limit": limit},
    )
