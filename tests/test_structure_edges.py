"""Cutting the undirected graph from the structure graph's arrays (``structure_edges``):
its keys sorted a slice at a time, the same order as one sort."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from graph_api.analytics.structure_edges import sorted_in_slices

SIZE = 60
PAIRS = st.tuples(st.integers(0, SIZE - 1), st.integers(0, SIZE - 1))


@given(st.sets(PAIRS), st.integers(1, 40))
def test_sorting_in_slices_is_sorting(pairs: set[tuple[int, int]], slice_size: int) -> None:
    keys = {low * SIZE + high for low, high in pairs}
    assert sorted_in_slices(keys, SIZE, slice_size) == sorted(keys)


def test_a_crowded_stretch_of_values_sorts_the_same() -> None:
    # Most keys have a low end under 10 (as a hub's would): sorted all the same.
    keys = {low * 1_000 + high for low in range(10) for high in range(1_000)}
    keys |= {900 * 1_000 + 5, 999 * 1_000 + 999}
    assert sorted_in_slices(keys, 1_000, slice_size=100) == sorted(keys)
    assert sorted_in_slices(set(), 1) == []
