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
from dataclasses import dataclass, field
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
from strawberry.extensions import SchemaExtension, ValidationCache
from strawberry.schema.schema import validate_document

from graph_api.errors import ErrorCode
from graph_api.schema.document_cache import cacheable
from graph_api.schema.document_shape import document_shape
from graph_api.schema.request_checks import long_number

PAGE_ARGUMENTS = ("first", "last")
# Lists whose resolvers default their page size when neither first nor last is given.
DEFAULT_PAGE = 20
ITEM_FIELDS = frozenset({"edges", "nodes"})


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
            return walk.cost(definition.selection_set, 1)
    return 0


@dataclass
class _Walk:
    """The estimate, computed once per selection set, at every depth (graphql-core's
    parser bounds the nesting): a fragment spread twice in each of 22 nested fragments
    costs 22 walks, not 2^22 (the estimate itself is then huge, and the query is refused
    at once)."""

    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]
    max_page: int
    _units: dict[tuple[int, int], int] = field(default_factory=dict)
    _has: dict[int, bool] = field(default_factory=dict)

    def page_size(self, node: FieldNode) -> int | None:
        """How many items a field may return: its first/last, or its default page for a
        connection asked without one; None for a field that is not a list."""
        asked = [arg for arg in node.arguments or () if arg.name.value in PAGE_ARGUMENTS]
        if asked:
            value = asked[0].value
            if isinstance(value, IntValueNode):
                return max(int(value.value), 0)
            if isinstance(value, VariableNode):
                given = self.variables.get(value.name.value)
                return max(given, 0) if isinstance(given, int) else self.max_page
            return self.max_page
        return DEFAULT_PAGE if self.is_connection(node) else None

    def is_connection(self, node: FieldNode) -> bool:
        """Whether a field's selection pages through items (edges or nodes)."""
        assert node.selection_set is not None
        return self._has_items(node.selection_set, frozenset())

    def _has_items(self, selection_set: SelectionSetNode, seen: frozenset[str]) -> bool:
        key = id(selection_set)
        if key not in self._has:
            self._has[key] = any(
                selection.name.value in ITEM_FIELDS
                if isinstance(selection, FieldNode)
                else (inner := self._fragment(selection, seen)) is not None
                and self._has_items(*inner)
                for selection in selection_set.selections
            )
        return self._has[key]

    def _fragment(
        self, selection: Any, seen: frozenset[str]
    ) -> tuple[SelectionSetNode, frozenset[str]] | None:
        """The selection set a fragment (inline or spread) stands for; None for a field,
        an unknown fragment or a cycle (which validation refuses anyway)."""
        if isinstance(selection, InlineFragmentNode):
            return selection.selection_set, seen
        if isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in self.fragments and name not in seen:
                return self.fragments[name].selection_set, seen | {name}
        return None

    def cost(self, selection_set: SelectionSetNode, multiplier: int) -> int:
        """Fields resolved under ``selection_set`` when it is resolved ``multiplier`` times."""
        return multiplier * self._unit(selection_set, page=0, seen=frozenset())

    def _unit(self, selection_set: SelectionSetNode, page: int, seen: frozenset[str]) -> int:
        """Fields under a selection set resolved once; with ``page`` > 0 it is a
        connection's, whose items (edges, nodes) count ``page`` times each."""
        key = (id(selection_set), page)
        if key in self._units:
            return self._units[key]
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                times = page if page and selection.name.value in ITEM_FIELDS else 1
                total += times
                if selection.selection_set is not None:
                    total += self.inside(selection, times)
            elif (inner := self._fragment(selection, seen)) is not None:
                total += self._unit(inner[0], page, inner[1])
        self._units[key] = total
        return total

    def inside(self, node: FieldNode, multiplier: int) -> int:
        """Fields resolved inside ``node`` (resolved ``multiplier`` times). A connection's
        page multiplies its items (edges, nodes), not its totalCount or pageInfo; any
        other list's page multiplies all it holds."""
        assert node.selection_set is not None
        page = self.page_size(node)
        if page is None:
            return self.cost(node.selection_set, multiplier)
        if not self.is_connection(node):
            return self.cost(node.selection_set, multiplier * page)
        return multiplier * self._unit(node.selection_set, page, frozenset())


