"""Who may see and change what: roles per field, API keys, anonymous access, and personal
data hidden below admin. Over HTTP against the app, on both stores."""

from __future__ import annotations

from typing import Any

import httpx

from graph_api.app import create_app
from graph_api.auth.api_keys import KeyRing
from graph_api.auth.roles import Role
from graph_api.config import Settings
from graph_api.domain import LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.schema.permissions import ARGUMENT_ROLES, FIELD_ROLES
from graph_api.store.base import GraphStore
from graph_api.transfer.importer import ImportOptions, import_files
from tests.auth_support import KEYS_FILE, as_role, bearer
from tests.editing_support import SOURCE
from tests.gql_client import error_codes, gql

MIXED = '{ bureaux(first: 1) { totalCount } whoMet(party: "department:dpo") { totalCount } }'
REMOVE = """mutation($from: ID!, $to: ID!) {
  removeLink(type: ATTENDED, fromId: $from, toId: $to, source: "https://example.org/x") {
    change { actor entityId otherId }
  }
}"""
HISTORY = """query($id: ID!) {
  history(id: $id) { edges { node { actor channel entityId otherId summary } } }
}"""
PERSON = "person:chan-tai-man"


async def test_a_viewer_gets_forbidden_on_that_field_and_the_rest_of_the_answer(
    app_over: Any,
) -> None:
    body = await gql(app_over(), MIXED)  # anonymous on loopback: viewer
    assert body["data"]["bureaux"]["totalCount"] == 1
    assert body["data"]["whoMet"] is None
    assert error_codes(body) == ["FORBIDDEN"]
    assert body["errors"][0]["extensions"]["requiredRole"] == "analyst"
    assert "graph-api keys create" in body["errors"][0]["message"]
    analyst = await gql(app_over(as_role(Role.ANALYST)), MIXED)
    assert "errors" not in analyst
    assert analyst["data"]["whoMet"]["totalCount"] >= 0


async def test_who_met_whom_inside_an_entity_needs_an_analyst(app_over: Any) -> None:
    query = '{ department(id: "department:dpo") { nameEn enterprisesMet { totalCount } } }'
    body = await gql(app_over(as_role(Role.VIEWER)), query)
    assert body["data"]["department"] == {"nameEn": "Digital Policy Office", "enterprisesMet": None}
    assert error_codes(body) == ["FORBIDDEN"]


async def test_only_editors_write_and_a_refused_write_changes_nothing(
    app_over: Any, empty_store: GraphStore
) -> None:
    variables = {"from": "enterprise:acme", "to": "event:tf-20"}
    for role in (None, Role.VIEWER, Role.ANALYST):
        body = await gql(app_over(as_role(role) if role else None), REMOVE, variables)
        assert error_codes(body) == ["FORBIDDEN"], role
    key = (RelType.ATTENDED, "enterprise:acme", "event:tf-20")
    assert key in await empty_store.get_links([key])
    body = await gql(app_over(bearer("planner", Role.EDITOR)), REMOVE, variables)
    assert body["data"]["removeLink"]["change"]["actor"] == "key:planner"
    assert key not in await empty_store.get_links([key])


