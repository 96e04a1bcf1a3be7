"""The GraphQL endpoint: Strawberry's ASGI view with our per-request context, speaking
GraphQL over HTTP as its specification asks (https://graphql.github.io/graphql-over-http/).

- A client that accepts ``application/graphql-response+json`` gets its answers in that
  media type, and a request that fails before execution (it does not parse, does not
  validate, is too costly, or its variables do not fit) gets HTTP 400 with no ``data``;
  an answer from execution is HTTP 200 even when a field failed. Clients that accept
  only ``application/json`` keep getting 200 with errors in the body, as before.
- A mutation sent with GET is HTTP 405 with ``Allow: POST`` (a GET must change nothing).
- A body that is not JSON, or not a GraphQL request, gets a GraphQL-shaped error with
  the code BAD_USER_INPUT and HTTP 400, never a bare text page.
- An answer that failed only because the store is not answering is HTTP 503 with
  ``Retry-After``, whichever media type, so load balancers and clients can tell.
- Every request is authenticated first (``graph_api.auth``): wrong credentials, or none
  where anonymous access is off, get HTTP 401 ``UNAUTHENTICATED`` (a WebSocket
  handshake is refused) before anything is parsed.

The answers and refusals themselves are written by ``graph_api.graphql_responses``.
"""

from __future__ import annotations

import contextlib
from typing import Any
from urllib.parse import parse_qs

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from graph_api.analytics.turns import AnalyticsGate
from graph_api.auth.identity import ANONYMOUS, Authenticator, Identity, credential_headers
from graph_api.auth.recheck import CredentialCheck
from graph_api.caller_limits import CallerLimits, caller_of
from graph_api.config import Settings
from graph_api.errors import ErrorCode, GraphApiError
from graph_api.graphiql_page import page_response
from graph_api.graphql_responses import (
    as_graphql_response,
    bad_body_message,
    mark_try_again,
    mutation_over_get,
    refusal_response,
    request_error,
    wants_graphql_response,
)
from graph_api.metrics import ServiceMetrics
from graph_api.rate_limits import AddressLimits
from graph_api.read_your_writes import BookmarkSeal, answer_after_bookmarks
from graph_api.request_parsing import StrictRequestParsing
from graph_api.schema import build_schema
from graph_api.schema.context import GraphContext
from graph_api.socket_messages import CheckedTransportWS
from graph_api.store import GraphStore