class ShapeFirstValidation(ValidationCache):
    """Validation (cached) only for documents of a sane shape: one nested too deep or
    with too many aliases or fields is refused first, since validating a wide document
    is itself costly (overlapping fields are compared pairwise), and so is a number too
    long to convert. Long documents are validated without the cache (see
    ``document_cache.cacheable``)."""

    def on_validate(self) -> Iterator[None]:
        """Refuse by shape, or validate as ``ValidationCache`` does."""
        context = self.execution_context
        settings = getattr(context.context, "settings", None)
        document = context.graphql_document
        refusal = None
        if settings is not None and document is not None:
            refusal = shape_refusal(document, settings) or long_number(document)
        if refusal is not None:
            context.pre_execution_errors = [refusal]
        elif document is not None and not cacheable(document):
            # Validated each time, so the cache holds only short documents.
            context.pre_execution_errors = validate_document(
                context.schema._schema, document, context.validation_rules
            )
        else:
            yield from super().on_validate()
            return
        yield


class QueryCostLimit(SchemaExtension):
    """Refuses, before executing, operations whose estimated cost is above the limit."""

    def on_validate(self) -> Iterator[None]:
        """Measure the document before it runs and refuse it as a validation error would
        be, so queries, mutations and subscriptions alike never start. (Listed after
        ``ValidationCache``, which has validated it by now: a document with validation
        errors keeps those.)"""
        context = self.execution_context
        settings = getattr(context.context, "settings", None)
        document = context.graphql_document
        if settings is not None and document is not None and not context.pre_execution_errors:
            variables = context.variables or {}
            error = _cost_refusal(document, context.operation_name, variables, settings)
            if error is not None:
                context.pre_execution_errors = [error]
        yield


def shape_refusal(document: DocumentNode, settings: Any) -> GraphQLError | None:
    """QUERY_TOO_COMPLEX for a document nested too deep or with too many aliases or
    fields; None if its shape is within the limits. Linear, and needs no schema."""
    shape = document_shape(document)
    deepest, aliases, fields = shape.deepest, shape.aliases, shape.fields
    checks = [
        ("depth", deepest, settings.max_depth, f"This query nests fields {deepest} deep",
         "Ask for the inner parts in a separate query, starting from their ids."),
        ("aliases", aliases, settings.max_aliases, f"This query uses {aliases} aliases",
         "Send several smaller queries, or use a list field with a filter instead."),
        ("fields", fields, settings.max_fields, f"This query selects {fields} fields",
         "Split it into several queries, or use fragments for what repeats."),
    ]  # fmt: skip
    for name, value, limit, said, advice in checks:
        if value > limit:
            message = f"{said}; the server allows {limit}. {advice}"
            return _too_complex(message, **{name: value, "limit": limit})
    return None


def _cost_refusal(
    document: DocumentNode, operation: str | None, variables: Mapping[str, Any], settings: Any
) -> GraphQLError | None:
    cost = estimate_cost(document, operation, variables, settings.max_page_size)
    if cost > settings.max_query_cost:
        return _too_complex(
            f"This query could return about {cost:,} fields; the server allows "
            f"{settings.max_query_cost:,}. Ask for smaller pages (first/last), fewer nested "
            "lists, or page through the inner lists in separate queries.",
            cost=cost,
            limit=settings.max_query_cost,
        )
    return None


def _too_complex(message: str, **details: int) -> GraphQLError:
    return GraphQLError(message, extensions={"code": ErrorCode.QUERY_TOO_COMPLEX.value, **details})
