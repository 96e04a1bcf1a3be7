"""The import benchmark's measuring (``bench/import_rate.py`` runs it and writes the
report): the synthetic files, and each contender timed in turn on one Neo4j."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j
from neo4j import AsyncGraphDatabase

from bench._import_baselines import parse_rows, write_audited, write_plain
from graph_api.generate.scale import ScaleSpec, generate_scale
from graph_api.store.base import GraphStore
from graph_api.store.embedded_store import EmbeddedStore
from graph_api.store.neo4j_store import Neo4jStore
from graph_api.transfer.importer import CommitMode, ImportOptions, import_files
from graph_api.transfer.tabular import CsvWriter

WORKLOADS = Path(__file__).resolve().parent / "workloads"
CLEAR = (WORKLOADS / "baseline_import_clear.cypher").read_text(encoding="utf-8")
COUNT = (WORKLOADS / "baseline_import_count.cypher").read_text(encoding="utf-8")

CONTENDERS = {
    "neo4j": "graph-api import → Neo4j",
    "baseline": "raw driver UNWIND … MERGE → Neo4j (baseline)",
    "audited": "raw driver UNWIND … MERGE + a change record per row → Neo4j",
    "dryrun": "graph-api import --dry-run → Neo4j (read + check, no writes)",
    "embedded": "graph-api import → embedded (Ladybug, on disk)",
}


@dataclass(frozen=True)
class Generated:
    """The synthetic graph, as CSV files in a folder."""

    files: Path
    entities: int
    links: int

    @property
    def rows(self) -> int:
        """Rows in the files: one per entity and one per link."""
        return self.entities + self.links


def generate(spec: ScaleSpec, folder: Path) -> Generated:
    """Write the synthetic graph for ``spec`` as CSV files into ``folder``."""
    writer = CsvWriter(folder)
    try:
        summary = generate_scale(spec, writer)
    finally:
        writer.close()
    return Generated(folder, summary.nodes.total(), summary.links.total())


async def _clear(driver: neo4j.AsyncDriver) -> None:
    # CALL { } IN TRANSACTIONS needs an auto-commit transaction: session.run, not
    # execute_query (which runs in a managed one).
    async with driver.session() as session:
        result = await session.run(CLEAR)
        await result.consume()


async def _count(driver: neo4j.AsyncDriver) -> tuple[int, int]:
    records, _, _ = await driver.execute_query(COUNT, routing_=neo4j.RoutingControl.READ)
    return int(records[0]["entities"]), int(records[0]["links"])


async def _import(
    store: GraphStore,
    files: Path,
    batch: int,
    dry_run: bool = False,
    commit: CommitMode = CommitMode.AUTO,
) -> float:
    await store.connect()
    try:
        start = time.perf_counter()
        options = ImportOptions("bench", dry_run=dry_run, batch_size=batch, commit=commit)
        summary = await import_files(store, [files], options)
        elapsed = time.perf_counter() - start
        if summary.written == dry_run:
            raise RuntimeError(f"the import did not do what was asked: {summary.describe()}")
        return elapsed
    finally:
        await store.close()


async def measure(
    uri: str,
    auth: tuple[str, str],
    data: Generated,
    work: Path,
    contenders: list[str],
    repeat: int,
    batch: int,
    on_run: Callable[[int, str, float], None] = lambda *_: None,
    commit: CommitMode = CommitMode.AUTO,
) -> dict[str, list[float]]:
    """Time each contender ``repeat`` times (seconds per run, by contender key).

    Empties the Neo4j at ``uri`` before every Neo4j run and leaves it empty. Raises
    RuntimeError if a contender leaves a graph of a different size from the others.
    """
    unknown = set(contenders) - set(CONTENDERS)
    if unknown:
        raise ValueError(f"unknown contenders {sorted(unknown)}; known: {sorted(CONTENDERS)}")
    driver = AsyncGraphDatabase.driver(uri, auth=auth)
    sizes: dict[str, tuple[int, int]] = {}
    results: dict[str, list[float]] = {key: [] for key in contenders}
    try:
        # Constraints and indexes, as the store creates them at start-up: the baseline
        # MERGEs on the same uniqueness constraint the importer uses.
        schema = Neo4jStore(uri, *auth)
        await schema.connect()
        await schema.close()
        raw_ones = {"baseline", "audited"}
        parsed = parse_rows(data.files) if raw_ones & set(contenders) else None

        async def neo4j_import() -> float:
            return await _import(Neo4jStore(uri, *auth), data.files, batch, commit=commit)

        async def dry_run() -> float:
            return await _import(Neo4jStore(uri, *auth), data.files, batch, dry_run=True)

        async def baseline() -> float:
            assert parsed is not None
            return await write_plain(driver, parsed, batch)

        async def audited() -> float:
            assert parsed is not None
            return await write_audited(driver, parsed, batch)

        async def embedded() -> float:
            folder = Path(tempfile.mkdtemp(dir=work)) / "graph"
            store = EmbeddedStore(str(folder))
            elapsed = await _import(store, data.files, batch, commit=commit)
            await store.connect()
            try:
                entities = sum((await store.count_nodes()).values())
                links = sum((await store.count_links()).values())
            finally:
                await store.close()
            sizes.setdefault("embedded", (entities, links))
            return elapsed

        runs: dict[str, Callable[[], Coroutine[Any, Any, float]]] = {
            "neo4j": neo4j_import,
            "baseline": baseline,
            "audited": audited,
            "dryrun": dry_run,
            "embedded": embedded,
        }
        for attempt in range(repeat):
            shift = attempt % len(contenders)
            for key in contenders[shift:] + contenders[:shift]:
                if key != "embedded":
                    await _clear(driver)
                elapsed = await runs[key]()
                if key in ("neo4j", "baseline", "audited"):
                    sizes.setdefault(key, await _count(driver))
                results[key].append(elapsed)
                on_run(attempt + 1, key, elapsed)
        await _clear(driver)
    finally:
        await driver.close()
    if len(set(sizes.values())) > 1:
        raise RuntimeError(f"the contenders wrote graphs of different sizes: {sizes}")
    return results
