"""Requests the schema refuses before anything runs, for what they send rather than for
the size of their selection (``graph_api.schema.limits`` handles that): a subscription
sent over plain HTTP, which cannot stream; variables holding text that is not text (a
lone UTF-16 surrogate, which JSON can carry and the stores cannot take); and a list
longer than ``Settings.max_list_items``, in the variables or written in the document
(a filter of 100,000 ids was bounded only by the body's size). Each is BAD_USER_INPUT
with a message that says what to send instead, never an INTERNAL_ERROR.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FloatValueNode,
    GraphQLError,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    Visitor,
    visit,
)
from starlette.websockets import WebSocket
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from graph_api.client_json import MAX_NUMBER_CHARS
from graph_api.errors import ErrorCode
from graph_api.schema.document_cache import PerDocumentText


class RequestChecks(SchemaExtension):
    """Refuses, as a validation error would be, requests that could only fail later."""

    def on_validate(self) -> Iterator[None]:
        """Check the request once it has parsed; a refusal means nothing runs."""
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not context.pre_execution_errors:
            variables = context.variables or {}
            settings = getattr(context.context, "settings", None)
            limit = settings.max_list_items if settings is not None else 0
            broken = _lone_surrogate(variables)
            # The name the request gave: Strawberry's operation_name falls back to the
            # first operation's, which would hide a missing one.
            unnamed = _unnamed_choice(document, context._provided_operation_name)
            if unnamed:
                context.pre_execution_errors = [unnamed]
            elif broken:
                context.pre_execution_errors = [_not_text(*broken)]
            elif limit and (long := _long_list(variables, document, limit)):
                context.pre_execution_errors = [_too_many_items(*long, limit)]
            elif _over_http(context):
                context.pre_execution_errors = [_subscription_over_http()]
        yield


def _unnamed_choice(document: DocumentNode, operation_name: str | None) -> GraphQLError | None:
    """BAD_USER_INPUT for a document of several operations sent without operationName:
    GraphQL requires the name then (Strawberry ran the first one)."""
    if operation_name is not None:
        return None
    names = [
        (d.name.value if d.name else "(unnamed)")
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    ]
    if len(names) < 2:
        return None
    return GraphQLError(
        f"The document holds {len(names)} operations ({', '.join(names)}); set "
        "operationName to the one to run.",
        extensions={"code": ErrorCode.BAD_USER_INPUT.value},
    )


def _over_http(context: Any) -> bool:
    """A subscription sent as a plain HTTP request (GET or POST), which cannot stream."""
    try:
        subscription = context.operation_type is OperationType.SUBSCRIPTION
    except Exception:  # no single operation to name: validation reports that itself
        return False
    request = getattr(context.context, "request", None)
    return subscription and request is not None and not isinstance(request, WebSocket)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogate(value: Any, path: str = "") -> tuple[str, str] | None:
    """The first variable (as a path) whose text holds a lone UTF-16 surrogate, and it.
    JSON can carry one (an unpaired \\ud800 escape), but it is not a character, and the
    stores cannot take it."""
    if isinstance(value, str):
        found = _SURROGATE.search(value)
        return (path, f"U+{ord(found.group()):04X}") if found else None
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, item in items:
        hit = _lone_surrogate(item, f"{path}.{key}" if path else f"${key}")
        if hit:
            return hit
    return None


def _long_list(variables: Any, document: DocumentNode, limit: int) -> tuple[str, int] | None:
    """Where the first list longer than ``limit`` is (a variable's path, or 'line L' of
    the document) and its length; None if every list fits."""
    pending: list[tuple[str, Any]] = [
        (f"Variable ${name}", value) for name, value in variables.items()
    ]
    while pending:
        where, value = pending.pop()
        if isinstance(value, list):
            if len(value) > limit:
                return where, len(value)
            pending.extend((f"{where}.{index}", item) for index, item in enumerate(value))
        elif isinstance(value, dict):
            pending.extend((f"{where}.{key}", item) for key, item in value.items())
    node = written_extremes(document).longest_list
    if node is None or len(node.values) <= limit:
        return None
    if node.loc is None:
        return "a list in the query", len(node.values)
    line = node.loc.source.get_location(node.loc.start).line
    return f"The list on line {line} of the query", len(node.values)


def long_number(document: DocumentNode) -> GraphQLError | None:
    """BAD_USER_INPUT for a number written in the document longer than any Int or Float
    needs (``MAX_NUMBER_CHARS``), which graphql-core's validation cannot convert (a
    5,000-digit Int was an INTERNAL_ERROR); None if every number fits. Run before
    validation."""
    node = written_extremes(document).longest_number
    if node is None or len(node.value) <= MAX_NUMBER_CHARS:
        return None
    line = node.loc.source.get_location(node.loc.start).line if node.loc else 0
    return GraphQLError(
        f"The number on line {line} of the query has {len(node.value)} characters; "
        f"numbers may have at most {MAX_NUMBER_CHARS}. Write a smaller number, or send "
        "an identifier as a string.",
        extensions={"code": ErrorCode.BAD_USER_INPUT.value},
    )


@dataclass(frozen=True)
class WrittenExtremes:
    """The longest list and the longest number written in a document (None: none)."""

    longest_list: ListValueNode | None
    longest_number: IntValueNode | FloatValueNode | None


def _walk(document: DocumentNode) -> WrittenExtremes:
    found = _Extremes()
    visit(document, found)
    return WrittenExtremes(found.longest_list, found.longest_number)


# The longest list and number written in a document, from one walk of it, kept per
# document text (two walks were 7% of a lookup's time).
written_extremes = PerDocumentText(_walk)


class _Extremes(Visitor):
    """Finds the longest list and the longest number written in a document."""

    longest_list: ListValueNode | None = None
    longest_number: IntValueNode | FloatValueNode | None = None

    def enter_list_value(self, node: ListValueNode, *_: Any) -> None:
        """Keep the longest list seen."""
        if self.longest_list is None or len(node.values) > len(self.longest_list.values):
            self.longest_list = node

    def enter_int_value(self, node: IntValueNode, *_: Any) -> None:
        """Keep the longest number seen."""
        self._keep_number(node)

    def enter_float_value(self, node: FloatValueNode, *_: Any) -> None:
        """Keep the longest number seen."""
        self._keep_number(node)

    def _keep_number(self, node: IntValueNode | FloatValueNode) -> None:
        if self.longest_number is None or len(node.value) > len(self.longest_number.value):
            self.longest_number = node


def _too_many_items(where: str, items: int, limit: int) -> GraphQLError:
    return GraphQLError(
        f"{where} holds {items} items; the server takes at most {limit} in one list. "
        "Send the rest in further requests, or narrow the question with a filter.",
        extensions={"code": ErrorCode.BAD_USER_INPUT.value, "items": items, "limit": limit},
    )


def _not_text(where: str, code_point: str) -> GraphQLError:
    return GraphQLError(
        f"Variable {where} holds a lone surrogate ({code_point}), which is not a character. "
        "Send the text as valid Unicode (in JSON, surrogates only in pairs).",
        extensions={"code": ErrorCode.BAD_USER_INPUT.value, "variable": where},
    )


def _subscription_over_http() -> GraphQLError:
    return GraphQLError(
        "Subscriptions are answered over a WebSocket at /graphql (the graphql-transport-ws "
        "protocol), not over a plain HTTP request. Open a WebSocket, or ask with a query.",
        extensions={"code": ErrorCode.BAD_USER_INPUT.value},
    )
