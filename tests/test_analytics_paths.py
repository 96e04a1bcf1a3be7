"""Collaboration paths on the hand-made fixture (answers worked out by hand in comments),
against brute force on random graphs, and through a 7,000-attendee hub."""

from __future__ import annotations

import datetime as dt
import gc
import random

import networkx as nx
import pytest

from graph_api.analytics import search
from graph_api.analytics.filters import EVERY_LINK, LinkFilter, Period
from graph_api.analytics.neighbourhood import ProjectionNeighbourhood
from graph_api.analytics.paths import (
    PathsAnswer,
    collaboration_paths,
    hop_distances,
    k_shortest_paths,
)
from graph_api.analytics.projection import Projection, build_projection
from graph_api.analytics.search import SEARCH_BUDGET, PathSearch, run_without_io
from graph_api.domain import LinkRecord, NodeKind, NodeRecord, RelType
from tests.analytics_fixture import fixture_projection

D1, D2, D3 = "department:d1", "department:d2", "department:d3"
E1, E2, E3, E4 = "enterprise:e1", "enterprise:e2", "enterprise:e3", "enterprise:e4"
EV1, EV2, B1, P1, P2 = "event:ev1", "event:ev2", "bureau:b1", "partner:p1", "partner:p2"
T_AI, T_BC = "technology:t-ai", "technology:t-bc"


def _ids(answer: PathsAnswer) -> list[tuple[str, ...]]:
    return [path.node_ids for path in answer.paths]


def test_k_shortest_paths_shortest_first_then_by_ids() -> None:
    # d1 → e3. The only 3-hop path: d1 -ATTENDED- ev1 -ORGANISED- p1 -INCUBATED_BY- e3.
    # 4-hop paths, by the ids along them:
    #   A d1 b1 d2 ev2 e3      (bureau:b1 < event:ev1 < technology:t-ai at position 1;
    #   D d1 b1 d2 t-bc e3      event:ev2 < technology:t-bc at position 3)
    #   E d1 ev1 e1 p1 e3      (enterprise:e1 < enterprise:e2 at position 2)
    #   B d1 ev1 e2 ev2 e3
    #   C d1 t-ai e2 ev2 e3
    answer = collaboration_paths(fixture_projection(), D1, E3, EVERY_LINK, k=10, max_hops=4)
    assert _ids(answer) == [
        (D1, EV1, P1, E3),
        (D1, B1, D2, EV2, E3),
        (D1, B1, D2, T_BC, E3),
        (D1, EV1, E1, P1, E3),
        (D1, EV1, E2, EV2, E3),
        (D1, T_AI, E2, EV2, E3),
    ]
    assert answer.complete
    assert answer.reason is None
    first = collaboration_paths(fixture_projection(), D1, E3, EVERY_LINK, k=3, max_hops=4)
    assert _ids(first) == _ids(answer)[:3]


def test_steps_record_the_link_and_its_direction() -> None:
    path = collaboration_paths(fixture_projection(), D1, E3, EVERY_LINK, k=1).paths[0]
    steps = [(s.node_id, s.incidence.link.type, s.incidence.outgoing) for s in path.steps]
    # d1 → ev1 (d1 ATTENDED ev1: points forward); ev1 → p1 (p1 ORGANISED ev1: backward);
    # p1 → e3 (e3 INCUBATED_BY p1: backward).
    assert steps == [
        (EV1, RelType.ATTENDED, True),
        (P1, RelType.ORGANISED, False),
        (E3, RelType.INCUBATED_BY, False),
    ]
    assert path.steps[0].incidence.day == dt.date(2024, 3, 1)


def test_via_limits_the_relationship_types() -> None:
    # Over ATTENDED alone the only way is through Falcon AI, who attended both events.
    attended = LinkFilter(types=frozenset({RelType.ATTENDED}))
    answer = collaboration_paths(fixture_projection(), D1, E3, attended, k=3, max_hops=4)
    assert _ids(answer) == [(D1, EV1, E2, EV2, E3)]
    short = collaboration_paths(fixture_projection(), D1, E3, attended, k=3, max_hops=3)
    assert short.paths == ()
    assert short.reason == "no connection within 3 hops using ATTENDED"


def test_between_drops_links_dated_outside_but_keeps_undated_ones() -> None:
    # From 2025 the forum (2024-03-01) is out; undated PART_OF, NEEDS, OFFERS still count:
    # A (via the bureau and the workshop), D (via Blockchain), C (via AI and Falcon AI).
    since_2025 = LinkFilter(period=Period(start=dt.date(2025, 1, 1)))
    answer = collaboration_paths(fixture_projection(), D1, E3, since_2025, k=3, max_hops=4)
    assert _ids(answer) == [
        (D1, B1, D2, EV2, E3),
        (D1, B1, D2, T_BC, E3),
        (D1, T_AI, E2, EV2, E3),
    ]


