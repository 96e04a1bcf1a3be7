"""Trust filters weigh claims about meetings and ties, never the reference structure: the
organisation chart, the technology taxonomy and renames (``STRUCTURAL_TYPES``) count
whatever the evidence or confidence asked for, on both stores, in every question.

The seed's only INFERRED links are PART_OF links of the organisation chart, so asking
for RECORDED and REPORTED links only must change no answer at all."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from graph_api.domain import STRUCTURAL_TYPES, Evidence, RelType
from graph_api.store.base import GraphStore
from tests.gql_client import gql

pytestmark = pytest.mark.neo4j

WITHOUT_INFERRED = "{evidence: [RECORDED, REPORTED], minConfidence: 0.7}"
QUESTIONS = {
    "partnerBodyCoverage": """partnerBodyCoverage(TRUST) { partnerBody { id }
        enterprisesMetGovernmentCount bureauxReached { bureau { id } enterprises { id } }
        bureauxNotReached { id } }""",
    "unreachedDepartments": """unreachedDepartments(TRUST) { departments { department { id } }
        bureaux { bureau { id } departments { id } } }""",
    "unmetNeeds": "unmetNeeds(TRUST, first: 50) { totalCount needs { technology { id } } }",
    "technologyCoverage": """technologyCoverage(TRUST, first: 50) { totalCount
        technologies { technology { id } demandCount supplyCount } }""",
    "changes": """changes(since: "2024-01-01", TRUST) { counts { newMeetings newNeeds gapsClosed }
        byBureau { subject { id } newMeetings newNeeds } }""",
    "collaborationPaths": """collaborationPaths(from: "department:itc", to: "bureau:itib",
        TRUST) { paths { hops steps { entity { id } link { type evidence } } } }""",
}


async def _answer(api: httpx.AsyncClient, question: str, trust: str | None) -> Any:
    text = QUESTIONS[question].replace("TRUST", f"trust: {trust}" if trust else "")
    body = await gql(api, "{ " + text.replace("(, ", "(").replace("()", "") + " }")
    assert "errors" not in body, body["errors"]
    return body["data"][question]


async def test_the_seeds_inferred_links_are_all_structural(seeded_store: GraphStore) -> None:
    _, links = await seeded_store.export_graph()
    inferred = {link.type for link in links if link.properties.get("evidence") == Evidence.INFERRED}
    assert inferred == {RelType.PART_OF}
    assert inferred <= STRUCTURAL_TYPES


@pytest.mark.parametrize("question", sorted(QUESTIONS))
async def test_trust_filters_keep_the_organisation_chart(
    api: httpx.AsyncClient, question: str
) -> None:
    plain = await _answer(api, question, None)
    assert plain  # a question that answers nothing could not show the chart being lost
    assert await _answer(api, question, WITHOUT_INFERRED) == plain


async def test_a_path_up_the_chart_takes_one_step(api: httpx.AsyncClient) -> None:
    paths = (await _answer(api, "collaborationPaths", WITHOUT_INFERRED))["paths"]
    assert paths[0]["hops"] == 1
    assert paths[0]["steps"][-1]["link"] == {"type": "PART_OF", "evidence": "INFERRED"}


async def test_nested_lists_keep_the_chart(api: httpx.AsyncClient) -> None:
    query = """query ($evidence: [Evidence!]) { bureau(id: "bureau:itib") {
        departments(evidence: $evidence, minConfidence: 0.7) { totalCount edges { node { id } } }
    } }"""
    plain = await gql(api, query, {"evidence": None})
    recorded = await gql(api, query, {"evidence": ["RECORDED"]})
    assert "errors" not in recorded, recorded["errors"]
    departments = recorded["data"]["bureau"]["departments"]
    assert departments["totalCount"] > 0
    assert recorded == plain
