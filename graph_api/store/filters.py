"""Composable list filters: a tree of named predicates joined by AND, OR and NOT.

Each predicate is a Cypher fragment in ``cypher/filters/<name>.cypher`` about the node
``n``, with its values as ``$value`` (or ``$low``/``$high``; those that read the
organisation chart also take the day it is read on as ``$on``). ``compile_filter`` joins
the fragments with AND/OR/NOT and renames their parameters apart (``$f0_value`` …),
so a filter of any shape is still plain text from the files plus ``$parameters``:
no value a user sends ever becomes Cypher text. Size and depth are capped so a
hostile filter cannot make an unbounded query.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graph_api.errors import bad_input

# ISO days compare as text in both stores; the day after every date means "no limit"
# (a sentinel, not null: the embedded store needs every parameter typed).
NO_LIMIT = "9999-12-31"
MAX_PREDICATES = 40
MAX_DEPTH = 6
_PARAMETER = re.compile(r"\$(value|low|high|on)\b")


@dataclass(frozen=True)
class Predicate:
    """One named condition with its values, e.g. ``Predicate("in_bureau", {"value": [...]})``."""

    name: str
    values: tuple[tuple[str, Any], ...]

    @classmethod
    def of(cls, name: str, **values: Any) -> Predicate:
        """A predicate with keyword values (``value``, ``low``, ``high``)."""
        return cls(name, tuple(sorted(values.items())))


@dataclass(frozen=True)
class AllOf:
    """Every part holds."""

    parts: tuple[Filter, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one part holds."""

    parts: tuple[Filter, ...]


@dataclass(frozen=True)
class Not:
    """The part does not hold."""

    part: Filter


Filter = Predicate | AllOf | AnyOf | Not


def conjunction(parts: list[Filter]) -> Filter | None:
    """AND of the parts, simplified: None for no parts, the part itself for one."""
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def referenced_ids(tree: Filter) -> set[str]:
    """Every entity id a filter mentions (to check they exist before querying)."""
    match tree:
        case Predicate(name=name, values=values):
            ids: set[str] = set()
            if name in ID_PREDICATES:
                for key, value in values:
                    if key == "value":
                        ids.update(value)
            return ids
        case AllOf(parts=parts) | AnyOf(parts=parts):
            return set().union(*(referenced_ids(part) for part in parts))
        case Not(part=part):
            return referenced_ids(part)


# Predicates whose $value is a list of entity ids.
ID_PREDICATES = frozenset(
    {
        "in_bureau",
        "needs_technology",
        "offers_technology",
        "attended_event",
        "tied_to_partner",
        "organised_by",
        "attended_by",
        "under_technology",
        "id_in",
    }
)


# Predicates that read the organisation chart, as of the day ``on`` (ISO) when the list
# asks for one and as it stands otherwise.
CHART_PREDICATES = frozenset({"in_bureau"})


def chart_as_of(tree: Filter, day: str) -> Filter:
    """The filter with every chart-reading predicate reading the chart as of ``day``."""
    match tree:
        case Predicate(name=name, values=values) if name in CHART_PREDICATES:
            kept = tuple((key, value) for key, value in values if key != "on")
            return Predicate(name, tuple(sorted((*kept, ("on", day)))))
        case Predicate():
            return tree
        case AllOf(parts=parts):
            return AllOf(tuple(chart_as_of(part, day) for part in parts))
        case AnyOf(parts=parts):
            return AnyOf(tuple(chart_as_of(part, day) for part in parts))
        case Not(part=part):
            return Not(chart_as_of(part, day))


def compile_filter(
    tree: Filter | None, fragment: Callable[[str], str]
) -> tuple[str, dict[str, Any]]:
    """The WHERE condition text and its parameters for a filter (``true`` for none).

    ``fragment`` returns a predicate's Cypher text by name (from the CypherLibrary).
    """
    if tree is None:
        return "true", {}
    params: dict[str, Any] = {}
    counter = [0]

    def walk(node: Filter, depth: int) -> str:
        if depth > MAX_DEPTH:
            raise bad_input(f"Filters may nest at most {MAX_DEPTH} levels of and/or/not.")
        match node:
            case Predicate(name=name, values=values):
                index = counter[0]
                counter[0] += 1
                if counter[0] > MAX_PREDICATES:
                    raise bad_input(
                        f"A filter may hold at most {MAX_PREDICATES} conditions; "
                        "split the question into several queries."
                    )
                if name in CHART_PREDICATES:  # the chart as it stands unless given a day
                    params[f"f{index}_on"] = NO_LIMIT
                for key, value in values:
                    params[f"f{index}_{key}"] = value
                text = _PARAMETER.sub(lambda m: f"$f{index}_{m.group(1)}", fragment(name))
                return "(" + text + ")"
            case AllOf(parts=parts):
                return (
                    "(" + " AND ".join(walk(p, depth + 1) for p in parts) + ")" if parts else "true"
                )
            case AnyOf(parts=parts):
                return (
                    "(" + " OR ".join(walk(p, depth + 1) for p in parts) + ")" if parts else "false"
                )
            case Not(part=part):
                return "(NOT " + walk(part, depth + 1) + ")"

    return walk(tree, 0), params
