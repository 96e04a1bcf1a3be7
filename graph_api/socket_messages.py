"""The shape of each graphql-transport-ws message, checked before Strawberry reads it.

Strawberry takes a subscribe message's ``id`` and ``payload`` as they come: an ``id``
that is an object, or a ``payload`` that is a list, once dropped the connection with a
server-side exception (close code 1006), and a ``query`` that is a number or
``variables`` that are text ended the operation with no error. The protocol's answer to
a message that breaks it is to close the socket with code 4400 and a reason
(https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md); a close reason has
room for 123 bytes, so each reason here is short.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)

from graph_api.schema.context import GraphContext

MAX_ID_CHARS = 128


class CheckedTransportWS(BaseGraphQLTransportWSHandler[GraphContext, None]):
    """Strawberry's graphql-transport-ws handler, closing with 4400 on a malformed message,
    and giving each operation a context of its own (``GraphContext.for_operation``)."""

    _connection: GraphContext | None = None

    async def run_operation(self, operation: Operation[GraphContext, None]) -> None:
        """Run the operation as Strawberry does, with a fresh context: Strawberry reads
        ``self.context`` as the operation starts, before its first wait."""
        if self._connection is None:
            self._connection = self.context
        self.context = self._connection.for_operation()
        await super().run_operation(operation)

    async def handle_message(self, message: Any) -> None:
        """Check the message's shape, then handle it as Strawberry does."""
        problem = message_problem(message)
        if problem is not None:
            await self.handle_invalid_message(problem)
            return
        await super().handle_message(message)


def message_problem(message: Mapping[str, Any]) -> str | None:
    """Why ``message`` breaks the protocol's shapes, in a few words; None if it does not."""
    kind = message.get("type")
    if not isinstance(kind, str):
        return "A message's type must be text"
    if kind in ("subscribe", "complete"):
        ident = message.get("id")
        if not isinstance(ident, str) or not 0 < len(ident) <= MAX_ID_CHARS:
            return f"A {kind} message's id must be text of 1-{MAX_ID_CHARS} characters"
    if kind != "subscribe":
        return None
    payload = message.get("payload")
    if not isinstance(payload, dict):
        return "A subscribe message's payload must be an object"
    if not isinstance(payload.get("query"), str):
        return "A subscribe payload's query must be text"
    for name, wanted in (("variables", dict), ("extensions", dict), ("operationName", str)):
        value = payload.get(name)
        if value is not None and not isinstance(value, wanted):
            kind_of = "an object" if wanted is dict else "text"
            return f"A subscribe payload's {name} must be {kind_of} or null"
    return None
