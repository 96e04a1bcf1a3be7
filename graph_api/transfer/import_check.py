"""Import step 1: check every row against the seed rules before anything is written.

A link's ends must be entities of the import or of the store; the store is asked about
each end once, a batch of links at a time. An import made by a caller who may not see
personal data (an editor's upload) rejects every Person row and every link with a
Person id at one end, with one reason whether or not that Person exists.

The rows checked are kept for the write step, up to ``KEPT_ROWS`` of them (about 1.2 KB
each), so a run of that size is read and checked once; a larger one is read and checked
again as it is written, so that the importer's memory does not grow with the file.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

from graph_api.domain import LinkRecord, NodeKind, NodeRecord, is_person_id
from graph_api.domain.validation import RecordProblem, check_link, check_node
from graph_api.store.base import GraphStore
from graph_api.transfer.formats import read_records
from graph_api.transfer.report import (
    ImportSummary,
    ProgressCallback,
    RowAction,
    RowCallback,
    RowReport,
)
from graph_api.transfer.source import SourceRecord

PERSONAL_ROW = "Person records and their links are personal data: only the admin role imports them"
# Checked rows kept for the write step: about 60 MB at most. Neo4j holds a run of this
# size in one transaction anyway (about 12 KiB a row of its heap).
KEPT_ROWS = 50_000

Parsed = TypeVar("Parsed", NodeRecord, LinkRecord)


def link_name(raw: dict[str, Any]) -> str:
    """How a link row is named in the report: ``TYPE from -> to``."""
    return f"{raw.get('type', '?')} {raw.get('from', '?')} -> {raw.get('to', '?')}"


class RowChecker:
    """Reads the import's rows, checks them, and reports each one.

    It remembers which entities the import and the store hold, so the write step can
    parse the rows again (:meth:`node`, :meth:`link`) and get the same answers.
    """

    def __init__(
        self,
        store: GraphStore,
        summary: ImportSummary,
        batch_size: int,
        on_row: RowCallback | None,
        on_progress: ProgressCallback | None,
        personal_data: bool = True,
        kept_rows: int = KEPT_ROWS,
    ) -> None:
        self.store, self.summary, self.batch_size = store, summary, batch_size
        self.personal_data = personal_data
        self.on_row = on_row or (lambda _: None)
        self.on_progress = on_progress or (lambda *_: None)
        self.known: dict[str, NodeKind] = {}  # entities of this import
        self.in_store: dict[str, NodeKind] = {}  # entities the store holds, looked up once
        # Entities (of the import or the store) that are sample data: a link to or from
        # one is sample data too, as when it is recorded through the API.
        self.sample_ids: set[str] = set()
        self.rejected_ids: set[str] = set()
        self.valid = {"entities": 0, "links": 0}
        self._kept = _Kept[NodeRecord](kept_rows), _Kept[LinkRecord](kept_rows)
        self._both = _Both(self)
        # Called once, when the row numbered ``hold_after`` has been read (the importer
        # begins to hold readers off then, so that the wait overlaps the rest).
        self.hold_after: int | None = None
        self.on_hold: Callable[[], None] = lambda: None
        # Called every ``batch_size`` rows: raises to stop the check (a hold refused).
        self.between_batches: Callable[[], None] = lambda: None

    async def _count_row(self) -> None:
        """Count one row read; every ``batch_size`` rows, let other tasks run."""
        self.summary.rows += 1
        if self.summary.rows == self.hold_after:
            self.on_hold()
        if self.summary.rows % self.batch_size == 0:
            await asyncio.sleep(0)  # the check is all CPU: a hold under way, or a service
            self.between_batches()

    def report(self, location: str, record: str, action: RowAction, reason: str = "") -> None:
        """Count one row's outcome in the summary and pass it on."""
        self.summary.counts[action] += 1
        self.on_row(RowReport(location, record, action, reason))

    def records(self, links: bool) -> Iterator[SourceRecord]:
        """Every entity (or link) row of every file, streamed."""
        for path in self.summary.files:
            yield from read_records(path, links)

    def checked(self, links: bool) -> Iterator[tuple[SourceRecord, NodeRecord | LinkRecord]]:
        """Every valid entity (or link) row with its record, in file order: the rows
        kept by :meth:`check` if they all were, otherwise read and checked again."""
        kept = self._kept[1 if links else 0]
        if kept.rows is not None:
            # Handed over, each let go as it is taken (asked for again, they are read
            # again): rows already written hold no memory while the rest are.
            rows, kept.rows = kept.rows, None
            rows.reverse()
            while rows:
                yield rows.pop()
            return
        parse = self.link if links else self.node
        for record in self.records(links):
            parsed = parse(record)
            if not isinstance(parsed, str):  # a rejected row was reported while checking
                yield record, parsed

    def node(self, record: SourceRecord) -> NodeRecord | str:
        """The entity of a row, or why the row is rejected."""
        if record.problem:
            return record.problem
        if not self.personal_data and _names_a_person(record.raw, "id", "kind"):
            return PERSONAL_ROW
        if "kind" not in record.raw:
            ident = record.raw.get("id")
            return (
                f"kind is missing, and id {ident!r} does not say it (ids look like 'department:bd')"
            )
        try:
            node = check_node(record.raw, record.file_sample)
        except RecordProblem as problem:
            return problem.message
        return PERSONAL_ROW if node.kind is NodeKind.PERSON and not self.personal_data else node

    def link(self, record: SourceRecord) -> LinkRecord | str:
        """The link of a row, or why the row is rejected (its ends must be looked up)."""
        if record.problem:
            return record.problem
        if not self.personal_data and _names_a_person(record.raw, "from", "to"):
            return PERSONAL_ROW  # before the store is asked whether that Person exists
        for end in ("from", "to"):
            if record.raw.get(end) in self.rejected_ids:
                return f"{end} '{record.raw[end]}' is an entity whose own row was rejected"
        try:
            link = check_link(record.raw, self._both, record.file_sample)
        except RecordProblem as problem:
            return problem.message
        if not link.sample and not self.sample_ids.isdisjoint((link.from_id, link.to_id)):
            link = dataclasses.replace(link, sample=True)
        return link

    async def check(self) -> None:
        """Check every entity row, then every link row, reporting the rejected ones."""
        nodes, links = self._kept
        for number, record in enumerate(self.records(links=False), start=1):
            self.on_progress("checking entities", number, None)
            await self._count_row()
            node = self.node(record)
            if isinstance(node, str):
                ident = record.raw.get("id")
                if isinstance(ident, str):
                    self.rejected_ids.add(ident)
                self.report(record.location, str(ident or "?"), RowAction.REJECTED, node)
            else:
                self.known[node.id] = node.kind
                if node.sample:
                    self.sample_ids.add(node.id)
                self.valid["entities"] += 1
                nodes.keep(record, node)
        done = 0
        for batch in _batches(self.records(links=True), self.batch_size):
            await self.look_up_ends(batch)
            for record in batch:
                done += 1
                await self._count_row()
                self.on_progress("checking links", done, None)
                link = self.link(record)
                if isinstance(link, str):
                    self.report(record.location, link_name(record.raw), RowAction.REJECTED, link)
                else:
                    self.valid["links"] += 1
                    links.keep(record, link, also_held=nodes.held)

    async def look_up_ends(self, batch: list[SourceRecord]) -> None:
        """Ask the store, once, about the link ends the import does not hold itself."""
        wanted = {
            value
            for record in batch
            for value in (record.raw.get("from"), record.raw.get("to"))
            if isinstance(value, str)
            and value not in self.known
            and value not in self.in_store
            and (self.personal_data or not is_person_id(value))
        }
        if wanted:
            found = await self.store.get_nodes(sorted(wanted))
            self.in_store.update({node_id: node.kind for node_id, node in found.items()})
            self.sample_ids.update(node_id for node_id, node in found.items() if node.sample)


