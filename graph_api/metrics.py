"""Prometheus metrics at ``/metrics`` (the ``prometheus-client`` library).

What an operator needs to see the service work: how long GraphQL operations take, by
type and root field (a histogram); the errors answered, by ``extensions.code`` (those of
requests refused before any GraphQL ran, such as RATE_LIMITED or REQUEST_TOO_LARGE,
too); HTTP
responses by path and status (so 413, 429 and 503 show); connections refused before a
request reached the app (``graph_api.header_limits``: headers too slow or too large,
not HTTP); and, read when scraped, the store queries sent by query file and the sizes
of the caches. Labels come only from
closed sets (the schema's root fields, the error codes, the service's own paths), never
from what a client typed, so a hostile client cannot grow the series.

Each app has its own registry: several apps in one process (as in tests) never share
or double-count series. The connections refused are the process's (the server's
protocol counts them, before any app), so every app in a process shows the same.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    ProcessCollector,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import generate_latest
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_api.analytics import hub_links
from graph_api.analytics.answer_cache import kept_answers
from graph_api.analytics.turns import AnalyticsGate
from graph_api.errors import ErrorCode
from graph_api.header_limits import REASONS, REFUSALS
from graph_api.memory import RETURNED
from graph_api.schema.document_cache import cached_documents
from graph_api.schema.operation_metrics import COUNTED
from graph_api.start_up_objects import frozen_objects
from graph_api.store import GraphStore

KNOWN_PATHS = ("/graphql", "/healthz", "/readyz", "/metrics", "/backup", "/")
KNOWN_CODES = frozenset(code.value for code in ErrorCode)
SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class ServiceMetrics:
    """The service's metrics, and the ``/metrics`` endpoint that shows them."""

    def __init__(self, store: GraphStore) -> None:
        self.registry = CollectorRegistry()
        self.operations = Histogram(
            "graph_api_operation_seconds",
            "Time to answer one GraphQL operation, by type and (first) root field.",
            ["type", "field"],
            buckets=SECONDS,
            registry=self.registry,
        )
        self.errors = Counter(
            "graph_api_errors",
            "Errors in GraphQL answers, by extensions.code.",
            ["code"],
            registry=self.registry,
        )
        self.responses = Counter(
            "graph_api_http_responses",
            "HTTP responses, by path and status.",
            ["path", "status"],
            registry=self.registry,
        )
        self.registry.register(_StoreCollector(store))
        self.registry.register(_RefusedConnections())
        self.registry.register(_FrozenObjects())
        # process_resident_memory_bytes and the like, for memory alerts.
        ProcessCollector(registry=self.registry)

    def observe(self, kind: str, field: str, seconds: float, codes: Sequence[str]) -> None:
        """Record one answered operation and the codes of its errors."""
        self.operations.labels(kind, field).observe(seconds)
        for code in codes:
            self.errors.labels(code).inc()

    def watch_gate(self, gate: AnalyticsGate) -> None:
        """Show how the analytics questions' turns are used (``analytics/turns``)."""
        self.registry.register(_GateCollector(gate))

    async def endpoint(self, _: Request) -> Response:
        """``GET /metrics``: every series, in Prometheus' text format."""
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


