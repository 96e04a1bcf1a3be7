"""What the fuzz tests share: drawing examples with a fixed seed, and the check that an
answer is clean (no traceback anywhere, only documented error codes)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from graph_api.errors import ErrorCode
from graph_api.schema.errors import PARSE_FAILED, VALIDATION_FAILED

KNOWN_CODES = ({code.value for code in ErrorCode} - {"INTERNAL_ERROR"}) | {
    PARSE_FAILED,
    VALIDATION_FAILED,
}


def draw(strategy: st.SearchStrategy[object], count: int) -> list[str]:
    """``count`` documents from ``strategy``, the same ones on every run."""
    found: list[str] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(document: object) -> None:
        found.append(str(document))

    collect()
    return found


def _strings(value: object) -> Iterator[str]:
    """Every string in a parsed JSON body (keys too), where a leaked trace would show."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def check_clean(errors: list[dict[str, Any]], answer: object, where: str) -> None:
    """Fail on a traceback anywhere in ``answer``, or an undocumented code on its errors."""
    for text in _strings(answer):
        assert "Traceback" not in text, where
        assert 'File "' not in text, where
    for error in errors:
        assert (error.get("extensions") or {}).get("code") in KNOWN_CODES, where
