"""Changes other processes commit, relayed to this process's subscribers.

Each API process publishes its own writes to its own subscribers at once (``events``).
Writes made elsewhere on the same Neo4j (another API process behind a load balancer,
``graph-api import`` from a terminal) reach them through the database instead: while
anyone here subscribes, the relay reads the audit trail every ``RELAY_SECONDS`` for
change records it has not seen (``cypher/changes_after.cypher``, by time then id) and
publishes them with the entity or link as it now stands. Clocks of different machines
differ a little, so each read looks ``CLOCK_SLACK`` back and skips what this process
already published. While nobody subscribes it reads nothing.

The embedded store is one process's file, so it has nothing to relay.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from graph_api.errors import GraphApiError
from graph_api.events import ChangeEvent
from graph_api.store.base import GraphStore
from graph_api.store.changes import AT_FORMAT, ChangeRecord, LinkKey, utc_now

log = logging.getLogger("graph_api.change_relay")

RELAY_SECONDS = 1.0
CLOCK_SLACK = dt.timedelta(seconds=5)
PAGE = 500
PAGES_PER_ROUND = 10  # at most 5,000 relayed changes a second; the rest next round


def _earlier(at: str, by: dt.timedelta) -> str:
    return (dt.datetime.strptime(at, AT_FORMAT) - by).strftime(AT_FORMAT)


async def relay_round(store: GraphStore, since: str) -> str:
    """Publish the changes after ``since`` that this process has not; returns where the
    next round starts (the newest change seen, or ``since``)."""
    feed = store.change_feed
    at, change_id, newest = _earlier(since, CLOCK_SLACK), "", since
    for _ in range(PAGES_PER_ROUND):
        page = await store.changes_after(at, change_id, PAGE)
        fresh = [change for change in page if not feed.knows(change.id)]
        if fresh:
            feed.publish(await _events(store, fresh))
        if page:
            at, change_id = page[-1].at, page[-1].id
            newest = max(newest, at)
        if len(page) < PAGE:
            break
    return newest


async def _events(store: GraphStore, changes: list[ChangeRecord]) -> list[ChangeEvent]:
    """The changes with the entities and links they name, as the store now holds them."""
    node_ids = [c.entity_id for c in changes if c.link_type is None]
    link_keys: list[LinkKey] = [
        (c.link_type, c.entity_id, c.other_id)
        for c in changes
        if c.link_type is not None and c.other_id is not None
    ]
    nodes = await store.get_nodes(node_ids) if node_ids else {}
    links = await store.get_links(link_keys) if link_keys else {}
    return [
        ChangeEvent(
            change=c,
            node=nodes.get(c.entity_id) if c.link_type is None else None,
            link=links.get((c.link_type, c.entity_id, c.other_id or ""))
            if c.link_type is not None
            else None,
        )
        for c in changes
    ]


async def run_relay(store: GraphStore) -> None:
    """Relay other processes' changes for as long as the service runs."""
    since = utc_now()
    while True:
        await asyncio.sleep(RELAY_SECONDS)
        feed = store.change_feed
        if not feed.subscriber_count:
            since = utc_now()  # nobody to tell: start afresh when someone listens
            continue
        try:
            since = await relay_round(store, max(since, feed.listening_since))
        except GraphApiError as error:  # the store is down for now: try next round
            log.warning("could not read the change trail: %s", error.message)


def start_change_relay(store: GraphStore) -> asyncio.Task[None] | None:
    """Start the relay for a store other processes can write to (Neo4j); None if none."""
    if store.backend != "neo4j":
        return None
    return asyncio.create_task(run_relay(store), name="change-relay")
