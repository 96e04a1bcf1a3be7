"""Entity and link records one at a time: the rules a raw node or link object must meet.

``graph_api.seeding.files`` applies these to whole seed files and
``graph_api.domain.validation`` to single records from mutations and imports, so every
path validates alike. A broken rule raises ``RuleProblem`` naming the field; the callers
add the file and record to the message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from graph_api.domain import history
from graph_api.domain.ids import id_prefix, kind_of_id
from graph_api.domain.kinds import (
    ALLOWED_ENDPOINTS,
    AttendanceRole,
    DateCertainty,
    EnterpriseSize,
    EventType,
    Evidence,
    NodeKind,
    Origin,
    RelType,
)
from graph_api.domain.records import LinkRecord, NodeRecord

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FOUNDED = re.compile(r"^\d{4}(-\d{2}){0,2}$")
_LINK_CORE = ("type", "from", "to", "source", "date", "sample")
_EVENT, _ENTERPRISE = (NodeKind.EVENT,), (NodeKind.ENTERPRISE,)
_OFFICE = (
    NodeKind.BUREAU,
    NodeKind.DEPARTMENT,
)  # offices have a history (graph_api.domain.history)
# fmt: off
_NODE_CORE = (
    "id", "kind", "name_en", "name_zh", "abbreviation", "aliases", "description", "source",
    "sample",
)
# Kind-specific node properties (NodeRecord.properties) and the kinds that may carry them.
NODE_EXTRA_KINDS: dict[str, tuple[NodeKind, ...]] = {
    "supervised_by": (NodeKind.BUREAU,), "origin": _ENTERPRISE, "size": _ENTERPRISE,
    "founded": (NodeKind.PARTNER_BODY, NodeKind.ENTERPRISE), "event_type": _EVENT,
    "number": _EVENT, "date": _EVENT, "date_certainty": _EVENT, "venue": _EVENT,
    "theme": _EVENT, "title": (NodeKind.PERSON,),
    "established": _OFFICE, "dissolved": _OFFICE, "former_names": _OFFICE,
}
# Link properties (LinkRecord.properties) and the types that may carry them (None: any type).
LINK_EXTRA_TYPES: dict[str, tuple[RelType, ...] | None] = {
    "role": (RelType.ATTENDED,), "need": (RelType.NEEDS,), "project": (RelType.PILOTED,),
    "evidence": None, "confidence": None,
}
_ENUMS: dict[str, type[StrEnum]] = {
    "kind": NodeKind, "type": RelType, "origin": Origin, "size": EnterpriseSize,
    "event_type": EventType, "role": AttendanceRole, "evidence": Evidence,
    "date_certainty": DateCertainty,
}
# fmt: on
# Each enumeration's values in declaration order, worked out once: checked for every row.
_CHOICES: dict[str, tuple[str, ...]] = {
    key: tuple(member.value for member in enum) for key, enum in _ENUMS.items()
}
_SUPERVISORS = ("CS", "FS")


class RuleProblem(Exception):
    """The first problem in one record; the loader gathers these into a SeedError."""


def reject_unknown(record: dict[str, Any], allowed: Sequence[str], what: str) -> None:
    """Refuse a record holding a field outside ``allowed`` (``what`` names the field kind)."""
    unknown = sorted(set(record) - set(allowed))
    if unknown:
        raise RuleProblem(f"unknown {what} {unknown[0]!r} (allowed: {', '.join(allowed)})")


def text_field(record: dict[str, Any], key: str, *, required: bool) -> str | None:
    """The text at ``key``: a non-blank string without outer white space, or None."""
    value = record.get(key)
    if value is None:
        if required:
            raise RuleProblem(f"{key} is missing")
        return None
    if not isinstance(value, str):
        raise RuleProblem(f"{key} must be a string, not {type(value).__name__}")
    if not value.strip():
        raise RuleProblem(f"{key} is blank")
    if value != value.strip():
        raise RuleProblem(f"{key} has white space at the start or end")
    return value


def _required(record: dict[str, Any], key: str) -> str:
    return text_field(record, key, required=True) or ""  # text_field raised if it is missing


def _sample(record: dict[str, Any], file_sample: bool) -> bool:
    value = record.get("sample")
    if value is None:
        return file_sample
    if not isinstance(value, bool):
        raise RuleProblem("sample must be true or false")
    if file_sample and not value:
        raise RuleProblem('sample is false but the file says "sample": true')
    return value


def _date(value: Any, key: str) -> dt.date:
    if isinstance(value, str) and _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise RuleProblem(f"{key} {value!r} is not a date in the form YYYY-MM-DD")


def _enum(record: dict[str, Any], key: str) -> str:
    value = _required(record, key)
    choices = _CHOICES[key]
    if value not in choices:
        raise RuleProblem(f"{key} {value!r} is not one of {', '.join(choices)}")
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
            raise RuleProblem(str(problem)) from None
    if key == "number":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise RuleProblem(f"number {value!r} must be a whole number from 1")
        return value
    if key == "confidence":
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise RuleProblem(f"confidence {value!r} must be a number from 0 to 1")
        return float(value)
    text = _required(record, key)
    if key == "supervised_by" and text not in _SUPERVISORS:
        raise RuleProblem(f"supervised_by {text!r} is not one of {', '.join(_SUPERVISORS)}")
    if key == "founded":
        try:  # a year, YYYY-MM or YYYY-MM-DD, each a real date
            dt.date.fromisoformat(text + "-01" * (2 - text.count("-")))
            valid = bool(_FOUNDED.match(text))
        except ValueError:
            valid = False
        if not valid:
            raise RuleProblem(f"founded {text!r} is not a year, YYYY-MM or YYYY-MM-DD")
    return text


def parse_node(raw: Any, file_sample: bool) -> NodeRecord:
    """A raw entity object as a checked NodeRecord (``file_sample``: a sample-data file)."""
    if not isinstance(raw, dict):
        raise RuleProblem("a node must be a JSON object")
    reject_unknown(raw, (*_NODE_CORE, *NODE_EXTRA_KINDS), "property")
    kind = NodeKind(_enum(raw, "kind"))
    node_id = _required(raw, "id")
    expected = f"{id_prefix(kind)}:<lower-case letters, digits, '.', '_' or '-'>"
    if kind_of_id(node_id) != kind:
        raise RuleProblem(f"id {node_id!r} does not fit kind {kind}: expected {expected}")
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list):
        raise RuleProblem("aliases must be a JSON array of strings")
    for position, alias in enumerate(aliases):
        if not isinstance(alias, str) or not alias.strip():
            raise RuleProblem(f"aliases[{position}] must be a non-blank string")
    node = NodeRecord(
        id=node_id,
        kind=kind,
        name_en=_required(raw, "name_en"),
        name_zh=text_field(raw, "name_zh", required=False),
        abbreviation=text_field(raw, "abbreviation", required=False),
        aliases=tuple(aliases),
        description=text_field(raw, "description", required=False),
        source=_required(raw, "source"),
        sample=_sample(raw, file_sample),
        properties=_properties(raw, NODE_EXTRA_KINDS, kind),
    )
    try:
        history.check_office_dates(node.properties)
    except history.HistoryProblem as problem:
        raise RuleProblem(str(problem)) from None
    return node


def parse_link(raw: Any, file_sample: bool, kinds: dict[str, NodeKind]) -> LinkRecord:
    """A raw link object as a checked LinkRecord; ``kinds`` gives each known id's kind."""
    if not isinstance(raw, dict):
        raise RuleProblem("a link must be a JSON object")
    reject_unknown(raw, (*_LINK_CORE, *LINK_EXTRA_TYPES), "property")
    rel = RelType(_enum(raw, "type"))
    ends = {end: _required(raw, end) for end in ("from", "to")}
    for end, node_id in ends.items():
        if node_id not in kinds:
            raise RuleProblem(f"{end} {node_id!r} is not a node in any of the seed files")
    pair = (kinds[ends["from"]], kinds[ends["to"]])
    if pair not in ALLOWED_ENDPOINTS.get(rel, ()):
        allowed = ", ".join(f"{a} -> {b}" for a, b in ALLOWED_ENDPOINTS.get(rel, ()))
        raise RuleProblem(f"from/to: {rel} cannot join {pair[0]} -> {pair[1]} (allowed: {allowed})")
    date = raw.get("date")
    if ends["from"] == ends["to"]:
        # Only PART_OF and SUCCEEDED_BY may join two entities of one kind.
        if rel is RelType.SUCCEEDED_BY:
            raise RuleProblem("from/to: an office cannot succeed itself")
        raise RuleProblem(
            f"from/to: an entity cannot be {rel} itself; give two different ids "
            "(PART_OF joins a unit to its department, a technology to a broader one)"
        )
    if rel is RelType.SUCCEEDED_BY and date is None:
        raise RuleProblem("date is missing: a SUCCEEDED_BY link is dated with its first day")
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
            raise RuleProblem(f"{key} is not a property of a {owner} record (only {only})")
        properties[key] = _extra(raw, key)
    return properties
