"""The one exception type raised by :mod:`graph_api.neo4j_local`."""

from __future__ import annotations

__all__ = ["Neo4jLocalError"]


class Neo4jLocalError(RuntimeError):
    """Neo4j could not be downloaded, started or stopped.

    The message always says what to install or check, and, when a child
    process (Maven or the JVM) failed, ends with the tail of its output.
    """