def test_exclude_avoids_entities() -> None:
    excluded = frozenset({B1})
    answer = collaboration_paths(fixture_projection(), D1, E3, EVERY_LINK, excluded, k=3)
    assert _ids(answer) == [
        (D1, EV1, P1, E3),
        (D1, EV1, E1, P1, E3),
        (D1, EV1, E2, EV2, E3),
    ]


def test_no_path_gives_a_reason() -> None:
    # Heron Cameras attended nothing: only OFFERS reaches it.
    attended = LinkFilter(
        types=frozenset({RelType.ATTENDED}), period=Period(end=dt.date(2024, 12, 31))
    )
    answer = collaboration_paths(fixture_projection(), D1, E4, attended, frozenset({B1}), k=3)
    assert answer.paths == ()
    assert answer.complete
    assert answer.reason == (
        "no connection within 4 hops using ATTENDED with links dated up to 2024-12-31 "
        "(undated links always count), avoiding 1 excluded entity"
    )
    # ... while over every type it is 3 hops away: d1 needs AI, Computer Vision is under
    # AI, Heron Cameras offers Computer Vision.
    found = collaboration_paths(fixture_projection(), D1, E4, EVERY_LINK, k=1)
    assert _ids(found) == [(D1, T_AI, "technology:t-cv", E4)]


def test_hop_distances() -> None:
    contact = LinkFilter(types=frozenset({RelType.ATTENDED, RelType.PILOTED}))
    # d3 -ev2- (d2, e2, e3) -pilot/ev1- (e1, ev1) - d1
    assert hop_distances(fixture_projection(), D3, contact, 5) == {
        D3: 0,
        EV2: 1,
        D2: 2,
        E2: 2,
        E3: 2,
        E1: 3,
        EV1: 3,
        D1: 4,
    }


def _random_projection(
    seed: int, nodes: int = 14, edges: int = 24
) -> tuple[Projection, nx.Graph[str]]:
    graph: nx.Graph[str] = nx.gnm_random_graph(nodes, edges, seed=seed)
    named: nx.Graph[str] = nx.relabel_nodes(graph, {n: f"department:n{n:02d}" for n in graph})
    records = [NodeRecord(id=n, kind=NodeKind.DEPARTMENT, name_en=n) for n in named]
    links = [LinkRecord(RelType.PART_OF, a, b) for a, b in named.edges]
    return build_projection(records, links), named


def _every_path(graph: nx.Graph[str], source: str, target: str) -> list[tuple[str, ...]]:
    """Every simple path of at most 4 links, by (hops, ids): the brute-force answer."""
    return sorted(
        (tuple(p) for p in nx.all_simple_paths(graph, source, target, cutoff=4)),
        key=lambda p: (len(p), p),
    )


@pytest.mark.parametrize("seed", range(12))
def test_agrees_with_brute_force_on_random_graphs(seed: int) -> None:
    projection, graph = _random_projection(seed)
    pairs = random.Random(seed).sample(sorted(graph), 2)  # noqa: S311 (test data)
    source, target = pairs[0], pairs[1]
    answer = collaboration_paths(projection, source, target, EVERY_LINK, k=7, max_hops=4)
    assert _ids(answer) == _every_path(graph, source, target)[:7]


@pytest.mark.parametrize("seed", range(8))
def test_many_equally_short_paths_agree_with_brute_force(seed: int) -> None:
    # Dense enough that most pairs have several shortest paths of the same length. When
    # the first search finds k of them it answers alone; when it finds fewer, Yen's
    # algorithm goes on. Both must give exactly the k smallest under (hops, ids).
    projection, graph = _random_projection(seed, nodes=30, edges=110)
    chooser = random.Random(seed)  # noqa: S311 (test data)
    for _ in range(4):
        source, target = chooser.sample(sorted(graph), 2)
        every = _every_path(graph, source, target)
        for k in (1, 2, 3, 5, 8):
            answer = collaboration_paths(projection, source, target, EVERY_LINK, k=k)
            assert _ids(answer) == every[:k], (source, target, k)


