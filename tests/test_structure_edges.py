"""Cutting the undirected graph from the structure graph's arrays (``structure_edges``):
its keys sorted a slice at a time, the same order as one sort."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from graph_api.analytics.structure_edges import sorted_in_slices


@given(st.sets(st.integers(min_value=0, max_value=9_999)), st.integers(1, 50))
def test_sorting_in_slices_is_sorting(keys: set[int], slice_size: int) -> None:
    assert sorted_in_slices(keys, 10_000, slice_size) == sorted(keys)


def test_the_largest_key_and_one_slice_in_all() -> None:
    assert sorted_in_slices({99, 0, 50}, 100, slice_size=1) == [0, 50, 99]
    assert sorted_in_slices({3, 1, 2}, 4, slice_size=10) == [1, 2, 3]
    assert sorted_in_slices(set(), 1) == []
