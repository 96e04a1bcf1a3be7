"""OpenTelemetry traces (graph_api/tracing.py), end to end: a real `graph-api serve` with
GRAPH_API_OTEL_TRACES=true sends its spans over OTLP/HTTP to a collector listening on
loopback in this test, which decodes them with the OpenTelemetry protobuf definitions.
One request makes one trace, continuing the caller's `traceparent`: the HTTP server
span (with the request id), the GraphQL operation, its resolvers, and a span per
Cypher query named for its file. No argument value reaches a span."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from pydantic import ValidationError

from graph_api import config
from graph_api.config import Settings
from graph_api.schema import build_schema
from tests.served_process import serving_process

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN = "00f067aa0ba902b7"
SECRET = "Zanzibar-4711"  # a search text: must not appear in any span


class _Collector(http.server.ThreadingHTTPServer):
    """An OTLP/HTTP endpoint keeping every span it is sent."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Receive)
        self.spans: list[tuple[dict[str, Any], Any]] = []  # (resource attributes, span)
        self.lock = threading.Lock()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Receive(http.server.BaseHTTPRequestHandler):
    server: _Collector

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.path == "/v1/traces":
            request = ExportTraceServiceRequest.FromString(body)
            with self.server.lock:
                for resource_spans in request.resource_spans:
                    resource = _attributes(resource_spans.resource.attributes)
                    for scope_spans in resource_spans.scope_spans:
                        self.server.spans += [(resource, span) for span in scope_spans.spans]
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


def _attributes(pairs: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for pair in pairs:
        kind = pair.value.WhichOneof("value")
        found[pair.key] = getattr(pair.value, kind) if kind else None
    return found


@pytest.fixture(scope="module")
def collector() -> Iterator[_Collector]:
    server = _Collector()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def traced_server(collector: _Collector, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`graph-api serve` on a new embedded store with traces on; its base URL."""
    folder = tmp_path_factory.mktemp("traced")
    env = {
        "GRAPH_API_STORE": "embedded",
        "GRAPH_API_EMBEDDED_PATH": str(folder / "graph"),
        "GRAPH_API_OTEL_TRACES": "true",
        "OTEL_EXPORTER_OTLP_ENDPOINT": collector.endpoint,
        "OTEL_SERVICE_NAME": "graph-api-test",
        "OTEL_BSP_SCHEDULE_DELAY": "100",  # ms: spans leave at once
    }
    with serving_process(folder / "server.log", env, "--no-seed") as base:
        yield base


def _trace(collector: _Collector, trace_id: bytes, names: set[str], caller: bytes) -> list[Any]:
    """The spans of one trace, once every name in ``names`` and the server span (the
    child of ``caller``'s span) have arrived (up to 20 s). The server span ends last, so
    it may come in a later export than the rest."""
    deadline = time.monotonic() + 20
    while True:
        with collector.lock:
            spans = [span for _, span in collector.spans if span.trace_id == trace_id]
        arrived = names <= {span.name for span in spans}
        if arrived and any(span.parent_span_id == caller for span in spans):
            return spans
        if time.monotonic() > deadline:
            return spans
        time.sleep(0.1)


def test_one_request_is_one_trace_down_to_each_cypher_query(
    traced_server: str, collector: _Collector
) -> None:
    query = """query Find($text: String!) {
      search(text: $text, first: 3) { totalCount }
      departments(first: 2) { totalCount edges { node { id } } } }"""
    answer = httpx.post(
        f"{traced_server}/graphql",
        json={"query": query, "variables": {"text": SECRET}},
        headers={
            "traceparent": f"00-{TRACE_ID}-{CALLER_SPAN}-01",
            "X-Request-ID": "trace-test-1",
        },
    )
    assert answer.status_code == 200, answer.text
    assert "errors" not in answer.json()
    wanted = {"GraphQL Query: Find", "GraphQL Resolving: departments", "cypher search_entities"}
    spans = _trace(collector, bytes.fromhex(TRACE_ID), wanted, bytes.fromhex(CALLER_SPAN))
    by_id = {span.span_id: span for span in spans}
    names = {span.name for span in spans}
    assert wanted <= names, names
    # The caller's trace goes on: the server span's parent is the caller's span.
    [server] = [span for span in spans if span.parent_span_id == bytes.fromhex(CALLER_SPAN)]
    assert _attributes(server.attributes)["graph_api.request_id"] == "trace-test-1"

    def ancestors(span: Any) -> list[str]:
        chain = []
        while span.parent_span_id in by_id:
            span = by_id[span.parent_span_id]
            chain.append(span.name)
        return chain

    # Each Cypher query hangs under the resolver that sent it, under the operation.
    for span in spans:
        if span.name.startswith("cypher "):
            attributes = _attributes(span.attributes)
            assert attributes["db.system.name"] == "ladybug"
            assert attributes["db.operation.name"] == span.name.removeprefix("cypher ")
            chain = ancestors(span)
            assert any(name.startswith("GraphQL Resolving: ") for name in chain), chain
            assert "GraphQL Query: Find" in chain
            assert server.name in chain
    with collector.lock:
        resources = [resource for resource, span in collector.spans if span in spans]
    assert {resource["service.name"] for resource in resources} == {"graph-api-test"}
    # The search text was a variable: no span holds it.
    for span in spans:
        assert SECRET not in repr(_attributes(span.attributes)), span.name


def test_tracing_is_off_unless_asked_for() -> None:
    def extensions(tracing: bool) -> list[str]:
        schema = build_schema(tracing=tracing)
        return [getattr(e, "__name__", type(e).__name__) for e in schema.extensions]

    assert "_traced" not in extensions(False)
    assert "_traced" in extensions(True)
    assert Settings().otel_traces is False


def test_traces_without_the_sdk_are_refused_with_how_to_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(config, "TRACING_PACKAGES", ("opentelemetry.not_installed_here",))
    with pytest.raises(ValidationError) as refused:
        Settings(otel_traces=True)
    assert "pip install 'graph-api[otel]'" in str(refused.value)
    assert Settings(otel_traces=False).otel_traces is False
