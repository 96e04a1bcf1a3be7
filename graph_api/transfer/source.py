"""What every import format reads into and every export format writes from.

Readers yield :class:`SourceRecord` values and raise :class:`FileProblem` for a file
they cannot read at all; writers follow :class:`RecordWriter`. The format modules
(``tabular``, ``jsondoc``, ``graphml``) import this one, and ``formats`` picks among them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from graph_api.domain import kind_of_id


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
