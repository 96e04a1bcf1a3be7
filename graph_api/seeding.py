"""Load the seed files into a store: idempotent, one transaction, with a progress report."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from graph_api.seeds import SeedSet, default_seed_paths, load_seed_files
from graph_api.store.base import GraphStore

log = logging.getLogger("graph_api.seeding")


@dataclass(frozen=True)
class SeedReport:
    """What a seed run wrote: the files read and the records in them."""

    files: list[Path]
    nodes: int
    links: int


async def seed_store(
    store: GraphStore,
    paths: Sequence[Path] | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> SeedReport:
    """Write every seed file into ``store``. Running it again changes nothing: records are
    merged by id (nodes) and by (type, from, to) (links)."""
    files = list(paths) if paths is not None else default_seed_paths()
    report = on_progress or (lambda message: log.info("%s", message))
    report(f"reading {len(files)} seed files")
    seed: SeedSet = load_seed_files(files)
    report(f"writing {len(seed.nodes)} entities and {len(seed.links)} links")
    await store.upsert(seed.nodes, seed.links)
    return SeedReport(files=files, nodes=len(seed.nodes), links=len(seed.links))


async def seed_store_if_empty(store: GraphStore) -> SeedReport | None:
    """Seed a store that holds nothing yet; leave one with data alone."""
    if sum((await store.count_nodes()).values()) > 0:
        return None
    report = await seed_store(store)
    log.info(
        "seeded an empty %s store: %d entities, %d links", store.backend, report.nodes, report.links
    )
    return report
