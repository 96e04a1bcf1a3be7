"""Bilingual search on both stores against the oracle, parsing rules, paging and errors."""

from __future__ import annotations

import httpx
import pytest

from graph_api.domain import NodeKind
from graph_api.errors import GraphApiError
from graph_api.store.base import GraphStore
from graph_api.store.search import MAX_TERMS, SearchTerms, lucene_substring_query
from tests import oracle
from tests.conftest import mark_written
from tests.editing_support import client_for
from tests.gql_client import data, error_codes, gql

ALL: list[NodeKind] = [kind for kind in NodeKind if kind is not NodeKind.PERSON]


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("DPO", ("dpo",)),
        ("數字 政策", ("數字", "政策")),
        ("  Digital   Policy ", ("digital", "policy")),
        ("a|b", ("a", "b")),
        ("x x", ("x",)),
    ],
)
def test_parse(text: str, terms: tuple[str, ...]) -> None:
    assert SearchTerms.parse(text).terms == terms


TOO_MANY_WORDS = " ".join(f"w{index}" for index in range(31))


@pytest.mark.parametrize("text", ["", "   ", "|", TOO_MANY_WORDS, "x" * 201])
def test_parse_refuses(text: str) -> None:
    with pytest.raises(GraphApiError):
        SearchTerms.parse(text)


def test_a_long_text_matches_on_its_longest_words_and_ranks_on_the_whole() -> None:
    parsed = SearchTerms.parse("Financial Services and the Treasury Bureau")
    assert len(parsed.terms) == MAX_TERMS == 5
    # The five longest words, in the order given; "and" and "the" tie, the first stays.
    assert parsed.terms == ("financial", "services", "and", "treasury", "bureau")
    assert parsed.whole == "financialservicesandthetreasurybureau"


def test_lucene_text_is_escaped() -> None:
    assert lucene_substring_query('a*b"c(d)') == '*a\\*b\\"c\\(d\\)*'


CASES = [
    ("dpo", ALL),
    ("數字政策", ALL),
    ("數字 政策", ALL),
    ("digital policy", ALL),
    ("department", [NodeKind.DEPARTMENT]),
    ("hk", ALL),
    ("智慧", ALL),
    ("ai", ALL),
    ("data inc", ALL),
    ("innovation technology", ALL),
    ("science park", ALL),
    ("OGCIO", ALL),
    ("屋宇署", ALL),
    ("zzzz", ALL),
    ("vision", [NodeKind.ENTERPRISE, NodeKind.TECHNOLOGY]),
    ("Financial Services and the Treasury Bureau", ALL),
    ("数字政策", ALL),
    ("区块链", ALL),
    ("Office of the Government Chief Information Officer", ALL),
]


@pytest.mark.neo4j
@pytest.mark.parametrize(("text", "kinds"), CASES)
async def test_search_matches_the_oracle(
    seeded_store: GraphStore, text: str, kinds: list[NodeKind]
) -> None:
    expected = oracle.search(text, kinds)
    page = await seeded_store.search(SearchTerms.parse(text), kinds, 0, 1000)
    assert [(hit.node.id, hit.rank) for hit in page.hits] == expected
    assert page.total == len(expected)


def test_the_search_cases_show_the_promised_behaviour() -> None:
    assert oracle.search("dpo", ALL)[0] == ("department:dpo", 3)
    assert oracle.search("數字政策", ALL)[0][0] == "department:dpo"
    assert oracle.search("數字 政策", ALL) == oracle.search("數字政策", ALL)
    assert oracle.search("digital policy", ALL)[0][0] == "department:dpo"
    assert len(oracle.search("department", [NodeKind.DEPARTMENT])) > 20
    # Simplified Chinese finds the Traditional names Hong Kong uses.
    assert oracle.search("数字政策", ALL) == oracle.search("數字政策", ALL)
    assert oracle.search("区块链", ALL)
    assert oracle.search("区块链", ALL) == oracle.search("區塊鏈", ALL)
    # Whole official names are searchable, the exact name first.
    fstb = oracle.search("Financial Services and the Treasury Bureau", ALL)
    assert fstb[0] == ("bureau:fstb", 3)
    ogcio = oracle.search("Office of the Government Chief Information Officer", ALL)
    assert ogcio[0] == ("department:ogcio", 3)
    assert ("department:dpo", 0) in ogcio  # its successor
    # Whole words rank above the same letters inside a word.
    ai = oracle.search("AI", ALL)
    assert ("technology:generative-ai", 2) in ai
    assert ("department:cas", 1) in ai
    assert ai.index(("technology:generative-ai", 2)) < ai.index(("department:cas", 1))
    assert ("department:dpo", 2) in oracle.search("policy office", ALL)


@pytest.mark.neo4j
async def test_search_pages_without_gaps(api: httpx.AsyncClient) -> None:
    query = """query ($after: String) { search(text: "department", first: 7, after: $after) {
                 totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }"""
    seen: list[str] = []
    after = None
    while True:
        body = await gql(api, query, {"after": after})
        result = body["data"]["search"]
        seen += [edge["node"]["id"] for edge in result["edges"]]
        if not result["pageInfo"]["hasNextPage"]:
            break
        after = result["pageInfo"]["endCursor"]
    assert seen == [node_id for node_id, _ in oracle.search("department", ALL)]


@pytest.mark.neo4j
@pytest.mark.parametrize("text", ["", "   ", TOO_MANY_WORDS])
async def test_bad_search_text_is_bad_user_input(api: httpx.AsyncClient, text: str) -> None:
    body = await gql(api, "query ($t: String!) { search(text: $t) { totalCount } }", {"t": text})
    assert error_codes(body) == ["BAD_USER_INPUT"]


@pytest.mark.neo4j
async def test_a_name_stored_in_simplified_is_found_in_either_script(
    seeded_store: GraphStore,
) -> None:
    # Names are compared in their Hong Kong Traditional form on both sides: a name
    # recorded in Simplified (as a Mainland firm writes it) is found by its own text and
    # by the Traditional form.
    mark_written(seeded_store)
    create = """mutation ($input: EntityInput!) { createEntity(input: $input) { entity { id } } }"""
    search = """query ($t: String!) { search(text: $t) { totalCount
      edges { node { id } matchedName } } }"""
    firm = {
        "kind": "ENTERPRISE",
        "id": "enterprise:test-szdn",
        "nameEn": "Shenzhen Digital Network Technology Co., Ltd.",
        "nameZh": "深圳数字网络科技有限公司",
        "source": "Test",
        "isSample": True,
    }
    async with client_for(seeded_store) as client:
        await data(client, create, input=firm)
        for typed in ("深圳数字网络", "深圳數字網絡", "数字网络科技有限公司"):
            found = (await data(client, search, t=typed))["search"]
            ids = [edge["node"]["id"] for edge in found["edges"]]
            assert ids == ["enterprise:test-szdn"], typed
            assert found["edges"][0]["matchedName"] == "深圳数字网络科技有限公司"
