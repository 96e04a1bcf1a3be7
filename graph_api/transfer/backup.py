"""Backups: the whole store, its change trail included, in one file; and a restore.

An export (``transfer.exporter``) carries the graph for other tools to read; a backup
carries everything the service needs to carry on where it stopped: every entity and link
as stored (sample flags, persons and their personal data too) and every change record,
so ``history(id)``, undo and the change digest work after a restore as before. The same
file restores into either store, so a backup is also how to move from the embedded store
to Neo4j.

The file is gzip-compressed JSON lines: a header line, then one line per entity, per
link and per change record, each tagged. Written as ``<name>.partial`` and renamed when
complete, so a file with the final name is whole. It holds personal data: it is created
readable by its owner only.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from graph_api.domain import LinkRecord, NodeRecord
from graph_api.store.base import GraphStore
from graph_api.store.changes import ChangeRecord, ChangeSet
from graph_api.transfer.source import FileProblem

FORMAT = "graph-api-backup"
VERSION = 1
PAGE = 1_000

Progress = Callable[[str, int, int | None], None]  # (phase, records done, in all)


@dataclass(frozen=True)
class BackupSummary:
    """How many records a backup holds (or a restore wrote)."""

    entities: int
    links: int
    changes: int

    def describe(self) -> str:
        """The counts in one line."""
        return f"{self.entities:,} entities, {self.links:,} links, {self.changes:,} change records"


def open_private(path: Path) -> BinaryIO:
    """``path`` opened to write, emptied, created readable by its owner only: a backup
    holds personal data."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")


async def back_up(
    store: GraphStore, path: Path, on_progress: Progress | None = None
) -> BackupSummary:
    """Write every entity, link and change record of ``store`` to ``path``."""
    partial = path.with_name(path.name + ".partial")
    counts = {"node": 0, "link": 0, "change": 0}
    raw = open_private(partial)
    try:
        with raw, gzip.open(raw, "wt", encoding="utf-8") as handle:
            async for line in backup_lines(store, counts, on_progress):
                handle.write(line)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupSummary(counts["node"], counts["link"], counts["change"])


async def backup_lines(
    store: GraphStore, counts: dict[str, int] | None = None, on_progress: Progress | None = None
) -> AsyncIterator[str]:
    """The lines of a backup of ``store``, uncompressed, each ending in a newline: the
    header, then every entity, link and change record. ``counts`` (node, link, change)
    are kept up to date as they go."""
    progress = on_progress or (lambda *_: None)
    counts = counts if counts is not None else {"node": 0, "link": 0, "change": 0}
    info = await store.info()
    taken = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    yield _line(
        "backup", {"format": FORMAT, "version": VERSION, "store": info.backend, "taken": taken}
    )
    # The store is read page by page while it may change: a link whose end was made
    # after that end's page was read is left out, so the file never names an entity it
    # does not hold (a restore would drop such a link without a word). The set of ids
    # costs about 100 bytes an entity.
    written: set[str] = set()
    async for node in _nodes(store):
        yield _line("node", node.to_row())
        written.add(node.id)
        counts["node"] += 1
        progress("entities", counts["node"], None)
    async for link in _links(store):
        if link.from_id not in written or link.to_id not in written:
            continue
        yield _line("link", {"type": link.type.value, **link.to_row()})
        counts["link"] += 1
        progress("links", counts["link"], None)
    at, change_id = "", ""
    while changes := await store.changes_after(at, change_id, PAGE):
        for change in changes:
            yield _line("change", change.to_row())
        at, change_id = changes[-1].at, changes[-1].id
        counts["change"] += len(changes)
        progress("change records", counts["change"], None)


