"""GraphML export and import, streamed, in the plain form Gephi, yEd and networkx read.

Every field is a GraphML ``<key>`` with its type (``string``, ``boolean``, ``int``,
``double``); aliases, which GraphML has no list type for, are a JSON array in a string.
Nodes also carry ``label`` (the English name) and links ``label`` (their type), which
Gephi and yEd show on the canvas. Link fields that GraphML tools treat specially are
renamed: the link type is ``rel_type`` and its source (the citation) ``link_source``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import iterparse
from xml.sax.saxutils import escape, quoteattr

from graph_api.domain import LINK_PROPERTIES, NODE_PROPERTIES
from graph_api.transfer.source import FileProblem, SourceRecord, with_kind

_NS = "http://graphml.graphdrawing.org/xmlns"
_TYPES = {str: "string", bool: "boolean", int: "int", float: "double", list: "string"}
# (key id, element, attribute name, Python type): node fields, then link fields.
_NODE_KEYS = [("label", "node", "label", str)] + [
    (f"n_{name}", "node", name, kind)
    for name, kind in NODE_PROPERTIES.items()
    if name not in ("id", "search_text")
]
_LINK_NAMES = {"type": "rel_type", "source": "link_source"}
_LINK_KEYS = [("e_label", "edge", "label", str), ("e_type", "edge", "rel_type", str)] + [
    (f"e_{name}", "edge", _LINK_NAMES.get(name, name), kind)
    for name, kind in LINK_PROPERTIES.items()
]
_FIELD_BY_ATTRIBUTE = {
    ("node", attribute): attribute for _, _, attribute, _ in _NODE_KEYS if attribute != "label"
}
_FIELD_BY_ATTRIBUTE.update(
    {("edge", alias): name for name, alias in _LINK_NAMES.items()}
    | {("edge", name): name for name in LINK_PROPERTIES if name not in _LINK_NAMES}
)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return repr(value) if isinstance(value, float) else str(value)


class GraphmlWriter:
    """Writes a directed GraphML graph: keys, then every node, then every edge."""

    def __init__(self, path: Path, description: str) -> None:
        self._handle = path.open("w", encoding="utf-8")
        self._handle.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<graphml xmlns="{_NS}" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:schemaLocation="{_NS} {_NS}/1.0/graphml.xsd">\n'
            f"  <desc>{escape(description)}</desc>\n"
        )
        for key_id, element, attribute, kind in _NODE_KEYS + _LINK_KEYS:
            self._handle.write(
                f'  <key id="{key_id}" for="{element}" attr.name="{attribute}" '
                f'attr.type="{_TYPES[kind]}"/>\n'
            )
        self._handle.write('  <graph id="collaboration-graph" edgedefault="directed">\n')
        self._edges = 0

    def _data(self, key_id: str, value: Any) -> str:
        return f'      <data key="{key_id}">{escape(_text(value))}</data>\n'

    def node(self, raw: dict[str, Any]) -> None:
        """Write one entity as a <node>."""
        parts = [f"    <node id={quoteattr(raw['id'])}>\n", self._data("label", raw["name_en"])]
        parts += [
            self._data(f"n_{name}", raw[name])
            for name in NODE_PROPERTIES
            if name in raw and name != "id"
        ]
        self._handle.write("".join(parts) + "    </node>\n")

    def link(self, raw: dict[str, Any]) -> None:
        """Write one link as an <edge>."""
        self._edges += 1
        parts = [
            f'    <edge id="e{self._edges}" source={quoteattr(raw["from"])} '
            f"target={quoteattr(raw['to'])}>\n",
            self._data("e_label", raw["type"]),
            self._data("e_type", raw["type"]),
        ]
        parts += [self._data(f"e_{name}", raw[name]) for name in LINK_PROPERTIES if name in raw]
        self._handle.write("".join(parts) + "    </edge>\n")

    def close(self) -> None:
        """End the graph and the document."""
        self._handle.write("  </graph>\n</graphml>\n")
        self._handle.close()


def _value(text: str, attr_type: str, field: str) -> Any:
    """A <data> text as its declared type; text that does not parse stays text, so
    validation reports the field."""
    if field == "aliases":
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
    if attr_type == "boolean" and text.strip().lower() in ("true", "false"):
        return text.strip().lower() == "true"
    try:
        if attr_type in ("int", "long"):
            return int(text)
        if attr_type in ("double", "float"):
            return float(text)
    except ValueError:
        return text
    return text


def read_graphml(path: Path, links: bool) -> Iterator[SourceRecord]:
    """Stream the nodes (``links=False``) or edges of a GraphML file as records.

    Each element is dropped once read, so the tree never grows. Keys are read from their
    declarations: a file from another tool imports if its attribute names match ours.
    """
    keys: dict[str, tuple[str, str]] = {}  # key id -> (attribute name, type)
    graph: Any = None
    counts = {"node": 0, "edge": 0}
    try:
        # Files an operator chose; expat does not fetch external entities.
        for event, element in iterparse(path, events=("start", "end")):  # noqa: S314
            tag = element.tag.rsplit("}", 1)[-1]
            if event == "start":
                if tag == "graph" and graph is None:
                    graph = element
                continue
            if tag == "key":
                keys[element.get("id", "")] = (
                    element.get("attr.name", ""),
                    element.get("attr.type", "string"),
                )
            elif tag in counts:
                counts[tag] += 1
                if (tag == "edge") == links:
                    yield _record(path, tag, counts[tag], element, keys)
                element.clear()
                if graph is not None:
                    graph.remove(element)
    except SyntaxError as error:  # ElementTree's ParseError
        raise FileProblem(f"{path}: not well-formed XML: {error}") from None


def _record(
    path: Path, tag: str, number: int, element: Any, keys: dict[str, tuple[str, str]]
) -> SourceRecord:
    raw: dict[str, Any] = {}
    if tag == "node":
        raw["id"] = element.get("id")
    else:
        raw["from"], raw["to"] = element.get("source"), element.get("target")
    for data in element:
        attribute, attr_type = keys.get(data.get("key", ""), ("", "string"))
        field = _FIELD_BY_ATTRIBUTE.get((tag, attribute))
        if field is not None and data.text is not None:
            raw[field] = _value(data.text, attr_type, field)
    where = f"{path}: {tag} #{number}"
    return SourceRecord(where, tag == "edge", with_kind(raw) if tag == "node" else raw)