def test_k_equally_short_paths_take_a_single_search() -> None:
    # d reaches t through five events, each two hops: the three with the smallest ids
    # answer k=3, and no spur search walks any link again.
    events = [f"event:w{i}" for i in (4, 2, 5, 1, 3)]
    nodes = [
        NodeRecord(id="department:d", kind=NodeKind.DEPARTMENT, name_en="d"),
        NodeRecord(id="enterprise:t", kind=NodeKind.ENTERPRISE, name_en="t"),
        *(NodeRecord(id=e, kind=NodeKind.EVENT, name_en=e) for e in events),
    ]
    links = [
        LinkRecord(RelType.ATTENDED, party, event)
        for event in events
        for party in ("department:d", "enterprise:t")
    ]
    found = PathSearch(ProjectionNeighbourhood(build_projection(nodes, links), EVERY_LINK))
    answer = run_without_io(k_shortest_paths(found, "department:d", "enterprise:t", 3, 4))
    assert _ids(answer) == [("department:d", f"event:w{i}", "enterprise:t") for i in (1, 2, 3)]
    assert answer.complete
    assert found.rescanned == 0


def test_a_spur_search_stops_at_the_length_enough_candidates_already_have() -> None:
    # s-a-t is the shortest; s-b-c-t the next, found by the spur from s. Then no path from
    # a may be longer than 2 hops (the candidate already has 3 in all), and that search
    # stops before a's side widens past the hub h (500 links). Without the bound it
    # widens there looking for a third hop, for a path of 4 that k=2 cannot use.
    pairs = [("s", "a"), ("a", "t"), ("s", "b"), ("b", "c"), ("c", "t"), ("a", "h")]
    pairs += [("h", f"leaf{i:03d}") for i in range(500)]
    # t's side costlier than a's at the second level, so a's side is the one widened.
    pairs += [("t", f"u{i:02d}") for i in range(20)]
    pairs += [(f"u{i:02d}", f"v{i:02d}{j:02d}") for i in range(20) for j in range(30)]
    names = sorted({name for pair in pairs for name in pair})
    nodes = [NodeRecord(id=f"department:{n}", kind=NodeKind.DEPARTMENT, name_en=n) for n in names]
    links = [LinkRecord(RelType.PART_OF, f"department:{a}", f"department:{b}") for a, b in pairs]
    source, target = _named("s", "t")
    answer = collaboration_paths(
        build_projection(nodes, links), source, target, EVERY_LINK, k=2, max_hops=4
    )
    assert _ids(answer) == [_named("s", "a", "t"), _named("s", "b", "c", "t")]
    assert answer.work < 500  # 532 when the spur from a searched up to 3 hops


def _chain_projection(pairs: list[tuple[str, str]], busy: str) -> Projection:
    """Departments linked in ``pairs``, and ``busy`` given ten more neighbours so that a
    search widens the other side first, level after level."""
    pairs = pairs + [(busy, f"x{i}") for i in range(10)]
    names = sorted({name for pair in pairs for name in pair})
    nodes = [NodeRecord(id=f"department:{n}", kind=NodeKind.DEPARTMENT, name_en=n) for n in names]
    links = [LinkRecord(RelType.PART_OF, f"department:{a}", f"department:{b}") for a, b in pairs]
    return build_projection(nodes, links)


def _named(*names: str) -> tuple[str, ...]:
    return tuple(f"department:{name}" for name in names)


def test_a_node_reached_twice_in_a_level_keeps_both_ways_back() -> None:
    # Searched from t's side: w is reached from z first (z's side was widened first,
    # through c1), then from y. The smallest path turns to y, the second way back.
    projection = _chain_projection(
        [("t", "c1"), ("t", "c2"), ("c1", "z"), ("c2", "y"), ("z", "w"), ("y", "w"), ("w", "s")],
        busy="s",
    )
    source, target = "department:s", "department:t"
    one = collaboration_paths(projection, source, target, EVERY_LINK, k=1)
    assert _ids(one) == [_named("s", "w", "y", "c2", "t")]
    two = collaboration_paths(projection, source, target, EVERY_LINK, k=2)
    assert _ids(two) == [_named("s", "w", "y", "c2", "t"), _named("s", "w", "z", "c1", "t")]


def test_the_smallest_paths_follow_links_level_by_level() -> None:
    # Searched from s's side two levels deep: a and b both lead on, x is smaller than y,
    # but only b links to x.
    projection = _chain_projection(
        [("s", "a"), ("s", "b"), ("a", "y"), ("b", "x"), ("x", "t"), ("y", "t")], busy="t"
    )
    source, target = "department:s", "department:t"
    one = collaboration_paths(projection, source, target, EVERY_LINK, k=1)
    assert _ids(one) == [_named("s", "a", "y", "t")]
    two = collaboration_paths(projection, source, target, EVERY_LINK, k=2)
    assert _ids(two) == [_named("s", "a", "y", "t"), _named("s", "b", "x", "t")]