async def restore(
    store: GraphStore, path: Path, on_progress: Progress | None = None
) -> BackupSummary:
    """Write the records of the backup at ``path`` into ``store``, which must be empty.

    Raises FileProblem for a file that is not a whole backup, and ValueError for a store
    that holds anything. If writing fails, the store is emptied again, so it never holds
    half a backup.
    """
    progress = on_progress or (lambda *_: None)
    if sum((await store.count_nodes()).values()):
        raise StoreNotEmpty(
            "The store is not empty; a restore would mix two graphs. Restore into an empty "
            "store (a new --embedded-path, or an empty Neo4j database), or add --replace "
            "to delete everything in this one first."
        )
    counts = {"node": 0, "link": 0, "change": 0}
    held: set[str] = set()

    async def flush(tag: str, rows: list[dict[str, Any]]) -> None:
        if tag == "node":
            held.update(str(row.get("id")) for row in rows)
        elif tag == "link":
            _check_ends(path, rows, held)
        await _write(store, tag, rows)
        counts[tag] += len(rows)
        progress(_PHASES[tag], counts[tag], None)

    try:
        # The file holds entities, then links, then change records: each batch is
        # written before the next kind begins, so every link finds its ends.
        tag, rows = "node", list[dict[str, Any]]()
        for record_tag, row in _records(path):
            if record_tag != tag or len(rows) >= PAGE:
                await flush(tag, rows)
                tag, rows = record_tag, list[dict[str, Any]]()
            rows.append(row)
        await flush(tag, rows)
    except BaseException:
        await store.clear()
        raise
    return BackupSummary(counts["node"], counts["link"], counts["change"])


class StoreNotEmpty(ValueError):
    """A restore without replace into a store that holds something."""


_PHASES = {"node": "entities", "link": "links", "change": "change records"}


def _check_ends(path: Path, rows: list[dict[str, Any]], held: set[str]) -> None:
    """FileProblem for a link whose end the backup does not hold: the store would drop it
    silently, and the restore would not be the graph backed up."""
    for row in rows:
        for end in (row.get("from_id"), row.get("to_id")):
            if end not in held:
                raise FileProblem(
                    f"{path} names '{end}' in a link but holds no such entity: it is not "
                    "a consistent backup. Take a new one with graph-api backup."
                )


async def _write(store: GraphStore, tag: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    if tag == "node":
        await store.upsert([NodeRecord.from_row(row) for row in rows], [])
    elif tag == "link":
        await store.upsert([], [LinkRecord.from_row(row) for row in rows])
    else:
        await store.apply(ChangeSet(changes=[ChangeRecord.from_row(row) for row in rows]))


def backup_summary(path: Path) -> BackupSummary:
    """What the backup file at ``path`` holds, read to its end (a file cut short, or not
    a backup, raises FileProblem)."""
    counts = {"node": 0, "link": 0, "change": 0}
    for tag, _ in _records(path):
        counts[tag] = counts.get(tag, 0) + 1
    return BackupSummary(counts["node"], counts["link"], counts["change"])


def _records(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """The tagged records of a backup file, after checking its header."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            header = json.loads(handle.readline() or "{}").get("backup", {})
            if header.get("format") != FORMAT:
                raise FileProblem(f"{path} is not a graph-api backup (made by graph-api backup).")
            if header.get("version") != VERSION:
                raise FileProblem(
                    f"{path} is a backup of version {header.get('version')}; this graph-api "
                    f"reads version {VERSION}."
                )
            for number, line in enumerate(handle, start=2):
                record = json.loads(line)
                if not isinstance(record, dict) or len(record) != 1:
                    raise FileProblem(f"{path}:{number}: not a tagged record.")
                ((tag, row),) = record.items()
                if tag not in _PHASES or not isinstance(row, dict):
                    raise FileProblem(f"{path}:{number}: unknown record '{tag}'.")
                yield tag, row
    except (OSError, EOFError, ValueError) as error:
        if isinstance(error, FileProblem):
            raise
        raise FileProblem(f"{path} cannot be read as a whole backup: {error}") from error


def _line(tag: str, row: dict[str, Any]) -> str:
    return json.dumps({tag: row}, ensure_ascii=False, separators=(",", ":")) + "\n"


async def _nodes(store: GraphStore) -> AsyncIterator[NodeRecord]:
    after = ""
    while page := await store.nodes_after(after, PAGE):
        for node in page:
            yield node
        after = page[-1].id


async def _links(store: GraphStore) -> AsyncIterator[LinkRecord]:
    after = ""
    while page := await store.nodes_after(after, PAGE):
        for link in await store.links_touching([node.id for node in page], outgoing_only=True):
            yield link
        after = page[-1].id
