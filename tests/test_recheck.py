"""A WebSocket's credentials are checked again as it is used (graph_api.auth.recheck): a
key revoked after the handshake gets UNAUTHENTICATED on the socket's next operation, and
ends a subscription at its next event, instead of working for as long as the socket
stays open."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from graph_api.app import create_app
from graph_api.auth import recheck
from graph_api.auth.api_keys import KeyRing
from graph_api.auth.roles import Role
from graph_api.config import Settings
from graph_api.store.base import GraphStore
from tests.auth_support import ADMIN_HEADERS, KEYS_FILE
from tests.conftest import mark_written
from tests.live_server import graphql_socket, receive, serving

RENAME = """mutation { updateEntity(id: "department:bd", input: {description: "by a leaver",
  source: "https://example.org/r"}) { change { id } } }"""
FOLLOW = "subscription { graphChanged { kinds } }"
CREATE = """mutation { createEntity(input: {kind: ENTERPRISE, nameEn: "Recheck Ltd",
  source: "https://example.org/r"}) { entity { id } } }"""


@pytest.fixture
async def address(seeded_store: GraphStore) -> AsyncIterator[str]:
    """The app served on loopback, the checks made at once (not every few seconds)."""
    mark_written(seeded_store)
    app = create_app(Settings(store=seeded_store.backend), store=seeded_store)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(recheck, "RECHECK_SECONDS", 0.0)
        async with serving(app) as at:
            yield at


async def _operation(ws: Any, op_id: str, query: str) -> dict[str, Any]:
    await ws.send(json.dumps({"id": op_id, "type": "subscribe", "payload": {"query": query}}))
    return await receive(ws)


async def test_a_key_revoked_after_the_handshake_stops_working_on_the_socket(
    address: str, seeded_store: GraphStore
) -> None:
    ring = KeyRing(KEYS_FILE)
    record, key = ring.create("socket-leaver", Role.EDITOR)
    headers = {"Authorization": f"Bearer {key}"}
    async with (
        graphql_socket(f"ws://{address}/graphql", headers) as ws,
        httpx.AsyncClient(base_url=f"http://{address}", headers=ADMIN_HEADERS) as admin,
    ):
        await ws.send(json.dumps({"id": "sub", "type": "subscribe", "payload": {"query": FOLLOW}}))
        await _create(admin, "Before Ltd")
        heard = await receive(ws)  # the subscription runs
        assert (heard["id"], heard["type"]) == ("sub", "next"), heard

        ring.revoke(record.key_id)
        refused = await _operation(ws, "2", RENAME)
        assert (refused["id"], refused["type"]) == ("2", "error"), refused
        assert refused["payload"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        department = (await seeded_store.get_nodes(["department:bd"]))["department:bd"]
        assert department.properties.get("description") != "by a leaver"  # nothing written

        await _create(admin, "After Ltd")
        ended = await receive(ws)  # the subscription's next event is a refusal instead
    assert ended["id"] == "sub"
    assert "UNAUTHENTICATED" in json.dumps(ended), ended


async def _create(admin: httpx.AsyncClient, name: str) -> None:
    query = CREATE.replace("Recheck Ltd", name)
    made = await admin.post("/graphql", json={"query": query})
    assert "errors" not in made.json(), made.text
