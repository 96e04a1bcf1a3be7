"""Entity lists as of a day, on both stores over the seed data: events held by then,
enterprises founded by then, offices established by then; the rest are not listed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from graph_api.analytics.lens import Lens, start_day, view
from graph_api.analytics.meetings import who_met
from graph_api.analytics.projection import build_projection, link_day
from graph_api.domain import PARTY_KINDS, STRUCTURAL_TYPES, NodeKind
from graph_api.seeding.files import default_seed_paths, load_seed_files
from tests.gql_client import gql

pytestmark = pytest.mark.neo4j

LISTS = """
query ($asOf: Date) {
  events(first: 100, asOf: $asOf) { totalCount edges { node { id } } }
  enterprises(first: 100, asOf: $asOf, filter: {isSample: true}) { totalCount }
  departments(first: 100, asOf: $asOf) { totalCount edges { node { id } } }
}
"""


def _expected(kind: NodeKind, day: str) -> set[str]:
    """What the seed files say existed on ``day``: begun by then (the rule of
    analytics.lens.start_day) and not dissolved before it (dissolved is a last day)."""
    as_of = dt.date.fromisoformat(day)
    seed = load_seed_files(default_seed_paths())
    return {
        record.id
        for record in seed.nodes
        if record.kind is kind
        and (start_day(record) or as_of) <= as_of
        and str(record.properties.get("dissolved") or "9999-12-31") >= day
    }


async def _lists(api: httpx.AsyncClient, as_of: str | None) -> dict[str, Any]:
    body = await gql(api, LISTS, {"asOf": as_of})
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


async def test_lists_as_of_a_day(api: httpx.AsyncClient) -> None:
    everything = await _lists(api, None)
    early = await _lists(api, "2019-06-30")
    early_events = {edge["node"]["id"] for edge in early["events"]["edges"]}
    # The Smart Lab opening (2019-05-30) and the 1st forum (2019-06-26), not the 19th.
    assert {"event:smart-lab-opening", "event:tf-1"} <= early_events
    assert "event:tf-19" not in early_events
    assert early_events == _expected(NodeKind.EVENT, "2019-06-30")
    assert early["events"]["totalCount"] < everything["events"]["totalCount"]
    # Sample enterprises carry a founding year; fewer existed in mid-2019 than now.
    assert 0 < early["enterprises"]["totalCount"] < everything["enterprises"]["totalCount"]
    departments = {edge["node"]["id"] for edge in early["departments"]["edges"]}
    assert departments == _expected(NodeKind.DEPARTMENT, "2019-06-30")


OFFICES = """
query ($asOf: Date) {
  bureaux(first: 100, asOf: $asOf) { totalCount edges { node { id } } }
  departments(first: 100, asOf: $asOf) { totalCount edges { node { id } } }
}
"""


@pytest.mark.parametrize("day", ["2022-06-30", "2022-07-01", "2024-07-24", "2025-06-30"])
async def test_a_dissolved_office_is_not_listed_after_its_last_day(
    api: httpx.AsyncClient, day: str
) -> None:
    body = await gql(api, OFFICES, {"asOf": day})
    assert "errors" not in body, body["errors"]
    for field, kind in (("bureaux", NodeKind.BUREAU), ("departments", NodeKind.DEPARTMENT)):
        listed = {edge["node"]["id"] for edge in body["data"][field]["edges"]}
        assert listed == _expected(kind, day), field
        assert body["data"][field]["totalCount"] == len(listed)
    bureaux = {edge["node"]["id"] for edge in body["data"]["bureaux"]["edges"]}
    # The Transport and Housing Bureau's last day was 30 June 2022.
    assert ("bureau:thb" in bureaux) == (day == "2022-06-30")


async def test_a_bad_as_of_date_is_bad_input(api: httpx.AsyncClient) -> None:
    body = await gql(api, LISTS, {"asOf": "30/06/2019"})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


NESTED = """
query ($asOf: Date) {
  department(id: "department:landsd") {
    eventsAttended(first: 100, asOf: $asOf) { totalCount edges { node { id } } }
    enterprisesMet(first: 1, asOf: $asOf) { totalCount }
  }
  whoMet(party: "department:landsd", with: [ENTERPRISE], asOf: $asOf) { totalCount }
  event(id: "event:tf-19") { attendees(first: 1, asOf: $asOf) { totalCount } }
}
"""


async def test_nested_lists_as_of_a_day(api: httpx.AsyncClient) -> None:
    seed = load_seed_files(default_seed_paths())
    days = {node.id: node.date for node in seed.nodes if node.kind is NodeKind.EVENT}
    attended = {
        link.to_id
        for link in seed.links
        if link.from_id == "department:landsd" and link.type.value == "ATTENDED"
    }
    for as_of in ("2021-12-31", None):
        body = await gql(api, NESTED, {"asOf": as_of})
        assert "errors" not in body, body["errors"]
        department = body["data"]["department"]
        events = {edge["node"]["id"] for edge in department["eventsAttended"]["edges"]}
        limit = dt.date.fromisoformat(as_of) if as_of else dt.date.max
        assert events == {e for e in attended if (days[e] or dt.date.min) <= limit}
        # Two implementations of "met by then" agree: the store's nested field and the
        # analytics projection seen through the as-of lens.
        met = department["enterprisesMet"]["totalCount"]
        assert met == body["data"]["whoMet"]["totalCount"]
        forum = body["data"]["event"]["attendees"]["totalCount"]
        assert (forum == 0) == (as_of is not None)  # the 19th forum was in 2024
    early = await gql(api, NESTED, {"asOf": "2021-12-31"})
    later = await gql(api, NESTED, {"asOf": None})
    early_met = early["data"]["department"]["enterprisesMet"]["totalCount"]
    assert 0 < early_met < later["data"]["department"]["enterprisesMet"]["totalCount"]


TRUSTED = """
query ($evidence: [Evidence!], $min: Float) {
  event(id: "event:tf-19") {
    attendees(first: 100, evidence: $evidence, minConfidence: $min) { totalCount }
  }
  bureau(id: "bureau:devb") {
    departments(first: 100, evidence: $evidence, minConfidence: $min) { totalCount }
  }
}
"""


@pytest.mark.parametrize(
    ("evidence", "minimum"), [(None, None), (["REPORTED"], None), (["RECORDED"], 0.9), (None, 0.95)]
)
async def test_nested_lists_keep_only_trusted_links(
    api: httpx.AsyncClient, evidence: list[str] | None, minimum: float | None
) -> None:
    seed = load_seed_files(default_seed_paths())

    def expected(rel: str, to_id: str) -> int:
        return sum(
            1
            for link in seed.links
            if link.type.value == rel
            and link.to_id == to_id
            # The organisation chart counts whatever the trust rules (STRUCTURAL_TYPES).
            and (
                link.type in STRUCTURAL_TYPES
                or (
                    (evidence is None or link.properties.get("evidence", "RECORDED") in evidence)
                    and float(link.properties.get("confidence", 1.0)) >= (minimum or 0.0)
                )
            )
        )

    body = await gql(api, TRUSTED, {"evidence": evidence, "min": minimum})
    assert "errors" not in body, body["errors"]
    data = body["data"]
    assert data["event"]["attendees"]["totalCount"] == expected("ATTENDED", "event:tf-19")
    assert data["bureau"]["departments"]["totalCount"] == expected("PART_OF", "bureau:devb")


def test_the_whole_seed_has_trust_to_filter_on() -> None:
    # Otherwise the test above would prove nothing: the seed holds REPORTED attendance at
    # the 19th forum (filtered) and INFERRED, less-than-certain department-to-bureau
    # links (kept: the chart is reference structure).
    seed = load_seed_files(default_seed_paths())
    kinds = {(link.type.value, link.properties.get("evidence")) for link in seed.links}
    assert {("ATTENDED", "REPORTED"), ("PART_OF", "INFERRED")} <= kinds


async def test_bad_trust_arguments_on_nested_lists(api: httpx.AsyncClient) -> None:
    body = await gql(api, TRUSTED, {"min": 1.5})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "minConfidence" in body["errors"][0]["message"]
    body = await gql(api, TRUSTED, {"evidence": []})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


LOOKUP = """
query ($id: ID!, $asOf: Date) {
  bureau(id: $id, asOf: $asOf) { id nameEn nameZh abbreviation }
}
"""


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2022-06-30", {"nameEn": "Innovation and Technology Bureau", "nameZh": "創新及科技局",
                        "abbreviation": "ITB"}),
        ("2022-07-01", {"nameEn": "Innovation, Technology and Industry Bureau",
                        "nameZh": "創新科技及工業局", "abbreviation": "ITIB"}),
        (None, {"nameEn": "Innovation, Technology and Industry Bureau",
                "nameZh": "創新科技及工業局", "abbreviation": "ITIB"}),
    ],
)  # fmt: skip
async def test_a_lookup_as_of_a_day_has_the_names_of_that_day(
    api: httpx.AsyncClient, day: str | None, expected: dict[str, Any]
) -> None:
    body = await gql(api, LOOKUP, {"id": "bureau:itib", "asOf": day})
    assert "errors" not in body, body["errors"]
    assert body["data"]["bureau"] == {"id": "bureau:itib", **expected}


async def test_an_as_of_list_shows_the_names_of_that_day(api: httpx.AsyncClient) -> None:
    query = """query ($asOf: Date) { bureaux(first: 100, asOf: $asOf) {
      edges { node { id nameEn } } } }"""
    body = await gql(api, query, {"asOf": "2021-01-01"})
    names = {
        edge["node"]["id"]: edge["node"]["nameEn"] for edge in body["data"]["bureaux"]["edges"]
    }
    assert names["bureau:itib"] == "Innovation and Technology Bureau"
    assert names["bureau:hhb"] == "Food and Health Bureau"


@pytest.mark.parametrize(
    ("query", "day", "said"),
    [
        ('{ department(id: "department:ogcio", asOf: $asOf) { id } }', "2025-06-30",
         "its last day was 2024-07-24"),
        ('{ node(id: "department:dpo", asOf: $asOf) { id } }', "2024-07-24",
         "it began on 2024-07-25"),
    ],
)  # fmt: skip
async def test_a_lookup_of_an_entity_that_did_not_exist_then_is_not_found(
    api: httpx.AsyncClient, query: str, day: str, said: str
) -> None:
    body = await gql(api, "query ($asOf: Date) " + query, {"asOf": day})
    error = body["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert said in error["message"]
    assert "without asOf" in error["message"]


UNDER_ITIB = """query ($asOf: Date) {
  bureau(id: "bureau:itib", asOf: $asOf) { departments(asOf: $asOf) { edges { node { id } } } }
  departments(asOf: $asOf, filter: {bureau: ["bureau:itib"]}) { edges { node { id } } }
  others: departments(first: 100, asOf: $asOf, filter: {not: {bureau: ["bureau:itib"]}}) {
    edges { node { id } } }
}"""


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # OGCIO from ITB's first day (20 November 2015), the Efficiency Office from
        # 1 April 2018 (press releases cited on the links).
        ("2017-06-30", {"department:itc", "department:ogcio"}),
        ("2023-06-30", {"department:itc", "department:ogcio", "department:effo"}),
        ("2025-06-30", {"department:itc", "department:dpo"}),
    ],
)
async def test_departments_under_a_bureau_as_of_a_day(
    api: httpx.AsyncClient, day: str, expected: set[str]
) -> None:
    # OGCIO and the Efficiency Office were under ITIB until they merged into the DPO
    # (25 July 2024): the nested list and the root list's filter say the same.
    body = await gql(api, UNDER_ITIB, {"asOf": day})
    assert "errors" not in body, body["errors"]
    nested = {e["node"]["id"] for e in body["data"]["bureau"]["departments"]["edges"]}
    listed = {e["node"]["id"] for e in body["data"]["departments"]["edges"]}
    assert nested == listed == expected
    # The filter reads the chart of that day inside and/or/not too.
    others = {e["node"]["id"] for e in body["data"]["others"]["edges"]}
    assert not others & expected
    assert ("department:effo" in others) is (day == "2017-06-30")


BY_DEGREE = """query ($asOf: Date) {
  departments(first: 100, asOf: $asOf, orderBy: {field: DEGREE, direction: DESC}) {
    edges { node { id } } } }"""


@pytest.mark.parametrize("day", ["2020-06-30", "2023-06-30"])
async def test_degree_order_counts_the_links_of_that_day(api: httpx.AsyncClient, day: str) -> None:
    # The reference: every seed link begun by that day between entities that existed,
    # ranked as the list ranks. A department's former bureau still counts: DEGREE counts
    # links recorded by the day, history included (paths do not follow it).
    seed = load_seed_files(default_seed_paths())
    on = dt.date.fromisoformat(day)
    then = view(build_projection(seed.nodes, seed.links), Lens(as_of=on))
    nodes = {node.id: node for node in seed.nodes}
    began = {i for i, node in nodes.items() if (start_day(node) or on) <= on}
    degree: dict[str, int] = dict.fromkeys(nodes, 0)
    for link in seed.links:
        if {link.from_id, link.to_id} <= began and (link_day(nodes, link) or on) <= on:
            degree[link.from_id] += 1
            degree[link.to_id] += 1
    existing = _expected(NodeKind.DEPARTMENT, day)
    ranked = sorted(existing, key=lambda i: (-degree[i], then.nodes[i].name_en, i))
    body = await gql(api, BY_DEGREE, {"asOf": day})
    assert "errors" not in body, body["errors"]
    listed = [edge["node"]["id"] for edge in body["data"]["departments"]["edges"]]
    assert listed == ranked[:100]
    now = {i: degree[i] for i in existing}
    assert len(set(now.values())) > 2  # degrees differ, so the order means something
    if on >= dt.date(2022, 7, 1):  # HKO's former bureau is a link of its own
        assert degree["department:hko"] == then.degree("department:hko") + 1


BY_MEETINGS = """query ($asOf: Date) {
  departments(first: 100, asOf: $asOf, orderBy: {field: MEETINGS, direction: DESC}) {
    edges { node { id } } }
  enterprises(first: 100, asOf: $asOf, orderBy: {field: MEETINGS, direction: DESC}) {
    edges { node { id } } } }"""


@pytest.mark.parametrize("day", ["2020-06-30", "2024-06-30", None])
async def test_meetings_order_ranks_by_parties_met_that_day(
    api: httpx.AsyncClient, day: str | None
) -> None:
    # The reference: who_met over the seed graph as the analytics lens sees it on that
    # day, counting bureaux, departments, enterprises and partner bodies (not persons).
    seed = load_seed_files(default_seed_paths())
    as_of = dt.date.fromisoformat(day) if day else None
    then = view(build_projection(seed.nodes, seed.links), Lens(as_of=as_of))
    body = await gql(api, BY_MEETINGS, {"asOf": day})
    assert "errors" not in body, body["errors"]
    for field, kind in (("departments", NodeKind.DEPARTMENT), ("enterprises", NodeKind.ENTERPRISE)):
        existing = _expected(kind, day) if day else {n.id for n in seed.nodes if n.kind is kind}
        met = {i: len(who_met(then, i, kinds=PARTY_KINDS)) for i in existing}
        ranked = sorted(existing, key=lambda i: (-met[i], then.nodes[i].name_en, i))
        listed = [edge["node"]["id"] for edge in body["data"][field]["edges"]]
        assert listed == ranked[:100], field
        assert len(set(met.values())) > 2  # counts differ, so the order means something


BUREAU_THEN = """query ($day: Date!) {
  ogcio: department(id: "department:ogcio", asOf: $day) {
    bureau(asOf: $day) { id nameEn nameZh } today: bureau { id nameEn } }
  effo: department(id: "department:effo", asOf: $day) { bureau(asOf: $day) { id } }
  itc: department(id: "department:itc") { bureau(asOf: $day) { id nameEn nameZh } } }"""

ITB = ("Innovation and Technology Bureau", "創新及科技局")
ITIB = ("Innovation, Technology and Industry Bureau", "創新科技及工業局")


@pytest.mark.parametrize(
    ("day", "ogcio", "effo", "itc"),
    [
        # The Efficiency Office's link to the bureau is dated 1 April 2018: before it,
        # the graph does not say, and the single link is null rather than a guess.
        ("2017-01-01", ITB, None, ITB),
        ("2021-01-01", ITB, "bureau:itib", ITB),
        ("2023-01-01", ITIB, "bureau:itib", ITIB),
    ],
)
async def test_a_single_link_as_of_a_day_has_that_days_link_and_names(
    api: httpx.AsyncClient,
    day: str,
    ogcio: tuple[str, str] | None,
    effo: str | None,
    itc: tuple[str, str] | None,
) -> None:
    body = await gql(api, BUREAU_THEN, {"day": day})
    assert "errors" not in body, body["errors"]
    data = body["data"]

    def names(found: dict[str, Any] | None) -> tuple[str, str] | None:
        return None if found is None else (found["nameEn"], found["nameZh"])

    assert names(data["ogcio"]["bureau"]) == ogcio
    assert (data["effo"]["bureau"] or {}).get("id") == effo
    assert names(data["itc"]["bureau"]) == itc
    # Without asOf, the link and the names of today.
    assert data["ogcio"]["today"] == {
        "id": "bureau:itib",
        "nameEn": "Innovation, Technology and Industry Bureau",
    }
