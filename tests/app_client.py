"""An HTTP client for the app over a store, in-process (httpx's ASGI transport), as an
admin, with whatever settings a test changes."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx

from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.store.base import GraphStore
from tests.auth_support import ADMIN_HEADERS


@contextlib.asynccontextmanager
async def app_client(store: GraphStore, **settings: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A client for ``create_app`` over ``store``; ``settings`` override the defaults."""
    app = create_app(Settings(store=store.backend, **settings), store=store)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=ADMIN_HEADERS
    ) as client:
        yield client
