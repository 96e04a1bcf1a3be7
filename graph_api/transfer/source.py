"""What every import format reads into and every export format writes from.

Readers yield :class:`SourceRecord` values and raise :class:`FileProblem` for a file
they cannot read at all; writers follow :class:`RecordWriter`. The format modules
(``tabular``, ``jsondoc``, ``graphml``) import this one, and ``formats`` picks among them.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from graph_api.domain import kind_of_id


class FileProblem(ValueError):
    """A whole file cannot be read (not the format its name says, unknown columns, ...)."""


@dataclass(frozen=True)
class SourceRecord:
    """One record read from a file: where it is, whether it is a link, and its fields.

    ``problem`` is set when the record could not even be parsed (bad JSON on a line, a
    row with too many cells); the importer rejects it with that reason. ``columns``
    says which fields the file gives (see below).
    """

    location: str
    is_link: bool
    raw: dict[str, Any]
    file_sample: bool = False
    problem: str | None = None
    # The fields the file gives for this record (a CSV file's columns, a JSON line's
    # keys); one given but absent from ``raw`` was left empty, which clears it. None: the
    # record is whole (a seed document, GraphML). An update changes only given fields.
    columns: frozenset[str] | None = None


def with_kind(raw: dict[str, Any]) -> dict[str, Any]:
    """An entity record with its ``kind`` filled in from the id prefix when left out."""
    if "kind" not in raw and isinstance(raw.get("id"), str):
        kind = kind_of_id(raw["id"])
        if kind is not None:
            return {**raw, "kind": kind.value}
    return raw


class RecordWriter(Protocol):
    """Where exported records go: entities first, then links."""

    def node(self, raw: dict[str, Any]) -> None:
        """Write one entity record."""

    def link(self, raw: dict[str, Any]) -> None:
        """Write one link record."""

    def close(self) -> None:
        """Finish the file(s)."""


# Text files may start with a byte-order mark: Excel writes UTF-8 with one ("CSV UTF-8"),
# and Windows tools often write UTF-16 ("Unicode text"). Any other encoding is refused.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def open_text(path: Path, newline: str | None = None) -> IO[str]:
    """Open an import file as text: UTF-8, or UTF-8 or UTF-16 with a byte-order mark."""
    with path.open("rb") as raw:
        start = raw.read(4)
    encoding = next((name for bom, name in _BOMS if start.startswith(bom)), "utf-8")
    return path.open(encoding=encoding, newline=newline)


def not_text(path: Path, error: UnicodeDecodeError) -> FileProblem:
    """The problem to report for a file that is not UTF-8 (or UTF-16 with a mark)."""
    return FileProblem(
        f"{path}: not UTF-8 text (byte 0x{error.object[error.start]:02x} is not UTF-8). Save "
        "it as UTF-8 (in Excel: 'CSV UTF-8'), or convert it, e.g. from Big5: "
        f"iconv -f BIG5-HKSCS -t UTF-8 '{path}' > converted.csv"
    )
