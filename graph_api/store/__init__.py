"""Graph stores: the interface (``base``), Neo4j (``neo4j_store``) and the embedded default."""

from __future__ import annotations

from graph_api.config import Settings, StoreKind
from graph_api.store.base import GraphStore


def make_store(settings: Settings) -> GraphStore:
    """The store the settings choose, not yet connected."""
    if settings.store is StoreKind.NEO4J:
        from graph_api.store.neo4j_store import Neo4jStore

        return Neo4jStore(
            settings.neo4j_uri,
            settings.neo4j_user,
            settings.neo4j_password.get_secret_value(),
            settings.neo4j_database,
            query_timeout=settings.query_timeout_seconds,
        )
    from graph_api.store.embedded_store import EmbeddedStore

    return EmbeddedStore(
        settings.embedded_path,
        query_timeout=settings.query_timeout_seconds,
        buffer_mib=settings.embedded_buffer_mib,
    )


__all__ = ["GraphStore", "make_store"]
