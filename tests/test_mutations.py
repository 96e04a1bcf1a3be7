"""Every mutation on both stores: validation that names the field, audit records, links,
merges, and idempotency keys (replay, conflict, per-actor scope, concurrent retries)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from graph_api.domain import RelType
from graph_api.store.base import GraphStore
from tests.editing_support import ACTOR, SOURCE, client_for, data, error, load_base
from tests.gql_client import gql

pytestmark = pytest.mark.neo4j

CREATE = """
mutation Create($input: EntityInput!, $key: String) {
  createEntity(input: $input, idempotencyKey: $key) {
    entity { id kind nameEn isSample ... on Enterprise { origin size founded } }
    change { id action actor source entityId at summary idempotencyKey }
    replayed
  }
}"""
UPDATE = """
mutation Update($id: ID!, $input: EntityPatch!) {
  updateEntity(id: $id, input: $input) {
    entity { id nameEn nameZh aliases ... on Enterprise { origin size } }
    change { action summary }
  }
}"""
ATTEND = """
mutation Attend($input: AttendanceInput!, $key: String) {
  recordAttendance(input: $input, idempotencyKey: $key) {
    link { type role date source }
    fromEntity { id }
    toEntity { id }
    change { id action entityId otherId linkType }
    replayed
  }
}"""


@pytest.fixture
async def client(empty_store: GraphStore) -> Any:
    await load_base(empty_store)
    async with client_for(empty_store) as http:
        yield http


def _firm(**extra: Any) -> dict[str, Any]:
    return {"kind": "ENTERPRISE", "nameEn": "Harbour Vision Limited", "source": SOURCE, **extra}


async def test_create_entity_records_who_when_and_source(
    client: httpx.AsyncClient, empty_store: GraphStore
) -> None:
    answer = await data(client, CREATE, input=_firm(origin="MAINLAND", founded="2019-05"))
    payload = answer["createEntity"]
    assert payload["entity"] == {
        "id": "enterprise:harbour-vision-limited",
        "kind": "ENTERPRISE",
        "nameEn": "Harbour Vision Limited",
        "isSample": False,
        "origin": "MAINLAND",
        "size": None,
        "founded": "2019-05",
    }
    change = payload["change"]
    assert change["action"] == "ENTITY_CREATED"
    assert change["actor"] == ACTOR
    assert change["source"] == SOURCE
    assert change["entityId"] == "enterprise:harbour-vision-limited"
    assert change["summary"]["entity"]["origin"] == "MAINLAND"
    assert change["at"].endswith("+00:00")
    assert payload["replayed"] is False
    stored = await empty_store.get_nodes(["enterprise:harbour-vision-limited"])
    assert stored["enterprise:harbour-vision-limited"].properties["origin"] == "MAINLAND"


async def test_create_derives_the_id_from_the_abbreviation(client: httpx.AsyncClient) -> None:
    department = {"kind": "DEPARTMENT", "nameEn": "Efficiency Office", "source": SOURCE}
    answer = await data(client, CREATE, input={**department, "abbreviation": "EffO"})
    assert answer["createEntity"]["entity"]["id"] == "department:effo"


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"nameEn": "  "}, "nameEn", "blank"),
        ({"nameEn": "Acme "}, "nameEn", "white space"),
        ({"source": ""}, "source", "blank"),
        ({"kind": "DEPARTMENT", "origin": "MAINLAND"}, "origin", "not a property"),
        ({"id": "department:acme"}, "id", "does not fit kind"),
        ({"founded": "2019-13"}, "founded", "not a year"),
        ({"kind": "EVENT", "number": 0}, "number", "whole number"),
        ({"kind": "BUREAU", "supervisedBy": "CE"}, "supervisedBy", "not one of CS, FS"),
        ({"aliases": ["ok", " "]}, "aliases", "non-blank"),
    ],
)
async def test_create_rejects_bad_input_naming_the_field(
    client: httpx.AsyncClient, extra: dict[str, Any], field: str, words: str
) -> None:
    failure = await error(client, CREATE, input=_firm(**extra))
    assert failure["extensions"]["code"] == "BAD_USER_INPUT"
    assert failure["extensions"]["field"] == field
    assert failure["message"].startswith(field)
    assert words in failure["message"]


async def test_unknown_enum_values_and_bad_dates_are_refused_by_graphql(
    client: httpx.AsyncClient,
) -> None:
    bad_enum = await error(client, CREATE, input=_firm(origin="MARS"))
    assert bad_enum["extensions"]["code"] == "BAD_USER_INPUT"
    assert "$input' has invalid value at .origin" in bad_enum["message"]
    assert "MARS" in bad_enum["message"]
    event = {"kind": "EVENT", "nameEn": "Forum", "source": SOURCE, "date": "2025-02-30"}
    bad_date = await error(client, CREATE, input=event)
    assert bad_date["extensions"]["code"] == "BAD_USER_INPUT"
    assert "at .date" in bad_date["message"]


async def test_create_conflicts_with_an_existing_id(client: httpx.AsyncClient) -> None:
    failure = await error(client, CREATE, input=_firm(id="enterprise:acme"))
    assert failure["extensions"]["code"] == "CONFLICT"
    assert failure["extensions"]["field"] == "id"
    assert "updateEntity" in failure["message"]


async def test_person_records_are_not_editable_yet(client: httpx.AsyncClient) -> None:
    person = {"kind": "PERSON", "nameEn": "Chan Tai Man", "source": SOURCE}
    failure = await error(client, CREATE, input=person)
    assert failure["extensions"]["code"] == "FORBIDDEN"


async def test_update_changes_given_fields_and_clears_nulls(client: httpx.AsyncClient) -> None:
    patch = {"nameZh": "極致機械人", "aliases": ["Acme"], "origin": None}
    payload = (await data(client, UPDATE, id="enterprise:acme", input=patch))["updateEntity"]
    assert payload["entity"] == {
        "id": "enterprise:acme",
        "nameEn": "Acme Robotics",
        "nameZh": "極致機械人",
        "aliases": ["Acme"],
        "origin": None,
        "size": None,
    }
    assert payload["change"]["action"] == "ENTITY_UPDATED"
    assert payload["change"]["summary"]["before"] == {
        "aliases": None,
        "name_zh": None,
        "origin": "HONG_KONG",
    }


async def test_update_with_nothing_new_is_recorded_as_unchanged(client: httpx.AsyncClient) -> None:
    same = {"nameEn": "Acme Robotics"}
    payload = (await data(client, UPDATE, id="enterprise:acme", input=same))["updateEntity"]
    assert payload["change"]["action"] == "UNCHANGED"


async def test_update_refuses_bad_values_and_unknown_ids(client: httpx.AsyncClient) -> None:
    blank = await error(client, UPDATE, id="enterprise:acme", input={"nameEn": ""})
    assert blank["extensions"] | {"field": "nameEn"} == blank["extensions"]
    assert blank["extensions"]["code"] == "BAD_USER_INPUT"
    cleared = await error(client, UPDATE, id="enterprise:acme", input={"nameEn": None})
    assert cleared["message"] == "nameEn is missing"
    missing = await error(client, UPDATE, id="enterprise:nobody", input={"nameZh": "x"})
    assert missing["extensions"]["code"] == "NOT_FOUND"
    assert missing["extensions"]["field"] == "id"


async def test_upsert_creates_then_replaces_the_whole_entity(client: httpx.AsyncClient) -> None:
    upsert = """mutation($input: EntityInput!) { upsertEntity(input: $input) {
      entity { id nameEn ... on Enterprise { origin size } } change { action } } }"""
    first = await data(client, upsert, input=_firm(id="enterprise:hv", size="SME"))
    assert first["upsertEntity"]["change"]["action"] == "ENTITY_CREATED"
    second = await data(client, upsert, input=_firm(id="enterprise:hv", origin="OVERSEAS"))
    assert second["upsertEntity"]["change"]["action"] == "ENTITY_UPDATED"
    # The whole record: the size it no longer states is gone.
    assert second["upsertEntity"]["entity"]["size"] is None
    assert second["upsertEntity"]["entity"]["origin"] == "OVERSEAS"


async def test_attendance_takes_the_event_date_and_updates_on_repeat(
    client: httpx.AsyncClient, empty_store: GraphStore
) -> None:
    attendance = {"partyId": "department:bd", "eventId": "event:tf-20", "role": "ATTENDEE"}
    first = (await data(client, ATTEND, input={**attendance, "source": SOURCE}))["recordAttendance"]
    assert first["link"] == {"type": "ATTENDED", "role": "ATTENDEE", "date": "2025-03-01",
                             "source": SOURCE}  # fmt: skip
    assert (first["fromEntity"]["id"], first["toEntity"]["id"]) == ("department:bd", "event:tf-20")
    assert first["change"]["action"] == "LINK_RECORDED"
    assert first["change"]["linkType"] == "ATTENDED"
    again = {**attendance, "role": "SPEAKER", "source": SOURCE}
    second = (await data(client, ATTEND, input=again))["recordAttendance"]
    assert second["change"]["action"] == "LINK_UPDATED"
    key = (RelType.ATTENDED, "department:bd", "event:tf-20")
    stored = await empty_store.get_links([key])
    assert stored[key].properties["role"] == "SPEAKER"


async def test_a_link_from_an_entity_to_itself_is_refused(
    client: httpx.AsyncClient, empty_store: GraphStore
) -> None:
    link = {"type": "PART_OF", "fromId": "technology:cv", "toId": "technology:cv"}
    refused = await error(
        client,
        "mutation($input: LinkInput!) { recordLink(input: $input) { link { type } } }",
        input={**link, "source": SOURCE},
    )
    assert refused["extensions"]["code"] == "BAD_USER_INPUT"
    assert "cannot be PART_OF itself" in refused["message"]
    key = (RelType.PART_OF, "technology:cv", "technology:cv")
    assert await empty_store.get_links([key]) == {}


async def test_attendance_names_the_wrong_argument(client: httpx.AsyncClient) -> None:
    base = {"role": "HOST", "source": SOURCE}
    missing = await error(
        client, ATTEND, input={**base, "partyId": "enterprise:nobody", "eventId": "event:tf-20"}
    )
    assert missing["extensions"]["code"] == "NOT_FOUND"
    assert missing["extensions"]["field"] == "partyId"
    wrong_kind = await error(
        client, ATTEND, input={**base, "partyId": "technology:ai", "eventId": "event:tf-20"}
    )
    assert wrong_kind["extensions"]["code"] == "BAD_USER_INPUT"
    assert wrong_kind["extensions"]["field"] == "partyId/eventId"
    assert "cannot join Technology -> Event" in wrong_kind["message"]


@pytest.mark.parametrize(
    ("mutation", "argument", "expected"),
    [
        (
            "recordNeed",
            {"departmentId": "department:bd", "technologyId": "technology:cv",
             "need": "Spot unauthorised building works"},
            (RelType.NEEDS, "department:bd", "technology:cv", "need"),
        ),
        (
            "recordOffer",
            {"enterpriseId": "enterprise:acme", "technologyId": "technology:cv"},
            (RelType.OFFERS, "enterprise:acme", "technology:cv", None),
        ),
        (
            "recordPilot",
            {"departmentId": "department:bd", "enterpriseId": "enterprise:acme",
             "project": "Drone inspection trial", "date": "2025-05-01"},
            (RelType.PILOTED, "department:bd", "enterprise:acme", "project"),
        ),
        (
            "recordPartnerTie",
            {"enterpriseId": "enterprise:acme", "partnerId": "partner:hkstp",
             "tie": "INCUBATED_BY"},
            (RelType.INCUBATED_BY, "enterprise:acme", "partner:hkstp", None),
        ),
        (
            "recordLink",
            {"type": "CO_ORGANISED", "fromId": "partner:hkstp", "toId": "event:tf-20"},
            (RelType.CO_ORGANISED, "partner:hkstp", "event:tf-20", None),
        ),
    ],
)  # fmt: skip
async def test_each_link_mutation_records_its_link(
    client: httpx.AsyncClient,
    empty_store: GraphStore,
    mutation: str,
    argument: dict[str, Any],
    expected: tuple[RelType, str, str, str | None],
) -> None:
    input_type = {
        "recordNeed": "NeedInput", "recordOffer": "OfferInput", "recordPilot": "PilotInput",
        "recordPartnerTie": "PartnerTieInput", "recordLink": "LinkInput",
    }[mutation]  # fmt: skip
    query = f"""mutation($input: {input_type}!) {{ {mutation}(input: $input) {{
      link {{ type need project }} change {{ action source }} }} }}"""
    payload = (await data(client, query, input={**argument, "source": SOURCE}))[mutation]
    rel_type, from_id, to_id, text_field = expected
    assert payload["link"]["type"] == rel_type.value
    assert payload["change"] == {"action": "LINK_RECORDED", "source": SOURCE}
    stored = await empty_store.get_links([(rel_type, from_id, to_id)])
    link = stored[(rel_type, from_id, to_id)]
    if text_field:
        assert link.properties[text_field] == argument[text_field]
        assert payload["link"][text_field] == argument[text_field]


async def test_remove_link(client: httpx.AsyncClient, empty_store: GraphStore) -> None:
    remove = """mutation($from: ID!, $to: ID!) {
      removeLink(type: OFFERS, fromId: $from, toId: $to, source: "Firm withdrew the product") {
        link { type } change { action source linkType } } }"""
    answer = await data(client, remove, **{"from": "enterprise:acme", "to": "technology:ai"})
    assert answer["removeLink"]["change"] == {
        "action": "LINK_REMOVED",
        "source": "Firm withdrew the product",
        "linkType": "OFFERS",
    }
    assert await empty_store.get_links([(RelType.OFFERS, "enterprise:acme", "technology:ai")]) == {}
    again = await error(client, remove, **{"from": "enterprise:acme", "to": "technology:ai"})
    assert again["extensions"]["code"] == "NOT_FOUND"


async def test_an_idempotency_key_replays_the_first_answer(
    client: httpx.AsyncClient, empty_store: GraphStore
) -> None:
    first = (await data(client, CREATE, input=_firm(), key="k-create-1"))["createEntity"]
    await data(client, UPDATE, id=first["entity"]["id"], input={"nameEn": "Renamed Ltd"})
    second = (await data(client, CREATE, input=_firm(), key="k-create-1"))["createEntity"]
    assert second["replayed"] is True
    assert second["change"]["id"] == first["change"]["id"]
    assert second["entity"]["nameEn"] == "Harbour Vision Limited"  # the first answer
    history = await empty_store.history(first["entity"]["id"], 10)
    assert [change.action.value for change in history.changes] == [
        "ENTITY_UPDATED",
        "ENTITY_CREATED",
    ]


async def test_a_key_reused_for_another_request_conflicts(client: httpx.AsyncClient) -> None:
    await data(client, CREATE, input=_firm(), key="k-2")
    failure = await error(client, CREATE, input=_firm(nameEn="Other Name Ltd"), key="k-2")
    assert failure["extensions"]["code"] == "CONFLICT"
    assert failure["extensions"]["field"] == "idempotencyKey"


async def test_keys_belong_to_their_actor(
    client: httpx.AsyncClient, empty_store: GraphStore
) -> None:
    attendance = {"partyId": "department:bd", "eventId": "event:tf-20", "role": "ATTENDEE",
                  "source": SOURCE}  # fmt: skip
    mine = (await data(client, ATTEND, input=attendance, key="same"))["recordAttendance"]
    async with client_for(empty_store, actor="someone-else") as other:
        theirs = (await data(other, ATTEND, input=attendance, key="same"))["recordAttendance"]
    assert theirs["replayed"] is False
    assert theirs["change"]["id"] != mine["change"]["id"]
    assert theirs["change"]["action"] == "UNCHANGED"


async def test_concurrent_retries_with_one_key_write_once(
    client: httpx.AsyncClient, empty_store: GraphStore
) -> None:
    attendance = {"partyId": "enterprise:acme", "eventId": "event:ws-1", "role": "SPEAKER",
                  "source": SOURCE}  # fmt: skip
    answers = await asyncio.gather(
        *(data(client, ATTEND, input=attendance, key="retry-storm") for _ in range(3))
    )
    payloads = [answer["recordAttendance"] for answer in answers]
    assert len({payload["change"]["id"] for payload in payloads}) == 1
    assert sorted(payload["replayed"] for payload in payloads) == [False, True, True]
    history = await empty_store.history("event:ws-1", 10)
    assert [change.id for change in history.changes] == [payloads[0]["change"]["id"]]


MERGE = """
mutation Merge($keep: ID!, $duplicate: ID!, $key: String) {
  mergeEntities(keepId: $keep, duplicateId: $duplicate, source: "Same BR number",
                idempotencyKey: $key) {
    entity { id nameEn aliases ... on Enterprise { origin size } }
    removedId
    change { action entityId otherId source summary }
  }
}"""


async def test_merge_keeps_every_link_and_every_name(
    client: httpx.AsyncClient, empty_store: GraphStore
) -> None:
    before = await empty_store.links_touching(["enterprise:acme", "enterprise:acme-hk"])
    payload = (await data(client, MERGE, keep="enterprise:acme", duplicate="enterprise:acme-hk"))[
        "mergeEntities"
    ]
    assert payload["removedId"] == "enterprise:acme-hk"
    assert payload["entity"] == {
        "id": "enterprise:acme",
        "nameEn": "Acme Robotics",
        "aliases": ["Acme Robotics (HK) Ltd"],
        "origin": "HONG_KONG",
        "size": "SME",  # filled in from the duplicate
    }
    change = payload["change"]
    assert (change["action"], change["entityId"], change["otherId"]) == (
        "ENTITY_MERGED",
        "enterprise:acme",
        "enterprise:acme-hk",
    )
    assert change["summary"]["moved_links"] == 3
    assert change["summary"]["already_held_links"] == [
        ["ATTENDED", "enterprise:acme", "event:tf-20"]
    ]
    assert await empty_store.get_nodes(["enterprise:acme-hk"]) == {}
    after = await empty_store.links_touching(["enterprise:acme"])
    expected = {
        (link.type, *(("enterprise:acme" if end == "enterprise:acme-hk" else end)
                      for end in (link.from_id, link.to_id)))
        for link in before
    }  # fmt: skip
    assert {(link.type, link.from_id, link.to_id) for link in after} == expected
    forum = next(link for link in after if link.to_id == "event:tf-20")
    assert forum.properties["role"] == "EXHIBITOR"  # the kept entity's own link won


@pytest.mark.parametrize(
    ("keep", "duplicate", "code", "field"),
    [
        ("enterprise:acme", "enterprise:acme", "BAD_USER_INPUT", "duplicateId"),
        ("enterprise:acme", "department:bd", "BAD_USER_INPUT", "duplicateId"),
        ("enterprise:acme", "enterprise:nobody", "NOT_FOUND", "duplicateId"),
        ("enterprise:nobody", "enterprise:acme", "NOT_FOUND", "keepId"),
    ],
)
async def test_merge_refuses_impossible_merges(
    client: httpx.AsyncClient, keep: str, duplicate: str, code: str, field: str
) -> None:
    failure = await error(client, MERGE, keep=keep, duplicate=duplicate)
    assert failure["extensions"]["code"] == code
    assert failure["extensions"]["field"] == field


async def test_a_merge_can_be_retried_with_its_key(
    client: httpx.AsyncClient, empty_store: GraphStore
) -> None:
    ids = {"keep": "enterprise:acme", "duplicate": "enterprise:acme-hk"}
    first = (await data(client, MERGE, key="merge-1", **ids))["mergeEntities"]
    second = (await data(client, MERGE, key="merge-1", **ids))["mergeEntities"]
    assert second == first
    assert sum((await empty_store.count_nodes()).values()) == 10


async def test_after_a_merge_every_name_and_the_old_id_still_find_the_entity(
    client: httpx.AsyncClient,
) -> None:
    for node_id, chinese in (
        ("enterprise:acme", "艾克美機械"),
        ("enterprise:acme-hk", "艾克美香港"),
    ):
        await data(client, UPDATE, id=node_id, input={"nameZh": chinese, "source": SOURCE})
    merged = await data(client, MERGE, keep="enterprise:acme", duplicate="enterprise:acme-hk")
    assert "艾克美香港" in merged["mergeEntities"]["entity"]["aliases"]  # not dropped
    found = await data(client, '{ search(text: "艾克美香港") { edges { node { id } } } }')
    assert [edge["node"]["id"] for edge in found["search"]["edges"]] == ["enterprise:acme"]
    # The old id answers with the entity it became, and says so.
    body = await gql(client, '{ enterprise(id: "enterprise:acme-hk") { id nameZh } }')
    assert body["data"] == {"enterprise": {"id": "enterprise:acme", "nameZh": "艾克美機械"}}
    [note] = body["extensions"]["notes"]
    assert "'enterprise:acme-hk' was merged into 'enterprise:acme'" in note
    # An id that never existed is still NOT_FOUND, with no note.
    unknown = await gql(client, '{ enterprise(id: "enterprise:nobody") { id } }')
    assert unknown["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert "notes" not in unknown.get("extensions", {})
    # A question about the old id says which id to ask about instead.
    asked = await gql(client, '{ whoMet(party: "enterprise:acme-hk") { totalCount } }')
    [refused] = asked["errors"]
    assert refused["extensions"]["code"] == "NOT_FOUND"
    assert refused["extensions"].get("mergedInto") == "enterprise:acme", refused
    assert "ask about 'enterprise:acme'" in refused["message"]
    old_id = '{ collaborationPaths(from: "department:bd", to: "enterprise:acme-hk") { complete } }'
    paths = await gql(client, old_id)
    assert paths["errors"][0]["extensions"].get("mergedInto") == "enterprise:acme"
    # nodes(ids) follows it as node(id) does; an unknown id stays null.
    listed = await gql(client, '{ nodes(ids: ["enterprise:acme-hk", "enterprise:nobody"]) { id } }')
    assert listed["data"]["nodes"] == [{"id": "enterprise:acme"}, None]
    assert len(listed["extensions"]["notes"]) == 1
    # A change sent with the old id changes nothing and names the id to send.
    state = '{ enterprise(id: "enterprise:acme") { nameZh eventsAttended { totalCount } } }'
    before = await data(client, state)
    attendance = {"partyId": "enterprise:acme-hk", "eventId": "event:tf-20", "role": "ATTENDEE"}
    for query, variables, field in (
        (ATTEND, {"input": {**attendance, "source": SOURCE}}, "partyId"),
        (UPDATE, {"id": "enterprise:acme-hk", "input": {"nameZh": "新", "source": SOURCE}}, "id"),
    ):
        refused = await error(client, query, **variables)
        assert refused["extensions"]["code"] == "NOT_FOUND"
        assert refused["extensions"]["field"] == field
        assert refused["extensions"]["mergedInto"] == "enterprise:acme"
        assert "send 'enterprise:acme' instead" in refused["message"]
    assert await data(client, state) == before


async def test_a_link_to_sample_data_is_sample_data(client: httpx.AsyncClient) -> None:
    await data(client, UPDATE, id="enterprise:acme", input={"isSample": True, "source": SOURCE})
    attend = (
        "mutation($input: AttendanceInput!) { recordAttendance(input: $input) "
        "{ link { isSample } } }"
    )
    for party, invented in (("enterprise:acme", True), ("department:bd", False)):
        attendance = {"partyId": party, "eventId": "event:ws-1", "role": "ATTENDEE",
                      "source": SOURCE}  # fmt: skip
        answer = await data(client, attend, input=attendance)
        assert answer["recordAttendance"]["link"] == {"isSample": invented}, party