def _hub_projection(attendees: int = 7_000) -> Projection:
    """One forum with ``attendees`` enterprises (plus d and t), and three small events:
    w1 (d, x), w2 (x, t), w3 (h00005, y)."""
    enterprises = [f"enterprise:h{i:05d}" for i in range(attendees)]
    parties = ["department:d", "enterprise:t", "enterprise:x", "enterprise:y", *enterprises]
    nodes = [NodeRecord(id=p, kind=kind_of(p), name_en=p) for p in parties] + [
        NodeRecord(id=f"event:{e}", kind=NodeKind.EVENT, name_en=e)
        for e in ("forum", "w1", "w2", "w3")
    ]
    attended = [
        *((p, "forum") for p in ["department:d", "enterprise:t", *enterprises]),
        ("department:d", "w1"),
        ("enterprise:x", "w1"),
        ("enterprise:x", "w2"),
        ("enterprise:t", "w2"),
        ("enterprise:h00005", "w3"),
        ("enterprise:y", "w3"),
    ]
    links = [LinkRecord(RelType.ATTENDED, p, f"event:{e}") for p, e in attended]
    return build_projection(nodes, links)


def kind_of(node_id: str) -> NodeKind:
    return NodeKind.DEPARTMENT if node_id.startswith("department") else NodeKind.ENTERPRISE


def test_paths_through_a_7000_attendee_hub_stay_bounded() -> None:
    projection = _hub_projection()
    answer = collaboration_paths(projection, "department:d", "enterprise:t", EVERY_LINK, k=3)
    assert _ids(answer) == [
        ("department:d", "event:forum", "enterprise:t"),
        ("department:d", "event:w1", "enterprise:x", "event:w2", "enterprise:t"),
    ]
    assert answer.complete
    # The forum's attendee list is never walked: the smaller side always meets it.
    assert answer.work < 7_000 <= SEARCH_BUDGET

    through = collaboration_paths(projection, "department:d", "enterprise:y", EVERY_LINK, k=3)
    assert _ids(through) == [
        ("department:d", "event:forum", "enterprise:h00005", "event:w3", "enterprise:y")
    ]
    assert through.work < 7_000


def test_the_work_cap_stops_the_search_and_says_so() -> None:
    projection = _hub_projection(attendees=50)
    answer = collaboration_paths(
        projection, "enterprise:h00001", "enterprise:y", EVERY_LINK, k=3, budget=5
    )
    assert not answer.complete
    assert answer.work > 5
    assert answer.reason is not None
    assert "stopped after examining 5 links" in answer.reason


def test_links_walked_again_by_later_searches_do_not_count_against_the_budget() -> None:
    # Yen's later searches walk the forum side again; only distinct links are counted,
    # so a budget of exactly the links this question reads is enough.
    projection = _hub_projection(attendees=50)
    ample = PathSearch(ProjectionNeighbourhood(projection, EVERY_LINK))
    found = run_without_io(k_shortest_paths(ample, "department:d", "enterprise:t", 3, 4))
    assert found.complete
    assert len(found.paths) == 2
    assert ample.rescanned > 0  # links were walked again...
    exact = PathSearch(ProjectionNeighbourhood(projection, EVERY_LINK), budget=ample.work)
    again = run_without_io(k_shortest_paths(exact, "department:d", "enterprise:t", 3, 4))
    assert again.complete  # ...and did not count against the budget
    assert again.paths == found.paths
    assert again.work == found.work == ample.work


def test_walking_links_again_has_its_own_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "RESCAN_FACTOR", 0)
    projection = _hub_projection(attendees=50)
    answer = collaboration_paths(projection, "department:d", "enterprise:t", EVERY_LINK, k=3)
    # The first path needs no link walked twice; the second search walks some again.
    assert _ids(answer) == [("department:d", "event:forum", "enterprise:t")]
    assert not answer.complete
    assert answer.reason is not None
    assert "stopped after walking 0 links again" in answer.reason


def test_a_question_leaves_no_reference_cycles_behind() -> None:
    # Garbage in a cycle waits for the cycle collector, which then frees many questions'
    # search levels at once inside one request (60 ms of a 150 ms question at 10^5).
    projection = fixture_projection()
    collaboration_paths(projection, D1, E3, EVERY_LINK, k=10, max_hops=4)  # warm caches
    gc.collect()
    gc.disable()
    try:
        answer = collaboration_paths(projection, D1, E3, EVERY_LINK, k=10, max_hops=4)
        cycles = gc.collect()
    finally:
        gc.enable()
    assert len(answer.paths) > 1
    assert cycles == 0
