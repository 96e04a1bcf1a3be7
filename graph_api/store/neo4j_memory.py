"""How many import rows fit one Neo4j transaction, from the server's own memory limits.

An import up to ``GraphStore.one_transaction_rows`` valid rows is one transaction, which
readers see whole or not at all (``graph_api.transfer.importer``). Neo4j keeps each row's
transaction state on its heap (the record, its change record and their index entries):
121,740 rows outgrew 70% of a 2 GiB heap, about 12 KiB a row (BENCHMARKS.md). A fixed
40,000 fits the 768 MiB heap of ``graph-api neo4j start`` but wastes a production
server's 8 GiB, where an import of 300,000 rows could be seen whole. So on connecting
the store reads the limits that apply (``SHOW SETTINGS``) and the heap's size (JMX),
and takes three quarters of the smallest, since other transactions run beside an
import. Where the server will not say (Aura, a user without the privilege), the fixed
default stands. ``GRAPH_API_IMPORT_TRANSACTION_ROWS`` overrides either.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

import neo4j

log = logging.getLogger(__name__)

ROW_BYTES = 12 * 1024
SHARE = 0.75  # of the memory transactions may hold: other transactions run beside
# Neo4j's own default for the total of all transactions when no limit is set.
HEAP_SHARE = 0.7
FEWEST_ROWS = 1_000  # below this an import is batches anyway: not worth one transaction
LIMITS = (
    "db.memory.transaction.max",  # one transaction
    "db.memory.transaction.total.max",  # all transactions of a database
    "dbms.memory.transaction.total.max",  # all transactions of the server
)
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


def parse_bytes(text: str | None) -> int:
    """A Neo4j memory setting ('1.40GiB', '512m', '0B') in bytes; 0 for none or unlimited."""
    if not text:
        return 0
    found = _SIZE.match(text)
    if found is None:
        return 0
    return int(float(found.group(1)) * _UNITS[found.group(2).lower()])


def rows_for(limits: Mapping[str, str], heap_bytes: int, default: int) -> int:
    """The most rows one import transaction should hold under these settings and heap
    (``default`` if neither says anything)."""
    caps = [size for size in map(parse_bytes, limits.values()) if size > 0]
    if heap_bytes > 0:
        caps.append(int(heap_bytes * HEAP_SHARE))
    if not caps:
        return default
    return max(FEWEST_ROWS, int(min(caps) * SHARE / ROW_BYTES))


async def transaction_rows(driver: neo4j.AsyncDriver, database: str | None, default: int) -> int:
    """``rows_for`` the server behind ``driver``; ``default`` if it will not say."""
    # Questions about the server, not the graph, so not in cypher/ (whose files each
    # dialect must answer alike), as ``Neo4jStore.connect``'s ``db.awaitIndexes``.
    try:
        settings, _, _ = await driver.execute_query(
            "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value",
            names=list(LIMITS),
            database_=database,
        )
        heap, _, _ = await driver.execute_query(
            "CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes "
            "RETURN attributes.HeapMemoryUsage.value.properties.max AS max",
            database_=database,
        )
        limits = {record["name"]: str(record["value"]) for record in settings}
        heap_bytes = int(heap[0]["max"] or 0) if heap else 0
    except Exception as error:  # optional: no privilege (Aura), no JMX, an odd value
        log.info(
            "Neo4j did not give its memory limits (%s): imports of up to %d rows are "
            "one transaction",
            getattr(error, "code", None) or type(error).__name__,
            default,
        )
        return default
    return rows_for(limits, heap_bytes, default)
