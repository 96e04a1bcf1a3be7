"""The idempotency key on every mutation, on both stores: a retry with the same key
answers with the first change and writes nothing (the history does not grow); the key
sent with a different request is a CONFLICT. tests/test_mutations.py covers what each
mutation writes; this file covers that none of them is left out of the key rules."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from graph_api.store.base import GraphStore
from tests.editing_support import SOURCE, client_for, data, error, load_base

pytestmark = pytest.mark.neo4j

ANSWER = "change { id action entityId } replayed"
# mutation name -> (argument list, the arguments, what it writes)
EVERY_MUTATION: dict[str, tuple[str, str, str]] = {
    "createEntity": (
        "input: EntityInput!",
        "input: $input",
        '{"kind": "ENTERPRISE", "nameEn": "Replay Robotics Limited", "source": "%s"}',
    ),
    "updateEntity": ("input: EntityPatch!", 'id: "enterprise:acme", input: $input',
                     '{"nameZh": "極致機械人"}'),
    "upsertEntity": (
        "input: EntityInput!",
        "input: $input",
        '{"id": "enterprise:hv", "kind": "ENTERPRISE", "nameEn": "HV Ltd", "source": "%s"}',
    ),
    "mergeEntities": (
        "input: String!",
        'keepId: "enterprise:acme", duplicateId: "enterprise:acme-hk", source: $input',
        '"%s"',
    ),
    "recordAttendance": (
        "input: AttendanceInput!",
        "input: $input",
        '{"partyId": "department:bd", "eventId": "event:ws-1", "role": "HOST", "source": "%s"}',
    ),
    "recordNeed": (
        "input: NeedInput!",
        "input: $input",
        '{"departmentId": "department:bd", "technologyId": "technology:ai", '
        '"need": "Read drawings", "source": "%s"}',
    ),
    "recordOffer": (
        "input: OfferInput!",
        "input: $input",
        '{"enterpriseId": "enterprise:acme", "technologyId": "technology:cv", "source": "%s"}',
    ),
    "recordPilot": (
        "input: PilotInput!",
        "input: $input",
        '{"departmentId": "department:bd", "enterpriseId": "enterprise:acme", '
        '"project": "Façade drones", "source": "%s"}',
    ),
    "recordPartnerTie": (
        "input: PartnerTieInput!",
        "input: $input",
        '{"enterpriseId": "enterprise:acme", "partnerId": "partner:hkstp", '
        '"tie": "MEMBER_OF", "source": "%s"}',
    ),
    "recordLink": (
        "input: LinkInput!",
        "input: $input",
        '{"type": "CO_ORGANISED", "fromId": "partner:hkstp", "toId": "event:ws-1", '
        '"source": "%s"}',
    ),
    "removeLink": (
        "input: String!",
        'type: OFFERS, fromId: "enterprise:acme", toId: "technology:ai", source: $input',
        '"%s"',
    ),
}  # fmt: skip
# Mutations a retry cannot repeat, so they take no key: importing a file again changes
# nothing (tests/test_import_upload.py checks it), and a run undone once is not found
# again (tests/test_import_undo_api.py).
IDEMPOTENT_BY_NATURE = {"importRecords", "undoImport"}


@pytest.fixture
async def client(empty_store: GraphStore) -> Any:
    await load_base(empty_store)
    async with client_for(empty_store) as http:
        yield http


def _request(name: str) -> tuple[str, Any]:
    variable, arguments, value = EVERY_MUTATION[name]
    query = f"""mutation($key: String, ${variable}) {{
      {name}({arguments}, idempotencyKey: $key) {{ {ANSWER} }} }}"""
    return query, json.loads(value.replace("%s", SOURCE))


async def test_every_mutation_is_listed(client: httpx.AsyncClient) -> None:
    schema = await data(client, '{ __type(name: "Mutation") { fields { name } } }')
    names = {field["name"] for field in schema["__type"]["fields"]}
    assert names == set(EVERY_MUTATION) | IDEMPOTENT_BY_NATURE


@pytest.mark.parametrize("name", list(EVERY_MUTATION))
async def test_a_retry_with_the_key_replays_the_first_answer(
    client: httpx.AsyncClient, empty_store: GraphStore, name: str
) -> None:
    query, value = _request(name)
    first = (await data(client, query, key=f"k-{name}", input=value))[name]
    assert first["replayed"] is False
    assert first["change"]["action"] != "UNCHANGED"
    entity = first["change"]["entityId"]
    written = await empty_store.history(entity, 50)
    graph = await empty_store.export_graph()
    second = (await data(client, query, key=f"k-{name}", input=value))[name]
    assert second == {**first, "replayed": True}
    assert await empty_store.history(entity, 50) == written  # nothing recorded again
    assert await empty_store.export_graph() == graph  # nothing written again


async def test_a_key_sent_with_another_mutation_conflicts(client: httpx.AsyncClient) -> None:
    query, value = _request("recordOffer")
    await data(client, query, key="shared", input=value)
    other, other_value = _request("recordNeed")
    failure = await error(client, other, key="shared", input=other_value)
    assert failure["extensions"]["code"] == "CONFLICT"
    assert failure["extensions"]["field"] == "idempotencyKey"
    # The same mutation with other arguments is a different request too.
    changed = {**value, "technologyId": "technology:ai"}
    again = await error(client, query, key="shared", input=changed)
    assert again["extensions"]["code"] == "CONFLICT"
