"""The Cypher files: every query loads for both dialects, placeholders fill only from
the model's enums, and the embedded schema declares exactly the model."""

from __future__ import annotations

import dataclasses
import re

import pytest

from graph_api.domain import ALLOWED_ENDPOINTS, LINK_PROPERTIES, NODE_PROPERTIES, NodeKind, RelType
from graph_api.resources import resource_dir
from graph_api.store.base import GraphStore
from graph_api.store.changes import CHANGE_COLUMNS
from graph_api.store.cypher_library import (
    CypherFileError,
    CypherLibrary,
    check_parameters,
    parameters_of,
)
from graph_api.store.cypher_store import CypherGraphStore
from graph_api.store.run_notes import RunNote

DIALECTS = ["neo4j", "embedded"]
OTHER_WORDINGS = ("_many", "_one", "_keys")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_both_dialects_have_the_same_questions(dialect: str) -> None:
    other = CypherLibrary("embedded" if dialect == "neo4j" else "neo4j")

    def questions(library: CypherLibrary) -> list[str]:
        # `<name>_many`, `<name>_one` and `<name>_keys`: the embedded store's wordings of
        # a question for long id lists, for a few rows asked one at a time, and for the
        # first step of a small page.
        return [name for name in library.names() if not name.endswith(OTHER_WORDINGS)]

    assert questions(CypherLibrary(dialect)) == questions(other)


@pytest.mark.parametrize("suffix", OTHER_WORDINGS)
def test_every_other_wording_has_its_question(suffix: str) -> None:
    embedded = CypherLibrary("embedded")
    worded = [name for name in embedded.names() if name.endswith(suffix)]
    assert worded
    assert all(embedded.has(name.removesuffix(suffix)) for name in worded)
    assert not any(name.endswith(suffix) for name in CypherLibrary("neo4j").names())


def test_every_file_starts_with_a_comment_saying_what_it_answers() -> None:
    for path in sorted(resource_dir("cypher").rglob("*.cypher")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("// "), path
        assert len(first) > 20, path


# Structural constants, not values: '' (sort-key padding), '|' (the search-text name
# separator), ' ' (the word separator) and the full-text index's name.
ALLOWED_LITERALS = {"", "|", " ", "entity_search"}


def test_no_file_holds_a_literal_value_where_a_parameter_belongs() -> None:
    # A quoted literal in a query would hint at a value that should be a $parameter.
    # Schema files (DDL) are exempt: index options are literals by nature.
    for path in sorted(resource_dir("cypher").rglob("*.cypher")):
        if path.stem == "schema":
            continue
        text = path.read_text(encoding="utf-8")
        assert set(re.findall(r"'([^'\n]*)'", text)) <= ALLOWED_LITERALS, path


@pytest.mark.parametrize("dialect", DIALECTS)
def test_placeholders_are_filled_from_enums_only(dialect: str) -> None:
    library = CypherLibrary(dialect)
    text = library.text(
        "upsert_links",
        rel_type=RelType.ATTENDED,
        from_kind=NodeKind.DEPARTMENT,
        to_kind=NodeKind.EVENT,
    )
    assert "__" not in text
    assert "ATTENDED" in text
    with pytest.raises(CypherFileError, match="__TYPE__"):
        library.text("upsert_links")
    with pytest.raises(CypherFileError, match="no Cypher file"):
        library.text("drop_everything")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_one_id_form_takes_the_id_alone(dialect: str) -> None:
    library = CypherLibrary(dialect)
    forms = [name for name in library.names() if library.has_one_id_form(name)]
    # The embedded store's reads of an entity's links; Neo4j's id index serves a list.
    assert ("path_links" in forms) == (dialect == "embedded")
    for name in forms:
        one, listed = (
            library.text(
                name,
                kind=NodeKind.ENTERPRISE,
                from_kind=NodeKind.ENTERPRISE,
                to_kind=NodeKind.EVENT,
                rel_type=RelType.ATTENDED,
                one_id=one_id,
            )
            for one_id in (True, False)
        )
        assert "__" not in one
        assert "ids" not in parameters_of(one)
        assert parameters_of(one) - {"id"} == parameters_of(listed) - {"ids"}
        assert ".id = $id" in one
        assert ".id IN $ids" in listed


def test_embedded_schema_declares_the_model() -> None:
    statements = CypherLibrary("embedded").statements("schema")
    node_tables = {s.split()[6].split("(")[0]: s for s in statements if "NODE TABLE" in s}
    # One table per kind, plus the audit trail's Change table with its own columns.
    change_columns = re.findall(r"[(,]\s*(\w+) ", node_tables.pop("Change"))
    assert tuple(change_columns) == CHANGE_COLUMNS
    # And the import runs under way (graph_api.transfer.journal), one column per field.
    run_columns = re.findall(r"[(,]\s*(\w+) ", node_tables.pop("ImportRun"))
    assert run_columns == ["id", *[field.name for field in dataclasses.fields(RunNote)][1:]]
    assert set(node_tables) == {kind.value for kind in NodeKind}
    for statement in node_tables.values():
        columns = re.findall(r"[(,]\s*(\w+) ", statement)
        assert columns == list(NODE_PROPERTIES)
    rel_tables = {s.split()[6].split("(")[0]: s for s in statements if "REL TABLE" in s}
    assert set(rel_tables) == {rel.value for rel in ALLOWED_ENDPOINTS}  # MET is never stored
    for rel_type, statement in rel_tables.items():
        pairs = re.findall(r"FROM (\w+) TO (\w+)", statement)
        expected = [(a.value, b.value) for a, b in ALLOWED_ENDPOINTS[RelType(rel_type)]]
        assert pairs == expected, rel_type
        columns = re.findall(r",\s*(\w+) (?:STRING|BOOLEAN|DOUBLE|INT64)", statement)
        assert columns == list(LINK_PROPERTIES), rel_type


def test_a_query_without_every_parameter_it_uses_is_refused() -> None:
    """Ladybug reads a missing parameter as NULL; the stores refuse to send one."""
    text = "MATCH (n:Entity {id: $id}) // $mentioned only in a comment\nRETURN n LIMIT $limit"
    assert parameters_of(text) == {"id", "limit"}
    check_parameters("one_node", text, {"id": "x", "limit": 1, "extra": True})
    with pytest.raises(CypherFileError, match=r"'one_node' uses \$limit, not given"):
        check_parameters("one_node", text, {"id": "x"})


@pytest.mark.neo4j
async def test_the_stores_refuse_a_read_missing_a_parameter(empty_store: GraphStore) -> None:
    assert isinstance(empty_store, CypherGraphStore)
    with pytest.raises(CypherFileError, match="not given"):
        await empty_store.read("name_words", {})
