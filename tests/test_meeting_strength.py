"""Meetings weighed by event size and roles, over HTTP on both stores: whoMet, meetings
and collaboration paths show the weights, and paths can prefer strong ties."""

from __future__ import annotations

import itertools
import math

import httpx

from graph_api.analytics.ties import meeting_strength
from tests.gql_client import data

WHO_MET = """
query ($party: ID!) {
  whoMet(party: $party, first: 10) {
    partners {
      tieStrength
      sharedEvents { event { id } parties strength partyRole otherRole }
    }
  }
}"""

SIZE = "query ($id: ID!) { event(id: $id) { attendees { totalCount } } }"

PATHS = """
query ($strong: Boolean!) {
  collaborationPaths(from: "department:bd", to: "partner:hkstp", k: 6, maxHops: 4,
                     preferStrongTies: $strong) {
    paths { hops weakestMeeting explanation steps { entity { id } } }
  }
}"""


async def test_who_met_weighs_each_meeting_by_its_event_and_roles(api: httpx.AsyncClient) -> None:
    answer = await data(api, WHO_MET, party="department:landsd")
    partners = answer["whoMet"]["partners"]
    assert partners
    sizes: dict[str, int] = {}
    for partner in partners:
        shared = partner["sharedEvents"]
        for item in shared:
            assert item["parties"] >= 2
            expected = meeting_strength(item["parties"], item["partyRole"], item["otherRole"])
            assert math.isclose(item["strength"], expected)
            sizes[item["event"]["id"]] = item["parties"]
        assert math.isclose(partner["tieStrength"], sum(item["strength"] for item in shared))
    # With no rule asked for, an event's parties are everyone listed at it.
    for event_id, parties in sorted(sizes.items())[:3]:
        listed = await data(api, SIZE, id=event_id)
        assert listed["event"]["attendees"]["totalCount"] == parties
    # Workshops and forums alike: the weights tell a small room from a hall.
    assert min(sizes.values()) < 20 < max(sizes.values())


async def test_meetings_show_the_same_weights(api: httpx.AsyncClient) -> None:
    answer = await data(
        api,
        """{ whoMet(party: "department:landsd", first: 1) { partners {
          party { id } sharedEvents { parties strength }
        } } }""",
    )
    [partner] = answer["whoMet"]["partners"]
    both = await data(
        api,
        'query ($b: ID!) { meetings(a: "department:landsd", b: $b) { parties strength } }',
        b=partner["party"]["id"],
    )
    assert both["meetings"] == partner["sharedEvents"]


async def test_paths_say_how_many_were_there_and_can_prefer_strong_ties(
    api: httpx.AsyncClient,
) -> None:
    plain = (await data(api, PATHS, strong=False))["collaborationPaths"]["paths"]
    strong = (await data(api, PATHS, strong=True))["collaborationPaths"]["paths"]
    assert plain
    assert strong
    met = [path for path in plain if path["weakestMeeting"] is not None]
    assert met, "some path passes through a meeting"
    for path in met:  # each meeting's weight is in words; the weakest among them
        assert " parties, strength " in path["explanation"]
        assert f"strength {path['weakestMeeting']:.2g}" in path["explanation"]
    # Preferring strong ties keeps shortest first, and within a length, strongest first.
    assert [path["hops"] for path in strong] == sorted(path["hops"] for path in strong)
    for shorter, longer in itertools.pairwise(strong):
        if shorter["hops"] == longer["hops"]:
            assert _rank(shorter) >= _rank(longer)
    assert strong[0]["hops"] == plain[0]["hops"]
    assert _rank(strong[0]) >= max(_rank(p) for p in plain if p["hops"] == plain[0]["hops"])


def _rank(path: dict[str, object]) -> float:
    weakest = path["weakestMeeting"]
    return math.inf if weakest is None else float(weakest)  # type: ignore[arg-type]


async def test_the_weights_on_the_hand_made_graph(fixture_api: httpx.AsyncClient) -> None:
    """The workshop had four parties (d2 hosting, d3, e2, e3): d3 meeting d2 weighs
    1.5 / 3. The forum had three (d1, e1 exhibiting, e2 speaking): d1 meeting e1 weighs
    1.5 / 2, but trusting recorded links only, e2's reported attendance is left out, the
    forum had two parties, and the meeting weighs 1.5 / 1."""
    ask = """query ($a: ID!, $b: ID!, $trust: TrustFilter) {
      meetings(a: $a, b: $b, trust: $trust) { parties strength }
    }"""
    workshop = await data(fixture_api, ask, a="department:d3", b="department:d2")
    assert workshop["meetings"] == [{"parties": 4, "strength": 0.5}]
    forum = await data(fixture_api, ask, a="department:d1", b="enterprise:e1")
    assert forum["meetings"] == [{"parties": 3, "strength": 0.75}]
    recorded = await data(
        fixture_api, ask, a="department:d1", b="enterprise:e1", trust={"evidence": ["RECORDED"]}
    )
    assert recorded["meetings"] == [{"parties": 2, "strength": 1.5}]
