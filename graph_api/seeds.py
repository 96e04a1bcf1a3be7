"""Seed data: read the JSON files under ``seeds/`` into validated node and link records.

Each file holds ``dataset``, ``description``, ``sample``, ``nodes`` and ``links``. Every
problem found is reported as a :class:`SeedError` naming the file, the record (its index
in the ``nodes`` or ``links`` array, counted from 0, and its id) and the field, so a
person can open the file and fix it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from graph_api import history, model
from graph_api.model import ALLOWED_ENDPOINTS, LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.paths import resource_dir

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FOUNDED = re.compile(r"^\d{4}(-\d{2}){0,2}$")
_FILE_KEYS = ("dataset", "description", "sample", "nodes", "links")
_LINK_CORE = ("type", "from", "to", "source", "date", "sample")
_EVENT, _ENTERPRISE = (NodeKind.EVENT,), (NodeKind.ENTERPRISE,)
_OFFICE = (NodeKind.BUREAU, NodeKind.DEPARTMENT)  # offices have a history (graph_api.history)
# fmt: off
_NODE_CORE = (
    "id", "kind", "name_en", "name_zh", "abbreviation", "aliases", "description", "source",
    "sample",
)
# Kind-specific node properties (NodeRecord.properties) and the kinds that may carry them.
NODE_EXTRA_KINDS: dict[str, tuple[NodeKind, ...]] = {
    "supervised_by": (NodeKind.BUREAU,), "origin": _ENTERPRISE, "size": _ENTERPRISE,
    "founded": (NodeKind.PARTNER_BODY, NodeKind.ENTERPRISE), "event_type": _EVENT,
    "number": _EVENT, "date": _EVENT, "venue": _EVENT, "theme": _EVENT, "title": (NodeKind.PERSON,),
    "established": _OFFICE, "dissolved": _OFFICE, "former_names": _OFFICE,
}
# Link properties (LinkRecord.properties) and the types that may carry them (None: any type).
LINK_EXTRA_TYPES: dict[str, tuple[RelType, ...] | None] = {
    "role": (RelType.ATTENDED,), "need": (RelType.NEEDS,), "project": (RelType.PILOTED,),
    "evidence": None, "confidence": None,
}
_ENUMS: dict[str, type[StrEnum]] = {
    "kind": NodeKind, "type": RelType, "origin": model.Origin, "size": model.EnterpriseSize,
    "event_type": model.EventType, "role": model.AttendanceRole, "evidence": model.Evidence,
}
# fmt: on
_SUPERVISORS = ("CS", "FS")
_MAX_REPORTED = 40


@dataclass(frozen=True)
class SeedSet:
    """Every node and link read from a group of seed files, in file order."""

    nodes: tuple[NodeRecord, ...]
    links: tuple[LinkRecord, ...]


class SeedError(ValueError):
    """Seed files that cannot be loaded; ``problems`` lists every problem, one per line."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        shown = list(self.problems[:_MAX_REPORTED])
        if len(self.problems) > _MAX_REPORTED:
            shown.append(f"... and {len(self.problems) - _MAX_REPORTED} more problems")
        super().__init__("\n".join(shown))


class _Problem(Exception):
    """The first problem in one record; the loader gathers these into a SeedError."""


def default_seed_paths() -> list[Path]:
    """Every ``*.json`` file in the project's ``seeds/`` folder, sorted by file name."""
    return sorted(resource_dir("seeds").glob("*.json"), key=lambda path: path.name)


def load_seed_files(paths: Sequence[Path]) -> SeedSet:
    """Read and validate seed files together (links may point at nodes in any of them).

    Raises SeedError listing every problem found, each naming file, record and field.
    """
    return parse_seed_documents([(_display(path), _read_json(path)) for path in paths])


