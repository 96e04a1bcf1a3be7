"""File formats for import and export, all streamed: records are read and written one at
a time, so memory does not grow with the file.

Every format carries the seed files' record shape (``docs/import-format.md``):

- ``.csv``: one file per record shape. A file with an ``id`` column holds entities (any
  kinds; ``kind`` may be left out, the id prefix says it); a file with ``type``, ``from``
  and ``to`` columns holds links. Empty cells are absent fields; ``aliases`` are
  separated by ``;`` (or written as a JSON array); ``sample`` is ``true``/``false``.
- ``.jsonl`` (or ``.ndjson``): one JSON object per line; a line with an ``id`` is an
  entity, any other a link.
- ``.json``: a seed file document (``graph_api.transfer.jsondoc``).
- ``.graphml``: GraphML, as Gephi and yEd read it (``graph_api.transfer.graphml``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any, Protocol

from graph_api.model import NodeKind, id_prefix, kind_of_id
from graph_api.seeds import NODE_EXTRA_KINDS
from graph_api.validation import LINK_FIELDS, NODE_FIELDS


class Format(StrEnum):
    """The file formats the importer reads and the exporter writes."""

    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    GRAPHML = "graphml"


SUFFIXES = {
    ".csv": Format.CSV,
    ".jsonl": Format.JSONL,
    ".ndjson": Format.JSONL,
    ".json": Format.JSON,
    ".graphml": Format.GRAPHML,
}


class FileProblem(ValueError):
    """A whole file cannot be read (not the format its name says, unknown columns, ...)."""


@dataclass(frozen=True)
class SourceRecord:
    """One record read from a file: where it is, whether it is a link, and its fields.

    ``problem`` is set when the record could not even be parsed (bad JSON on a line, a
    row with too many cells); the importer rejects it with that reason.
    """

    location: str
    is_link: bool
    raw: dict[str, Any]
    file_sample: bool = False
    problem: str | None = None


def format_of(path: Path) -> Format:
    """The format a file's name says it has."""
    try:
        return SUFFIXES[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(SUFFIXES))
        raise FileProblem(f"{path}: unknown file type '{path.suffix}' (known: {known})") from None


def read_records(path: Path, links: bool) -> Iterator[SourceRecord]:
    """Stream the entities (``links=False``) or the links of one file, in file order."""
    from graph_api.transfer import graphml, jsondoc  # late: they import this module

    fmt = format_of(path)
    if fmt is Format.CSV:
        yield from _read_csv(path, links)
    elif fmt is Format.JSONL:
        yield from _read_jsonl(path, links)
    elif fmt is Format.JSON:
        yield from jsondoc.read_document(path, links)
    else:
        yield from graphml.read_graphml(path, links)


def with_kind(raw: dict[str, Any]) -> dict[str, Any]:
    """An entity record with its ``kind`` filled in from the id prefix when left out."""
    if "kind" not in raw and isinstance(raw.get("id"), str):
        kind = kind_of_id(raw["id"])
        if kind is not None:
            return {**raw, "kind": kind.value}
    return raw


def _read_csv(path: Path, links: bool) -> Iterator[SourceRecord]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
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
            yield SourceRecord(f"{path}:{line}", links, raw if links else with_kind(raw))


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


def _read_jsonl(path: Path, links: bool) -> Iterator[SourceRecord]:
    with path.open(encoding="utf-8") as handle:
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
                yield SourceRecord(where, links, value if links else with_kind(value))


class RecordWriter(Protocol):
    """Where exported records go: entities first, then links."""

    def node(self, raw: dict[str, Any]) -> None:
        """Write one entity record."""

    def link(self, raw: dict[str, Any]) -> None:
        """Write one link record."""

    def close(self) -> None:
        """Finish the file(s)."""


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
            handle = (self.directory / name).open("w", encoding="utf-8", newline="")
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


def open_writer(fmt: Format, path: Path, description: str) -> RecordWriter:
    """A writer of ``fmt`` at ``path`` (a directory for CSV)."""
    from graph_api.transfer import graphml, jsondoc  # late: they import this module

    if fmt is Format.CSV:
        return CsvWriter(path)
    if fmt is Format.JSONL:
        return JsonlWriter(path)
    if fmt is Format.JSON:
        return jsondoc.JsonDocumentWriter(path, description)
    return graphml.GraphmlWriter(path, description)
