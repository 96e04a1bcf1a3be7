"""Bulk import: stream files in, validate every row first, then write in batches that
either all stay or are all undone.

1. Check: stream every entity row, then every link row, through the seed rules
   (``graph_api.validation``); a link's ends must be entities of the import or of the
   store. Rejected rows are reported with their reason. By default one rejected row
   means nothing is written.
2. Write: stream the rows again in batches (entities first, then links). Each batch
   reads what the store holds for its keys, so every row is reported as created,
   updated or unchanged; only changed rows are written, with one change record each,
   in one transaction per batch (``UNWIND`` statements on both stores). Re-importing
   a file therefore writes nothing at all.
3. If a batch fails, the batches already committed are undone from their change
   records (each holds the record as it was before): see :func:`undo_import`.

Memory grows with the number of distinct entities, never with the number of rows.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_api.model import LinkRecord, NodeKind, NodeRecord
from graph_api.store.base import GraphStore
from graph_api.store.changes import ChangeAction, ChangeRecord, ChangeSet, LinkKey, utc_now
from graph_api.transfer.formats import SUFFIXES, FileProblem, SourceRecord, read_records
from graph_api.transfer.report import (
    ImportFailed,
    ImportSummary,
    ProgressCallback,
    RowAction,
    RowCallback,
    RowReport,
)
from graph_api.transfer.undo import BATCH_SIZE, undo_import
from graph_api.validation import (
    RecordProblem,
    changed_fields,
    check_link,
    check_node,
    link_row,
    link_to_raw,
    node_to_raw,
)


@dataclass(frozen=True)
class ImportOptions:
    """How to import: who the changes are recorded for, and what to do with bad rows."""

    actor: str = "import"
    dry_run: bool = False
    skip_invalid: bool = False  # write the valid rows even if some were rejected
    batch_size: int = BATCH_SIZE
    run_id: str | None = None  # default: a new one (new_run_id)


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """The files to read: files as given, folders as every importable file in them."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            files.append(path)
        else:
            raise FileProblem(f"{path}: no such file or folder")
    return files


def new_run_id() -> str:
    """A sortable, unique id for one import run."""
    return f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def _link_name(raw: dict[str, Any]) -> str:
    return f"{raw.get('type', '?')} {raw.get('from', '?')} -> {raw.get('to', '?')}"


