"""Run a real Neo4j Community 5.26 LTS locally, fetched from Maven Central.

No Docker and no Neo4j installation needed: only a JDK 17+ and Maven. The
first use downloads the ``org.neo4j:neo4j`` jars into ``~/.m2`` (about 40 s);
afterwards the cached classpath is reused and Maven is not started.

Typical use (tests, scripts)::

    from graph_api.neo4j_local import LocalNeo4j

    with LocalNeo4j() as db:  # free port, random password, temp data dir
        print(db.uri, db.user, db.password, db.version, db.edition)

From the shell: ``graph-api neo4j fetch`` and ``graph-api neo4j start``.
"""

from __future__ import annotations

from graph_api.neo4j_local._classpath import NEO4J_VERSION, cache_dir, ensure_classpath
from graph_api.neo4j_local._errors import Neo4jLocalError
from graph_api.neo4j_local._server import LocalNeo4j

__all__ = ["NEO4J_VERSION", "LocalNeo4j", "Neo4jLocalError", "cache_dir", "ensure_classpath"]
