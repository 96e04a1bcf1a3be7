"""Import step 2: write the checked rows in batches, one transaction per batch.

Each batch reads what the store holds for its keys, so every row is reported as created,
updated or unchanged; only changed rows are written, with one change record each.
Re-importing a file therefore writes nothing at all.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from graph_api.domain import LinkRecord, NodeRecord, kind_of_id
from graph_api.domain.validation import (
    changed_fields,
    check_link,
    check_node,
    link_row,
    link_to_raw,
    node_to_raw,
)
from graph_api.store.changes import ChangeAction, ChangeRecord, ChangeSet, LinkKey, utc_now
from graph_api.transfer.import_check import RowChecker, link_name
from graph_api.transfer.report import RowAction
from graph_api.transfer.source import SourceRecord


class BatchWriter:
    """Writes the rows a :class:`RowChecker` passed, reporting each one as it goes."""

    def __init__(self, checker: RowChecker, actor: str, dry_run: bool) -> None:
        self.checker, self.actor, self.dry_run = checker, actor, dry_run
        self.store, self.summary = checker.store, checker.summary
        # Entities this run created: a link to or from one cannot exist yet, so a first
        # load never has to look its links up.
        self.created_ids: set[str] = set()
        self.sequence = 0
        # Change records name a row by its file's name alone: the folders it was read
        # from are the server's (an upload's temporary folder, an operator's home) and
        # analysts read the records.
        self.file_names = {str(path): path.name for path in self.summary.files}

    def row_in_file(self, location: str) -> str:
        """``location`` ('/srv/data/links.csv:12') as the file's name and place in it."""
        return place_in_file(location, self.file_names)

    def change(self, action: ChangeAction, at: str, **fields: Any) -> ChangeRecord:
        """The next change record of this run."""
        self.sequence += 1
        return ChangeRecord(
            id=f"change:i-{self.summary.run_id}-{self.sequence:09d}",
            at=at,
            actor=self.actor,
            channel="import",
            action=action,
            batch=self.summary.run_id,
            **fields,
        )

    async def write(self, links: bool) -> None:
        """Write every valid entity (or link) row, batch by batch, pipelined: the next batch
        is read and checked in a worker thread while this one is written."""
        checker = self.checker
        phase, total = (
            ("writing links", checker.valid["links"])
            if links
            else (
                "writing entities",
                checker.valid["entities"],
            )
        )
        batches = _keyed_batches(checker.checked(links), checker.batch_size)
        upcoming = asyncio.ensure_future(asyncio.to_thread(next, batches, None))
        writing: asyncio.Future[None] | None = None
        writing_keys: set[Any] = set()
        done = 0
        try:
            while (batch := await upcoming) is not None:
                upcoming = asyncio.ensure_future(asyncio.to_thread(next, batches, None))
                keys = {_batch_key(parsed) for _, parsed in batch}
                if writing is not None and not keys.isdisjoint(writing_keys):
                    await writing  # this batch's reads must see that one's writes
                # Otherwise this batch is planned (its reads and checks) while the last
                # one is still being written: its keys are not in it, so what it reads
                # is the same before and after that commit.
                writes = await (self.plan_links(batch) if links else self.plan_entities(batch))
                if writing is not None:
                    await writing  # commits stay in file order, one at a time
                writing = asyncio.ensure_future(self.commit(writes))
                writing_keys = keys
                done += len(batch)
                checker.on_progress(phase, done, total)
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
            if before is not None and record.columns is not None:
                node = check_node(_fill_in(node_to_raw(before), record))
            raw = node_to_raw(node)
            if before is None:
                # The new record is in the graph; the change only says where it came from.
                action, summary, old = ChangeAction.ENTITY_CREATED, {}, None
                self.created_ids.add(node.id)
            else:
                changed = changed_fields(node_to_raw(before), raw)
                if not changed[1] and not changed[0]:
                    self.checker.report(record.location, node.id, RowAction.UNCHANGED)
                    continue
                action, old = ChangeAction.ENTITY_UPDATED, before.to_row()
                summary = {"before": changed[0], "after": changed[1]}
            reason = describe_changes(*changed) if before is not None else ""
            self.checker.report(record.location, node.id, _row_action(action), reason)
            writes.nodes.append(node)
            writes.changes.append(
                self.change(
                    action,
                    at,
                    entity_id=node.id,
                    source=node.source,
                    summary={"row": self.row_in_file(record.location), **summary},
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
            if before is not None and record.columns is not None:
                ends = {
                    end: kind for end in (link.from_id, link.to_id) if (kind := kind_of_id(end))
                }
                link = check_link(_fill_in(link_to_raw(before), record), ends)
            name = link_name({"type": link.type.value, "from": link.from_id, "to": link.to_id})
            if before is None:
                action, summary, old = ChangeAction.LINK_RECORDED, {}, None
            else:
                changed = changed_fields(link_to_raw(before), link_to_raw(link))
                if not changed[1] and not changed[0]:
                    self.checker.report(record.location, name, RowAction.UNCHANGED)
                    continue
                action, old = ChangeAction.LINK_UPDATED, link_row(before)
                summary = {"before": changed[0], "after": changed[1]}
            reason = describe_changes(*changed) if before is not None else ""
            self.checker.report(record.location, name, _row_action(action), reason)
            writes.links.append(link)
            writes.changes.append(
                self.change(
                    action,
                    at,
                    entity_id=link.from_id,
                    other_id=link.to_id,
                    link_type=link.type,
                    source=link.source,
                    summary={"row": self.row_in_file(record.location), **summary},
                    before=old,
                )
            )
        return writes

    async def commit(self, writes: ChangeSet) -> None:
        """Apply one batch's writes in one transaction (unless empty or a dry run)."""
        if writes.is_empty() or self.dry_run:
            return
        await self.store.apply(writes)
        self.summary.written = True


def place_in_file(location: str, names: Mapping[str, str]) -> str:
    """A row's ``location`` as its reader gave it ('/srv/up/links.csv:12', '/srv/up/g.json:
    nodes[3]', the path first) with the path as its file's name (``names``: path -> name);
    a location of no file in ``names`` as it is."""
    path, colon, place = location.rpartition(":")
    name = names.get(path)
    return location if name is None or not colon else f"{name}:{place}"


def _fill_in(stored: dict[str, Any], record: SourceRecord) -> dict[str, Any]:
    """An update from a row that gives only some fields: those it gives as given (an empty
    one clears its field), every other field as stored, the sample flag included."""
    merged = dict(stored)
    for column in record.columns or ():
        if column in record.raw:
            merged[column] = record.raw[column]
        else:
            merged.pop(column, None)
    return merged


def describe_changes(before: dict[str, Any], after: dict[str, Any]) -> str:
    """An update's changed fields in words, for the row report and the dry run: "changes
    name_en ('Old' -> 'New'); clears name_zh"."""
    changes = [
        f"{key} ({before[key]!r} -> {after[key]!r})"
        for key in after
        if after[key] is not None and before.get(key) is not None
    ]
    added = [
        f"{key} ({after[key]!r})"
        for key in after
        if after[key] is not None and before.get(key) is None
    ]
    cleared = [key for key in before if after.get(key) is None]
    parts = []
    if changes:
        parts.append("changes " + ", ".join(changes))
    if added:
        parts.append("sets " + ", ".join(added))
    if cleared:
        parts.append("clears " + ", ".join(cleared))
    return "; ".join(parts)


def _row_action(action: ChangeAction) -> RowAction:
    created = (ChangeAction.ENTITY_CREATED, ChangeAction.LINK_RECORDED)
    return RowAction.CREATED if action in created else RowAction.UPDATED


def _key(link: LinkRecord) -> LinkKey:
    return (link.type, link.from_id, link.to_id)


def _batch_key(parsed: NodeRecord | LinkRecord) -> str | LinkKey:
    """What identifies a row's record: an entity's id or a link's (type, from, to)."""
    return parsed.id if isinstance(parsed, NodeRecord) else _key(parsed)


def _keyed_batches(
    rows: Iterable[tuple[SourceRecord, NodeRecord | LinkRecord]], size: int
) -> Iterator[list[Any]]:
    """The (record, parsed) pairs of the valid rows in batches in which no key repeats: a
    key met again starts a new batch, so a file that states one record twice reads as two
    edits in order (the second updates the first)."""
    batch: list[tuple[SourceRecord, Any]] = []
    keys: set[Any] = set()
    for record, parsed in rows:
        key = _batch_key(parsed)
        if len(batch) >= size or key in keys:
            yield batch
            batch, keys = [], set()
        batch.append((record, parsed))
        keys.add(key)
    if batch:
        yield batch
