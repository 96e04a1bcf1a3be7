"""The ASGI application: GraphQL (with GraphiQL) at /graphql, the explorer at /,
/healthz, /readyz, /metrics, and /backup and /restore for administrators.

The store is opened once in the lifespan and shared by every request; each request
gets its own ``GraphContext`` so DataLoader caches never leak between requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute

from graph_api import __version__
from graph_api.backup_endpoint import BackupEndpoint
from graph_api.body_limits import RequestBodyLimits
from graph_api.collector import collector_threshold
from graph_api.config import Settings
from graph_api.draining import STOPPING_MESSAGE, Draining, RefuseWhileDraining
from graph_api.errors import ErrorCode, GraphApiError
from graph_api.explorer_page import explorer_response
from graph_api.graphiql_page import assets_app
from graph_api.graphql_http import GraphQLApp
from graph_api.held_runs import HeldRuns
from graph_api.held_runs import stop as stop_watching
from graph_api.http_errors import http_error
from graph_api.maintenance import Maintenance, RefuseDuringMaintenance
from graph_api.memory import can_return_memory, keep_returning_memory
from graph_api.metrics import HttpMetrics, ServiceMetrics
from graph_api.rate_limits import AddressLimits, RateLimits
from graph_api.request_log import RequestIds
from graph_api.startup import StoreStartup
from graph_api.store import GraphStore, make_store
from graph_api.tracing import install_tracer_provider, tracing_middleware
from graph_api.transfer.journal import ImportJournal

log = logging.getLogger("graph_api.app")

READY_SECONDS = 2.0  # /readyz answers 503 if the store has not answered by then


def create_app(
    settings: Settings | None = None,
    store: GraphStore | None = None,
    seed_if_empty: bool = False,
    draining: Draining | None = None,
) -> Starlette:
    """The service. Pass a ``store`` to share one already connected (tests do); otherwise
    the settings choose one and it is opened and closed with the application. The
    server that stops it marks ``draining`` (``graph_api.draining``)."""
    settings = settings or Settings()
    draining = draining or Draining()
    if settings.otel_traces:
        install_tracer_provider()
    owns_store = store is None
    active_store = store or make_store(settings)
    metrics = ServiceMetrics(active_store)
    address_limits = AddressLimits(
        settings.rate_limit_per_minute, max_concurrent=settings.max_concurrent_per_address
    )
    graphql_app = GraphQLApp(active_store, settings, metrics, address_limits)
    if graphql_app.analytics_gate is not None:
        metrics.watch_gate(graphql_app.analytics_gate)
    maintenance = Maintenance()  # held while a restore replaces the graph
    backups = BackupEndpoint(active_store, settings, maintenance)

    journal = ImportJournal(active_store) if owns_store else None
    startup = StoreStartup(active_store, owns_store, seed_if_empty, journal)
    # Doors shut in every process while a large import writes (graph_api.held_runs).
    held_runs = HeldRuns(active_store, journal, maintenance) if journal is not None else None

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        with collector_threshold(settings.gc_young_threshold):
            await startup.start()
            watching = await held_runs.start() if held_runs is not None else None
            trimming = (
                asyncio.create_task(keep_returning_memory(settings.memory_trim_seconds))
                if settings.memory_trim_seconds > 0 and can_return_memory()
                else None
            )
            try:
                yield
            finally:
                if trimming is not None:
                    trimming.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await trimming
                await stop_watching(watching)
                await startup.stop()

    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__})

    async def readyz(_: Request) -> Response:
        if draining.active:
            return _not_ready("stopping", ErrorCode.SERVICE_STOPPING, STOPPING_MESSAGE)
        if maintenance.active:
            status, message = maintenance.status, maintenance.message
            return _not_ready(status, ErrorCode.STORE_UNAVAILABLE, message)
        try:
            # An orchestrator asks often and must hear "not ready" at once.
            info = await asyncio.wait_for(active_store.info(), timeout=READY_SECONDS)
        except GraphApiError as error:
            return _not_ready("unavailable", error.code, error.message)
        except Exception as error:  # a driver error of any kind means "not ready"
            log.warning("readiness check failed: %s", error)
            silent = f"The {active_store.backend} store did not answer within {READY_SECONDS:g} s."
            return _not_ready("unavailable", ErrorCode.STORE_UNAVAILABLE, silent)
        return JSONResponse(
            {
                "status": "ready",
                "store": info.backend,
                "version": info.version,
                "edition": info.edition,
            }
        )

    async def home(_: Request) -> Response:
        return explorer_response()

    app = Starlette(
        routes=[
            Route("/", home),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics.endpoint),
            Route("/backup", backups.respond),
            Route("/restore", backups.restore, methods=["POST"]),
            Route("/graphql", graphql_app, methods=["GET", "POST"]),
            Mount("/assets", app=assets_app(), name="assets"),
            WebSocketRoute("/graphql", graphql_app),
        ],
        lifespan=lifespan,
        exception_handlers={HTTPException: http_error},
        middleware=[
            # Outermost first: every response is counted, and a refused client costs
            # neither a body read nor a query.
            Middleware(RequestIds),
            Middleware(RefuseWhileDraining, draining=draining),
            Middleware(RefuseDuringMaintenance, maintenance=maintenance),
            *([tracing_middleware()] if settings.otel_traces else []),
            Middleware(HttpMetrics, metrics=metrics),
            *(
                [
                    Middleware(
                        CORSMiddleware,
                        allow_origins=settings.cors_origin_list,
                        allow_methods=["GET", "POST"],
                        allow_headers=["content-type", "authorization", "accept", "graph-bookmark"],
                        # A page reads its write's token to send it back (read_your_writes).
                        expose_headers=["graph-bookmark"],
                        max_age=600,
                    )
                ]
                if settings.cors_origin_list
                else []
            ),
            Middleware(RateLimits, limits=address_limits),
            Middleware(
                RequestBodyLimits,
                max_bytes=settings.max_body_bytes,
                read_timeout=settings.body_read_timeout_seconds,
                max_upload_bytes=settings.max_upload_bytes,
            ),
        ],
    )
    app.state.store = active_store
    app.state.settings = settings
    app.state.maintenance = maintenance
    app.state.analytics_gate = graphql_app.analytics_gate
    return app


def _not_ready(status: str, code: ErrorCode, message: str) -> Response:
    """``/readyz``'s 503: why this process should get no work now."""
    return JSONResponse({"status": status, "code": code.value, "message": message}, status_code=503)