async def test_wrong_or_revoked_keys_are_refused_with_401(app_over: Any) -> None:
    for headers in (
        {"Authorization": "Bearer gk_00000000_wrong"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer not-a-key-and-no-identity-provider"},
    ):
        response = await app_over(headers).post(
            "/graphql", json={"query": "{ storeStatus { backend } }"}
        )
        assert response.status_code == 401, headers
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    ring = KeyRing(KEYS_FILE)
    record, key = ring.create("leaver", Role.ANALYST)
    client = app_over({"X-API-Key": key})
    assert (await client.post("/graphql", json={"query": MIXED})).status_code == 200
    ring.revoke(record.key_id)  # takes effect in the running app, no restart
    assert (await client.post("/graphql", json={"query": MIXED})).status_code == 401


async def test_beyond_loopback_anonymous_requests_are_refused(empty_store: GraphStore) -> None:
    beyond = "0.0.0.0"  # noqa: S104 (only read by the settings: the app runs in process)
    app = create_app(Settings(store=empty_store.backend, host=beyond), store=empty_store)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.post("/graphql", json={"query": "{ bureaux { totalCount } }"})
        assert response.status_code == 401
        assert "anonymous" in response.json()["errors"][0]["message"]
        with_key = await client.post(
            "/graphql",
            json={"query": "{ bureaux { totalCount } }"},
            headers=as_role(Role.VIEWER),
        )
        assert with_key.status_code == 200
        assert "errors" not in with_key.json()


async def test_introspection_and_graphiql_can_be_switched_off(empty_store: GraphStore) -> None:
    settings = Settings(store=empty_store.backend, introspection=False, graphiql=False)
    app = create_app(settings, store=empty_store)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        for hidden in (
            "{ __schema { types { name } } }",
            '{ __type(name: "Department") { fields { name } } }',
            "{ ...f } fragment f on Query { __schema { queryType { name } } }",
            "{ bureaux(first: 1) { edges { node { ... on Bureau { __type: __typename } } } } }",
        ):
            body = (await client.post("/graphql", json={"query": hidden})).json()
            if "__type:" in hidden:  # an alias named __type is not introspection
                assert "errors" not in body, body
                continue
            assert set(error_codes(body)) == {"GRAPHQL_VALIDATION_FAILED"}, hidden
            assert "introspection" in body["errors"][0]["message"].lower(), body
        typename = (await client.post("/graphql", json={"query": "{ __typename }"})).json()
        assert typename == {"data": {"__typename": "Query"}}  # not schema introspection
        page = await client.get("/graphql", headers={"accept": "text/html"})
        assert "graphiql" not in page.text.lower()


async def test_personal_data_reaches_admins_only(app_over: Any, empty_store: GraphStore) -> None:
    person = NodeRecord(id=PERSON, kind=NodeKind.PERSON, name_en="Chan Tai Man", source=SOURCE)
    await empty_store.upsert([person], [])
    link = {"type": "ATTENDED", "fromId": PERSON, "toId": "event:tf-20", "source": SOURCE}
    record = """mutation($input: LinkInput!) { recordLink(input: $input) { change { id } } }"""
    editor, admin = app_over(as_role(Role.EDITOR)), app_over(as_role(Role.ADMIN))
    assert error_codes(await gql(editor, record, {"input": link})) == ["FORBIDDEN"]
    assert "errors" not in await gql(admin, record, {"input": link})
    variables = {"from": PERSON, "to": "event:tf-20"}
    assert error_codes(await gql(editor, REMOVE, variables)) == ["FORBIDDEN"]

    analyst = app_over(as_role(Role.ANALYST))
    assert error_codes(await gql(analyst, HISTORY, {"id": PERSON})) == ["FORBIDDEN"]
    seen = (await gql(analyst, HISTORY, {"id": "event:tf-20"}))["data"]["history"]["edges"]
    assert seen == []  # a Person's changes are left out below admin
    full = (await gql(admin, HISTORY, {"id": "event:tf-20"}))["data"]["history"]["edges"]
    assert [edge["node"]["entityId"] for edge in full] == [PERSON]


async def test_an_imports_operator_is_shown_to_admins_only(
    app_over: Any, empty_store: GraphStore, tmp_path: Any
) -> None:
    rows = tmp_path / "links.csv"
    rows.write_text(
        f"type,from,to,source,role\nATTENDED,department:bd,event:tf-20,{SOURCE},ATTENDEE\n"
    )
    await import_files(empty_store, [rows], ImportOptions(actor="cli:root"), lambda _: None)
    analyst = await gql(app_over(as_role(Role.ANALYST)), HISTORY, {"id": "department:bd"})
    admin = await gql(app_over(as_role(Role.ADMIN)), HISTORY, {"id": "department:bd"})
    assert analyst["data"]["history"]["edges"][0]["node"]["actor"] == "import"
    assert admin["data"]["history"]["edges"][0]["node"]["actor"] == "cli:root"


def test_the_published_schema_names_each_fields_role() -> None:
    from graph_api.schema import build_schema

    printed = str(build_schema())
    for type_name, fields in FIELD_ROLES.items():
        for field, role in fields.items():
            if role > Role.VIEWER:
                block = printed.split(f"type {type_name} ", 1)[1].split("\n}", 1)[0]
                before = block.split(f"\n  {field}", 1)[0]
                assert f"Requires the {role.label} role" in before.rsplit('"""', 2)[-2], field
    # An argument that needs more than its field is named in the field's description.
    for (field, argument), role in ARGUMENT_ROLES.items():
        block = printed.split("type Query ", 1)[1].split("\n}", 1)[0]
        described = block.split(f"\n  {field}(", 1)[0].rsplit('"""', 2)[-2]
        assert f"{argument.split('.')[-1]} needs the {role.label} role" in described, field


ATTENDEES = (
    '{ event(id: "event:tf-20") { attendees(first: 50) { totalCount edges { node { id } } } } }'
)


async def test_a_person_at_an_event_is_left_out_of_its_lists_for_everyone(
    app_over: Any, empty_store: GraphStore
) -> None:
    before = (await gql(app_over(as_role(Role.VIEWER)), ATTENDEES))["data"]
    person = NodeRecord(id=PERSON, kind=NodeKind.PERSON, name_en="Chan Tai Man", source=SOURCE)
    await empty_store.upsert([person], [])
    link = {"type": "ATTENDED", "fromId": PERSON, "toId": "event:tf-20", "source": SOURCE}
    record = """mutation($input: LinkInput!) { recordLink(input: $input) { change { id } } }"""
    assert "errors" not in await gql(app_over(as_role(Role.ADMIN)), record, {"input": link})
    for role in (Role.VIEWER, Role.ANALYST, Role.ADMIN):
        answer = await gql(app_over(as_role(role)), ATTENDEES)
        assert "errors" not in answer, (role, answer)
        # The same list and count as before the person came: no error, no gap in the count.
        assert answer["data"] == before, role
        assert before["event"]["attendees"]["totalCount"] > 0


PEOPLE = """{ event(id: "event:tf-20") {
  attendees(first: 50) { totalCount }
  people { totalCount edges { link { role } node {
    id nameEn represents { edges { node { id } } }
  } } }
} }"""


async def test_admins_alone_see_the_persons_at_an_event(
    app_over: Any, empty_store: GraphStore
) -> None:
    person = NodeRecord(id=PERSON, kind=NodeKind.PERSON, name_en="Chan Tai Man", source=SOURCE)
    await empty_store.upsert([person], [])
    record = """mutation($input: LinkInput!) { recordLink(input: $input) { change { id } } }"""
    admin = app_over(as_role(Role.ADMIN))
    for link in (
        {"type": "ATTENDED", "fromId": PERSON, "toId": "event:tf-20", "role": "SPEAKER"},
        {"type": "REPRESENTS", "fromId": PERSON, "toId": "department:bd"},
    ):
        assert "errors" not in await gql(admin, record, {"input": {**link, "source": SOURCE}})
    seen = await gql(admin, PEOPLE)
    assert "errors" not in seen, seen
    people = seen["data"]["event"]["people"]
    assert people["totalCount"] == 1
    [edge] = people["edges"]
    assert edge["link"] == {"role": "SPEAKER"}
    assert edge["node"]["nameEn"] == "Chan Tai Man"
    assert edge["node"]["represents"]["edges"] == [{"node": {"id": "department:bd"}}]
    for role in (Role.VIEWER, Role.ANALYST, Role.EDITOR):
        body = await gql(app_over(as_role(role)), PEOPLE)
        assert error_codes(body) == ["FORBIDDEN"], role
        assert body["data"]["event"]["people"] is None
        # The rest of the answer stands, and the attendee count never counts the person.
        count = body["data"]["event"]["attendees"]["totalCount"]
        assert count == seen["data"]["event"]["attendees"]["totalCount"]
        assert "Chan" not in str(body)


async def test_only_admins_have_persons_and_their_links_counted_in_the_store_status(
    app_over: Any, empty_store: GraphStore
) -> None:
    status = "{ storeStatus { nodeCount linkCount } }"
    before = (await gql(app_over(as_role(Role.ADMIN)), status))["data"]["storeStatus"]
    person = NodeRecord(id=PERSON, kind=NodeKind.PERSON, name_en="Chan Tai Man", source=SOURCE)
    links = [
        LinkRecord(RelType.ATTENDED, PERSON, "event:tf-20", source=SOURCE),
        LinkRecord(RelType.REPRESENTS, PERSON, "department:bd", source=SOURCE),
    ]
    await empty_store.upsert([person], links)
    admin = (await gql(app_over(as_role(Role.ADMIN)), status))["data"]["storeStatus"]
    assert admin == {"nodeCount": before["nodeCount"] + 1, "linkCount": before["linkCount"] + 2}
    for role in (Role.VIEWER, Role.ANALYST, Role.EDITOR):
        # A count that moves when a person is added tells who attended what.
        seen = (await gql(app_over(as_role(role)), status))["data"]["storeStatus"]
        assert seen == before, role


async def test_a_credential_too_long_to_be_a_key_or_token_is_refused(app_over: Any) -> None:
    answer = await app_over({"Authorization": "Bearer " + "x" * 9_000}).post(
        "/graphql", json={"query": "{ __typename }"}
    )
    assert answer.status_code == 401
    [error] = answer.json()["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "too long to be a key or a token" in error["message"]


async def test_an_encoded_query_parameter_is_authenticated_too(empty_store: GraphStore) -> None:
    # GET /graphql?%71uery=... skipped authentication: the check looked for the bytes
    # "query=" while Strawberry decodes the name.
    settings = Settings(store=empty_store.backend, anonymous_role="none")
    app = create_app(settings, store=empty_store)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        answer = await client.get("/graphql?%71uery=%7B%20bureaux%20%7B%20totalCount%20%7D%20%7D")
    assert answer.status_code == 401
    assert answer.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_request_with_two_credentials_is_refused(app_over: Any) -> None:
    # The last header won: a bad key followed by a good one was let through.
    good = as_role(Role.ADMIN)["Authorization"]
    client = app_over()
    for headers in (
        [("Authorization", "Bearer gk_00000000_wrong"), ("Authorization", good)],
        [("Authorization", good), ("X-API-Key", good.removeprefix("Bearer "))],
    ):
        response = await client.post(
            "/graphql", json={"query": "{ storeStatus { backend } }"}, headers=headers
        )
        assert response.status_code == 401
        assert "more than one credential" in response.json()["errors"][0]["message"]
