"""Names through time: former names, established/dissolved dates and SUCCEEDED_BY links,
seeded from the real 2022 reorganisation and the 2024 DPO merger; validated like every
other field; served over GraphQL; and found by search under any name an office ever had,
on both stores."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import httpx
import pytest

from graph_api.domain import NodeKind, RelType
from graph_api.domain.history import FormerName
from graph_api.domain.validation import RecordProblem, check_node, node_to_raw
from graph_api.seeding.files import SeedError, parse_seed_documents
from graph_api.store.base import GraphStore
from graph_api.store.search import SearchTerms
from tests import oracle
from tests.editing_support import client_for, data, error
from tests.gql_client import gql

ALL: list[NodeKind] = [kind for kind in NodeKind if kind is not NodeKind.PERSON]
REORG = "https://www.gov.hk/en/about/govdirectory/reorganisation.htm"
DPO_RELEASE = "http://government-world.com/digital-policy-office-established-today-2"
JULY_2022, DPO_DAY = dt.date(2022, 7, 1), dt.date(2024, 7, 25)


# ------------------------------------------------------------------ the seeded history


def test_the_2022_reorganisation_is_seeded() -> None:
    nodes = {node.id: node for node in oracle.seed().nodes}
    last_day = dt.date(2022, 6, 30)
    itb_release = "https://www.info.gov.hk/gia/general/201511/06/P201511061007.htm"
    assert nodes["bureau:itib"].former_names == (
        FormerName(
            "Innovation and Technology Bureau",
            last_day,
            name_zh="創新及科技局",
            abbreviation="ITB",
            source=itb_release,
        ),
    )
    assert nodes["bureau:hyab"].former_names[0].abbreviation == "HAB"
    assert nodes["bureau:hhb"].former_names[0].name_en == "Food and Health Bureau"
    assert nodes["bureau:eeb"].former_names[0].name_zh == "環境局"
    # Every former Chinese name of the reorganisation is documented by its own source,
    # a government page that used it (the reorganisation page gives English names only).
    for bureau in ("bureau:itib", "bureau:hyab", "bureau:hhb", "bureau:eeb"):
        (former,) = nodes[bureau].former_names
        assert former.name_zh
        assert former.until == last_day
        assert former.source
        assert former.source.startswith("https://")
    thb = nodes["bureau:thb"]
    assert (thb.name_zh, thb.properties["dissolved"]) == ("運輸及房屋局", "2022-06-30")
    for bureau in ("bureau:cstb", "bureau:tlb", "bureau:hb"):
        assert nodes[bureau].properties["established"] == "2022-07-01"
    successions = {
        (link.from_id, link.to_id): link
        for link in oracle.seed().links
        if link.type is RelType.SUCCEEDED_BY
    }
    for bureau in ("bureau:tlb", "bureau:hb"):
        link = successions[("bureau:thb", bureau)]
        assert (link.date, link.source) == (JULY_2022, REORG)


def test_the_2024_dpo_merger_is_seeded() -> None:
    nodes = {node.id: node for node in oracle.seed().nodes}
    assert nodes["department:dpo"].properties["established"] == "2024-07-25"
    successions = {
        (link.from_id, link.to_id): link
        for link in oracle.seed().links
        if link.type is RelType.SUCCEEDED_BY
    }
    for office in ("department:ogcio", "department:effo"):
        assert nodes[office].properties["dissolved"] == "2024-07-24"
        link = successions[(office, "department:dpo")]
        assert (link.date, link.source) == (DPO_DAY, DPO_RELEASE)
    assert len(successions) == 4


# ------------------------------------------------------------------ validation


def _bureau(**extra: Any) -> dict[str, Any]:
    return {"id": "bureau:x", "kind": "Bureau", "name_en": "X Bureau", "source": "s", **extra}


def _problems(nodes: list[dict[str, Any]], links: list[dict[str, Any]] | None = None) -> str:
    document = {"dataset": "t", "sample": False, "nodes": nodes, "links": links or []}
    with pytest.raises(SeedError) as caught:
        parse_seed_documents([("t.json", document)])
    return str(caught.value)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"former_names": [{"name_en": "Y", "until": "2022-13-01"}]}, "former_names[0].until"),
        ({"former_names": [{"name_en": "Y", "until": "2022-02-30"}]}, "not a date"),
        ({"former_names": [{"name_en": "Y"}]}, "former_names[0].until is missing"),
        (
            {"former_names": [{"name_en": "Y", "since": "2020-01-02", "until": "2020-01-01"}]},
            "before its since",
        ),
        ({"former_names": [{"name_en": " ", "until": "2020-01-01"}]}, "former_names[0].name_en"),
        ({"former_names": [{"name_en": "Y", "until": "2020-01-01", "x": 1}]}, "unknown field"),
        ({"former_names": {"name_en": "Y"}}, "must be an array"),
        ({"former_names": "[not json"}, "not a JSON array"),
        ({"established": "2022-07-32"}, "established '2022-07-32' is not a date"),
        ({"established": "2022-07-01", "dissolved": "2022-06-30"}, "is before established"),
        (
            {"dissolved": "2022-06-30", "former_names": [{"name_en": "Y", "until": "2022-07-01"}]},
            "is after dissolved",
        ),
    ],
)
def test_bad_history_fields_are_rejected(extra: dict[str, Any], message: str) -> None:
    problems = _problems([_bureau(**extra)])
    assert "t.json: node #0 (bureau:x)" in problems
    assert message in problems


def test_history_fields_belong_to_offices_only() -> None:
    enterprise = {"id": "enterprise:x", "kind": "Enterprise", "name_en": "X", "source": "s"}
    problems = _problems([{**enterprise, "dissolved": "2020-01-01"}])
    assert "dissolved is not a property of a Enterprise record" in problems


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ({"to": "bureau:y"}, "date is missing"),
        ({"to": "bureau:x", "date": "2022-07-01"}, "cannot succeed itself"),
        ({"to": "department:d", "date": "2022-07-01"}, "cannot join Bureau -> Department"),
        ({"to": "bureau:y", "date": "2022-06-30"}, "not after the predecessor's dissolved"),
        ({"to": "bureau:y", "date": "2022-07-01T00"}, "not a date"),
    ],
)
def test_bad_successions_are_rejected(link: dict[str, Any], message: str) -> None:
    nodes = [
        _bureau(dissolved="2022-06-30"),
        {**_bureau(), "id": "bureau:y", "established": "2022-07-01"},
        {"id": "department:d", "kind": "Department", "name_en": "D", "source": "s"},
    ]
    raw = {"type": "SUCCEEDED_BY", "from": "bureau:x", "source": "s", **link}
    assert message in _problems(nodes, [raw])


def test_a_good_history_loads_and_round_trips_through_edits_and_exports() -> None:
    former = [{"name_en": "Old X Bureau", "abbreviation": "OXB", "until": "2022-06-30"}]
    node = check_node(_bureau(former_names=former, established="2015-11-20"))
    assert node.former_names == (
        FormerName("Old X Bureau", dt.date(2022, 6, 30), abbreviation="OXB"),
    )
    assert "oldxbureau" in node.to_row()["search_text"].split("|")
    raw = node_to_raw(node)  # exports carry the list as JSON text: one cell in CSV/GraphML
    assert json.loads(raw["former_names"]) == former
    assert check_node(raw) == node
    with pytest.raises(RecordProblem) as caught:
        check_node({**raw, "former_names": [{"name_en": "Y", "until": "yesterday"}]})
    assert caught.value.field == "former_names"


# ------------------------------------------------------------------ search, both stores

HISTORY_CASES = [
    "OGCIO",
    "資科辦",
    "政府資訊科技總監辦公室",
    "Efficiency Office",
    "Transport and Housing Bureau",
    "Environment Bureau",
    "itb",
    "bureau",
    "office",
]


@pytest.mark.neo4j
@pytest.mark.parametrize("text", HISTORY_CASES)
async def test_search_by_any_name_matches_the_oracle(seeded_store: GraphStore, text: str) -> None:
    expected = oracle.search(text, ALL)
    page = await seeded_store.search(SearchTerms.parse(text), ALL, 0, 1000)
    assert [(hit.node.id, hit.rank) for hit in page.hits] == expected
    assert page.total == len(expected)
    for hit in page.hits:  # every hit says which name matched; successors say whose
        assert hit.matched_name
        assert (hit.predecessor is not None) == (hit.rank == 0)


@pytest.mark.neo4j
@pytest.mark.parametrize("text", ["OGCIO", "資科辦", "政府資訊科技總監辦公室"])
async def test_a_former_office_finds_its_successor_with_the_date(
    seeded_store: GraphStore, text: str
) -> None:
    page = await seeded_store.search(SearchTerms.parse(text), ALL, 0, 10)
    assert [(hit.node.id, hit.rank) for hit in page.hits] == [
        ("department:ogcio", 3),
        ("department:dpo", 0),
    ]
    ogcio, dpo = page.hits
    assert ogcio.matched_name == text
    assert ogcio.predecessor is None
    assert dpo.predecessor is not None
    assert dpo.predecessor.id == "department:ogcio"
    assert dpo.matched_name == text
    assert dpo.succession is not None
    assert (dpo.succession.type, dpo.succession.date) == (RelType.SUCCEEDED_BY, DPO_DAY)
    assert dpo.succession.source == DPO_RELEASE


@pytest.mark.neo4j
async def test_a_dissolved_bureau_finds_both_successors(seeded_store: GraphStore) -> None:
    page = await seeded_store.search(
        SearchTerms.parse("Transport and Housing Bureau"), [NodeKind.BUREAU], 0, 10
    )
    assert [(hit.node.id, hit.rank) for hit in page.hits] == [
        ("bureau:thb", 3),
        ("bureau:hb", 0),
        ("bureau:tlb", 0),
    ]
    for successor in page.hits[1:]:
        assert successor.predecessor is not None
        assert successor.predecessor.id == "bureau:thb"
        assert successor.succession is not None
        assert successor.succession.date == JULY_2022
    # A kind filter applies to both ends: no department succeeded a bureau.
    none = await seeded_store.search(SearchTerms.parse("THB"), [NodeKind.DEPARTMENT], 0, 10)
    assert (none.hits, none.total) == ([], 0)


@pytest.mark.neo4j
async def test_a_former_name_finds_the_renamed_bureau(seeded_store: GraphStore) -> None:
    page = await seeded_store.search(SearchTerms.parse("Environment Bureau"), ALL, 0, 10)
    assert [(hit.node.id, hit.rank) for hit in page.hits] == [("bureau:eeb", 3)]
    hit = page.hits[0]
    assert hit.matched_name == "Environment Bureau"
    assert hit.former_name is not None
    assert (hit.former_name.name_en, hit.former_name.until) == (
        "Environment Bureau",
        dt.date(2022, 6, 30),
    )
    current = await seeded_store.search(SearchTerms.parse("EEB"), ALL, 0, 10)
    assert current.hits[0].matched_name == "EEB"
    assert current.hits[0].former_name is None


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("typed", "bureau"),
    [
        ("創新及科技局", "bureau:itib"),
        ("民政事務局", "bureau:hyab"),
        ("食物及卫生局", "bureau:hhb"),
    ],
)
async def test_a_former_chinese_name_finds_the_renamed_bureau(
    seeded_store: GraphStore, typed: str, bureau: str
) -> None:
    page = await seeded_store.search(SearchTerms.parse(typed), ALL, 0, 10)
    assert [(hit.node.id, hit.rank) for hit in page.hits][:1] == [(bureau, 3)]
    former = page.hits[0].former_name
    assert former is not None
    assert former.name_zh == SearchTerms.parse(typed).whole


@pytest.mark.neo4j
async def test_a_successor_on_a_later_page_is_still_explained(seeded_store: GraphStore) -> None:
    page = await seeded_store.search(SearchTerms.parse("OGCIO"), ALL, 1, 1)
    assert page.total == 2
    assert [hit.node.id for hit in page.hits] == ["department:dpo"]
    assert page.hits[0].predecessor is not None
    assert page.hits[0].predecessor.id == "department:ogcio"


# ------------------------------------------------------------------ GraphQL, both stores


@pytest.mark.neo4j
async def test_graphql_serves_former_names_and_successions(api: httpx.AsyncClient) -> None:
    query = """{
      itib: bureau(id: "bureau:itib") {
        formerNames { nameEn nameZh abbreviation since until source } established dissolved }
      thb: bureau(id: "bureau:thb") {
        dissolved
        successors { totalCount edges { node { id } link { type date source } } } }
      dpo: department(id: "department:dpo") {
        established formerNames { nameEn }
        predecessors { edges { node { id dissolved } link { date source } } } }
      ogcio: department(id: "department:ogcio") {
        dissolved successors { edges { node { id } link { date } } } predecessors { totalCount } }
    }"""
    body = await gql(api, query)
    assert "errors" not in body, body.get("errors")
    data = body["data"]
    assert data["itib"] == {
        "formerNames": [
            {
                "nameEn": "Innovation and Technology Bureau",
                "nameZh": "創新及科技局",
                "abbreviation": "ITB",
                "since": None,
                "until": "2022-06-30",
                "source": "https://www.info.gov.hk/gia/general/201511/06/P201511061007.htm",
            }
        ],
        "established": None,
        "dissolved": None,
    }
    assert data["thb"]["dissolved"] == "2022-06-30"
    assert data["thb"]["successors"]["totalCount"] == 2
    assert sorted(
        (edge["node"]["id"], edge["link"]["type"], edge["link"]["date"], edge["link"]["source"])
        for edge in data["thb"]["successors"]["edges"]
    ) == [
        ("bureau:hb", "SUCCEEDED_BY", "2022-07-01", REORG),
        ("bureau:tlb", "SUCCEEDED_BY", "2022-07-01", REORG),
    ]
    assert data["dpo"]["established"] == "2024-07-25"
    assert data["dpo"]["formerNames"] == []
    assert sorted(
        (edge["node"]["id"], edge["node"]["dissolved"], edge["link"]["date"])
        for edge in data["dpo"]["predecessors"]["edges"]
    ) == [
        ("department:effo", "2024-07-24", "2024-07-25"),
        ("department:ogcio", "2024-07-24", "2024-07-25"),
    ]
    assert data["ogcio"]["dissolved"] == "2024-07-24"
    assert data["ogcio"]["successors"]["edges"] == [
        {"node": {"id": "department:dpo"}, "link": {"date": "2024-07-25"}}
    ]
    assert data["ogcio"]["predecessors"]["totalCount"] == 0


@pytest.mark.neo4j
async def test_graphql_search_says_which_name_matched_and_when(api: httpx.AsyncClient) -> None:
    query = """query ($text: String!) { search(text: $text, first: 5) { totalCount edges {
        rank node { id } matchedName formerName { nameEn until }
        predecessor { id nameEn } succession { date source } } } }"""
    body = await gql(api, query, {"text": "OGCIO"})
    assert "errors" not in body, body.get("errors")
    assert body["data"]["search"]["totalCount"] == 2
    assert body["data"]["search"]["edges"] == [
        {
            "rank": 3,
            "node": {"id": "department:ogcio"},
            "matchedName": "OGCIO",
            "formerName": None,
            "predecessor": None,
            "succession": None,
        },
        {
            "rank": 0,
            "node": {"id": "department:dpo"},
            "matchedName": "OGCIO",
            "formerName": None,
            "predecessor": {
                "id": "department:ogcio",
                "nameEn": "Office of the Government Chief Information Officer",
            },
            "succession": {"date": "2024-07-25", "source": DPO_RELEASE},
        },
    ]
    renamed = await gql(api, query, {"text": "Food and Health Bureau"})
    edge = renamed["data"]["search"]["edges"][0]
    assert edge["node"] == {"id": "bureau:hhb"}
    assert edge["formerName"] == {"nameEn": "Food and Health Bureau", "until": "2022-06-30"}


# ------------------------------------------------------------------ edits, both stores

RECORD_SUCCESSION = """mutation ($date: Date) { recordLink(input: {type: SUCCEEDED_BY,
    fromId: "department:old", toId: "department:new", source: "https://example.org/merger",
    date: $date}) { link { type date source } } }"""


@pytest.mark.neo4j
async def test_recording_a_succession_checks_its_date(empty_store: GraphStore) -> None:
    old = check_node(
        {"id": "department:old", "kind": "Department", "name_en": "Old Office", "source": "s"}
        | {"dissolved": "2024-07-24", "former_names": [{"name_en": "Older", "until": "2020-01-01"}]}
    )
    new = check_node(
        {"id": "department:new", "kind": "Department", "name_en": "New Office", "source": "s"}
        | {"established": "2024-07-25"}
    )
    await empty_store.upsert([old, new], [])
    async with client_for(empty_store) as client:
        undated = await error(client, RECORD_SUCCESSION)
        assert undated["extensions"]["code"] == "BAD_USER_INPUT"
        assert "date is missing" in undated["message"]
        early = await error(client, RECORD_SUCCESSION, date="2024-07-24")
        assert early["extensions"]["field"] == "date"
        assert "not after the predecessor's dissolved 2024-07-24" in early["message"]
        recorded = await data(client, RECORD_SUCCESSION, date="2024-07-25")
        assert recorded["recordLink"]["link"] == {
            "type": "SUCCEEDED_BY",
            "date": "2024-07-25",
            "source": "https://example.org/merger",
        }
        found = await data(
            client,
            """{ search(text: "Older") { edges { rank node { id } matchedName
                 formerName { until } predecessor { id } succession { date } } } }""",
        )
    assert found["search"]["edges"] == [
        {
            "rank": 3,
            "node": {"id": "department:old"},
            "matchedName": "Older",
            "formerName": {"until": "2020-01-01"},
            "predecessor": None,
            "succession": None,
        },
        {
            "rank": 0,
            "node": {"id": "department:new"},
            "matchedName": "Older",
            "formerName": {"until": "2020-01-01"},
            "predecessor": {"id": "department:old"},
            "succession": {"date": "2024-07-25"},
        },
    ]
