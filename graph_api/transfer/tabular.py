"""CSV (one file per entity kind plus ``links.csv``) and JSON Lines, read and written
one record at a time."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from graph_api.domain import NodeKind, id_prefix
from graph_api.domain.rules import NODE_EXTRA_KINDS
from graph_api.domain.validation import LINK_FIELDS, NODE_FIELDS
from graph_api.transfer.source import FileProblem, SourceRecord, open_text, with_kind


def read_csv(path: Path, links: bool) -> Iterator[SourceRecord]:
    """Stream the entities or the links of one CSV file (a file holds one or the other)."""
    with open_text(path, newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return
        columns = [column.strip() for column in header]
        holds_links = {"type", "from", "to"} <= set(columns)
        if not holds_links and "id" not in columns:
            raise FileProblem(
                f"{path}: line 1 must name the columns: an entity file has an 'id' column, "
                "a link file 'type', 'from' and 'to' (see docs/import-format.md)"
            )
        if holds_links != links:
            return
        allowed = LINK_FIELDS if links else NODE_FIELDS
        for column in columns:
            if column not in allowed:
                raise FileProblem(
                    f"{path}: unknown column '{column}' (allowed: {', '.join(allowed)})"
                )
        if len(set(columns)) != len(columns):
            raise FileProblem(f"{path}: a column name appears twice on line 1")
        given = frozenset(columns)
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield SourceRecord(f"{path}:{line}", links, {}, problem=f"not CSV: {error}")
                continue
            if not any(cell.strip() for cell in row):
                continue  # blank lines are allowed
            if len(row) != len(columns):
                problem = f"{len(row)} cells, but line 1 names {len(columns)} columns"
                yield SourceRecord(f"{path}:{line}", links, {}, problem=problem)
                continue
            raw = {name: _cell(name, text) for name, text in zip(columns, row, strict=True) if text}
            yield SourceRecord(
                f"{path}:{line}", links, raw if links else with_kind(raw), columns=given
            )


def _cell(column: str, text: str) -> Any:
    """A CSV cell as the value its column holds; a value that does not parse stays text,
    so validation names the field and the rule it breaks."""
    if column == "aliases":
        if text.startswith("["):
            try:
                return json.loads(text)
            except json.JSONDecodeError:
                return text
        return [part.strip() for part in text.split(";") if part.strip()]
    if column == "sample" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    if column == "number" and text.isdigit():
        return int(text)
    if column == "confidence":
        try:
            return float(text)
        except ValueError:
            return text
    return text


def read_jsonl(path: Path, links: bool) -> Iterator[SourceRecord]:
    """Stream the entities (objects with an id) or the links of one JSON Lines file."""
    with open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                value = json.loads(line)
            except json.JSONDecodeError as error:
                if not links:  # report it once, in the entity pass
                    yield SourceRecord(where, False, {}, problem=f"invalid JSON: {error.msg}")
                continue
            if not isinstance(value, dict):
                if not links:
                    yield SourceRecord(where, False, {}, problem="a line must be a JSON object")
                continue
            if ("id" not in value) == links:
                # A key given as null clears its field; a key left out leaves it as it is.
                raw = {key: item for key, item in value.items() if item is not None}
                yield SourceRecord(
                    where, links, raw if links else with_kind(raw), columns=frozenset(value)
                )


def node_columns(kind: NodeKind) -> list[str]:
    """The CSV columns of one kind: the common ones, then those only it may carry."""
    extra = [name for name, kinds in NODE_EXTRA_KINDS.items() if kind in kinds]
    return [*NODE_FIELDS[:9], *extra]


def _csv_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if any(";" in item or item != item.strip() for item in value):
            return json.dumps(value, ensure_ascii=False)
        return ";".join(value)
    return repr(value) if isinstance(value, float) else str(value)


class CsvWriter:
    """Entities to ``<dir>/nodes-<kind>.csv`` (one file per kind), links to ``links.csv``."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self._files: dict[str, tuple[IO[str], Any, list[str]]] = {}

    def _writer(self, name: str, columns: list[str]) -> tuple[Any, list[str]]:
        if name not in self._files:
            # With a byte-order mark, so Excel reads the Chinese names as UTF-8.
            handle = (self.directory / name).open("w", encoding="utf-8-sig", newline="")
            writer = csv.writer(handle)
            writer.writerow(columns)
            self._files[name] = (handle, writer, columns)
        _, writer, known = self._files[name]
        return writer, known

    def node(self, raw: dict[str, Any]) -> None:
        """Write one entity to its kind's file."""
        kind = NodeKind(raw["kind"])
        writer, columns = self._writer(f"nodes-{id_prefix(kind)}.csv", node_columns(kind))
        writer.writerow([_csv_text(raw[c]) if c in raw else "" for c in columns])

    def link(self, raw: dict[str, Any]) -> None:
        """Write one link to links.csv."""
        writer, columns = self._writer("links.csv", list(LINK_FIELDS))
        writer.writerow([_csv_text(raw[c]) if c in raw else "" for c in columns])

    def close(self) -> None:
        """Close every file written."""
        for handle, _, _ in self._files.values():
            handle.close()


class JsonlWriter:
    """One JSON object per line: entities, then links."""

    def __init__(self, path: Path) -> None:
        self._handle = path.open("w", encoding="utf-8")

    def node(self, raw: dict[str, Any]) -> None:
        """Write one entity line."""
        self._handle.write(json.dumps(raw, ensure_ascii=False) + "\n")

    def link(self, raw: dict[str, Any]) -> None:
        """Write one link line."""
        self._handle.write(json.dumps(raw, ensure_ascii=False) + "\n")

    def close(self) -> None:
        """Close the file."""
        self._handle.close()
