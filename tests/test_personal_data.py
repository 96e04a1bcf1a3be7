"""Person records below the admin role: no answer says whether a Person exists, and no
merge, import or change record carries one's id, source or links to a lower role."""

from __future__ import annotations

import json
from typing import Any

from graph_api.auth.roles import Role
from graph_api.domain import LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.store.base import GraphStore
from tests.auth_support import as_role
from tests.editing_support import SOURCE
from tests.gql_client import error_codes, gql

PERSON = "person:chan-tai-man"
NOBODY = "person:nobody-at-all"
MERGE = """mutation { mergeEntities(keepId: "enterprise:acme", duplicateId: "enterprise:acme-hk",
  source: "https://example.org/merge") { removedId change { summary } } }"""
HISTORY = """query($id: ID!) { history(id: $id) { totalCount
  edges { node { entityId otherId source idempotencyKey summary } } } }"""
IMPORT = """mutation ($file: Upload!) { importRecords(file: $file) {
  created rejected report { record reason } } }"""


async def _with_person(store: GraphStore, *links: LinkRecord) -> None:
    person = NodeRecord(id=PERSON, kind=NodeKind.PERSON, name_en="Chan Tai Man", source=SOURCE)
    await store.upsert([person], list(links))


async def test_only_an_admin_merges_away_a_persons_links_and_others_never_see_them(
    app_over: Any, empty_store: GraphStore
) -> None:
    await _with_person(empty_store, LinkRecord(RelType.REPRESENTS, PERSON, "enterprise:acme-hk"))
    editor, admin = app_over(as_role(Role.EDITOR)), app_over(as_role(Role.ADMIN))
    refused = await gql(editor, MERGE)
    assert error_codes(refused) == ["FORBIDDEN"]
    assert "admin role" in refused["errors"][0]["message"]
    assert "enterprise:acme-hk" in await empty_store.get_nodes(["enterprise:acme-hk"])

    merged = await gql(admin, MERGE)
    assert PERSON in json.dumps(merged["data"]["mergeEntities"]["change"]["summary"])
    for role in (Role.EDITOR, Role.ANALYST):
        seen = await gql(app_over(as_role(role)), HISTORY, {"id": "enterprise:acme"})
        text = json.dumps(seen)
        assert "chan-tai-man" not in text  # the merge's summary listed the Person's id
        assert "person:hidden" in text
    full = await gql(admin, HISTORY, {"id": "enterprise:acme"})
    assert PERSON in json.dumps(full)


async def test_a_persons_changes_are_left_out_of_history_below_admin(
    app_over: Any, empty_store: GraphStore
) -> None:
    await _with_person(empty_store)
    record = """mutation($input: LinkInput!) {
      recordLink(input: $input, idempotencyKey: "chan-2025-03") { change { id } } }"""
    link = {"type": "ATTENDED", "fromId": PERSON, "toId": "event:tf-20", "source": SOURCE}
    admin = app_over(as_role(Role.ADMIN))
    assert "errors" not in await gql(admin, record, {"input": link})
    # Not masked but left out, count included: entries, even hidden, would tell how
    # often and when a Person attended (and the change id would let a key be guessed).
    analyst = await gql(app_over(as_role(Role.ANALYST)), HISTORY, {"id": "event:tf-20"})
    assert analyst["data"]["history"] == {"edges": [], "totalCount": 0}
    full = await gql(admin, HISTORY, {"id": "event:tf-20"})
    [kept] = [edge["node"] for edge in full["data"]["history"]["edges"]]
    assert (kept["source"], kept["idempotencyKey"]) == (SOURCE, "chan-2025-03")


async def _upload(client: Any, name: str, text: str) -> dict[str, Any]:
    operations = {"query": IMPORT, "variables": {"file": None}}
    response = await client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (name, text.encode(), "text/csv")},
    )
    answer: dict[str, Any] = response.json()["data"]["importRecords"]
    return answer


async def test_an_editors_import_rejects_every_person_row_alike(
    app_over: Any, empty_store: GraphStore
) -> None:
    await _with_person(empty_store)
    nodes = f"id,name_en,source\n{PERSON},Chan Tai Man,{SOURCE}\n{NOBODY},No One,{SOURCE}\n"
    links = (
        f"type,from,to,source\nATTENDED,{PERSON},event:tf-20,{SOURCE}\n"
        f"ATTENDED,event:tf-20,{NOBODY},{SOURCE}\n"
    )
    editor, admin = app_over(as_role(Role.EDITOR)), app_over(as_role(Role.ADMIN))
    for name, text in (("nodes.csv", nodes), ("links.csv", links)):
        answer = await _upload(editor, name, text)
        assert answer["rejected"] == 2
        reasons = {row["reason"] for row in answer["report"]}
        assert reasons == {"Person records and their links are personal data: only the admin "
                           "role imports them"}  # fmt: skip
    assert NOBODY not in await empty_store.get_nodes([NOBODY])
    assert (await _upload(admin, "nodes.csv", nodes))["created"] == 1


async def test_whether_a_person_exists_is_not_told_by_node_or_nodes(
    app_over: Any, empty_store: GraphStore
) -> None:
    await _with_person(empty_store)
    query = 'query($id: ID!) { nodes(ids: [$id, "event:tf-20"]) { id } }'
    for role in (None, Role.ANALYST, Role.EDITOR, Role.ADMIN):
        client = app_over(as_role(role) if role else None)
        answers = []
        for person in (PERSON, NOBODY):
            single = await gql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": person})
            [refusal] = single["errors"]
            answers.append((refusal["extensions"]["code"], refusal["message"].replace(person, "")))
            listed = await gql(client, query, {"id": person})
            assert listed["data"]["nodes"] == [None, {"id": "event:tf-20"}]
        assert answers[0] == answers[1]  # the same code and words, found or not
        assert answers[0][0] == "FORBIDDEN"


def _refusal(answer: dict[str, Any], person: str) -> tuple[str, str]:
    """The first error's code and message, with the id asked about taken out."""
    [first, *_] = answer["errors"]
    return first["extensions"]["code"], first["message"].replace(person, "ID")


ASKED_BY_ID = [
    ("query($id: ID!) { events(filter: {attendedBy: [$id]}) { totalCount } }", Role.VIEWER),
    ("query($id: ID!) { departments(filter: {bureau: [$id]}) { totalCount } }", Role.VIEWER),
    ("query($id: ID!) { exportRecords(format: JSONL, event: $id) { entities } }", Role.EDITOR),
    ('mutation($id: ID!) { updateEntity(id: $id, input: {source: "s"}) { change { id } } }',
     Role.EDITOR),
    ('mutation($id: ID!) { mergeEntities(keepId: "department:bd", duplicateId: $id, '
     'source: "s") { removedId } }', Role.EDITOR),
    ('mutation($id: ID!) { recordAttendance(input: {partyId: $id, eventId: "event:tf-20", '
     'role: ATTENDEE, source: "s"}) { change { id } } }', Role.EDITOR),
]  # fmt: skip


async def test_no_answer_below_admin_tells_whether_a_person_id_exists(
    app_over: Any, empty_store: GraphStore
) -> None:
    # Each answered a real Person's id unlike an unknown one (a lookup, then a refusal).
    await _with_person(empty_store, LinkRecord(RelType.ATTENDED, PERSON, "event:tf-20"))
    for query, role in ASKED_BY_ID:
        client = app_over(as_role(role))
        found = _refusal(await gql(client, query, {"id": PERSON}), PERSON)
        unknown = _refusal(await gql(client, query, {"id": NOBODY}), NOBODY)
        assert found == unknown, query
        assert found[0] in {"FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT"}
