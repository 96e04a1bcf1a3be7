"""The GraphQL schema: thin Strawberry types and resolvers over the store interface."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import AddValidationRules
from strawberry.extensions.tracing import OpenTelemetryExtension
from strawberry.tools import merge_types

from graph_api.schema.analytics import AnalyticsQuery
from graph_api.schema.analytics_gate import take_turns
from graph_api.schema.changes import HistoryQuery
from graph_api.schema.document_cache import DOCUMENT_CACHE_SIZE, CachedParsing
from graph_api.schema.entities import ENTITY_TYPES
from graph_api.schema.errors import ErrorCodes
from graph_api.schema.exports import ExportQuery
from graph_api.schema.limits import QueryCostLimit, ShapeFirstValidation
from graph_api.schema.mutations import Mutation
from graph_api.schema.notes import ResponseNotes
from graph_api.schema.operation_metrics import OperationMetrics
from graph_api.schema.permissions import guard_fields
from graph_api.schema.query import EntityQuery
from graph_api.schema.request_checks import RequestChecks
from graph_api.schema.search import SearchQuery
from graph_api.schema.socket_bookmarks import SocketBookmarks
from graph_api.schema.socket_limits import SocketOperationLimits
from graph_api.schema.subscriptions import Subscription
from graph_api.schema.viewer import ViewerQuery
from graph_api.tracing import no_argument_values


class GraphSchema(strawberry.Schema):
    """The Strawberry schema, minus its default error logging: the ``ErrorCodes``
    extension logs unexpected errors with their traceback, and user errors (bad input,
    unknown ids) are answers, not incidents."""

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Leave logging to ``ErrorCodes``."""


# Each feature module owns one root type; they are merged into the schema's Query.
# A feature adds its class here (and its Mutation/Subscription types below).
QUERY_PARTS: tuple[type, ...] = (
    EntityQuery,
    SearchQuery,
    AnalyticsQuery,
    HistoryQuery,
    ExportQuery,
    ViewerQuery,
)


def _no_introspection() -> AddValidationRules:
    return AddValidationRules([NoSchemaIntrospectionCustomRule])


def _traced() -> OpenTelemetryExtension:
    return OpenTelemetryExtension(arg_filter=no_argument_values)


def build_schema(introspection: bool = True, tracing: bool = False) -> strawberry.Schema:
    """The schema the service serves (also printed by ``graph-api schema``); with
    ``introspection`` off, queries of ``__schema`` and ``__type`` are refused; with
    ``tracing``, OpenTelemetry spans for the operation and its resolvers."""
    query = merge_types("Query", QUERY_PARTS)
    query.__strawberry_definition__.description = (  # type: ignore[attr-defined]
        "Read the collaboration graph: entities, search and analytics."
    )
    entity_types = list(ENTITY_TYPES.values())
    guard_fields([query, Mutation, Subscription, *entity_types])
    take_turns(query, AnalyticsQuery)
    return GraphSchema(
        query=query,
        mutation=Mutation,
        subscription=Subscription,
        types=entity_types,
        extensions=[
            # Front ends send the same few documents over and over: parse and validate
            # each once (bounded LRU caches, so distinct hostile texts cannot grow them).
            OperationMetrics,  # first, so it sees the errors as ErrorCodes leaves them
            CachedParsing,
            lambda: ShapeFirstValidation(maxsize=DOCUMENT_CACHE_SIZE),
            RequestChecks,  # after the validation cache, which sets the errors it found
            SocketOperationLimits,
            SocketBookmarks,
            *([] if introspection else [_no_introspection]),
            QueryCostLimit,
            ResponseNotes,
            ErrorCodes,
            *([_traced] if tracing else []),
        ],
    )


__all__ = ["build_schema"]
