"""What every resolver can reach: the store, the settings, and per-request DataLoaders.

DataLoaders gather the ids asked for by all the resolvers at one depth of a query
and send them to the store together, so a page of 100 departments with their
bureaux costs one query for the bureaux, not 100.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strawberry.dataloader import DataLoader

from graph_api.config import Settings
from graph_api.model import NodeRecord, RelType
from graph_api.store.base import Direction, GraphStore, Neighbour


@dataclass
class GraphContext:
    """The per-request context Strawberry hands to resolvers as ``info.context``."""

    store: GraphStore
    settings: Settings
    request: Any = None
    _node_loader: DataLoader[str, NodeRecord | None] | None = None
    _neighbour_loaders: dict[tuple[RelType, Direction], DataLoader[str, list[Neighbour]]] = field(
        default_factory=dict
    )

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
        self, rel_type: RelType, direction: Direction
    ) -> DataLoader[str, list[Neighbour]]:
        """Loads, for a batch of node ids, their neighbours over one relationship type."""
        key = (rel_type, direction)
        loader = self._neighbour_loaders.get(key)
        if loader is None:
            store = self.store

            async def load(ids: list[str]) -> list[list[Neighbour]]:
                grouped: dict[str, list[Neighbour]] = {node_id: [] for node_id in ids}
                for neighbour in await store.neighbours(ids, rel_type, direction):
                    grouped[neighbour.owner_id].append(neighbour)
                return [grouped[node_id] for node_id in ids]

            loader = self._neighbour_loaders[key] = DataLoader(load_fn=load)
        return loader
