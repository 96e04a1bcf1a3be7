"""Freezing what start-up made (``start_up_objects``): garbage collected first, the
objects still alive frozen (no longer walked by a collection)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from graph_api.start_up_objects import freeze_start_up_objects, frozen_objects


@pytest.fixture
def unfrozen_after() -> Iterator[None]:
    yield
    gc.unfreeze()  # the test process makes many apps: none of them is frozen for good


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def _walked(thing: object) -> bool:
    return any(other is thing for other in gc.get_objects())


@pytest.mark.usefixtures("unfrozen_after")
def test_garbage_is_collected_and_the_rest_frozen() -> None:
    kept = _Cycle()
    garbage = weakref.ref(_Cycle())  # a cycle: only a collection frees it
    assert garbage() is not None
    assert _walked(kept)
    frozen = freeze_start_up_objects()
    assert garbage() is None
    assert frozen == frozen_objects() > 1_000
    assert not _walked(kept)
    gc.unfreeze()
    assert frozen_objects() == 0
    assert _walked(kept)
