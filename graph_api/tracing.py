"""Optional OpenTelemetry traces: one trace per request, from the HTTP request through
the GraphQL operation and its resolvers down to each Cypher query sent to the store.

Off unless ``GRAPH_API_OTEL_TRACES=true``. Then the service installs the OpenTelemetry
SDK with an OTLP/HTTP exporter, configured by the standard variables
(``OTEL_EXPORTER_OTLP_ENDPOINT``, default ``http://localhost:4318``;
``OTEL_EXPORTER_OTLP_HEADERS``; ``OTEL_SERVICE_NAME``, default ``graph-api``; the
sampler ``OTEL_TRACES_SAMPLER``), unless the process already has a tracer provider
(``opentelemetry-instrument`` sets one up). The SDK and exporter are the ``otel`` extra:
``pip install 'graph-api[otel]'``.

What a span holds: the operation's document and name, each resolver's path, the Cypher
query's *name* (its file in ``cypher/``) and the request id (``X-Request-ID``) that the
logs and error answers carry. Never argument values or query parameters: they may hold
personal data (a person's id holds the name) or search text.

With traces off, the spans the store starts are the OpenTelemetry API's no-op ones.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

from opentelemetry import trace
from starlette.middleware import Middleware

from graph_api.request_log import current_request_id

SERVICE_NAME = "graph-api"
_tracer = trace.get_tracer("graph_api")


@contextlib.contextmanager
def store_span(backend: str, query: str) -> Iterator[None]:
    """A span around one store query, named for its Cypher file (``cypher <name>``)."""
    with _tracer.start_as_current_span(
        f"cypher {query}",
        kind=trace.SpanKind.CLIENT,
        attributes={
            "db.system.name": "neo4j" if backend == "neo4j" else "ladybug",
            "db.operation.name": query,
        },
    ):
        yield


def install_tracer_provider() -> None:
    """Export spans over OTLP/HTTP as the OTEL_* variables say, unless a tracer provider
    is installed already (by ``opentelemetry-instrument``, or a test)."""
    if not isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider):
        return
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    name = os.environ.get("OTEL_SERVICE_NAME", SERVICE_NAME)
    provider = TracerProvider(resource=Resource.create({"service.name": name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)


def tracing_middleware() -> Middleware:
    """The OpenTelemetry ASGI middleware: a server span per HTTP request (continuing a
    caller's trace from its ``traceparent`` header), tagged with the request id; placed
    inside ``RequestIds``, which sets that id."""
    from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

    return Middleware(OpenTelemetryMiddleware, server_request_hook=_tag_request_id)


def _tag_request_id(span: Any, _scope: dict[str, Any]) -> None:
    request_id = current_request_id()
    if span is not None and span.is_recording() and request_id:
        span.set_attribute("graph_api.request_id", request_id)


def no_argument_values(_arguments: dict[str, Any], _info: Any) -> dict[str, Any]:
    """Strawberry's resolver spans keep none of the arguments' values (see above)."""
    return {}
