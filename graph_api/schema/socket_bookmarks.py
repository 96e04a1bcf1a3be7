"""Read your own writes over a WebSocket (``graph_api.read_your_writes`` over HTTP).

An operation on a socket comes after the writes the socket made before (their bookmarks
are kept on the connection) and after the tokens its client sent: in the handshake's
``Graph-Bookmark`` header, or, from a browser, which cannot set a socket's headers, as
``graphBookmark`` in the ``connection_init`` payload. An operation that wrote answers
with the token for its writes in ``extensions.graphBookmark`` (where the operator has
set ``GRAPH_API_BOOKMARK_KEY``), for the client to send to other processes over HTTP or
another socket. A token the deployment did not give is ``BAD_USER_INPUT`` on the
operation; the socket stays open.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from graphql import GraphQLError
from starlette.websockets import WebSocket
from strawberry.extensions import SchemaExtension

from graph_api.errors import GraphApiError
from graph_api.read_your_writes import HEADER, BookmarkSeal
from graph_api.schema.context import GraphContext
from graph_api.store.causality import MAX_WRITTEN, Causality, causality

PAYLOAD_KEY = "graphBookmark"  # in connection_init's payload, and in extensions


class SocketBookmarks(SchemaExtension):
    """Serves a WebSocket operation after the socket's and its client's bookmarks, and
    answers a write with its token."""

    _place: Causality | None = None
    _refusal: GraphApiError | None = None

    async def on_operation(self) -> AsyncIterator[None]:
        """Open the operation's place in the store's history around its execution."""
        context = self.execution_context.context
        if not isinstance(context, GraphContext) or not isinstance(context.request, WebSocket):
            yield  # over HTTP the endpoint does this (read_your_writes)
            return
        try:
            sent = BookmarkSeal.for_settings(context.settings).bookmarks(_tokens(context))
        except GraphApiError as refusal:
            self._refusal = refusal
            yield
            return
        after = dict.fromkeys([*context.socket_written, *sent])
        with causality(tuple(after)) as self._place:
            yield
        if self._place.written:  # the socket's next operations come after these
            kept = [*context.socket_written, *self._place.written][-MAX_WRITTEN:]
            context.socket_written[:] = list(dict.fromkeys(kept))

    def on_validate(self) -> Iterator[None]:
        """Refuse an operation whose socket sent a token this deployment did not give."""
        if self._refusal is not None and not self.execution_context.pre_execution_errors:
            refusal = self._refusal
            self.execution_context.pre_execution_errors = [
                GraphQLError(
                    refusal.message,
                    extensions={"code": refusal.code.value, **refusal.details},
                )
            ]
        yield

    def get_results(self) -> dict[str, Any]:
        """``graphBookmark``: the token for the operation's writes, if it made any."""
        context = self.execution_context.context
        if self._place is None or not self._place.written:
            return {}
        token = BookmarkSeal.for_settings(context.settings).token(self._place.written)
        return {PAYLOAD_KEY: token} if token else {}


def _tokens(context: GraphContext) -> list[str]:
    values = list(context.request.headers.getlist(HEADER))
    params = context.connection_params
    if isinstance(params, dict) and isinstance(params.get(PAYLOAD_KEY), str):
        values.append(params[PAYLOAD_KEY])
    return values