def parse_seed_documents(documents: Sequence[tuple[str, Any]]) -> SeedSet:
    """Validate already-parsed seed documents, given as (label for messages, JSON value)."""
    problems: list[str] = []
    nodes: list[NodeRecord] = []
    first_seen: dict[str, str] = {}
    rejected: set[str] = set()  # ids of invalid nodes: links to them are not checked
    raw_links: list[tuple[str, int, Any, bool]] = []
    for label, document in documents:
        try:
            file_sample, raw_nodes, file_links = _check_file(document)
        except _Problem as problem:
            problems.append(f"{label}: {problem}")
            continue
        for index, raw in enumerate(raw_nodes):
            where = f"{label}: node #{index} ({_node_ident(raw)})"
            try:
                node = _parse_node(raw, file_sample)
            except _Problem as problem:
                problems.append(f"{where}: {problem}")
                rejected.add(_node_ident(raw))
                continue
            if node.id in first_seen:
                problems.append(f"{where}: id duplicates {first_seen[node.id]}")
                continue
            first_seen[node.id] = f"{label} node #{index}"
            nodes.append(node)
        raw_links.extend((label, index, raw, file_sample) for index, raw in enumerate(file_links))
    kinds = {node.id: node.kind for node in nodes}
    properties = {node.id: node.properties for node in nodes}
    links: list[LinkRecord] = []
    link_seen: dict[tuple[RelType, str, str], str] = {}
    unchecked = 0
    for label, index, raw, file_sample in raw_links:
        if isinstance(raw, dict) and {raw.get("from"), raw.get("to")} & rejected:
            unchecked += 1
            continue
        where = f"{label}: link #{index} ({_link_ident(raw)})"
        try:
            link = _parse_link(raw, file_sample, kinds)
            if link.type is RelType.SUCCEEDED_BY:
                _check_succession(link, properties)
        except _Problem as problem:
            problems.append(f"{where}: {problem}")
            continue
        key = (link.type, link.from_id, link.to_id)
        if key in link_seen:
            problems.append(f"{where}: type/from/to duplicates {link_seen[key]}")
            continue
        link_seen[key] = f"{label} link #{index}"
        links.append(link)
    if unchecked:
        problems.append(f"({unchecked} links to or from the invalid nodes were not checked)")
    if problems:
        raise SeedError(problems)
    return SeedSet(nodes=tuple(nodes), links=tuple(links))


def _check_succession(link: LinkRecord, properties: dict[str, dict[str, Any]]) -> None:
    try:
        history.check_succession(link.date, properties[link.from_id], properties[link.to_id])
    except history.HistoryProblem as problem:
        raise _Problem(str(problem)) from None


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _read_json(path: Path) -> Any:
    label = _display(path)
    try:
        text = path.read_text(encoding="utf-8")
        return json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except OSError as exc:
        raise SeedError([f"{label}: cannot read the file: {exc.strerror or exc}"]) from exc
    except UnicodeDecodeError as exc:
        raise SeedError([f"{label}: not UTF-8 text (byte {exc.start})"]) from exc
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise SeedError([f"{label}: invalid JSON at {where}: {exc.msg}"]) from exc
    except _Problem as exc:
        raise SeedError([f"{label}: {exc}"]) from exc


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Problem(f"key {key!r} appears twice in one JSON object")
        result[key] = value
    return result


def _node_ident(raw: Any) -> str:
    value = raw.get("id") if isinstance(raw, dict) else None
    return value if isinstance(value, str) else "no id"


def _link_ident(raw: Any) -> str:
    get = raw.get if isinstance(raw, dict) else {}.get
    return f"{get('type', '?')} {get('from', '?')} -> {get('to', '?')}"


def _check_file(document: Any) -> tuple[bool, list[Any], list[Any]]:
    if not isinstance(document, dict):
        raise _Problem("the top level must be a JSON object")
    _reject_unknown(document, _FILE_KEYS, "top-level key")
    _text(document, "dataset", required=True)
    _text(document, "description", required=False)
    sample = document.get("sample")
    if not isinstance(sample, bool):
        raise _Problem('"sample" must be true (invented data) or false (real data)')
    nodes, links = document.get("nodes", []), document.get("links", [])
    if not isinstance(nodes, list) or not isinstance(links, list):
        raise _Problem("nodes and links must be JSON arrays")
    return sample, nodes, links


def _reject_unknown(record: dict[str, Any], allowed: Sequence[str], what: str) -> None:
    unknown = sorted(set(record) - set(allowed))
    if unknown:
        raise _Problem(f"unknown {what} {unknown[0]!r} (allowed: {', '.join(allowed)})")


def _text(record: dict[str, Any], key: str, *, required: bool) -> str | None:
    value = record.get(key)
    if value is None:
        if required:
            raise _Problem(f"{key} is missing")
        return None
    if not isinstance(value, str):
        raise _Problem(f"{key} must be a string, not {type(value).__name__}")
    if not value.strip():
        raise _Problem(f"{key} is blank")
    if value != value.strip():
        raise _Problem(f"{key} has white space at the start or end")
    return value


def _required(record: dict[str, Any], key: str) -> str:
    return _text(record, key, required=True) or ""  # _text raised if it is missing


def _sample(record: dict[str, Any], file_sample: bool) -> bool:
    value = record.get("sample")
    if value is None:
        return file_sample
    if not isinstance(value, bool):
        raise _Problem("sample must be true or false")
    if file_sample and not value:
        raise _Problem('sample is false but the file says "sample": true')
    return value


def _date(value: Any, key: str) -> dt.date:
    if isinstance(value, str) and _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _Problem(f"{key} {value!r} is not a date in the form YYYY-MM-DD")


def _enum(record: dict[str, Any], key: str) -> str:
    value = _required(record, key)
    choices = [member.value for member in _ENUMS[key]]
    if value not in choices:
        raise _Problem(f"{key} {value!r} is not one of {', '.join(choices)}")
    return value


