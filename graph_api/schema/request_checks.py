"""Requests the schema refuses before anything runs, for what they are rather than for
their size (``graph_api.schema.limits`` handles size): a subscription sent over plain
HTTP, which cannot stream, and variables holding text that is not text (a lone UTF-16
surrogate, which JSON can carry and the stores cannot take). Both are BAD_USER_INPUT
with a message that says what to send instead, never an INTERNAL_ERROR.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from starlette.websockets import WebSocket
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from graph_api.errors import ErrorCode


class RequestChecks(SchemaExtension):
    """Refuses, as a validation error would be, requests that could only fail later."""

    def on_validate(self) -> Iterator[None]:
        """Check the request once it has parsed; a refusal means nothing runs."""
        context = self.execution_context
        if context.graphql_document is not None and not context.pre_execution_errors:
            broken = _lone_surrogate(context.variables or {})
            if broken:
                context.pre_execution_errors = [_not_text(*broken)]
            elif _over_http(context):
                context.pre_execution_errors = [_subscription_over_http()]
        yield


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
