"""The structure graph's id table (graph_api.analytics.id_table): a sequence of strings
held as one string, that reads back exactly what it was given."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph_api.analytics.id_table import IdTable

IDS = ("department:dpo", "enterprise:g-000035", "", "event:數碼港-2024", "technology:ai")


def test_it_reads_back_each_id_by_index_from_either_end() -> None:
    table = IdTable(IDS)
    assert len(table) == len(IDS)
    assert [table[i] for i in range(len(IDS))] == list(IDS)
    assert table[-1] == "technology:ai"
    assert table[-len(IDS)] == "department:dpo"
    for outside in (len(IDS), -len(IDS) - 1):
        with pytest.raises(IndexError):
            table[outside]


def test_it_iterates_slices_and_compares_as_the_tuple_it_was() -> None:
    table = IdTable(IDS)
    assert tuple(table) == IDS
    assert table[1:4] == IDS[1:4]
    assert table[::-2] == IDS[::-2]
    assert table == IDS
    assert IDS == table  # noqa: SIM300 - the tuple on the left asks the table too
    assert table == IdTable(list(IDS))
    assert table != IDS[:-1]
    assert table != ("x",) * len(IDS)
    assert "event:數碼港-2024" in table
    assert table.index("technology:ai") == 4
    with pytest.raises(TypeError):
        hash(table)  # mutable-looking equality: never a dict key by accident


def test_an_empty_table_is_empty() -> None:
    table = IdTable([])
    assert len(table) == 0
    assert list(table) == []
    with pytest.raises(IndexError):
        table[0]


@given(st.lists(st.text(max_size=12), max_size=40))
def test_any_strings_read_back_as_given(ids: list[str]) -> None:
    table = IdTable(ids)
    assert list(table) == ids
    assert [table[i] for i in range(len(ids))] == ids
