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

from graph_api.domain import STRUCTURAL_TYPES
from graph_api.domain.chart import bureau_in_chart
from graph_api.store.base import GraphStore
from graph_api.store.link_scope import LinkScope
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
