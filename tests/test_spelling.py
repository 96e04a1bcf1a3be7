"""Typos forgiven by search: the rule on its own, and on both stores through the API."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.domain import NodeKind
from graph_api.store.base import GraphStore
from graph_api.store.neo4j_store import Neo4jStore
from graph_api.store.spelling import corrected, vocabulary
from tests.auth_support import ADMIN_HEADERS
from tests.conftest import Neo4jServer
from tests.gql_client import data

WORDS = vocabulary(["Digital Policy Office", "Buildings Department", "Smart City", "DPO"])


CREATE_WOMBATICS = """mutation { createEntity(input: {kind: ENTERPRISE, nameEn: "Wombatics",
  source: "https://example.org/test (invented)", isSample: true}) { entity { id } } }"""


def test_the_vocabulary_holds_lower_case_words_of_letters_and_digits() -> None:
    assert vocabulary(["Innovation, Technology (ITIB)", "5G Lab"]).words == [
        "5g",
        "innovation",
        "itib",
        "lab",
        "technology",
    ]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Digital Polcy", "Digital policy"),
        ("Digtal Policy Offce", "digital Policy office"),
        ("Buildngs", "buildings"),
    ],
)
def test_an_unknown_word_becomes_the_closest_known_one(typed: str, meant: str) -> None:
    assert corrected(typed, WORDS) == meant


@pytest.mark.parametrize(
    "typed",
    [
        "Digital Policy",  # every word known
        "olic",  # part of a known word: search finds it as it is
        "dpx",  # too short to tell a typo from another word
        "zzzzqqq",  # nothing close
        "數字政筞",  # no Chinese name in this vocabulary to be close to
    ],
)
def test_known_short_distant_and_chinese_words_are_left_alone(typed: str) -> None:
    assert corrected(typed, WORDS) is None


CHINESE = vocabulary(["Digital Policy Office", "數字政策辦公室", "屋宇署", "人工智能"])


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("數字政冊", "數字政策"),  # 冊 for 策: one homophone picked from the input method
        ("数字政册", "數字政策"),  # the same typed in Simplified
        ("數字政冊辦公室", "數字政策辦公室"),
        ("人工智慧", "人工智能"),
        ("Digtal 數字政冊", "digital 數字政策"),
    ],
)
def test_one_wrong_chinese_character_becomes_the_name_meant(typed: str, meant: str) -> None:
    assert corrected(typed, CHINESE) == meant


@pytest.mark.parametrize(
    "typed",
    [
        "政策辦公",  # part of a name: search finds it as it is
        "屋宇暑",  # three characters: too short to guess
        "數碼港口岸",  # more than one character away from every name
    ],
)
def test_chinese_known_short_and_distant_runs_are_left_alone(typed: str) -> None:
    assert corrected(typed, CHINESE) is None


def test_at_most_five_words_of_one_text_are_corrected() -> None:
    """However long the text, a search costs at most five look-ups of the vocabulary."""
    typed = " ".join(["Polcy"] * 7)
    assert corrected(typed, WORDS) == " ".join(["policy"] * 5 + ["Polcy"] * 2)


SEARCH = """query ($text: String!, $first: Int, $after: String) {
  search(text: $text, first: $first, after: $after) {
    totalCount correctedText edges { node { id } } pageInfo { hasNextPage endCursor } } }"""


@pytest.mark.neo4j
async def test_a_typo_finds_what_was_meant_on_both_stores(
    api: httpx.AsyncClient, seeded_store: GraphStore
) -> None:
    found = (await data(api, SEARCH, text="Digital Polcy"))["search"]
    assert found["correctedText"] == "Digital policy"
    assert [edge["node"]["id"] for edge in found["edges"]] == ["department:dpo"]
    as_typed = (await data(api, SEARCH, text="Digital Policy"))["search"]
    assert as_typed["correctedText"] is None
    # The words are read once, then kept until the next write.
    reads = seeded_store.counters.by_query.get("name_words", 0)
    await data(api, SEARCH, text="Buildngs")
    assert seeded_store.counters.by_query.get("name_words", 0) == reads
    assert (await seeded_store.name_words([NodeKind.TECHNOLOGY])).knows("smart")


@pytest.mark.neo4j
@pytest.mark.parametrize("typed", ["數字政冊", "数字政册"])
async def test_a_chinese_typo_finds_what_was_meant_on_both_stores(
    api: httpx.AsyncClient, typed: str
) -> None:
    found = (await data(api, SEARCH, text=typed))["search"]
    meant = (await data(api, SEARCH, text="數字政策"))["search"]
    assert found["correctedText"] == "數字政策"
    assert "department:dpo" in [edge["node"]["id"] for edge in found["edges"]]
    assert found["edges"] == meant["edges"]


@pytest.mark.neo4j
async def test_the_words_are_read_once_for_many_callers_and_again_after_a_write(
    seeded_store: GraphStore,
) -> None:
    from graph_api.domain import NodeRecord
    from tests.conftest import mark_written

    kinds = [NodeKind.ENTERPRISE]
    async with seeded_store.counters.writing():  # as after a write: nothing kept is current
        pass
    reads = seeded_store.counters.by_query.get("name_words", 0)
    together = await asyncio.gather(*(seeded_store.name_words(kinds) for _ in range(5)))
    assert seeded_store.counters.by_query.get("name_words", 0) == reads + 1
    assert not together[0].knows("quokkatronics")
    mark_written(seeded_store)
    source = "https://example.org/test (invented)"
    added = NodeRecord("enterprise:quokka", NodeKind.ENTERPRISE, "Quokkatronics", source=source)
    await seeded_store.upsert([added], [])
    assert (await seeded_store.name_words(kinds)).knows("quokkatronics")


@pytest.mark.neo4j
@pytest.mark.parametrize("empty_store", ["neo4j"], indirect=True)
async def test_a_write_by_another_process_is_in_the_words_at_once(
    empty_store: GraphStore, neo4j_server: Neo4jServer
) -> None:
    # The words were kept up to five minutes after another process's write: a name just
    # added elsewhere was "corrected" into another one meanwhile.
    kinds = [NodeKind.ENTERPRISE]
    assert not (await empty_store.name_words(kinds)).knows("wombatics")
    elsewhere = Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password)
    await elsewhere.connect()
    try:
        app = create_app(Settings(store="neo4j"), store=elsewhere)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://test", headers=ADMIN_HEADERS
        ) as other_process:
            await data(other_process, CREATE_WOMBATICS)
    finally:
        await elsewhere.close()
    assert (await empty_store.name_words(kinds)).knows("wombatics")


@pytest.mark.neo4j
async def test_a_corrected_search_pages_on(api: httpx.AsyncClient) -> None:
    first = (await data(api, SEARCH, text="Smrt", first=4))["search"]
    assert first["correctedText"] == "smart"
    assert first["pageInfo"]["hasNextPage"]
    after = first["pageInfo"]["endCursor"]
    rest = (await data(api, SEARCH, text="Smrt", first=100, after=after))["search"]
    whole = (await data(api, SEARCH, text="smart", first=100))["search"]
    ids = [e["node"]["id"] for e in first["edges"] + rest["edges"]]
    assert ids == [e["node"]["id"] for e in whole["edges"]]
