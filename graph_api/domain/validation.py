"""One record at a time, the seed files' validation rules, for mutations and imports.

The rules live in ``graph_api.domain.rules`` (required fields, dates, enums, names not blank,
id prefixes, which properties each kind and link type may carry, allowed endpoints);
this module applies them to a single record and says which field broke which rule, so
the API, the importer and the seed loader can never disagree about what is valid.
It also turns stored records back into that seed-file shape (for exports and patches).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from graph_api.domain import Evidence, LinkRecord, NodeKind, NodeRecord, history

# The seed files' record checks are reused, not copied: one validator for every path.
from graph_api.domain.rules import (
    LINK_EXTRA_TYPES,
    NODE_EXTRA_KINDS,
    RuleProblem,
    parse_link,
    parse_node,
)

NODE_FIELDS: tuple[str, ...] = (
    "id",
    "kind",
    "name_en",
    "name_zh",
    "abbreviation",
    "aliases",
    "description",
    "source",
    "sample",
    *NODE_EXTRA_KINDS,
)
LINK_FIELDS: tuple[str, ...] = ("type", "from", "to", "source", "date", "sample", *LINK_EXTRA_TYPES)
_LEADING_FIELD = re.compile(r"^(?:unknown \w+ '(?P<unknown>[^']+)'|(?P<field>[a-z_/]+))")


class RecordProblem(ValueError):
    """A record breaks a rule: ``field`` names the field (seed-file spelling), the message
    says the rule."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _problem(problem: RuleProblem) -> RecordProblem:
    message = str(problem)
    match = _LEADING_FIELD.match(message)
    field = ""
    if match:
        field = match.group("unknown") or match.group("field") or ""
    if field in ("a", "an"):  # "a node must be a JSON object": the record, not a field
        field = ""
    return RecordProblem(field, message)


def check_node(raw: Mapping[str, Any], file_sample: bool = False) -> NodeRecord:
    """The node a seed-format record describes; raises RecordProblem naming the field."""
    try:
        return parse_node(dict(raw), file_sample)
    except RuleProblem as problem:
        raise _problem(problem) from None


def check_link(
    raw: Mapping[str, Any], kinds: Mapping[str, NodeKind], file_sample: bool = False
) -> LinkRecord:
    """The link a seed-format record describes, given the kinds of the ids it may join.

    The caller checks first that both ends exist (and says so in its own words); this
    checks the type, the endpoint kinds, the dates and the type-specific properties.
    """
    ends: dict[str, NodeKind] = {}  # only the two ends: ``kinds`` may be very large
    for end in ("from", "to"):
        node_id = raw.get(end)
        if isinstance(node_id, str):
            if node_id not in kinds:
                raise RecordProblem(end, f"{end} '{node_id}' is not an entity in the graph")
            ends[node_id] = kinds[node_id]
    try:
        return parse_link(dict(raw), file_sample, ends)
    except RuleProblem as problem:
        raise _problem(problem) from None


def check_succession(link: LinkRecord, predecessor: NodeRecord, successor: NodeRecord) -> None:
    """A SUCCEEDED_BY link's date fits its ends' dates (graph_api.domain.history): after the
    predecessor was dissolved, not before the successor was established."""
    try:
        history.check_succession(link.date, predecessor.properties, successor.properties)
    except history.HistoryProblem as problem:
        raise RecordProblem("date", str(problem)) from None


def node_to_raw(node: NodeRecord) -> dict[str, Any]:
    """A stored node in the seed-file record shape (absent fields left out)."""
    raw: dict[str, Any] = {"id": node.id, "kind": node.kind.value, "name_en": node.name_en}
    for key in ("name_zh", "abbreviation"):
        if getattr(node, key) is not None:
            raw[key] = getattr(node, key)
    if node.aliases:
        raw["aliases"] = list(node.aliases)
    for key in ("description", "source"):
        if getattr(node, key) is not None:
            raw[key] = getattr(node, key)
    raw["sample"] = node.sample
    for key in NODE_EXTRA_KINDS:
        value = node.properties.get(key)
        if value is not None:
            raw[key] = value.isoformat() if hasattr(value, "isoformat") else value
    return raw


def link_to_raw(link: LinkRecord) -> dict[str, Any]:
    """A stored link in the seed-file record shape (absent fields left out)."""
    raw: dict[str, Any] = {"type": link.type.value, "from": link.from_id, "to": link.to_id}
    if link.source is not None:
        raw["source"] = link.source
    if link.date is not None:
        raw["date"] = link.date.isoformat()
    raw["sample"] = link.sample
    # The stores' defaults (LinkRecord.to_row), so a stored link and the row that wrote
    # it look alike.
    properties = {"evidence": Evidence.RECORDED.value, "confidence": 1.0, **link.properties}
    for key in LINK_EXTRA_TYPES:
        value = properties.get(key)
        if value is not None:
            raw[key] = value
    return raw


def link_row(link: LinkRecord) -> dict[str, Any]:
    """A link as a store row with its type (what ``LinkRecord.from_row`` reads back)."""
    return {**link.to_row(), "type": link.type.value}


def changed_fields(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields that differ between two seed-format records: (old values, new values)."""
    keys = sorted(set(before) | set(after))
    changed = [key for key in keys if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in changed}, {key: after.get(key) for key in changed}
