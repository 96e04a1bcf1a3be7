"""Seed data: read the JSON files under ``seeds/`` into validated node and link records.

Each file holds ``dataset``, ``description``, ``sample``, ``nodes`` and ``links``. Every
problem found is reported as a :class:`SeedError` naming the file, the record (its index
in the ``nodes`` or ``links`` array, counted from 0, and its id) and the field, so a
person can open the file and fix it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_api.domain import LinkRecord, NodeRecord, RelType, history
from graph_api.domain.rules import (
    RuleProblem,
    parse_link,
    parse_node,
    reject_unknown,
    text_field,
)
from graph_api.resources import resource_dir

__all__ = [
    "SeedError",
    "SeedSet",
    "default_seed_paths",
    "load_seed_files",
    "parse_seed_documents",
]

_FILE_KEYS = ("dataset", "description", "sample", "nodes", "links")
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
        except RuleProblem as problem:
            problems.append(f"{label}: {problem}")
            continue
        for index, raw in enumerate(raw_nodes):
            where = f"{label}: node #{index} ({_node_ident(raw)})"
            try:
                node = parse_node(raw, file_sample)
            except RuleProblem as problem:
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
            link = parse_link(raw, file_sample, kinds)
            if link.type is RelType.SUCCEEDED_BY:
                _check_succession(link, properties)
        except RuleProblem as problem:
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
        raise RuleProblem(str(problem)) from None


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
    except RuleProblem as exc:
        raise SeedError([f"{label}: {exc}"]) from exc


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise RuleProblem(f"key {key!r} appears twice in one JSON object")
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
        raise RuleProblem("the top level must be a JSON object")
    reject_unknown(document, _FILE_KEYS, "top-level key")
    text_field(document, "dataset", required=True)
    text_field(document, "description", required=False)
    sample = document.get("sample")
    if not isinstance(sample, bool):
        raise RuleProblem('"sample" must be true (invented data) or false (real data)')
    nodes, links = document.get("nodes", []), document.get("links", [])
    if not isinstance(nodes, list) or not isinstance(links, list):
        raise RuleProblem("nodes and links must be JSON arrays")
    return sample, nodes, links
