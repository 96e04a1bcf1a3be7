"""Ordinals a numbered event is asked for by (domain.ordinals): the rule on its own, and
search on both stores finding the real forums, which have no Chinese title, by 第19屆,
第十九屆 or 技術論壇."""

from __future__ import annotations

import httpx
import pytest

from graph_api.domain.ordinals import chinese_numeral, english_ordinal, event_search_terms
from tests.gql_client import data


@pytest.mark.parametrize(
    ("number", "english", "chinese"),
    [
        (1, "1st", "一"),
        (2, "2nd", "二"),
        (3, "3rd", "三"),
        (10, "10th", "十"),
        (11, "11th", "十一"),
        (12, "12th", "十二"),
        (19, "19th", "十九"),
        (20, "20th", "二十"),
        (21, "21st", "二十一"),
        (99, "99th", "九十九"),
        (112, "112th", None),
    ],
)
def test_ordinals_in_both_languages(number: int, english: str, chinese: str | None) -> None:
    assert english_ordinal(number) == english
    assert chinese_numeral(number) == chinese


def test_a_numbered_forum_is_asked_for_four_ways_and_an_unnumbered_event_none() -> None:
    assert event_search_terms("TECHNOLOGY_FORUM", 19) == (
        "19th Technology Forum",
        "Technology Forum 19",
        "第19屆技術論壇",
        "第十九屆技術論壇",
    )
    assert event_search_terms("TECHNOLOGY_FORUM", None) == ()
    assert event_search_terms(None, 3) == ()


SEARCH = """query ($text: String!) {
  search(text: $text, first: 20) { totalCount edges { node { id nameZh } matchedName } } }"""


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("第19屆", {"event:tf-19"}),
        ("第十九屆", {"event:tf-19"}),
        ("第二屆技術論壇", {"event:tf-2"}),
        ("第19届", {"event:tf-19"}),  # Simplified 届
        ("Technology Forum 19", {"event:tf-19"}),
    ],
)
async def test_search_finds_a_real_forum_by_its_chinese_ordinal(
    api: httpx.AsyncClient, typed: str, found: set[str]
) -> None:
    answer = (await data(api, SEARCH, text=typed))["search"]
    assert {edge["node"]["id"] for edge in answer["edges"]} == found
    # The answer says what matched: the ordinal, as the event is asked for.
    assert answer["edges"][0]["matchedName"] is not None


@pytest.mark.neo4j
async def test_every_technology_forum_is_found_by_the_chinese_for_technology_forum(
    api: httpx.AsyncClient,
) -> None:
    answer = (await data(api, SEARCH, text="技術論壇"))["search"]
    ids = {edge["node"]["id"] for edge in answer["edges"]}
    assert {"event:tf-1", "event:tf-2", "event:tf-19"} <= ids
    # The real forums still have no Chinese name: the terms are for finding them only.
    names = {e["node"]["id"]: e["node"]["nameZh"] for e in answer["edges"]}
    assert names["event:tf-19"] is None
