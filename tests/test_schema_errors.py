"""Errors GraphQL raises itself while reading variables name the variable and the input
field, so a form can show the message beside the field (extensions.field), on both
stores; and ``viewer`` says who the service takes the caller to be."""

from __future__ import annotations

import httpx
import pytest

from graph_api.auth.roles import Role
from graph_api.schema.errors import variable_details
from graph_api.store.base import GraphStore
from tests.app_client import app_client
from tests.auth_support import as_role
from tests.gql_client import data, gql


@pytest.mark.parametrize(
    ("message", "details"),
    [
        (
            "Variable '$input' has invalid value at .date: Value cannot represent a Date",
            {"variable": "input", "field": "date", "fieldPath": "date"},
        ),
        (
            "Variable '$input' has invalid value at .links[0].date: bad",
            {"variable": "input", "field": "date", "fieldPath": "links[0].date"},
        ),
        (
            "Variable '$input' has invalid value: Expected value of type 'AttendanceInput' "
            "to include required field 'source', found: {}.",
            {"variable": "input", "field": "source", "fieldPath": "source"},
        ),
        ("Variable '$asOf' has invalid value: Value cannot represent a Date", {"variable": "asOf"}),
        (  # a required field missing inside a nested object
            "Variable '$input' has invalid value at .links[0].inner: Expected value of type "
            "'I' to include required field 'x', found: {}.",
            {"variable": "input", "field": "x", "fieldPath": "links[0].inner.x"},
        ),
        (  # an unknown field: the form shows it beside the field that was sent
            "Variable '$input' has invalid value at .links[0]: Expected value of type 'L' "
            "not to include unknown field 'foo', found: {'foo': 1}.",
            {"variable": "input", "field": "foo", "fieldPath": "links[0].foo"},
        ),
        (  # an item of a list variable: the variable is the field
            "Variable '$ids' has invalid value at [1]: Expected value of non-null type "
            "'ID!' not to be None.",
            {"variable": "ids", "fieldPath": "[1]"},
        ),
    ],
)
def test_a_coercion_message_names_its_variable_and_field(
    message: str, details: dict[str, str]
) -> None:
    assert variable_details(message) == details


RECORD = """mutation ($input: AttendanceInput!) { recordAttendance(input: $input) { replayed } }"""


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"date": "2025-13-40", "source": "s"}, "date"),
        ({"confidence": "high", "source": "s"}, "confidence"),
        ({"role": "BOSS", "source": "s"}, "role"),
        ({}, "source"),
    ],
)
async def test_a_form_learns_which_field_was_wrong(
    api: httpx.AsyncClient, value: dict[str, str], field: str
) -> None:
    variables = {"input": {"partyId": "department:bd", "eventId": "event:tf-19", **value}}
    body = await gql(api, RECORD, variables)
    extensions = body["errors"][0]["extensions"]
    assert extensions == {**extensions, "code": "BAD_USER_INPUT", "field": field}


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, {"role": "viewer", "method": "anonymous", "roles": ["viewer"]}),
        (Role.EDITOR, {"role": "editor", "method": "api-key"}),
    ],
)
async def test_viewer_says_who_is_asking(
    seeded_store: GraphStore, role: Role | None, expected: dict[str, object]
) -> None:
    async with app_client(seeded_store) as client:
        if role is None:
            del client.headers["Authorization"]
        else:
            client.headers.update(as_role(role))
        found = (await data(client, "{ viewer { actor role method roles } }"))["viewer"]
    assert found == {**found, **expected}
    if role is Role.EDITOR:
        assert found["roles"] == ["viewer", "analyst", "editor"]
        assert found["actor"].startswith("key:")