class GraphQLApp(StrictRequestParsing, GraphQL[GraphContext, None]):
    """Strawberry's ASGI GraphQL view with our per-request context."""

    graphql_transport_ws_handler_class = CheckedTransportWS

    def __init__(
        self,
        store: GraphStore,
        settings: Settings,
        metrics: ServiceMetrics | None = None,
        address_limits: AddressLimits | None = None,
    ) -> None:
        super().__init__(
            build_schema(introspection=settings.introspection, tracing=settings.otel_traces),
            graphql_ide="graphiql" if settings.graphiql else None,
            # Browsers send cookies with a WebSocket handshake from any page, so only
            # the configured origins may open one (a page from the service itself may).
            allowed_origins=settings.cors_origin_list,
            # Files for importRecords (GraphQL multipart requests). Credentials travel only
            # in the Authorization header, which a cross-site form cannot set, so a forged
            # upload is anonymous, and anonymous callers may not write.
            multipart_uploads_enabled=True,
            # The current protocol only: the legacy 'graphql-ws' one is another parser of
            # client messages to harden, and no client of this service needs it.
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        )
        self.store = store
        self.settings = settings
        self.metrics = metrics
        self.authenticator = Authenticator(settings)
        self.bookmark_seal = BookmarkSeal.for_settings(settings)
        self.address_limits = address_limits or AddressLimits(0)
        # Operations on one WebSocket run side by side. Our own limits (per address, per
        # caller, subscriptions per connection) refuse first, with a code; Strawberry's
        # count of one connection's operations (default 100) is only a backstop.
        if settings.max_concurrent_per_address > 0 and settings.max_subscriptions_per_connection:
            self.max_subscriptions_per_connection = (
                settings.max_concurrent_per_address + settings.max_subscriptions_per_connection
            )
        self.analytics_gate = AnalyticsGate.for_settings(settings)
        self.caller_limits = CallerLimits(
            settings.rate_limit_per_key_per_minute,
            in_flight=settings.max_concurrent_per_key,
            subscriptions=settings.max_subscriptions_per_key,
            subscriptions_per_connection=settings.max_subscriptions_per_connection,
        )

    async def render_graphql_ide(self, request: Any) -> Response:
        """GraphiQL from the service's own assets (Strawberry's page loads a CDN)."""
        return page_response()

    async def get_context(self, request: Any, response: Any) -> GraphContext:
        """A fresh context (and fresh DataLoaders) for each request."""
        identity = request.scope.get("state", {}).get(IDENTITY_KEY, ANONYMOUS)
        socket = request.scope.get("type") == "websocket"
        return GraphContext(
            credentials=CredentialCheck(self.authenticator, request.headers) if socket else None,
            store=self.store,
            settings=self.settings,
            request=request,
            metrics=self.metrics,
            identity=identity,
            caller_limits=self.caller_limits,
            address_limits=self.address_limits,
            analytics_gate=self.analytics_gate,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one request; see the module's docstring for the media types."""
        refusal = await self._authenticate(scope)
        if scope["type"] != "http":
            if refusal is not None:
                # Refused before the handshake is accepted: the client sees HTTP 403.
                code = 1013 if refusal.code is ErrorCode.RATE_LIMITED else 4401
                await send({"type": "websocket.close", "code": code, "reason": refusal.message})
                return
            await super().__call__(scope, receive, send)  # subscriptions over WebSocket
            return
        request = Request(scope, receive=receive)
        if refusal is not None:
            await refusal_response(request, refusal)(scope, receive, send)
            return
        with contextlib.ExitStack() as place:
            try:
                place.enter_context(self.caller_limits.request(_caller(scope)))
            except GraphApiError as too_many:  # this caller has too many in flight
                await refusal_response(request, too_many)(scope, receive, send)
                return
            await self._answer(request, scope, receive, send)

    async def _answer(self, request: Request, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            response = await answer_after_bookmarks(
                request, self.bookmark_seal, lambda: self.run(request), request_error
            )
        except HTTPException as error:
            if error.status_code == 400 and error.reason.startswith("mutations are not allowed"):
                response = mutation_over_get(request)
            elif error.status_code == 400:
                response = request_error(request, bad_body_message(error.reason))
            else:
                response = PlainTextResponse(error.reason, status_code=error.status_code)
        finally:
            # Files of a multipart request (importRecords) are spooled to disk: close them
            # whether or not a resolver read them.
            await request.close()
        mark_try_again(response)
        if wants_graphql_response(request):
            response = as_graphql_response(response)
        await response(scope, receive, send)

    async def _authenticate(self, scope: Scope) -> GraphApiError | None:
        """Record the caller's Identity in the scope; the refusal if there is none."""
        if scope["type"] == "http" and _is_ide_page(scope):
            return None  # the IDE's own page holds no data; its queries are checked
        try:
            headers = credential_headers(scope.get("headers", []))
            identity: Identity = await self.authenticator.identify(headers)
        except GraphApiError as refusal:
            return refusal
        scope.setdefault("state", {})[IDENTITY_KEY] = identity
        return await self.caller_limits.refusal(_caller(scope))


def _caller(scope: Scope) -> str:
    return caller_of(scope.get("state", {}).get(IDENTITY_KEY, ANONYMOUS))


IDENTITY_KEY = "graph_api.identity"


def _is_ide_page(scope: Scope) -> bool:
    # Decided on the decoded parameters, as Strawberry reads them: "%71uery=" is a query
    # too, and was once let through unauthenticated as if it asked for the page.
    if scope["method"] != "GET":
        return False
    return "query" not in parse_qs(scope.get("query_string", b"").decode("latin-1"))
