"""Shared by the write tests: a small graph to edit and a GraphQL client with an actor.

The graph has a duplicate enterprise (``enterprise:acme-hk`` of ``enterprise:acme``)
whose links exercise every case of a merge: one the kept entity also has, ones that
move over in each direction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import httpx

from graph_api.app import create_app
from graph_api.auth.roles import Role
from graph_api.config import Settings
from graph_api.domain import LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.store.base import GraphStore
from tests.auth_support import bearer
from tests.gql_client import data as data  # re-exported for the write tests
from tests.gql_client import gql

SOURCE = "https://example.org/test-source"
ACTOR_NAME = "tester@dpo.gov.hk"  # the name of the editor's API key
ACTOR = f"key:{ACTOR_NAME}"  # what the change records say


def _node(node_id: str, kind: NodeKind, name: str, **properties: Any) -> NodeRecord:
    return NodeRecord(id=node_id, kind=kind, name_en=name, source=SOURCE, properties=properties)


def _link(rel: RelType, from_id: str, to_id: str, **properties: Any) -> LinkRecord:
    day = properties.pop("date", None)
    return LinkRecord(rel, from_id, to_id, source=SOURCE, date=day, properties=properties)


BASE_NODES = [
    _node("bureau:itib", NodeKind.BUREAU, "Innovation, Technology and Industry Bureau"),
    _node("department:dpo", NodeKind.DEPARTMENT, "Digital Policy Office"),
    _node("department:bd", NodeKind.DEPARTMENT, "Buildings Department"),
    _node("partner:smart-lab", NodeKind.PARTNER_BODY, "Smart Government Innovation Lab"),
    _node("partner:hkstp", NodeKind.PARTNER_BODY, "Hong Kong Science Park"),
    _node("enterprise:acme", NodeKind.ENTERPRISE, "Acme Robotics", origin="HONG_KONG"),
    _node("enterprise:acme-hk", NodeKind.ENTERPRISE, "Acme Robotics (HK) Ltd", size="SME"),
    _node("technology:ai", NodeKind.TECHNOLOGY, "Artificial Intelligence"),
    _node("technology:cv", NodeKind.TECHNOLOGY, "Computer Vision"),
    _node(
        "event:tf-20",
        NodeKind.EVENT,
        "20th Technology Forum",
        event_type="TECHNOLOGY_FORUM",
        number=20,
        date="2025-03-01",
    ),
    _node("event:ws-1", NodeKind.EVENT, "Workshop: AI", event_type="WORKSHOP", date="2025-04-01"),
]
FORUM_DAY = dt.date(2025, 3, 1)
BASE_LINKS = [
    _link(RelType.PART_OF, "department:dpo", "bureau:itib"),
    _link(RelType.PART_OF, "partner:smart-lab", "department:dpo"),
    _link(RelType.PART_OF, "technology:cv", "technology:ai"),
    _link(RelType.ORGANISED, "partner:smart-lab", "event:tf-20", date=FORUM_DAY),
    _link(RelType.ATTENDED, "enterprise:acme", "event:tf-20", role="EXHIBITOR", date=FORUM_DAY),
    _link(RelType.ATTENDED, "enterprise:acme-hk", "event:tf-20", role="SPEAKER", date=FORUM_DAY),
    _link(RelType.ATTENDED, "enterprise:acme-hk", "event:ws-1", role="ATTENDEE"),
    _link(RelType.OFFERS, "enterprise:acme-hk", "technology:cv"),
    _link(RelType.OFFERS, "enterprise:acme", "technology:ai"),
    _link(RelType.PILOTED, "department:dpo", "enterprise:acme-hk", project="Site robots"),
]


async def load_base(store: GraphStore) -> None:
    """Write the small base graph (without change records)."""
    await store.upsert(BASE_NODES, BASE_LINKS)


@contextlib.asynccontextmanager
async def client_for(
    store: GraphStore, actor: str | None = ACTOR_NAME, role: Role = Role.EDITOR
) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process HTTP client for the app over ``store``, authenticated by an API key
    named ``actor`` with ``role`` (anonymous if ``actor`` is None)."""
    app = create_app(Settings(store=store.backend), store=store)
    headers = bearer(actor, role) if actor is not None else {}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=headers
    ) as client:
        yield client


async def error(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    """The one error of an answer that must fail."""
    body = await gql(client, query, variables)
    assert len(body.get("errors", [])) == 1, body
    failure: dict[str, Any] = body["errors"][0]
    return failure