def _extra(record: dict[str, Any], key: str) -> Any:
    value = record[key]
    if key in _ENUMS:
        return _enum(record, key)
    if key == "date":
        return _date(value, key)
    if key in ("established", "dissolved"):
        return _date(value, key).isoformat()
    if key == history.FIELD:
        try:
            return history.parse_former_names(value)
        except history.HistoryProblem as problem:
            raise _Problem(str(problem)) from None
    if key == "number":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise _Problem(f"number {value!r} must be a whole number from 1")
        return value
    if key == "confidence":
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise _Problem(f"confidence {value!r} must be a number from 0 to 1")
        return float(value)
    text = _required(record, key)
    if key == "supervised_by" and text not in _SUPERVISORS:
        raise _Problem(f"supervised_by {text!r} is not one of {', '.join(_SUPERVISORS)}")
    if key == "founded":
        try:  # a year, YYYY-MM or YYYY-MM-DD, each a real date
            dt.date.fromisoformat(text + "-01" * (2 - text.count("-")))
            valid = bool(_FOUNDED.match(text))
        except ValueError:
            valid = False
        if not valid:
            raise _Problem(f"founded {text!r} is not a year, YYYY-MM or YYYY-MM-DD")
    return text


def _parse_node(raw: Any, file_sample: bool) -> NodeRecord:
    if not isinstance(raw, dict):
        raise _Problem("a node must be a JSON object")
    _reject_unknown(raw, (*_NODE_CORE, *NODE_EXTRA_KINDS), "property")
    kind = NodeKind(_enum(raw, "kind"))
    node_id = _required(raw, "id")
    expected = f"{model.id_prefix(kind)}:<lower-case letters, digits, '.', '_' or '-'>"
    if model.kind_of_id(node_id) != kind:
        raise _Problem(f"id {node_id!r} does not fit kind {kind}: expected {expected}")
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list):
        raise _Problem("aliases must be a JSON array of strings")
    for position, alias in enumerate(aliases):
        if not isinstance(alias, str) or not alias.strip():
            raise _Problem(f"aliases[{position}] must be a non-blank string")
    node = NodeRecord(
        id=node_id,
        kind=kind,
        name_en=_required(raw, "name_en"),
        name_zh=_text(raw, "name_zh", required=False),
        abbreviation=_text(raw, "abbreviation", required=False),
        aliases=tuple(aliases),
        description=_text(raw, "description", required=False),
        source=_required(raw, "source"),
        sample=_sample(raw, file_sample),
        properties=_properties(raw, NODE_EXTRA_KINDS, kind),
    )
    try:
        history.check_office_dates(node.properties)
    except history.HistoryProblem as problem:
        raise _Problem(str(problem)) from None
    return node


def _parse_link(raw: Any, file_sample: bool, kinds: dict[str, NodeKind]) -> LinkRecord:
    if not isinstance(raw, dict):
        raise _Problem("a link must be a JSON object")
    _reject_unknown(raw, (*_LINK_CORE, *LINK_EXTRA_TYPES), "property")
    rel = RelType(_enum(raw, "type"))
    ends = {end: _required(raw, end) for end in ("from", "to")}
    for end, node_id in ends.items():
        if node_id not in kinds:
            raise _Problem(f"{end} {node_id!r} is not a node in any of the seed files")
    pair = (kinds[ends["from"]], kinds[ends["to"]])
    if pair not in ALLOWED_ENDPOINTS.get(rel, ()):
        allowed = ", ".join(f"{a} -> {b}" for a, b in ALLOWED_ENDPOINTS.get(rel, ()))
        raise _Problem(f"from/to: {rel} cannot join {pair[0]} -> {pair[1]} (allowed: {allowed})")
    date = raw.get("date")
    if rel is RelType.SUCCEEDED_BY:
        if ends["from"] == ends["to"]:
            raise _Problem("from/to: an office cannot succeed itself")
        if date is None:
            raise _Problem("date is missing: a SUCCEEDED_BY link is dated with its first day")
    return LinkRecord(
        type=rel,
        from_id=ends["from"],
        to_id=ends["to"],
        source=_required(raw, "source"),
        date=None if date is None else _date(date, "date"),
        sample=_sample(raw, file_sample),
        properties=_properties(raw, LINK_EXTRA_TYPES, rel),
    )


def _properties(
    raw: dict[str, Any], table: Mapping[str, tuple[StrEnum, ...] | None], owner: StrEnum
) -> dict[str, Any]:
    """The kind- or type-specific properties present in a record, checked."""
    properties: dict[str, Any] = {}
    for key, owners in table.items():
        if raw.get(key) is None:
            continue
        if owners is not None and owner not in owners:
            only = ", ".join(owners)
            raise _Problem(f"{key} is not a property of a {owner} record (only {only})")
        properties[key] = _extra(raw, key)
    return properties
