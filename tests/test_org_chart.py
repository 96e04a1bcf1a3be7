"""One rule for the organisation chart (graph_api.domain.chart), on both stores.

A bureau's departments, a department's bureau, the ``bureau`` list filter and the
analytics' chart must all say the same thing: a unit (the Centre for Food Safety under
FEHD) is under its department's bureau, and a department moved to another bureau (HKO
from CEDB to EEB on 1 July 2022) is under the newer one from that day and the older one
before it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import httpx

from graph_api.domain import STRUCTURAL_TYPES, LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.domain.chart import bureau_in_chart
from graph_api.store.base import GraphStore
from graph_api.store.link_scope import LinkScope
from tests.editing_support import SOURCE, client_for
from tests.gql_client import data
from tests.oracle import _bureaux_of

BEFORE_2022 = dt.date(2021, 6, 30)

CHART = """
query ($day: Date) {
  bureaux(first: 100, asOf: $day) { edges { node {
    id departments(first: 100, asOf: $day) { totalCount edges { node { id } } }
  } } }
  departments(first: 100, asOf: $day) { edges { node { id bureau(asOf: $day) { id } } } }
}"""


async def _chart(api: httpx.AsyncClient, day: dt.date | None) -> tuple[dict[str, set[str]], ...]:
    """(bureau -> its departments, bureau -> departments whose bureau it is), as the API
    answers them on ``day``."""
    answer = await data(api, CHART, day=day.isoformat() if day else None)
    listed: dict[str, set[str]] = defaultdict(set)
    for edge in answer["bureaux"]["edges"]:
        departments = edge["node"]["departments"]
        ids = {item["node"]["id"] for item in departments["edges"]}
        assert departments["totalCount"] == len(ids)  # no department twice
        listed[edge["node"]["id"]] = ids
    owned: dict[str, set[str]] = defaultdict(set)
    for edge in answer["departments"]["edges"]:
        if edge["node"]["bureau"] is not None:
            owned[edge["node"]["bureau"]["id"]].add(edge["node"]["id"])
    return dict(listed), dict(owned)


async def _analytics_chart(store: GraphStore, day: dt.date | None) -> dict[str, set[str]]:
    """Bureau -> its departments, as the analytics roll departments up."""
    places = await store.gap_reads.org_chart(LinkScope(frozenset(STRUCTURAL_TYPES), as_of=day))
    found: dict[str, set[str]] = defaultdict(set)
    for department in places:
        bureau = bureau_in_chart(places.get, department)
        if bureau is not None:
            found[bureau].add(department)
    return dict(found)


async def test_a_unit_is_under_its_departments_bureau_everywhere(
    seeded_store: GraphStore, api: httpx.AsyncClient
) -> None:
    listed, owned = await _chart(api, None)
    assert "department:cfs" in listed["bureau:eeb"]
    assert "department:cfs" in owned["bureau:eeb"]
    filtered = await data(
        api,
        '{ departments(first: 100, filter: {bureau: ["bureau:eeb"]}) { edges { node { id } } } }',
    )
    assert {e["node"]["id"] for e in filtered["departments"]["edges"]} == listed["bureau:eeb"]
    assert {b: d for b, d in listed.items() if d} == owned
    assert owned == await _analytics_chart(seeded_store, None)
    oracle: dict[str, set[str]] = defaultdict(set)
    for department in {d for ids in owned.values() for d in ids}:
        for bureau in _bureaux_of(department):
            oracle[bureau].add(department)
    assert owned == dict(oracle)


async def test_a_moved_department_is_under_the_bureau_of_the_day(
    seeded_store: GraphStore, api: httpx.AsyncClient
) -> None:
    listed, owned = await _chart(api, BEFORE_2022)
    assert {"department:hko"} <= listed["bureau:cedb"]
    assert {"department:fehd", "department:cfs", "department:afcd"} <= listed["bureau:hhb"]
    assert not {"department:hko", "department:fehd", "department:cfs"} & listed["bureau:eeb"]
    assert {b: d for b, d in listed.items() if d} == owned
    assert owned == await _analytics_chart(seeded_store, BEFORE_2022)
    today, _ = await _chart(api, None)
    assert "department:hko" not in today["bureau:cedb"]
    assert "department:fehd" not in today["bureau:hhb"]


async def test_the_bureau_of_the_day_has_the_name_of_the_day(api: httpx.AsyncClient) -> None:
    answer = await data(
        api,
        """query ($day: Date) {
          cfs: department(id: "department:cfs") {
            now: bureau { id nameEn } then: bureau(asOf: $day) { id nameEn }
          }
          eeb: bureau(id: "bureau:eeb") {
            departments(first: 100) { edges { node { id } link { type source date } } }
          }
        }""",
        day=BEFORE_2022.isoformat(),
    )
    assert answer["cfs"]["now"] == {"id": "bureau:eeb", "nameEn": "Environment and Ecology Bureau"}
    assert answer["cfs"]["then"] == {"id": "bureau:hhb", "nameEn": "Food and Health Bureau"}
    edges = answer["eeb"]["departments"]["edges"]
    # Those directly under the bureau first, then units; each edge shows its own link.
    assert edges[-1]["node"]["id"] == "department:cfs"
    assert (
        edges[-1]["link"]["source"] == "https://www.gov.hk/en/about/govdirectory/reorganisation.htm"
    )
    hko = next(edge for edge in edges if edge["node"]["id"] == "department:hko")
    assert hko["link"] == {
        "type": "PART_OF",
        "source": "https://en.wikipedia.org/wiki/Environment_and_Ecology_Bureau",
        "date": "2022-07-01",
    }


PATH = """
query ($day: Date) {
  collaborationPaths(from: "department:hko", to: "bureau:cedb", via: [PART_OF], maxHops: 2,
                     asOf: $day) {
    paths { hops explanation }
  }
}"""


async def test_paths_follow_a_departments_place_of_the_day_only(api: httpx.AsyncClient) -> None:
    then = await data(api, PATH, day=BEFORE_2022.isoformat())
    assert [path["hops"] for path in then["collaborationPaths"]["paths"]] == [1]
    assert then["collaborationPaths"]["paths"][0]["explanation"] == (
        "The Hong Kong Observatory is under the Commerce and Economic Development Bureau."
    )
    now = await data(api, PATH, day=None)
    assert now["collaborationPaths"]["paths"] == []  # the former bureau is history, not a tie


async def _under(api: httpx.AsyncClient, bureau: str, day: dt.date | None) -> set[str]:
    """The departments the ``bureau`` list filter finds on ``day``."""
    answer = await data(
        api,
        """query ($bureau: ID!, $day: Date) {
          departments(first: 100, asOf: $day, filter: {bureau: [$bureau]}) {
            edges { node { id } } } }""",
        bureau=bureau,
        day=day.isoformat() if day else None,
    )
    return {edge["node"]["id"] for edge in answer["departments"]["edges"]}


async def test_the_bureau_filter_reads_the_chart_of_the_lists_day(api: httpx.AsyncClient) -> None:
    for day in (BEFORE_2022, None):
        listed, _ = await _chart(api, day)
        for bureau in ("bureau:hhb", "bureau:eeb", "bureau:cedb", "bureau:itib"):
            assert await _under(api, bureau, day) == listed.get(bureau, set()), (bureau, day)
    assert "department:cfs" in await _under(api, "bureau:hhb", BEFORE_2022)
    assert "department:cfs" not in await _under(api, "bureau:hhb", None)


OPERATED_BY = """query ($day: Date) {
  partnerBody(id: "partner:smart-lab") {
    now: operatedBy { id } then: operatedBy(asOf: $day) { id nameEn } } }"""


async def test_a_partner_body_is_run_by_the_department_of_the_day(api: httpx.AsyncClient) -> None:
    # The Smart Lab: under OGCIO from April 2019, under the DPO from 25 July 2024.
    for day, then in (
        ("2018-12-31", None),
        (
            "2020-06-30",
            {
                "id": "department:ogcio",
                "nameEn": "Office of the Government Chief Information Officer",
            },
        ),
        ("2025-01-01", {"id": "department:dpo", "nameEn": "Digital Policy Office"}),
    ):
        answer = await data(api, OPERATED_BY, day=day)
        assert answer["partnerBody"]["now"] == {"id": "department:dpo"}
        assert answer["partnerBody"]["then"] == then, day


UNIT = """query ($day: Date) {
  department(id: "department:unit") {
    parentDepartment { id } thenParent: parentDepartment(asOf: $day) { id }
    bureau { id } thenBureau: bureau(asOf: $day) { id } } }"""


async def test_a_moved_unit_has_the_department_of_the_day(empty_store: GraphStore) -> None:
    def office(node_id: str, kind: NodeKind) -> NodeRecord:
        return NodeRecord(id=node_id, kind=kind, name_en=node_id, source=SOURCE)

    def part_of(child: str, parent: str, day: str | None) -> LinkRecord:
        when = dt.date.fromisoformat(day) if day else None
        return LinkRecord(RelType.PART_OF, child, parent, source=SOURCE, date=when)

    await empty_store.upsert(
        [
            office("bureau:a", NodeKind.BUREAU),
            office("bureau:b", NodeKind.BUREAU),
            office("department:one", NodeKind.DEPARTMENT),
            office("department:two", NodeKind.DEPARTMENT),
            office("department:unit", NodeKind.DEPARTMENT),
        ],
        [
            part_of("department:one", "bureau:a", None),
            part_of("department:two", "bureau:b", None),
            part_of("department:unit", "department:one", "2019-01-01"),
            part_of("department:unit", "department:two", "2023-01-01"),
        ],
    )
    async with client_for(empty_store) as api:
        unit = (await data(api, UNIT, day="2020-01-01"))["department"]
        assert unit == {
            "parentDepartment": {"id": "department:two"},
            "thenParent": {"id": "department:one"},
            "bureau": {"id": "bureau:b"},
            "thenBureau": {"id": "bureau:a"},
        }
        # Made a department of its own under a bureau: no parent department from then on.
        await empty_store.upsert([], [part_of("department:unit", "bureau:a", "2024-01-01")])
        unit = (await data(api, UNIT, day="2023-06-30"))["department"]
        assert unit == {
            "parentDepartment": None,
            "thenParent": {"id": "department:two"},
            "bureau": {"id": "bureau:a"},
            "thenBureau": {"id": "bureau:b"},
        }
        # The same under a list, where the nested links are read for the whole page.
        listed = await data(
            api,
            """{ departments(first: 10) { edges { node {
                 id parentDepartment { id } bureau { id } } } } }""",
        )
        nodes = {edge["node"]["id"]: edge["node"] for edge in listed["departments"]["edges"]}
        assert nodes["department:unit"]["parentDepartment"] is None
        assert nodes["department:unit"]["bureau"] == {"id": "bureau:a"}
        assert nodes["department:one"]["parentDepartment"] is None
