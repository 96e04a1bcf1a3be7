"""The change digest agrees with the other questions on the seed data: for several days,
its new meetings are exactly the office–enterprise pairs whoMet finds now but not as of
the day before, and its gaps closed are the needs unmetNeeds drops between the two."""

from __future__ import annotations

import datetime as dt

import pytest

from graph_api.analytics import gaps, meetings
from graph_api.analytics.digest import changes
from graph_api.analytics.lens import GOVERNMENT_KINDS, Lens, view
from graph_api.analytics.projection import Projection, build_projection
from graph_api.analytics.supply import all_needs
from graph_api.domain import NodeKind
from graph_api.seeding.files import default_seed_paths, load_seed_files


@pytest.fixture(scope="module")
def seed_projection() -> Projection:
    seed = load_seed_files(default_seed_paths())
    return build_projection(seed.nodes, seed.links)


def _pairs(projection: Projection) -> set[tuple[str, str]]:
    return {
        (party, partner.party_id)
        for party, record in projection.nodes.items()
        if record.kind in GOVERNMENT_KINDS
        for partner in meetings.who_met(projection, party, kinds=[NodeKind.ENTERPRISE])
    }


def _unmet(projection: Projection) -> set[tuple[str, str]]:
    return {(n.department_id, n.technology_id) for n in gaps.find_unmet_needs(projection)}


@pytest.mark.parametrize("since", ["2019-06-27", "2021-01-01", "2024-08-02", "2025-03-01"])
def test_the_digest_is_the_difference_of_two_as_of_answers(
    seed_projection: Projection, since: str
) -> None:
    day = dt.date.fromisoformat(since)
    before = view(seed_projection, Lens(as_of=day - dt.timedelta(days=1)))
    digest = changes(seed_projection, day)
    new_pairs = {(m.government_id, m.enterprise_id) for m in digest.new_meetings}
    assert new_pairs == _pairs(seed_projection) - _pairs(before)
    assert new_pairs  # every chosen day has meetings after it in the seed data
    closed = {(g.need.department_id, g.need.technology_id) for g in digest.gaps_closed}
    still_needed = {(n.department_id, n.technology_id) for n in all_needs(seed_projection)}
    assert closed == (_unmet(before) - _unmet(seed_projection)) & still_needed
    assert sum(t.new_meetings for t in digest.by_bureau) <= len(digest.new_meetings)
