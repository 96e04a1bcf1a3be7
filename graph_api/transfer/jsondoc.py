"""Seed-file JSON documents, streamed in both directions.

The document is the seed file format (``{"dataset", "description", "sample", "nodes":
[...], "links": [...]}``), so an export can also be loaded with ``graph-api seed``.
Reading walks the top-level object with ``json.JSONDecoder.raw_decode`` over a sliding
buffer: one record is in memory at a time, however long the arrays are. The writer
puts one record per line, which keeps exports diff-friendly too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from graph_api.transfer.source import FileProblem, SourceRecord, open_text, with_kind

_CHUNK = 1 << 16
_WHITESPACE = " \t\r\n"
_HEADER_KEYS = ("dataset", "description", "sample")


class _Stream:
    """A JSON text read piece by piece, with a decoder that asks for more when needed."""

    def __init__(self, handle: IO[str], label: str) -> None:
        self.handle, self.label = handle, label
        self.buffer, self.pos, self.eof = "", 0, False
        self.decoder = json.JSONDecoder()

    def _fill(self) -> None:
        chunk = self.handle.read(_CHUNK)
        self.eof = not chunk
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = 0

    def peek(self) -> str:
        """The next character that is not white space ('' at the end)."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buffer) or self.eof:
                return self.buffer[self.pos : self.pos + 1]
            self._fill()

    def expect(self, char: str) -> None:
        """Consume ``char`` or fail naming what was found."""
        found = self.peek()
        if found != char:
            raise FileProblem(f"{self.label}: expected '{char}' but found {found or 'the end'!r}")
        self.pos += 1

    def value(self) -> Any:
        """Decode the next JSON value, reading more of the file until it is complete."""
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                if self.eof:
                    raise FileProblem(f"{self.label}: invalid JSON: {error.msg}") from None
                self._fill()
                continue
            if end == len(self.buffer) and not self.eof:
                self._fill()  # a number may go on in the next chunk: decode it again
                continue
            self.pos = end
            return value


def _walk(path: Path) -> Iterator[tuple[str, int, Any]]:
    """(key, index, value) for every array element and (key, -1, value) for every other
    top-level entry of the document, in file order."""
    label = str(path)
    with open_text(path) as handle:
        stream = _Stream(handle, label)
        stream.expect("{")
        if stream.peek() == "}":
            return
        while True:
            key = stream.value()
            if not isinstance(key, str):
                raise FileProblem(f"{label}: a key of the top-level object is not a string")
            stream.expect(":")
            if key in ("nodes", "links"):
                stream.expect("[")
                index = 0
                if stream.peek() == "]":
                    stream.pos += 1
                else:
                    while True:
                        yield key, index, stream.value()
                        index += 1
                        if stream.peek() != ",":
                            stream.expect("]")
                            break
                        stream.pos += 1
            else:
                yield key, -1, stream.value()
            if stream.peek() != ",":
                stream.expect("}")
                return
            stream.pos += 1


def read_header(path: Path) -> bool:
    """The document's file-wide ``sample`` flag (checked as the seed loader checks it).

    It may come after the arrays (seed files sort their keys), so this is a pass of its
    own over the file.
    """
    header: dict[str, Any] = {}
    for key, index, value in _walk(path):
        if index >= 0:
            continue
        if key not in _HEADER_KEYS:
            allowed = ", ".join((*_HEADER_KEYS, "nodes", "links"))
            raise FileProblem(f"{path}: unknown top-level key '{key}' (allowed: {allowed})")
        header[key] = value
    sample = header.get("sample")
    if not isinstance(sample, bool):
        raise FileProblem(f'{path}: "sample" must be true (invented data) or false (real data)')
    return sample


def read_document(path: Path, links: bool) -> Iterator[SourceRecord]:
    """Stream the entities or the links of a seed-file document."""
    file_sample = read_header(path)
    wanted = "links" if links else "nodes"
    for key, index, value in _walk(path):
        if key != wanted:
            continue
        where = f"{path}: {key}[{index}]"
        if not isinstance(value, dict):
            yield SourceRecord(where, links, {}, problem="a record must be a JSON object")
        else:
            yield SourceRecord(where, links, value if links else with_kind(value), file_sample)


class JsonDocumentWriter:
    """Writes a seed-file document, one record per line, entities before links."""

    def __init__(self, path: Path, description: str) -> None:
        self._handle = path.open("w", encoding="utf-8")
        head = {"dataset": "graph-export", "description": description, "sample": False}
        for key, value in head.items():
            prefix = "{" if key == "dataset" else " "
            self._handle.write(f"{prefix}{json.dumps(key)}: {json.dumps(value)},\n")
        self._handle.write(' "nodes": [')
        self._section, self._count = "nodes", 0

    def _write(self, raw: dict[str, Any]) -> None:
        separator = "," if self._count else ""
        self._handle.write(f"{separator}\n  {json.dumps(raw, ensure_ascii=False)}")
        self._count += 1

    def node(self, raw: dict[str, Any]) -> None:
        """Write one entity."""
        if self._section != "nodes":
            raise ValueError("entities must be written before links")
        self._write(raw)

    def link(self, raw: dict[str, Any]) -> None:
        """Write one link (ends the entity array first)."""
        if self._section == "nodes":
            self._handle.write('\n ],\n "links": [')
            self._section, self._count = "links", 0
        self._write(raw)

    def close(self) -> None:
        """End the arrays and the document."""
        if self._section == "nodes":
            self._handle.write('\n ],\n "links": [')
        self._handle.write("\n ]\n}\n")
        self._handle.close()
