"""Nested lists read with their owners in one query (graph_api.store.nested_reads):
the composed Cypher, and pages equal to what neighbours() gives list by list."""

from __future__ import annotations

import datetime as dt
import re

from graph_api.domain import Evidence, NodeKind, RelType
from graph_api.store.base import Direction, GraphStore, LinkView, NestedList, NestedPage
from graph_api.store.cypher_library import CypherLibrary
from graph_api.store.nested_reads import Blocks, _composed, _list_params, _numbered, reachable_kinds

OFFERS = NestedList(RelType.OFFERS, Direction.OUT, limit=3)
ATTENDEES = NestedList(
    RelType.ATTENDED, Direction.IN, limit=6, children=(OFFERS,), kinds=(NodeKind.ENTERPRISE,)
)
ORGANISERS = NestedList(RelType.ORGANISED, Direction.IN, limit=2)
ROLES = NestedList(RelType.ATTENDED, Direction.IN, role="HOST")
EARLY = NestedList(
    RelType.ATTENDED,
    Direction.IN,
    limit=4,
    view=LinkView(dt.date(2021, 1, 1), 0.5, (Evidence.RECORDED.value,)),
)


def _text(*lists: NestedList) -> str:
    return _composed(Blocks.of(CypherLibrary("neo4j")), tuple(nested.shape for nested in lists))


def test_the_composed_query_numbers_blocks_as_the_parameters_do() -> None:
    text = _text(ATTENDEES, ORGANISERS)
    assert "__" not in text
    prefixes = [prefix for prefix, _ in _numbered([ATTENDEES, ORGANISERS])]
    assert prefixes == ["f1_", "f2_", "f3_"]  # attendees, their offers, then organisers
    assert set(re.findall(r"\$(f\d+)_limit", text)) == {"f1", "f2", "f3"}
    # Each block has its own variables, and a child reads from its parent's items.
    assert "MATCH (n0)<-[l1:ATTENDED]-(n1)" in text
    assert "MATCH (n1)-[l2:OFFERS]->(n2)" in text
    assert "MATCH (n0)<-[l3:ORGANISED]-(n3)" in text
    assert text.index("CALL (n1)") < text.index("AS f1_page")  # the child inside the page


def test_the_text_depends_on_shape_not_on_arguments() -> None:
    assert _text(ROLES) == _text(ORGANISERS.__class__(RelType.ATTENDED, Direction.IN, limit=9))
    assert _text(ATTENDEES) != _text(ROLES)
    # A list under an as-of day or a trust rule tests each link; one without does not.
    assert "$f1_as_of" in _text(EARLY)
    assert "$f1_as_of" not in _text(ROLES)


def test_a_list_is_counted_only_when_its_total_is_asked_for() -> None:
    uncounted = NestedList(RelType.ORGANISED, Direction.IN, limit=2, counted=False)
    assert "AS f1_total" in _text(ORGANISERS)
    assert "f1_total" not in _text(uncounted)
    assert "total: null" in _text(uncounted)


async def test_an_uncounted_page_holds_the_page_and_says_whether_more_follow(
    seeded_store: GraphStore,
) -> None:
    if not seeded_store.reads_nested:
        return  # the embedded store reads list by list (DataLoaders), always counted
    counted = NestedList(RelType.ATTENDED, Direction.IN, limit=4)
    uncounted = NestedList(RelType.ATTENDED, Direction.IN, limit=4, counted=False)
    answer = await seeded_store.fetch_nested(["event:tf-19"], [counted, uncounted])
    assert answer is not None
    full = _by_owner(answer.pages, counted)["event:tf-19"].page
    short = _by_owner(answer.pages, uncounted)["event:tf-19"].page
    assert full.total > 5
    assert short.items == full.items  # the same page ...
    assert short.total == 5  # ... and "more than 4", not the count


def _by_owner(pages: list[NestedPage], nested: NestedList) -> dict[str, NestedPage]:
    return {page.owner_id: page for page in pages if page.list == nested}


async def test_pages_equal_what_neighbours_gives(seeded_store: GraphStore) -> None:
    owners = ["event:tf-19", "event:tf-1", "event:none-such"]
    lists = [ATTENDEES, ORGANISERS, ROLES, EARLY]
    answer = await seeded_store.fetch_nested(owners, lists)
    if not seeded_store.reads_nested:
        assert answer is None  # the embedded store reads list by list (DataLoaders)
        return
    assert answer is not None
    assert sorted(answer.nodes) == ["event:tf-1", "event:tf-19"]
    checked = 0
    for nested in lists:
        expected = await seeded_store.neighbours(
            owners[:2],
            nested.rel_type,
            nested.direction,
            kinds=nested.kinds,
            role=nested.role,
            limit=nested.limit,
            view=nested.view,
        )
        pages = _by_owner(answer.pages, nested)
        for owner in owners[:2]:
            page = pages[owner].page
            if owner in expected:
                assert page == expected[owner]
                checked += len(page.items)
            else:
                assert (page.items, page.total) == ([], 0)
    assert checked > 10
    # One level down: each attendee's offers, as neighbours() gives them.
    attendees = [n.node.id for n in _by_owner(answer.pages, ATTENDEES)["event:tf-19"].page.items]
    offers = await seeded_store.neighbours(attendees, RelType.OFFERS, Direction.OUT, limit=3)
    nested_offers = _by_owner(answer.pages, OFFERS)
    assert attendees
    assert offers
    for attendee in attendees:
        page = nested_offers[attendee].page
        assert page == offers.get(attendee, page.__class__(items=[], total=0))


def test_a_list_tests_kinds_only_where_its_links_may_reach_one_not_asked_for() -> None:
    # An enterprise's offers reach technologies only: no item's kind need be read.
    assert reachable_kinds(RelType.OFFERS, Direction.OUT) == {NodeKind.TECHNOLOGY}
    assert _list_params("f1_", OFFERS)["f1_kinds"] is None
    # An event's attendees may be persons, who are never listed: each kind is tested.
    assert NodeKind.PERSON in reachable_kinds(RelType.ATTENDED, Direction.IN)
    params = _list_params("f1_", NestedList(RelType.ATTENDED, Direction.IN))
    assert params["f1_kinds"] is not None
    assert NodeKind.PERSON.value not in params["f1_kinds"]
    # Asked for one kind of several the link reaches (a department's bureau, not its
    # parent department), and a type the model does not list: tested.
    bureau = NestedList(RelType.PART_OF, Direction.OUT, kinds=(NodeKind.BUREAU,))
    assert _list_params("f1_", bureau)["f1_kinds"] == [NodeKind.BUREAU.value]
    assert reachable_kinds(RelType.MET, Direction.OUT) == set(NodeKind)
    assert "$f1_kinds IS NULL OR n1.kind IN $f1_kinds" in _text(OFFERS)
