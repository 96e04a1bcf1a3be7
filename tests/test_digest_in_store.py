"""The change digest the store answers (digest_in_store) equals the digest over the
projection, on both stores: every new meeting (with its first event and day), need,
offer, gap closed (with who closed it) and opened, new party, first-time attendee and
tally, for periods around the seed data's forums and open-ended ones, under each trust
rule; and on the hand-made fixture graph, where every period boundary falls on a link."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import pytest

from graph_api.analytics import digest, digest_in_store
from graph_api.analytics.digest import NewMeeting
from graph_api.analytics.lens import Lens
from graph_api.analytics.projection import Projection, build_projection
from graph_api.domain import Evidence
from graph_api.store import digest_reads
from graph_api.store.base import GraphStore
from graph_api.store.cypher_store import CypherGraphStore
from graph_api.store.digest_reads import ChangedEvent
from graph_api.store.transaction import Row
from tests.analytics_fixture import LINKS, NODES, fixture_projection

pytestmark = pytest.mark.neo4j

D = dt.date.fromisoformat
# (since, until): around the 2019 launch, a forum's week, a year, open-ended periods.
SEED_PERIODS = (
    (D("2019-06-27"), None),
    (D("2021-01-01"), D("2021-12-31")),
    (D("2024-08-02"), None),
    (D("2024-01-01"), D("2024-06-30")),
    (D("2025-03-01"), D("2025-03-31")),
    (D("2010-01-01"), None),
)
TRUSTS = (
    Lens(),
    Lens(evidence=frozenset({Evidence.RECORDED})),
    Lens(evidence=frozenset({Evidence.REPORTED, Evidence.INFERRED})),
    Lens(min_confidence=0.9),
)
# The fixture's links fall on 2023-05-10, 2024-03-01 and 2025-06-01: periods starting
# and ending on, before and after each.
FIXTURE_PERIODS = (
    (D("2024-03-01"), None),
    (D("2024-03-02"), None),
    (D("2023-01-01"), D("2024-03-01")),
    (D("2023-05-10"), D("2025-05-31")),
    (D("2025-06-01"), D("2025-06-01")),
    (D("2000-01-01"), None),
)


async def _base(store: GraphStore) -> Projection:
    nodes, links = await store.export_graph()
    return build_projection(nodes, links)


async def test_the_digest_in_the_store_equals_the_projection(seeded_store: GraphStore) -> None:
    base = await _base(seeded_store)
    nonempty = 0
    for since, until in SEED_PERIODS:
        for trust in TRUSTS:
            expected = digest.changes(base, since, until, trust)
            found = await digest_in_store.changes(seeded_store, since, until, trust)
            assert found == expected, (since, until, trust)
            nonempty += bool(found.new_meetings and found.first_time_attendees)
    assert nonempty >= 8  # the comparison is not of empty digests


@pytest.fixture
async def fixture_store(empty_store: GraphStore) -> GraphStore:
    """The hand-made fixture graph (tests/analytics_fixture.py) on each store in turn."""
    await empty_store.upsert(NODES, LINKS)
    return empty_store


async def test_the_digest_in_the_store_equals_the_projection_on_the_fixture(
    fixture_store: GraphStore,
) -> None:
    projection = fixture_projection()
    for since, until in FIXTURE_PERIODS:
        for trust in TRUSTS:
            expected = digest.changes(projection, since, until, trust)
            found = await digest_in_store.changes(fixture_store, since, until, trust)
            assert found == expected, (since, until, trust)
    opened = await digest_in_store.changes(fixture_store, D("2024-03-02"))
    # ev2 (2025-06-01) is where d2 and d3 first met e2 and e3.
    assert {(m.government_id, m.enterprise_id) for m in opened.new_meetings} >= {
        ("department:d2", "enterprise:e2"),
        ("department:d3", "enterprise:e3"),
    }
    assert all(m.event_id == "event:ev2" for m in opened.new_meetings)


def test_new_meetings_keep_each_pairs_first_changed_event_and_drop_pairs_met_before() -> None:
    changed = [
        ChangedEvent("event:late", D("2025-05-20"), ("department:a",), ("enterprise:x",)),
        ChangedEvent("event:undated", None, ("department:a",), ("enterprise:y",)),
        ChangedEvent(
            "event:early", D("2025-05-02"), ("department:a", "bureau:b"), ("enterprise:x",)
        ),
        ChangedEvent("event:same-day", D("2025-05-20"), ("department:a",), ("enterprise:y",)),
    ]
    # bureau:b and enterprise:x had both attended event:old before the period.
    earlier = {"bureau:b": frozenset({"event:old"}), "enterprise:x": frozenset({"event:old"})}
    assert digest_in_store.parties_at(changed) == {
        "department:a",
        "bureau:b",
        "enterprise:x",
        "enterprise:y",
    }
    assert digest_in_store.new_meetings_at(changed, earlier) == (
        NewMeeting("department:a", "enterprise:x", "event:early", D("2025-05-02")),
        NewMeeting("department:a", "enterprise:y", "event:same-day", D("2025-05-20")),
    )


async def test_the_digest_is_the_same_when_earlier_events_are_read_in_slices(
    seeded_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = await digest_in_store.changes(seeded_store, D("2019-06-27"))
    assert whole.new_meetings, "the comparison is not of an empty digest"
    reads: list[str] = []
    store = cast(CypherGraphStore, seeded_store)  # both stores are Cypher stores
    read = store.read

    async def counted(name: str, params: dict[str, Any], **tokens: Any) -> list[Row]:
        reads.append(name)
        return await read(name, params, **tokens)

    monkeypatch.setattr(store, "read", counted)
    monkeypatch.setattr(digest_reads, "EARLIER_EVENTS_SLICE", 1)  # a read per party
    assert await digest_in_store.changes(seeded_store, D("2019-06-27")) == whole
    assert reads.count("digest_earlier_events") > 1