class _StoreCollector(Collector):
    """Series read from the store and the caches when scraped, not counted twice."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def collect(self) -> Iterator[Metric]:
        queries = CounterMetricFamily(
            "graph_api_store_queries",
            "Queries sent to the store, by query file (round trips).",
            labels=["query"],
        )
        counters = self.store.counters
        for name, count in sorted(counters.by_query.items()):
            queries.add_metric([name], count)
        yield queries
        seconds = CounterMetricFamily(
            "graph_api_store_query_seconds",
            "Time spent waiting for the store, by query file (divide by "
            "graph_api_store_queries_total for the mean).",
            labels=["query"],
        )
        for name, spent in sorted(counters.seconds_by_query.items()):
            seconds.add_metric([name], spent)
        yield seconds
        yield _gauge(
            "graph_api_store_calls_in_flight",
            "Store calls under way: connections of the Neo4j driver's pool in use, or "
            "calls queued for the embedded store's one thread.",
            counters.in_flight,
        )
        yield _gauge(
            "graph_api_cached_documents",
            "Parsed GraphQL documents held in the parse cache.",
            cached_documents(),
        )
        yield _gauge(
            "graph_api_cached_answers",
            "Whole analytics answers kept for paging (analytics/answer_cache.py).",
            kept_answers(),
        )
        yield _gauge(
            "graph_api_kept_hub_links",
            "Links of hubs kept between collaboration-path questions until the next write "
            f"(analytics/hub_links.py; at most {hub_links.LINKS:,}, about 100 bytes each).",
            hub_links.links_kept(self.store),
        )
        returned = CounterMetricFamily(
            "graph_api_memory_returned_bytes",
            "Freed memory given back to the system by trimming the C allocator, as the "
            "fall in resident memory (approximate; graph_api/memory.py).",
        )
        returned.add_metric([], RETURNED.bytes)
        yield returned
        yield _gauge(
            "graph_api_subscriptions",
            "graphChanged subscriptions listening in this process.",
            self.store.change_feed.subscriber_count,
        )


class _GateCollector(Collector):
    """The analytics questions being worked out, and those waiting for a turn."""

    def __init__(self, gate: AnalyticsGate) -> None:
        self.gate = gate

    def collect(self) -> Iterator[Metric]:
        yield _gauge(
            "graph_api_analytics_in_progress",
            "Analytics questions being worked out (at most GRAPH_API_MAX_CONCURRENT_ANALYTICS).",
            self.gate.in_use,
        )
        yield _gauge(
            "graph_api_analytics_waiting",
            "Analytics questions waiting for a turn: always above 0 means the service is "
            "asked more than it can work out (more processes, or a larger limit).",
            self.gate.waiting,
        )


class _RefusedConnections(Collector):
    """Connections the server's protocol refused or closed before a request reached the
    app, by reason (``graph_api.header_limits.REASONS``)."""

    def collect(self) -> Iterator[Metric]:
        refused = CounterMetricFamily(
            "graph_api_connections_refused",
            "Connections refused or closed before a request reached the app, by reason: "
            + "; ".join(f"{reason}: {meaning}" for reason, meaning in REASONS.items())
            + ".",
            labels=["reason"],
        )
        for reason in REASONS:
            refused.add_metric([reason], REFUSALS[reason])
        yield refused


class _FrozenObjects(Collector):
    """Objects start-up made that the garbage collector no longer walks."""

    def collect(self) -> Iterator[Metric]:
        yield _gauge(
            "graph_api_gc_frozen_objects",
            "Objects made at start-up and kept out of the garbage collector's full "
            "collections (0 until a served process has started).",
            frozen_objects(),
        )


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    gauge = GaugeMetricFamily(name, documentation)
    gauge.add_metric([], value)
    return gauge


_REFUSAL_BYTES = 16_384  # a refusal's body is a line or two of JSON; read no more


class HttpMetrics:
    """ASGI middleware: counts every HTTP response by path and status, and the error
    codes of /graphql requests refused before any GraphQL operation ran (a middleware's
    or the endpoint's refusal: rate limits, body limits, credentials, a malformed body)."""

    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = [500]  # what the server answers if the app raises before starting
        refusal = bytearray()

        async def counting(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            elif status[0] >= 400 and len(refusal) < _REFUSAL_BYTES:
                refusal.extend(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, counting)
        finally:
            path = scope.get("path", "")
            label = path if path in KNOWN_PATHS else "other"
            self.metrics.responses.labels(label, str(status[0])).inc()
            if path == "/graphql" and refusal and not scope.get("state", {}).get(COUNTED):
                for code in _refusal_codes(bytes(refusal)):
                    self.metrics.errors.labels(code).inc()


def _refusal_codes(body: bytes) -> list[str]:
    """The error codes of a GraphQL-shaped refusal, from the closed set of our codes."""
    try:
        errors = json.loads(body).get("errors") or []
        codes = [str((error.get("extensions") or {}).get("code")) for error in errors]
    except (ValueError, AttributeError, TypeError):
        return []
    return [code if code in KNOWN_CODES else "UNKNOWN" for code in codes]
