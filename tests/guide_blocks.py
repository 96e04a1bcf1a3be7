"""The analyst guide's examples: each ```graphql block followed by the ```json answer it
gives on the seed data. Shared by tests/test_analyst_guide.py (the answers are real) and
``python -m tests.render_guide`` (write the real answers in after the data changed).

An answer may be cut short: a list whose last item is the string ``"… N more"`` shows
its first items only, and N more exist. Everything else must be exactly as shown.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_api.resources import resource_dir

GUIDE = resource_dir("cypher").parent / "docs" / "analyst-guide.md"
_EXAMPLE = re.compile(r"```graphql\n(?P<query>.*?)```\n\n```json\n(?P<answer>.*?)```", re.DOTALL)
_MORE = re.compile(r"^… (\d+) more$")
WIDTH = 100


@dataclass(frozen=True)
class Example:
    """One query of the guide, its variables and the answer the guide shows."""

    query: str
    variables: dict[str, Any]
    shown: Any
    span: tuple[int, int]  # where the json answer's text sits in the guide

    @property
    def name(self) -> str:
        """The query's operation name (for test ids)."""
        match = re.search(r"^(?:query|subscription)\s+(\w+)", self.query, re.MULTILINE)
        if match:
            return match.group(1)
        root = re.search(r"^\s*\{?\s*(\w+)\s*[({]", self.query.split("{", 1)[1], re.MULTILINE)
        return root.group(1) if root else "anonymous"


def examples(text: str) -> list[Example]:
    """Every query/answer pair in the guide's text, in order."""
    found = []
    for match in _EXAMPLE.finditer(text):
        query = match.group("query")
        variables = re.search(r"^# variables: (.+)$", query, re.MULTILINE)
        found.append(
            Example(
                query=query,
                variables=json.loads(variables.group(1)) if variables else {},
                shown=json.loads(match.group("answer")),
                span=match.span("answer"),
            )
        )
    return found


def differences(shown: Any, actual: Any, where: str = "data") -> list[str]:
    """Where the shown answer is not the actual one (a cut list may show fewer items)."""
    if isinstance(shown, dict) and isinstance(actual, dict):
        if shown.keys() != actual.keys():
            return [f"{where}: keys {sorted(shown)} != {sorted(actual)}"]
        return [p for key in shown for p in differences(shown[key], actual[key], f"{where}.{key}")]
    if isinstance(shown, list) and isinstance(actual, list):
        more = _MORE.match(shown[-1]) if shown and isinstance(shown[-1], str) else None
        items = shown[:-1] if more else shown
        expected_length = len(items) + (int(more.group(1)) if more else 0)
        if len(actual) != expected_length:
            return [f"{where}: {len(actual)} items, the guide says {expected_length}"]
        return [
            p
            for index, item in enumerate(items)
            for p in differences(item, actual[index], f"{where}[{index}]")
        ]
    if shown != actual:
        return [f"{where}: guide shows {shown!r}, the service answers {actual!r}"]
    return []


def cut_like(shown: Any, actual: Any) -> Any:
    """``actual``, with each list cut to as many items as the guide showed (new lists
    are cut to two), so a re-rendered answer keeps the guide's length."""
    if isinstance(actual, dict):
        return {
            key: cut_like(shown.get(key) if isinstance(shown, dict) else None, value)
            for key, value in actual.items()
        }
    if isinstance(actual, list):
        if isinstance(shown, list):
            more = shown and isinstance(shown[-1], str) and _MORE.match(shown[-1])
            cut = shown[:-1] if more else shown
            keep = len(cut)
        else:
            cut, keep = [], 2
        items = [
            cut_like(cut[index] if index < len(cut) else None, item)
            for index, item in enumerate(actual[:keep])
        ]
        if len(actual) > keep:
            items.append(f"… {len(actual) - keep} more")
        return items
    return actual


def render(value: Any, indent: int = 0, prefix: int = 0) -> str:
    """JSON as the guide writes it: a value on one line when the line (``prefix``
    characters already on it, and a comma) fits in WIDTH, else one item per line."""
    flat = json.dumps(value, ensure_ascii=False)
    if prefix + len(flat) + 1 <= WIDTH or not isinstance(value, dict | list) or not value:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            head = f"{pad}{json.dumps(key, ensure_ascii=False)}: "
            lines.append(head + render(item, indent + 2, len(head)))
        return "{\n" + ",\n".join(lines) + "\n" + " " * indent + "}"
    lines = [pad + render(item, indent + 2, len(pad)) for item in value]
    return "[\n" + ",\n".join(lines) + "\n" + " " * indent + "]"


def read_guide(path: Path = GUIDE) -> str:
    """The guide's text."""
    return path.read_text(encoding="utf-8")
