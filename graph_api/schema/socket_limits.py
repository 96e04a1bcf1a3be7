"""The request limits for operations sent over an open WebSocket.

Over HTTP each request passes the address limits (``graph_api.rate_limits``) and the
caller limits (``graph_api.caller_limits``) before it is read. Over WebSocket only the
handshake passes them; after it, one connection may send any number of queries and
mutations. This extension applies the same allowances to each of them: every operation
counts against its address's and its caller's requests a minute, and a query or
mutation holds one of their in-flight places while it runs (a subscription holds a
subscription place instead, ``graph_api.schema.subscriptions``). A refusal is
``RATE_LIMITED`` on that operation, as an error message on the socket; the connection
stays open. Each operation also checks the socket's credentials again
(``graph_api.auth.recheck``): a key revoked or a token expired since the handshake gets
``UNAUTHENTICATED``.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator

from graphql import GraphQLError
from starlette.websockets import WebSocket
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext
from strawberry.types.graphql import OperationType

from graph_api.caller_limits import caller_of
from graph_api.errors import GraphApiError
from graph_api.rate_limits import address_of
from graph_api.schema.context import GraphContext


class SocketOperationLimits(SchemaExtension):
    """Refuses, before it runs, an operation over WebSocket past its sender's limits."""

    _refusal: GraphApiError | None = None
    _places: contextlib.ExitStack | None = None

    async def on_operation(self) -> AsyncIterator[None]:
        """Count the operation a minute; give back its in-flight places when it ends."""
        context = self.execution_context.context
        if not isinstance(context, GraphContext) or not isinstance(context.request, WebSocket):
            yield  # over HTTP the endpoint and the middleware have counted it already
            return
        address = address_of(context.request.scope)
        if context.credentials is not None:  # a key revoked since the handshake, say
            try:
                await context.credentials.ensure()
            except GraphApiError as refused:
                self._refusal = refused
        if self._refusal is None and context.address_limits is not None:
            self._refusal = await context.address_limits.refusal(address)
        if self._refusal is None and context.caller_limits is not None:
            self._refusal = await context.caller_limits.refusal(caller_of(context.identity))
        with contextlib.ExitStack() as self._places:
            yield

    def on_validate(self) -> Iterator[None]:
        """Refuse a counted-out operation; hold places for a query or mutation."""
        context = self.execution_context
        if self._places is not None and not context.pre_execution_errors:
            if self._refusal is None and not _is_subscription(context):
                self._refusal = _take_places(self._places, context.context)
            if self._refusal is not None:
                context.pre_execution_errors = [_refused(self._refusal)]
        yield


def _is_subscription(context: ExecutionContext) -> bool:
    try:
        return context.operation_type is OperationType.SUBSCRIPTION
    except Exception:  # no single operation to name: validation reports that itself
        return False


def _take_places(places: contextlib.ExitStack, context: GraphContext) -> GraphApiError | None:
    """One in-flight place for the address and one for the caller, or the refusal."""
    try:
        if context.address_limits is not None:
            places.enter_context(context.address_limits.request(address_of(context.request.scope)))
        if context.caller_limits is not None:
            places.enter_context(context.caller_limits.request(caller_of(context.identity)))
    except GraphApiError as too_many:
        return too_many
    return None


def _refused(refusal: GraphApiError) -> GraphQLError:
    return GraphQLError(refusal.message, extensions={"code": refusal.code.value, **refusal.details})
