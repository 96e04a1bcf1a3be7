"""The ASGI application: GraphQL (with GraphiQL) at /graphql, /healthz and /readyz.

The store is opened once in the lifespan and shared by every request; each request
gets its own ``GraphContext`` so DataLoader caches never leak between requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route, WebSocketRoute
from strawberry.asgi import GraphQL

from graph_api import __version__
from graph_api.analytics.projection_cache import warm_projection
from graph_api.body_limits import RequestBodyLimits
from graph_api.config import Settings
from graph_api.errors import GraphApiError
from graph_api.schema import build_schema
from graph_api.schema.context import GraphContext
from graph_api.store import GraphStore, make_store

log = logging.getLogger("graph_api.app")


class GraphQLApp(GraphQL[GraphContext, None]):
    """Strawberry's ASGI GraphQL view with our per-request context."""

    def __init__(self, store: GraphStore, settings: Settings) -> None:
        super().__init__(build_schema(), graphql_ide="graphiql")
        self.store = store
        self.settings = settings

    async def get_context(self, request: Any, response: Any) -> GraphContext:
        """A fresh context (and fresh DataLoaders) for each request."""
        return GraphContext(store=self.store, settings=self.settings, request=request)


def create_app(
    settings: Settings | None = None,
    store: GraphStore | None = None,
    seed_if_empty: bool = False,
) -> Starlette:
    """The service. Pass a ``store`` to share one already connected (tests do); otherwise
    the settings choose one and it is opened and closed with the application."""
    settings = settings or Settings()
    owns_store = store is None
    active_store = store or make_store(settings)
    graphql_app = GraphQLApp(active_store, settings)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        if owns_store:
            await active_store.connect()
        warming: asyncio.Task[None] | None = None
        try:
            if seed_if_empty:
                from graph_api.seeding import seed_store_if_empty

                await seed_store_if_empty(active_store)
            if owns_store:
                # The first analytics request should not wait for the whole-graph copy.
                warming = warm_projection(active_store)
            yield
        finally:
            if warming is not None and not warming.done():
                warming.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await warming
            if owns_store:
                await active_store.close()

    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__})

    async def readyz(_: Request) -> Response:
        try:
            info = await active_store.info()
        except GraphApiError as error:
            return JSONResponse(
                {"status": "unavailable", "code": error.code.value, "message": error.message},
                status_code=503,
            )
        except Exception as error:  # a driver error of any kind means "not ready"
            log.warning("readiness check failed: %s", error)
            return JSONResponse(
                {
                    "status": "unavailable",
                    "code": "STORE_UNAVAILABLE",
                    "message": f"The {active_store.backend} store did not answer.",
                },
                status_code=503,
            )
        return JSONResponse(
            {
                "status": "ready",
                "store": info.backend,
                "version": info.version,
                "edition": info.edition,
            }
        )

    async def home(_: Request) -> Response:
        return RedirectResponse("/graphql")

    app = Starlette(
        routes=[
            Route("/", home),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", graphql_app, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql_app),
        ],
        lifespan=lifespan,
        middleware=[
            Middleware(
                RequestBodyLimits,
                max_bytes=settings.max_body_bytes,
                read_timeout=settings.body_read_timeout_seconds,
            )
        ],
    )
    app.state.store = active_store
    app.state.settings = settings
    return app
