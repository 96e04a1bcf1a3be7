"""How many import rows one Neo4j transaction may hold, from the server's memory limits
(graph_api.store.neo4j_memory): the pure rules here; a real small Neo4j in
test_import_visibility.py."""

from __future__ import annotations

import neo4j
import pytest

from graph_api.store.neo4j_memory import (
    FEWEST_ROWS,
    ROW_BYTES,
    parse_bytes,
    rows_for,
    transaction_rows,
)
from tests.conftest import Neo4jServer

GIB = 1 << 30


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("0B", 0),
        ("", 0),
        (None, 0),
        ("512m", 512 << 20),
        ("512MiB", 512 << 20),
        ("1.50GiB", int(1.5 * GIB)),
        ("2g", 2 * GIB),
        ("1024", 1024),
        ("10KiB", 10 << 10),
        ("not a size", 0),
    ],
)
def test_neo4j_sizes_are_read_in_bytes(text: str | None, size: int) -> None:
    assert parse_bytes(text) == size


def test_the_heap_sets_the_rows_when_no_limit_is_set() -> None:
    # 70% of the heap is what Neo4j lets all transactions hold; an import takes 3/4.
    unlimited = {"db.memory.transaction.max": "0B", "dbms.memory.transaction.total.max": "0B"}
    assert rows_for(unlimited, 768 << 20, 40_000) == int((768 << 20) * 0.7 * 0.75 / ROW_BYTES)
    assert rows_for(unlimited, 8 * GIB, 40_000) == int(8 * GIB * 0.7 * 0.75 / ROW_BYTES)


def test_the_smallest_limit_wins() -> None:
    limits = {"db.memory.transaction.max": "100m", "dbms.memory.transaction.total.max": "4g"}
    assert rows_for(limits, 16 * GIB, 40_000) == int((100 << 20) * 0.75 / ROW_BYTES)


def test_the_default_stands_when_the_server_says_nothing() -> None:
    assert rows_for({}, 0, 40_000) == 40_000


def test_a_tiny_server_still_gets_a_floor() -> None:
    assert rows_for({"db.memory.transaction.max": "1m"}, 0, 40_000) == FEWEST_ROWS


@pytest.mark.neo4j
async def test_a_real_server_gives_its_limits_and_a_refusal_keeps_the_default(
    neo4j_server: Neo4jServer,
) -> None:
    auth = (neo4j_server.user, neo4j_server.password)
    async with neo4j.AsyncGraphDatabase.driver(neo4j_server.uri, auth=auth) as driver:
        sized = await transaction_rows(driver, None, 12_345)
        # No such database: the server refuses, and the default stands.
        refused = await transaction_rows(driver, "no-such-database", 12_345)
    assert sized != 12_345
    assert sized > FEWEST_ROWS
    assert refused == 12_345
