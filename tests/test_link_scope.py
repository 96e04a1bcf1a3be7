"""The rows a path search reads, as columns: persons left out, columns kept aligned."""

from __future__ import annotations

from graph_api.store.link_scope import LinksAt


def test_a_row_without_persons_is_kept_as_it_came() -> None:
    neighbours, types = ["department:d", "enterprise:x"], ["ATTENDED", "ATTENDED"]
    outgoing, degrees = [False, False], [4, 9]
    row = {"owner_id": "event:e", "ns": neighbours, "ts": types, "os": outgoing, "ds": degrees}
    links = LinksAt.from_row(row)
    assert links == LinksAt("event:e", neighbours, types, outgoing, degrees, read=2)
    assert len(links.neighbours) == 2


def test_persons_are_left_out_and_the_columns_stay_aligned() -> None:
    row = {
        "owner_id": "event:e",
        "ns": ["person:p1", "enterprise:x", "person:p2", "department:d", "enterprise:person"],
        "ts": ["ATTENDED", "OFFERS", "REPRESENTS", "ORGANISED", "PILOTED"],
        "os": [False, True, False, True, False],
    }
    links = LinksAt.from_row(row)
    # Only ids that start with "person:" name persons (the embedded store's rows).
    assert links.neighbours == ["enterprise:x", "department:d", "enterprise:person"]
    assert links.types == ["OFFERS", "ORGANISED", "PILOTED"]
    assert links.outgoing == [True, True, False]
    assert links.degrees is None
    # What the store returned counts against a read's limit, persons included.
    assert links.read == 5


def test_degrees_are_cut_with_the_rest() -> None:
    row = {
        "owner_id": "department:d",
        "ns": ["event:a", "person:p", "event:b"],
        "ts": ["ATTENDED", "REPRESENTS", "ATTENDED"],
        "os": [True, False, True],
        "ds": [10, 1, 20],
    }
    assert LinksAt.from_row(row).degrees == [10, 20]
