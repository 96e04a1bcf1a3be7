"""One round trip per root field: read an entity's nested lists together with it.

Without this, a query such as ``event { attendees { ... on Enterprise { offers } } }``
costs one store query per level (the entity, then its attendees, then their offers),
each batched by a DataLoader. Here the root resolver looks at its own selection, turns
every nested ``linked_list``/``linked_one`` field into a :class:`NestedList` with the
very arguments its resolver will use, and asks the store for the entity and all of
those lists at once (``GraphStore.fetch_nested``). The pages are primed into the
DataLoaders the nested resolvers call, so they find their answers waiting and the
resolvers, cursors and errors stay exactly as they were.

Whatever this cannot plan safely is left to the DataLoaders: lists paged with a
cursor or from the end (their window depends on the owner), arguments the resolver
will refuse (it reports the error), fields under @skip/@include, and stores that
cannot nest (the embedded store answers ``fetch_nested`` with None).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLObjectType,
    GraphQLResolveInfo,
    InlineFragmentNode,
    SelectionSetNode,
    Undefined,
    get_named_type,
    value_from_ast,
)

from graph_api.auth.identity import Identity
from graph_api.domain import AttendanceRole, Evidence
from graph_api.errors import GraphApiError
from graph_api.schema.connections import asks_total_count
from graph_api.schema.context import GraphContext
from graph_api.schema.linked import LINKED_FIELDS, LinkedField, link_view, name_words
from graph_api.schema.pagination import DEFAULT_PAGE_SIZE, PageRequest, check_page_request
from graph_api.schema.permissions import FIELD_ROLES
from graph_api.store.base import NestedList

# How deep lists may nest and still be read ahead; deeper ones use the DataLoaders.
MAX_NESTING = 4
_DEFINITION = "strawberry-definition"  # where Strawberry keeps a field's definition


async def prefetch(info: Any, ids: Sequence[str], items: bool = False) -> None:
    """Read the nodes ``ids`` and the nested lists the current field selects under them
    in one query, and prime the request's DataLoaders with the answer. ``items``: the
    field is a connection (``edges { node }``) of these nodes, not one of them."""
    context: GraphContext = info.context
    if not context.store.reads_nested or not ids:
        return
    raw: GraphQLResolveInfo[Any] = info._raw_info
    owner_type = get_named_type(raw.return_type)
    selections = [node.selection_set for node in raw.field_nodes if node.selection_set]
    if items:
        owner_type, selections = _items_of(owner_type, selections)
    planner = _Planner(raw, context.settings.max_page_size, context.identity)
    lists = tuple(
        dict.fromkeys(
            nested
            for selection in selections
            for nested in planner.lists_in(owner_type.name, selection, depth=1)
        )
    )
    if not lists:
        return
    answer = await context.store.fetch_nested(ids, lists)
    if answer is None:
        return
    for node_id in ids:
        context.nodes.prime(node_id, answer.nodes.get(node_id))
    for page in answer.pages:
        context.neighbours(*page.list.key).prime(page.owner_id, page.page)


def _items_of(
    connection: Any, selections: list[SelectionSetNode]
) -> tuple[Any, list[SelectionSetNode]]:
    """The item type of a connection type and the selections made on its items."""
    edge_type = get_named_type(connection.fields["edges"].type)
    item_type = get_named_type(edge_type.fields["node"].type)
    found: list[SelectionSetNode] = []
    for selection in selections:
        for edges in _plain_fields(selection, "edges"):
            for node in _plain_fields(edges.selection_set, "node"):
                if node.selection_set:
                    found.append(node.selection_set)
    return item_type, found


def _plain_fields(selection: SelectionSetNode | None, name: str) -> list[FieldNode]:
    """The fields called ``name`` selected directly (no fragment, no directive)."""
    if selection is None:
        return []
    return [
        field
        for field in selection.selections
        if isinstance(field, FieldNode) and field.name.value == name and not field.directives
    ]


class _Planner:
    """Turns selections into NestedLists, skipping whatever it cannot plan safely."""

    def __init__(
        self, raw: GraphQLResolveInfo[Any], max_page_size: int, identity: Identity
    ) -> None:
        self.raw, self.max_page_size, self.identity = raw, max_page_size, identity

    def lists_in(self, type_name: str, selection: SelectionSetNode, depth: int) -> list[NestedList]:
        """The nested lists selected on an object of ``type_name`` (fragments included)."""
        found: list[NestedList] = []
        for item in selection.selections:
            if item.directives:
                continue  # @skip/@include: left to the resolvers
            if isinstance(item, FieldNode):
                nested = self.linked(type_name, item, depth)
                found += [nested] if nested else []
            elif isinstance(item, InlineFragmentNode):
                condition = item.type_condition.name.value if item.type_condition else type_name
                found += self.lists_in(condition, item.selection_set, depth)
            elif isinstance(item, FragmentSpreadNode):
                fragment = self.raw.fragments.get(item.name.value)
                if fragment is not None:
                    condition = fragment.type_condition.name.value
                    found += self.lists_in(condition, fragment.selection_set, depth)
        return found

    def linked(self, type_name: str, node: FieldNode, depth: int) -> NestedList | None:
        """The NestedList a field stands for, with its children; None if it is not a
        linked field or cannot be read ahead."""
        owner = self.raw.schema.get_type(type_name)
        if not isinstance(owner, GraphQLObjectType):
            return None  # an interface's fields carry no resolver of ours
        field = owner.fields.get(node.name.value)
        spec = _spec(field) if field is not None else None
        if field is None or spec is None:
            return None
        needed = FIELD_ROLES.get(type_name, {}).get(node.name.value)
        if needed is not None and not self.identity.allows(needed):
            return None  # refused by its resolver: nothing of it is read
        try:
            arguments = _arguments(field, node, self.raw.variable_values)
            nested = None if arguments is None else self.request(spec, arguments, node)
        except (GraphApiError, GraphQLError, ValueError, TypeError):
            return None  # the resolver will report the problem in its own words
        if nested is None or depth >= MAX_NESTING or node.selection_set is None:
            return nested
        item_type: Any = get_named_type(field.type)
        selections = [node.selection_set]
        if not spec.single:
            item_type, selections = _items_of(item_type, selections)
        children = [
            child
            for selection in selections
            for child in self.lists_in(item_type.name, selection, depth + 1)
        ]
        return replace(nested, children=tuple(dict.fromkeys(children)))

    def request(
        self, spec: LinkedField, args: dict[str, Any], node: FieldNode
    ) -> NestedList | None:
        """The arguments the field's resolver passes to its DataLoader, or None when
        its window depends on the owner (cursors, or counting from the end)."""
        if spec.single:
            as_of = args.get("asOf")
            if as_of is not None and not isinstance(as_of, dt.date):
                return None  # not what the resolver will see; let it speak for itself
            view = link_view(as_of, None, None)
            return NestedList(
                spec.rel_type,
                spec.direction,
                spec.kinds,
                limit=1,
                view=view,
                counted=False,
                follows_chart=spec.follows_chart,
            )
        if any(args.get(name) is not None for name in ("after", "before", "last")):
            return None
        first, as_of = args.get("first"), args.get("asOf")
        if as_of is not None and not isinstance(as_of, dt.date):
            return None  # not what the resolver will see; let it speak for itself
        check_page_request(PageRequest(first=first), self.max_page_size)
        evidence = args.get("evidence")
        view = link_view(
            as_of,
            args.get("minConfidence"),
            None if evidence is None else [Evidence(value) for value in evidence],
        )
        role = args.get("role")
        text = args.get("nameContains")
        return NestedList(
            spec.rel_type,
            spec.direction,
            spec.kinds,
            role=None if role is None else AttendanceRole(role).value,
            limit=DEFAULT_PAGE_SIZE if first is None else int(first),
            view=view,
            counted=asks_total_count([node], self.raw.fragments),
            words=name_words(text if isinstance(text, str) else None),
            follows_chart=spec.follows_chart,
        )


def _arguments(field: GraphQLField, node: FieldNode, variables: Any) -> dict[str, Any] | None:
    """The field's arguments as given (variables filled in), or None if one will not
    coerce: the resolver then reports it."""
    values = variables if isinstance(variables, dict) else variables.coerced
    found: dict[str, Any] = {}
    for argument in node.arguments or ():
        definition = field.args.get(argument.name.value)
        if definition is None:
            return None
        value = value_from_ast(argument.value, definition.type, values)
        if value is Undefined:
            return None
        found[argument.name.value] = value
    return found


def _spec(field: GraphQLField) -> LinkedField | None:
    definition = (field.extensions or {}).get(_DEFINITION)
    resolver = getattr(getattr(definition, "base_resolver", None), "wrapped_func", None)
    return LINKED_FIELDS.get(resolver) if resolver is not None else None
