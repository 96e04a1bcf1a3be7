"""Load the seed files into a store: only what is missing (never over an edit), in one
transaction, with a progress report."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from graph_api.seeding.files import SeedSet, default_seed_paths, load_seed_files
from graph_api.store.base import GraphStore

log = logging.getLogger("graph_api.seeding")


@dataclass(frozen=True)
class SeedReport:
    """What a seed run did: the files read, the records it wrote, and the records it
    found already in the store and left as they were (``edited``: those of them that
    no longer match the seed files, i.e. changed since they were seeded)."""

    files: list[Path]
    nodes: int
    links: int
    kept_nodes: int = 0
    kept_links: int = 0
    edited: int = 0

    def describe(self) -> str:
        """One sentence for people: what was written and what was kept."""
        text = f"wrote {self.nodes} entities and {self.links} links"
        if self.kept_nodes or self.kept_links:
            text += (
                f"; {self.kept_nodes} entities and {self.kept_links} links were already in "
                "the store and were left as they are"
            )
        if self.edited:
            text += (
                f" ({self.edited} of them differ from the seed files: edits are kept; "
                "--overwrite puts the seed values back)"
            )
        return text


async def seed_store(
    store: GraphStore,
    paths: Sequence[Path] | None = None,
    on_progress: Callable[[str], None] | None = None,
    overwrite: bool = False,
) -> SeedReport:
    """Add the seed files' records that the store does not hold yet, in one transaction.

    A record already present (an entity by id, a link by type, from and to) is never
    written again, so an edit made through the API or an import survives every later
    seed run; ``overwrite`` writes every seed record as the files state it instead.
    Running it twice changes nothing either way."""
    files = list(paths) if paths is not None else default_seed_paths()
    report = on_progress or (lambda message: log.info("%s", message))
    report(f"reading {len(files)} seed files")
    seed: SeedSet = load_seed_files(files)
    nodes, links = list(seed.nodes), list(seed.links)
    kept_nodes = kept_links = edited = 0
    if not overwrite:
        report("comparing with what the store holds")
        present = await store.get_nodes([node.id for node in nodes])
        present_links = await store.get_links([(ln.type, ln.from_id, ln.to_id) for ln in links])
        # Compared as the stores write them (rows), not as records: a store may give
        # back a default where the file left a field out.
        edited = sum(
            present[node.id].to_row() != node.to_row() for node in nodes if node.id in present
        )
        edited += sum(
            present_links[key].to_row() != link.to_row()
            for link in links
            if (key := (link.type, link.from_id, link.to_id)) in present_links
        )
        kept_nodes, kept_links = len(present), len(present_links)
        nodes = [node for node in nodes if node.id not in present]
        links = [ln for ln in links if (ln.type, ln.from_id, ln.to_id) not in present_links]
    report(f"writing {len(nodes)} entities and {len(links)} links")
    if nodes or links:
        await store.upsert(nodes, links)
    return SeedReport(files, len(nodes), len(links), kept_nodes, kept_links, edited)


async def seed_store_if_empty(store: GraphStore) -> SeedReport | None:
    """Seed a store that holds nothing yet; leave one with data alone."""
    held = sum((await store.count_nodes()).values())
    if held > 0:
        log.info(
            "the %s store holds %d entities already: the seed data is not loaded again, so "
            "no edit is written over ('graph-api seed' adds missing seed records)",
            store.backend,
            held,
        )
        return None
    report = await seed_store(store)
    log.info(
        "seeded an empty %s store: %d entities, %d links", store.backend, report.nodes, report.links
    )
    return report
