"""The raw-driver baselines of the import benchmark (``bench/import_rate.py``).

Both write the generated rows with plain ``UNWIND ... MERGE`` through the driver, in
batches of the importer's size, with the rows parsed before the clock starts, so they
time the database alone: no checks, no reads, no report.

- ``plain``: the rows and nothing else;
- ``audited``: the rows, entities as the store keeps them (with the kind and search text
  its indexes hold), and, in the same statement, one change record per row with the
  properties the importer gives its own (``ChangeRecord.to_row``): what any importer
  that keeps a per-row audit trail (history, undo) has to write at the least.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j

from graph_api.domain import NodeKind, RelType, kind_of_id
from graph_api.domain.validation import check_node
from graph_api.store.changes import ChangeAction, ChangeRecord, utc_now
from graph_api.transfer.formats import read_records
from graph_api.transfer.importer import expand_paths

WORKLOADS = Path(__file__).resolve().parent / "workloads"
RUN_ID = "bench-audited"


def _workload(name: str) -> str:
    return (WORKLOADS / f"{name}.cypher").read_text(encoding="utf-8")


Rows = dict[str, list[dict[str, Any]]]  # by entity kind or link type


@dataclass
class ParsedRows:
    """The files' rows, parsed once, by entity kind and link type: as the CSV gives them
    (strings, unchecked) for the plain baseline; and for the audited one, entities as
    the store keeps them (their kind and search text: the indexes the importer keeps up
    too), each row with the change record the importer would write for it."""

    nodes: Rows = field(default_factory=lambda: defaultdict(list))
    links: Rows = field(default_factory=lambda: defaultdict(list))
    audited_nodes: Rows = field(default_factory=lambda: defaultdict(list))
    audited_links: Rows = field(default_factory=lambda: defaultdict(list))


def parse_rows(files: Path) -> ParsedRows:
    """Read every row of the CSV files in ``files`` and make its change record."""
    parsed, at, sequence = ParsedRows(), utc_now(), 0

    def change(location: str, source: str | None, **fields: Any) -> dict[str, Any]:
        nonlocal sequence
        sequence += 1
        record = ChangeRecord(
            id=f"change:i-{RUN_ID}-{sequence:09d}",
            at=at,
            actor="bench",
            channel="import",
            batch=RUN_ID,
            source=source,
            summary={"row": Path(location).name},
            **fields,
        )
        return record.to_row()

    for path in expand_paths([files]):
        for record in read_records(path, links=False):
            raw = dict(record.raw)
            kind = kind_of_id(raw["id"])
            if kind is None:
                raise ValueError(f"{record.location}: no kind in id {raw['id']!r}")
            parsed.nodes[kind.value].append(raw)
            stored = check_node(record.raw, record.file_sample).to_row()
            created = ChangeAction.ENTITY_CREATED
            audit = change(record.location, raw.get("source"), action=created, entity_id=raw["id"])
            parsed.audited_nodes[kind.value].append({"node": stored, "change": audit})
        for record in read_records(path, links=True):
            raw = dict(record.raw)
            ends = {"from_id": raw.pop("from"), "to_id": raw.pop("to")}
            rel_type = raw.pop("type")
            parsed.links[rel_type].append({**ends, "props": raw})
            audit = change(
                record.location,
                raw.get("source"),
                action=ChangeAction.LINK_RECORDED,
                entity_id=ends["from_id"],
                other_id=ends["to_id"],
                link_type=RelType(rel_type),
            )
            parsed.audited_links[rel_type].append({**ends, "props": raw, "change": audit})
    return parsed


async def write_plain(driver: neo4j.AsyncDriver, rows: ParsedRows, batch: int) -> float:
    """Seconds to write the rows alone, batch by batch."""
    nodes, links = _workload("baseline_import_nodes"), _workload("baseline_import_links")
    return await _write(driver, _statements(nodes, links, rows.nodes, rows.links), batch)


async def write_audited(driver: neo4j.AsyncDriver, rows: ParsedRows, batch: int) -> float:
    """Seconds to write the rows with a change record each, batch by batch."""
    nodes = _workload("baseline_import_nodes_audited")
    links = _workload("baseline_import_links_audited")
    statements = _statements(nodes, links, rows.audited_nodes, rows.audited_links)
    return await _write(driver, statements, batch)


Statements = list[tuple[str, list[dict[str, Any]]]]


def _statements(nodes: str, links: str, node_rows: Rows, link_rows: Rows) -> Statements:
    """Each kind's and each type's query text (entities first) with its rows."""
    return [
        *(
            (nodes.replace("__KIND__", NodeKind(kind).value), rows)
            for kind, rows in node_rows.items()
        ),
        *(
            (links.replace("__TYPE__", RelType(kind).value), rows)
            for kind, rows in link_rows.items()
        ),
    ]


async def _write(driver: neo4j.AsyncDriver, statements: Statements, batch: int) -> float:
    start = time.perf_counter()
    for text, items in statements:
        for part in range(0, len(items), batch):
            await driver.execute_query(text, {"rows": items[part : part + batch]})
    return time.perf_counter() - start
