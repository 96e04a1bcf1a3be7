"""Keeping office history through the API: a restructuring recorded with mutations
(former names, established and dissolved days, a succession), validated like the seed
files, on both stores."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from graph_api.store.base import GraphStore
from tests.editing_support import SOURCE, client_for, data, error, load_base

pytestmark = pytest.mark.neo4j

CREATE = """
mutation ($input: EntityInput!) { createEntity(input: $input) { entity { id } } }
"""
UPDATE = """
mutation ($id: ID!, $input: EntityPatch!) { updateEntity(id: $id, input: $input) { entity { id } } }
"""
SUCCEED = """
mutation ($input: LinkInput!) { recordLink(input: $input) { link { type date } } }
"""
OFFICE = """
query ($id: ID!) {
  department(id: $id) {
    established dissolved
    formerNames { nameEn abbreviation since until }
    successors { edges { node { id } link { date } } }
  }
}
"""


@pytest.fixture
async def client(empty_store: GraphStore) -> AsyncIterator[httpx.AsyncClient]:
    await load_base(empty_store)
    async with client_for(empty_store) as http:
        yield http


async def test_a_restructuring_recorded_through_the_api(client: httpx.AsyncClient) -> None:
    office = {
        "kind": "DEPARTMENT",
        "id": "department:tio",
        "nameEn": "Technology Improvement Office",
        "source": SOURCE,
        "established": "2015-04-01",
        "formerNames": [
            {"nameEn": "Technology Office", "abbreviation": "TO", "until": "2019-12-31"}
        ],
    }
    await data(client, CREATE, input=office)
    await data(client, UPDATE, id="department:tio", input={"dissolved": "2024-07-24"})
    link = {
        "type": "SUCCEEDED_BY",
        "fromId": "department:tio",
        "toId": "department:dpo",
        "date": "2024-07-25",
        "source": SOURCE,
    }
    await data(client, SUCCEED, input=link)
    office_now = (await data(client, OFFICE, id="department:tio"))["department"]
    assert office_now == {
        "established": "2015-04-01",
        "dissolved": "2024-07-24",
        "formerNames": [
            {
                "nameEn": "Technology Office",
                "abbreviation": "TO",
                "since": None,
                "until": "2019-12-31",
            }
        ],
        "successors": {
            "edges": [{"node": {"id": "department:dpo"}, "link": {"date": "2024-07-25"}}]
        },
    }


async def test_bad_history_is_refused_naming_the_field(client: httpx.AsyncClient) -> None:
    office = {
        "kind": "DEPARTMENT",
        "nameEn": "Odd Office",
        "source": SOURCE,
        "established": "2020-01-01",
        "formerNames": [{"nameEn": "Older Office", "since": "2019-01-01", "until": "2018-01-01"}],
    }
    failure = await error(client, CREATE, input=office)
    assert failure["extensions"]["code"] == "BAD_USER_INPUT"
    assert "until" in failure["message"]
    enterprise = {
        "kind": "ENTERPRISE",
        "nameEn": "Firm",
        "source": SOURCE,
        "established": "2020-01-01",
    }
    failure = await error(client, CREATE, input=enterprise)
    assert failure["extensions"]["code"] == "BAD_USER_INPUT"
    assert "established" in failure["message"]
    dissolved_early = {"dissolved": "2010-01-01"}
    await data(client, UPDATE, id="department:bd", input={"established": "2012-01-01"})
    failure = await error(client, UPDATE, id="department:bd", input=dissolved_early)
    assert failure["extensions"]["code"] == "BAD_USER_INPUT"