def _names_a_person(raw: dict[str, Any], *fields: str) -> bool:
    """Whether any of the row's ``fields`` holds a Person's id or the PERSON kind."""
    values = [raw.get(field) for field in fields]
    return any(
        isinstance(value, str) and (is_person_id(value) or value.upper() == NodeKind.PERSON.name)
        for value in values
    )


class _Both(dict[str, NodeKind]):
    """The import's entities and the store's, looked up without copying either."""

    def __init__(self, checker: RowChecker) -> None:
        super().__init__()
        self._checker = checker

    def __contains__(self, key: object) -> bool:
        return key in self._checker.known or key in self._checker.in_store

    def __getitem__(self, key: str) -> NodeKind:
        return self._checker.known.get(key) or self._checker.in_store[key]


class _Kept(Generic[Parsed]):
    """The valid rows of one kind as checked, until there are too many to keep."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.rows: list[tuple[SourceRecord, Parsed]] | None = [] if limit > 0 else None

    @property
    def held(self) -> int:
        """How many rows are kept."""
        return len(self.rows) if self.rows is not None else 0

    def keep(self, record: SourceRecord, parsed: Parsed, also_held: int = 0) -> None:
        """Keep one more row, or give them all up once there are more than ``limit``
        (``also_held``: rows of the other kind, kept too)."""
        if self.rows is None:
            return
        if len(self.rows) + also_held >= self.limit:
            self.rows = None
        else:
            self.rows.append((record, parsed))


def _batches(records: Iterable[SourceRecord], size: int) -> Iterator[list[SourceRecord]]:
    batch: list[SourceRecord] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