class _Run:
    def __init__(
        self,
        store: GraphStore,
        files: list[Path],
        options: ImportOptions,
        on_row: RowCallback | None,
        on_progress: ProgressCallback | None,
    ) -> None:
        self.store, self.files, self.options = store, files, options
        run_id = options.run_id or new_run_id()
        self.summary = ImportSummary(run_id=run_id, files=files, dry_run=options.dry_run)
        self.on_row = on_row or (lambda _: None)
        self.on_progress = on_progress or (lambda *_: None)
        self.known: dict[str, NodeKind] = {}  # entities of this import
        self.in_store: dict[str, NodeKind] = {}  # entities the store holds, looked up once
        self.rejected_ids: set[str] = set()
        # Entities this run created: a link to or from one cannot exist yet, so a first
        # load never has to look its links up.
        self.created_ids: set[str] = set()
        self.valid = {"entities": 0, "links": 0}
        self.sequence = 0

    def report(self, location: str, record: str, action: RowAction, reason: str = "") -> None:
        self.summary.counts[action] += 1
        self.on_row(RowReport(location, record, action, reason))

    def records(self, links: bool) -> Iterator[SourceRecord]:
        for path in self.files:
            yield from read_records(path, links)

    # --- 1. check -------------------------------------------------------------------
    def node(self, record: SourceRecord) -> NodeRecord | str:
        if record.problem:
            return record.problem
        if "kind" not in record.raw:
            ident = record.raw.get("id")
            return (
                f"kind is missing, and id {ident!r} does not say it (ids look like 'department:bd')"
            )
        try:
            return check_node(record.raw, record.file_sample)
        except RecordProblem as problem:
            return problem.message

    def link(self, record: SourceRecord) -> LinkRecord | str:
        if record.problem:
            return record.problem
        for end in ("from", "to"):
            if record.raw.get(end) in self.rejected_ids:
                return f"{end} '{record.raw[end]}' is an entity whose own row was rejected"
        try:
            return check_link(record.raw, _Both(self), record.file_sample)
        except RecordProblem as problem:
            return problem.message

    async def check(self) -> None:
        for number, record in enumerate(self.records(links=False), start=1):
            self.on_progress("checking entities", number, None)
            self.summary.rows += 1
            node = self.node(record)
            if isinstance(node, str):
                ident = record.raw.get("id")
                if isinstance(ident, str):
                    self.rejected_ids.add(ident)
                self.report(record.location, str(ident or "?"), RowAction.REJECTED, node)
            else:
                self.known[node.id] = node.kind
                self.valid["entities"] += 1
        done = 0
        for batch in _batches(self.records(links=True), self.options.batch_size):
            await self.look_up_ends(batch)
            for record in batch:
                done += 1
                self.summary.rows += 1
                self.on_progress("checking links", done, None)
                link = self.link(record)
                if isinstance(link, str):
                    self.report(record.location, _link_name(record.raw), RowAction.REJECTED, link)
                else:
                    self.valid["links"] += 1

    async def look_up_ends(self, batch: list[SourceRecord]) -> None:
        wanted = {
            value
            for record in batch
            for value in (record.raw.get("from"), record.raw.get("to"))
            if isinstance(value, str) and value not in self.known and value not in self.in_store
        }
        if wanted:
            found = await self.store.get_nodes(sorted(wanted))
            self.in_store.update({node_id: node.kind for node_id, node in found.items()})

    # --- 2. write -------------------------------------------------------------------
    def change(self, action: ChangeAction, at: str, **fields: Any) -> ChangeRecord:
        self.sequence += 1
        return ChangeRecord(
            id=f"change:i-{self.summary.run_id}-{self.sequence:09d}",
            at=at,
            actor=self.options.actor,
            channel="import",
            action=action,
            batch=self.summary.run_id,
            **fields,
        )

    async def write(self, links: bool) -> None:
        """Write every valid entity (or link) row, batch by batch, pipelined: the next batch
        is read and checked in a worker thread while this one is written."""
        phase, total = (
            ("writing links", self.valid["links"])
            if links
            else (
                "writing entities",
                self.valid["entities"],
            )
        )
        parse = self.link if links else self.node
        batches = _keyed_batches(self.records(links), self.options.batch_size, parse)
        upcoming = asyncio.ensure_future(asyncio.to_thread(next, batches, None))
        writing: asyncio.Future[None] | None = None
        done = 0
        try:
            while (batch := await upcoming) is not None:
                upcoming = asyncio.ensure_future(asyncio.to_thread(next, batches, None))
                if writing is not None:
                    await writing  # the next batch's reads must see this one's writes
                writes = await (self.plan_links(batch) if links else self.plan_entities(batch))
                writing = asyncio.ensure_future(self.commit(writes))
                done += len(batch)
                self.on_progress(phase, done, total)
            if writing is not None:
                await writing
        finally:
            for future in (upcoming, writing):
                if future is not None and not future.done():
                    future.cancel()
                    with contextlib.suppress(BaseException):
                        await future

    async def plan_entities(self, batch: list[tuple[SourceRecord, NodeRecord]]) -> ChangeSet:
        """What to write for a batch of entity rows; reports each row."""
        existing = await self.store.get_nodes([node.id for _, node in batch])
        writes, at = ChangeSet(), utc_now()
        for record, node in batch:
            before = existing.get(node.id)
            raw = node_to_raw(node)
            if before is None:
                # The new record is in the graph; the change only says where it came from.
                action, summary, old = ChangeAction.ENTITY_CREATED, {}, None
                self.created_ids.add(node.id)
            else:
                changed = changed_fields(node_to_raw(before), raw)
                if not changed[1] and not changed[0]:
                    self.report(record.location, node.id, RowAction.UNCHANGED)
                    continue
                action, old = ChangeAction.ENTITY_UPDATED, before.to_row()
                summary = {"before": changed[0], "after": changed[1]}
            self.report(record.location, node.id, _row_action(action))
            writes.nodes.append(node)
            writes.changes.append(
                self.change(
                    action,
                    at,
                    entity_id=node.id,
                    source=node.source,
                    summary={"row": record.location, **summary},
                    before=old,
                )
            )
        return writes

    async def plan_links(self, batch: list[tuple[SourceRecord, LinkRecord]]) -> ChangeSet:
        """What to write for a batch of link rows; reports each row."""
        new = self.created_ids
        existing = await self.store.get_links(
            [_key(link) for _, link in batch if link.from_id not in new and link.to_id not in new]
        )
        writes, at = ChangeSet(), utc_now()
        for record, link in batch:
            before = existing.get(_key(link))
            raw = link_to_raw(link)
            name = _link_name(raw)
            if before is None:
                action, summary, old = ChangeAction.LINK_RECORDED, {}, None
            else:
                changed = changed_fields(link_to_raw(before), raw)
                if not changed[1] and not changed[0]:
                    self.report(record.location, name, RowAction.UNCHANGED)
                    continue
                action, old = ChangeAction.LINK_UPDATED, link_row(before)
                summary = {"before": changed[0], "after": changed[1]}
            self.report(record.location, name, _row_action(action))
            writes.links.append(link)
            writes.changes.append(
                self.change(
                    action,
                    at,
                    entity_id=link.from_id,
                    other_id=link.to_id,
                    link_type=link.type,
                    source=link.source,
                    summary={"row": record.location, **summary},
                    before=old,
                )
            )
        return writes

    async def commit(self, writes: ChangeSet) -> None:
        if writes.is_empty() or self.options.dry_run:
            return
        await self.store.apply(writes)
        self.summary.written = True


