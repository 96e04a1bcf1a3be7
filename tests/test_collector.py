"""How often the cycle collector runs (graph_api.collector): the service raises the
youngest generation's threshold while it runs and puts CPython's back when it stops."""

from __future__ import annotations

import gc

import pytest

from graph_api.app import create_app
from graph_api.collector import collector_threshold
from graph_api.config import Settings
from graph_api.store.base import GraphStore


def test_the_threshold_holds_inside_the_block_and_is_put_back() -> None:
    before = gc.get_threshold()
    with collector_threshold(12_345):
        assert gc.get_threshold() == (12_345, *before[1:])
    assert gc.get_threshold() == before


def test_zero_leaves_cpythons_thresholds() -> None:
    before = gc.get_threshold()
    with collector_threshold(0):
        assert gc.get_threshold() == before
    assert gc.get_threshold() == before


def test_the_threshold_is_put_back_when_the_block_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), collector_threshold(9_999):
        raise RuntimeError("the service failed to start")
    assert gc.get_threshold() == before


async def test_the_service_collects_less_often_while_it_runs(seeded_store: GraphStore) -> None:
    before = gc.get_threshold()
    assert Settings().gc_young_threshold == 50_000  # the documented default
    settings = Settings(store=seeded_store.backend, gc_young_threshold=40_000)
    app = create_app(settings, store=seeded_store)
    async with app.router.lifespan_context(app):
        assert gc.get_threshold()[0] == 40_000
    assert gc.get_threshold() == before
