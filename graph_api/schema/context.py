"""What every resolver can reach: the store, the settings, and per-request DataLoaders.

DataLoaders gather the ids asked for by all the resolvers at one depth of a query
and send them to the store together, so a page of 100 departments with their
bureaux costs one query for the bureaux, not 100.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from strawberry.dataloader import DataLoader
from strawberry.types import Info

from graph_api.analytics.turns import AnalyticsGate
from graph_api.auth.identity import ANONYMOUS, Identity
from graph_api.auth.recheck import CredentialCheck
from graph_api.caller_limits import CallerLimits
from graph_api.config import Settings
from graph_api.domain import NodeKind, NodeRecord, RelType
from graph_api.rate_limits import AddressLimits
from graph_api.store.base import (
    EVERY_LINK_VIEW,
    UNLIMITED,
    CoAttendance,
    Direction,
    GraphStore,
    LinkView,
    Neighbour,
    NeighbourKey,
    Slice,
)
from graph_api.store.changes import LinkKey

_EMPTY: Slice[Any] = Slice(items=[], total=0)


@dataclass
class GraphContext:
    """The per-request context Strawberry hands to resolvers as ``info.context``."""

    store: GraphStore
    settings: Settings
    request: Any = None
    metrics: Any = None  # graph_api.metrics.ServiceMetrics, when the app keeps metrics
    identity: Identity = ANONYMOUS  # who is asking, as graph_api.auth verified it
    caller_limits: CallerLimits | None = None  # the endpoint's, for subscription places
    address_limits: AddressLimits | None = None  # the endpoint's, for WebSocket operations
    analytics_gate: AnalyticsGate | None = None  # the endpoint's turns for analytics
    credentials: CredentialCheck | None = None  # a WebSocket's, checked again as it is used
    # One object per request or WebSocket, shared by a socket's operations: names it.
    connection: object = field(default_factory=object)
    # A WebSocket's: its connection_init payload (Strawberry sets it), and the bookmarks
    # of the writes made through it, so its later operations read them (socket_bookmarks).
    connection_params: Any = None
    socket_written: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # for extensions.notes (schema/notes.py)
    _node_loader: DataLoader[str, NodeRecord | None] | None = None
    _neighbour_loaders: dict[NeighbourKey, DataLoader[str, Slice[Neighbour]]] = field(
        default_factory=dict
    )
    _co_attendee_loaders: dict[
        tuple[NodeKind, int, LinkView, tuple[str, ...]], DataLoader[str, Slice[CoAttendance]]
    ] = field(default_factory=dict)

    _recorded_loader: DataLoader[LinkKey, str | None] | None = None

    def for_operation(self) -> GraphContext:
        """A context for one operation on a WebSocket: the connection's caller, limits and
        parameters, with DataLoaders and notes of its own. Strawberry hands one context
        to every operation of a socket, so a loader kept for the socket's life answered
        from before the socket's own writes, and notes leaked into later answers."""
        # The private fields are the request's caches: each starts again as it began.
        fresh = GraphContext(store=self.store, settings=self.settings)
        caches = {
            f.name: getattr(fresh, f.name) for f in dataclasses.fields(self) if f.name[0] == "_"
        }
        return dataclasses.replace(self, notes=[], **caches)

    @property
    def recorded(self) -> DataLoader[LinkKey, str | None]:
        """Loads when links were first recorded (the audit trail), batched."""
        if self._recorded_loader is None:
            store = self.store

            async def load(keys: list[LinkKey]) -> list[str | None]:
                found = await store.first_recorded(keys)
                return [found.get(key) for key in keys]

            self._recorded_loader = DataLoader(load_fn=load)
        return self._recorded_loader

    @property
    def nodes(self) -> DataLoader[str, NodeRecord | None]:
        """Loads nodes by id, batched."""
        if self._node_loader is None:
            store = self.store

            async def load(ids: list[str]) -> list[NodeRecord | None]:
                found = await store.get_nodes(ids)
                return [found.get(node_id) for node_id in ids]

            self._node_loader = DataLoader(load_fn=load)
        return self._node_loader

    def neighbours(
        self,
        rel_type: RelType,
        direction: Direction,
        kinds: tuple[NodeKind, ...] = (),
        role: str | None = None,
        limit: int = UNLIMITED,
        view: LinkView = EVERY_LINK_VIEW,
        counted: bool = True,
        words: tuple[str, ...] = (),
        follows_chart: bool = False,
    ) -> DataLoader[str, Slice[Neighbour]]:
        """Loads, for a batch of node ids, the first ``limit`` neighbours over one
        relationship type (narrowed to ``kinds`` and ``role``) and their total. Fields
        asked with the same arguments share one loader, so they share one query.
        ``counted``: whether the caller needs the exact total; pages read ahead for a
        caller that does not may carry only "more than ``limit``" (see NestedList).
        ``follows_chart``: PART_OF read as the organisation chart (``GraphStore.neighbours``)."""
        key = (rel_type, direction, kinds, role, limit, view, counted, words, follows_chart)
        loader = self._neighbour_loaders.get(key)
        if loader is None:
            store = self.store

            async def load(ids: list[str]) -> list[Slice[Neighbour]]:
                found = await store.neighbours(
                    ids,
                    rel_type,
                    direction,
                    kinds=kinds,
                    role=role,
                    limit=limit,
                    view=view,
                    words=words,
                    follows_chart=follows_chart,
                )
                return [found.get(node_id, _EMPTY) for node_id in ids]

            loader = self._neighbour_loaders[key] = DataLoader(load_fn=load)
        return loader

    def co_attendees(
        self,
        kind: NodeKind,
        limit: int = UNLIMITED,
        view: LinkView = EVERY_LINK_VIEW,
        words: tuple[str, ...] = (),
    ) -> DataLoader[str, Slice[CoAttendance]]:
        """Loads, for a batch of party ids, the first ``limit`` parties of ``kind`` they
        met at events (as of a day, if given; named with every one of ``words``), and
        the total."""
        key = (kind, limit, view, words)
        loader = self._co_attendee_loaders.get(key)
        if loader is None:
            store = self.store

            async def load(ids: list[str]) -> list[Slice[CoAttendance]]:
                found = await store.co_attendees(ids, kind, limit, view, words)
                return [found.get(node_id, _EMPTY) for node_id in ids]

            loader = self._co_attendee_loaders[key] = DataLoader(load_fn=load)
        return loader


# What a resolver's ``info`` argument is, with this context.
GraphInfo = Info[GraphContext, None]