class _Both(dict[str, NodeKind]):
    """The import's entities and the store's, looked up without copying either."""

    def __init__(self, run: _Run) -> None:
        super().__init__()
        self._run = run

    def __contains__(self, key: object) -> bool:
        return key in self._run.known or key in self._run.in_store

    def __getitem__(self, key: str) -> NodeKind:
        return self._run.known.get(key) or self._run.in_store[key]


def _row_action(action: ChangeAction) -> RowAction:
    created = (ChangeAction.ENTITY_CREATED, ChangeAction.LINK_RECORDED)
    return RowAction.CREATED if action in created else RowAction.UPDATED


def _key(link: LinkRecord) -> LinkKey:
    return (link.type, link.from_id, link.to_id)


def _batches(records: Iterable[SourceRecord], size: int) -> Iterator[list[SourceRecord]]:
    batch: list[SourceRecord] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _keyed_batches(records: Iterable[SourceRecord], size: int, parse: Any) -> Iterator[list[Any]]:
    """(record, parsed) pairs of the valid rows, in batches in which no key repeats: a key
    met again starts a new batch, so a file that states one record twice reads as two
    edits in order (the second updates the first)."""
    batch: list[tuple[SourceRecord, Any]] = []
    keys: set[Any] = set()
    for record in records:
        parsed = parse(record)
        if isinstance(parsed, str):
            continue  # rejected, and reported, while checking
        key = parsed.id if isinstance(parsed, NodeRecord) else _key(parsed)
        if len(batch) >= size or key in keys:
            yield batch
            batch, keys = [], set()
        batch.append((record, parsed))
        keys.add(key)
    if batch:
        yield batch


async def import_files(
    store: GraphStore,
    paths: Sequence[Path],
    options: ImportOptions | None = None,
    on_row: RowCallback | None = None,
    on_progress: ProgressCallback | None = None,
) -> ImportSummary:
    """Import the files into ``store``: all of their rows, or (on any failure) none.

    Raises ImportFailed when rows were rejected (nothing is written unless
    ``skip_invalid``) or when writing failed (what was written is undone first).
    """
    options = options or ImportOptions()
    run = _Run(store, expand_paths(paths), options, on_row, on_progress)
    summary = run.summary
    await run.check()
    rejected = summary.counts[RowAction.REJECTED]
    if rejected and not options.skip_invalid:
        raise ImportFailed(summary, f"{rejected} rows rejected; nothing was written")
    try:
        await run.write(links=False)
        await run.write(links=True)
    except BaseException as error:  # also Ctrl-C: never leave half an import behind
        summary.error = f"{type(error).__name__}: {error}"
        if not options.dry_run:
            # Even if no batch reported success: one cut short may still have committed.
            await undo_import(store, summary.run_id, on_progress=on_progress)
            summary.rolled_back, summary.written = True, False
        raise ImportFailed(summary, f"the import failed and was undone: {summary.error}") from error
    return summary
