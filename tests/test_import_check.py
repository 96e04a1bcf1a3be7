"""The import's check step hands the rows it checked to the write step: a run within
``KEPT_ROWS`` is read and checked once, a larger one again, and both write the same."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_api.domain import LinkRecord
from graph_api.seeding import seed_store
from graph_api.store.base import GraphStore
from graph_api.transfer import import_check
from graph_api.transfer.formats import read_records
from graph_api.transfer.importer import ImportOptions, import_files
from graph_api.transfer.report import RowReport
from graph_api.transfer.source import SourceRecord
from tests.test_import import EXAMPLES

pytestmark = pytest.mark.neo4j


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[str, bool]]:
    """Count the reads of each file by the check step's module (entities, links apart)."""
    reads: Counter[tuple[str, bool]] = Counter()

    def counted(path: Path, links: bool) -> Iterator[SourceRecord]:
        reads[(path.name, links)] += 1
        return read_records(path, links)

    monkeypatch.setattr(import_check, "read_records", counted)
    return reads


async def _import(store: GraphStore, kept_rows: int) -> tuple[list[RowReport], list[LinkRecord]]:
    await store.clear()
    await seed_store(store, on_progress=lambda _: None)
    rows: list[RowReport] = []
    await import_files(store, [EXAMPLES], ImportOptions(kept_rows=kept_rows), rows.append)
    _, links = await store.export_graph()
    return rows, links


async def test_a_run_within_the_kept_rows_is_read_and_checked_once(
    empty_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = _count_reads(monkeypatch)
    await _import(empty_store, import_check.KEPT_ROWS)
    assert reads, "the examples were read"
    assert set(reads.values()) == {1}, reads


@pytest.mark.parametrize("kept_rows", [3, 10], ids=["entities-too", "links-only"])
async def test_a_run_past_the_kept_rows_is_read_again_and_writes_the_same(
    empty_store: GraphStore, monkeypatch: pytest.MonkeyPatch, kept_rows: int
) -> None:
    kept = await _import(empty_store, import_check.KEPT_ROWS)
    assert kept[0], "the examples were imported"
    reads = _count_reads(monkeypatch)
    # The examples hold 6 entity rows and 15 link rows: with 3 kept at most, every file
    # is read again to be written; with 10, the entities are kept and the links not.
    assert await _import(empty_store, kept_rows) == kept
    entity_reads = {count for (_, links), count in reads.items() if not links}
    link_reads = {count for (_, links), count in reads.items() if links}
    assert (entity_reads, link_reads) == ({2 if kept_rows == 3 else 1}, {2}), reads
