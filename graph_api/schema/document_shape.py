"""The shape of a query document as written: how deep it nests fields, how many aliases
and fields it holds. The cost limits (``graph_api.schema.limits``) refuse a document
by its shape before validating it, since validating a wide document is itself costly;
a document's shape is measured once per text (``PerDocumentText``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

from graph_api.schema.document_cache import PerDocumentText


@dataclass(frozen=True)
class DocumentShape:
    """How deep a document nests fields, and how many aliases and fields it writes."""

    deepest: int
    aliases: int
    fields: int


def _measure_shape(document: DocumentNode) -> DocumentShape:
    deepest, aliases = depth_and_aliases(document)
    return DocumentShape(deepest, aliases, field_count(document))


# Kept per document text: the walks were 7% of a lookup's time, on every request.
document_shape = PerDocumentText(_measure_shape)


def depth_and_aliases(document: DocumentNode) -> tuple[int, int]:
    """The deepest nesting of fields in any operation (through fragments) and how many
    aliases the document holds: each fragment is measured once, so this is linear."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    depths: dict[int, int] = {}

    def depth(selection_set: SelectionSetNode, seen: frozenset[str]) -> int:
        key = id(selection_set)
        if key not in depths:
            deepest = 0
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode):
                    inner = depth(selection.selection_set, seen) if selection.selection_set else 0
                    deepest = max(deepest, 1 + inner)
                elif isinstance(selection, InlineFragmentNode):
                    deepest = max(deepest, depth(selection.selection_set, seen))
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    if name in fragments and name not in seen:
                        deepest = max(deepest, depth(fragments[name].selection_set, seen | {name}))
            depths[key] = deepest
        return depths[key]

    deepest = max(
        (
            depth(d.selection_set, frozenset())
            for d in document.definitions
            if isinstance(d, OperationDefinitionNode)
        ),
        default=0,
    )
    return deepest, sum(1 for node in _field_nodes(document) if node.alias is not None)


def field_count(document: DocumentNode) -> int:
    """How many fields the document selects as written (a fragment's once, however
    often it is spread): what parsing and validating it costs, before any answer."""
    return sum(1 for _ in _field_nodes(document))


def _field_nodes(document: DocumentNode) -> Iterator[FieldNode]:
    pending: list[SelectionSetNode] = [
        d.selection_set
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode | FragmentDefinitionNode)
    ]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                yield selection
            inner: SelectionSetNode | None = getattr(selection, "selection_set", None)
            if inner is not None:
                pending.append(inner)
