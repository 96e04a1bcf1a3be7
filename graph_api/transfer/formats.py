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

from collections.abc import Iterator, Sequence
from enum import StrEnum
from pathlib import Path

from graph_api.transfer import graphml, jsondoc, tabular
from graph_api.transfer.source import FileProblem, RecordWriter, SourceRecord, not_text


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


def format_of(path: Path) -> Format:
    """The format a file's name says it has."""
    try:
        return SUFFIXES[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(SUFFIXES))
        raise FileProblem(f"{path}: unknown file type '{path.suffix}' (known: {known})") from None


def read_records(path: Path, links: bool) -> Iterator[SourceRecord]:
    """Stream the entities (``links=False``) or the links of one file, in file order."""
    fmt = format_of(path)
    try:
        if fmt is Format.CSV:
            yield from tabular.read_csv(path, links)
        elif fmt is Format.JSONL:
            yield from tabular.read_jsonl(path, links)
        elif fmt is Format.JSON:
            yield from jsondoc.read_document(path, links)
        else:
            yield from graphml.read_graphml(path, links)
    except UnicodeDecodeError as error:
        raise not_text(path, error) from None


def open_writer(fmt: Format, path: Path, description: str) -> RecordWriter:
    """A writer of ``fmt`` at ``path`` (a directory for CSV)."""
    if fmt is Format.CSV:
        return tabular.CsvWriter(path)
    if fmt is Format.JSONL:
        return tabular.JsonlWriter(path)
    if fmt is Format.JSON:
        return jsondoc.JsonDocumentWriter(path, description)
    return graphml.GraphmlWriter(path, description)


def most_rows(paths: Sequence[Path]) -> int | None:
    """At most how many records the files hold: their lines, for formats of one record
    per line (CSV, JSON Lines); None if any file is of another format. Counting a file's
    newline bytes is far quicker than reading its records (and never fewer)."""
    lines = 0
    for path in paths:
        if format_of(path) not in (Format.CSV, Format.JSONL):
            return None
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                lines += chunk.count(b"\n")
        lines += 1  # a last line without a newline
    return lines
