"""A small hand-made graph for the analytics tests, with every answer worked out by hand.

17 nodes, 25 links::

    bureau:b1 ◄─PART_OF─ department:d1 ─ATTENDED(ATTENDEE, 2024-03-01)─► event:ev1
              ◄─PART_OF─ department:d2 ─ATTENDED(HOST, 2025-06-01)────► event:ev2
    bureau:b2 ◄─PART_OF─ department:d3 ─ATTENDED(ATTENDEE, 2025-06-01)► event:ev2

    event:ev1  ◄─ORGANISED(2024-03-01)─ partner:p1 (PARK, incubator)
               ◄─ATTENDED(EXHIBITOR)── enterprise:e1 ─INCUBATED_BY─► partner:p1
               ◄─ATTENDED(SPEAKER, REPORTED, 0.8)── enterprise:e2 ─MEMBER_OF─► partner:p2
    event:ev2  ◄─CO_ORGANISED(2025-06-01)─ partner:p2 (PC)
               ◄─ATTENDED(ATTENDEE)── enterprise:e2
               ◄─ATTENDED(EXHIBITOR)─ enterprise:e3 ─INCUBATED_BY─► partner:p1
    department:d2 ─PILOTED(2023-05-10)─► enterprise:e1
    enterprise:e4 (no events, no partner body)

    technology:t-cv ─PART_OF─► technology:t-ai;   technology:t-bc, technology:t-5g
    OFFERS: e1 → t-cv, e2 → t-ai, e3 → t-bc, e4 → t-cv
    NEEDS:  d1 → t-ai, d2 → t-bc, d3 → t-cv, d3 → t-5g

Who has been in contact (shared event or pilot):
    d1: e1, e2 (ev1)             d2: d3, e2, e3 (ev2), e1 (pilot)     d3: d2, e2, e3 (ev2)
    e1: d1, e2 (ev1), d2 (pilot) e2: d1, e1 (ev1), d2, d3, e3 (ev2)   e3: d2, d3, e2 (ev2)
    e4: nobody
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import httpx

from graph_api.analytics.projection import Projection, build_projection
from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.domain import LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.store.base import GraphStore
from tests.auth_support import ADMIN_HEADERS

FORUM_DAY = dt.date(2024, 3, 1)
WORKSHOP_DAY = dt.date(2025, 6, 1)
PILOT_DAY = dt.date(2023, 5, 10)
SOURCE = "hand-made analytics fixture"


def _node(node_id: str, kind: NodeKind, name: str, **props: Any) -> NodeRecord:
    abbreviation = props.pop("abbreviation", None)
    return NodeRecord(
        id=node_id,
        kind=kind,
        name_en=name,
        abbreviation=abbreviation,
        source=SOURCE,
        sample=True,
        properties=props,
    )


NODES: tuple[NodeRecord, ...] = (
    _node("bureau:b1", NodeKind.BUREAU, "Testing Bureau", supervised_by="CS"),
    _node("bureau:b2", NodeKind.BUREAU, "Samples Bureau", supervised_by="FS"),
    _node("department:d1", NodeKind.DEPARTMENT, "Alpha Department"),
    _node("department:d2", NodeKind.DEPARTMENT, "Beta Department"),
    _node("department:d3", NodeKind.DEPARTMENT, "Gamma Department"),
    _node("partner:p1", NodeKind.PARTNER_BODY, "Park Corporation", abbreviation="PARK"),
    _node("partner:p2", NodeKind.PARTNER_BODY, "Productivity Council", abbreviation="PC"),
    _node("enterprise:e1", NodeKind.ENTERPRISE, "Eagle Vision", origin="HONG_KONG", size="STARTUP"),
    _node("enterprise:e2", NodeKind.ENTERPRISE, "Falcon AI", origin="MAINLAND", size="SME"),
    _node("enterprise:e3", NodeKind.ENTERPRISE, "Gull Chain", origin="OVERSEAS", size="LARGE"),
    _node("enterprise:e4", NodeKind.ENTERPRISE, "Heron Cameras", origin="HONG_KONG", size="SME"),
    _node(
        "event:ev1",
        NodeKind.EVENT,
        "1st Test Forum",
        event_type="TECHNOLOGY_FORUM",
        number=1,
        date=FORUM_DAY.isoformat(),
    ),
    _node(
        "event:ev2",
        NodeKind.EVENT,
        "Workshop: Ledgers",
        event_type="WORKSHOP",
        date=WORKSHOP_DAY.isoformat(),
    ),
    _node("technology:t-ai", NodeKind.TECHNOLOGY, "AI"),
    _node("technology:t-cv", NodeKind.TECHNOLOGY, "Computer Vision"),
    _node("technology:t-bc", NodeKind.TECHNOLOGY, "Blockchain"),
    _node("technology:t-5g", NodeKind.TECHNOLOGY, "5G"),
)


def _link(
    rel_type: RelType, from_id: str, to_id: str, date: dt.date | None = None, **props: Any
) -> LinkRecord:
    return LinkRecord(
        type=rel_type,
        from_id=from_id,
        to_id=to_id,
        source=SOURCE,
        date=date,
        sample=True,
        properties={"evidence": "RECORDED", "confidence": 1.0, **props},
    )


A = RelType.ATTENDED
LINKS: tuple[LinkRecord, ...] = (
    _link(RelType.PART_OF, "department:d1", "bureau:b1"),
    _link(RelType.PART_OF, "department:d2", "bureau:b1"),
    _link(RelType.PART_OF, "department:d3", "bureau:b2"),
    _link(RelType.PART_OF, "technology:t-cv", "technology:t-ai"),
    _link(RelType.ORGANISED, "partner:p1", "event:ev1", FORUM_DAY),
    _link(RelType.CO_ORGANISED, "partner:p2", "event:ev2", WORKSHOP_DAY),
    _link(A, "department:d1", "event:ev1", FORUM_DAY, role="ATTENDEE"),
    _link(A, "enterprise:e1", "event:ev1", FORUM_DAY, role="EXHIBITOR"),
    _link(
        A,
        "enterprise:e2",
        "event:ev1",
        FORUM_DAY,
        role="SPEAKER",
        evidence="REPORTED",
        confidence=0.8,
    ),
    _link(A, "department:d2", "event:ev2", WORKSHOP_DAY, role="HOST"),
    _link(A, "department:d3", "event:ev2", WORKSHOP_DAY, role="ATTENDEE"),
    _link(A, "enterprise:e2", "event:ev2", WORKSHOP_DAY, role="ATTENDEE"),
    _link(A, "enterprise:e3", "event:ev2", WORKSHOP_DAY, role="EXHIBITOR"),
    _link(RelType.OFFERS, "enterprise:e1", "technology:t-cv"),
    _link(RelType.OFFERS, "enterprise:e2", "technology:t-ai"),
    _link(RelType.OFFERS, "enterprise:e3", "technology:t-bc"),
    _link(RelType.OFFERS, "enterprise:e4", "technology:t-cv"),
    _link(RelType.NEEDS, "department:d1", "technology:t-ai", need="Automate permit checks"),
    _link(RelType.NEEDS, "department:d2", "technology:t-bc", need="Trace records on a ledger"),
    _link(RelType.NEEDS, "department:d3", "technology:t-cv", need="Count visitors with cameras"),
    _link(RelType.NEEDS, "department:d3", "technology:t-5g", need="Connect roadside sensors"),
    _link(
        RelType.PILOTED, "department:d2", "enterprise:e1", PILOT_DAY, project="Drone survey trial"
    ),
    _link(RelType.INCUBATED_BY, "enterprise:e1", "partner:p1"),
    _link(RelType.INCUBATED_BY, "enterprise:e3", "partner:p1"),
    _link(RelType.MEMBER_OF, "enterprise:e2", "partner:p2"),
)


def fixture_projection() -> Projection:
    """The fixture graph as an analytics projection, built directly from the records."""
    return build_projection(NODES, LINKS)


@contextlib.asynccontextmanager
async def fixture_client(store: GraphStore) -> AsyncIterator[httpx.AsyncClient]:
    """Load the fixture graph into an empty ``store`` and yield an HTTP client for the app
    over it (in-process ASGI transport)."""
    await store.upsert(NODES, LINKS)
    app = create_app(Settings(store=store.backend), store=store)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=ADMIN_HEADERS
    ) as client:
        yield client
