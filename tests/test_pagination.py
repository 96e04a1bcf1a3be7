"""Unit tests for the pure pagination arithmetic."""

from __future__ import annotations

import pytest

from graph_api.errors import ErrorCode, GraphApiError
from graph_api.schema.pagination import (
    DEFAULT_PAGE_SIZE,
    PageRequest,
    check_page_request,
    decode_cursor,
    encode_cursor,
    plan_fetch,
    resolve_window,
)

SCOPE = "Department/NAME_EN/ASC"


def test_cursor_round_trip_and_opacity() -> None:
    cursor = encode_cursor(SCOPE, 41)
    assert "41" not in cursor
    assert decode_cursor(SCOPE, cursor, "after") == 41


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "nonsense!",
        "Zm9v",
        encode_cursor("Event/NAME_EN/ASC", 3),
        encode_cursor(SCOPE, 2**63),
        encode_cursor(SCOPE, 2**63 - 1),
    ],
)
def test_foreign_or_malformed_cursor_is_bad_input(cursor: str) -> None:
    with pytest.raises(GraphApiError) as caught:
        decode_cursor(SCOPE, cursor, "after")
    assert caught.value.code is ErrorCode.BAD_USER_INPUT
    assert "'after'" in caught.value.message


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (PageRequest(first=-1), "between 0 and 100"),
        (PageRequest(first=101), "between 0 and 100"),
        (PageRequest(last=1000), "between 0 and 100"),
        (PageRequest(first=1, last=1), "not both"),
    ],
)
def test_page_request_rules(request_: PageRequest, message: str) -> None:
    with pytest.raises(GraphApiError) as caught:
        check_page_request(request_, 100)
    assert message in caught.value.message


def test_forward_windows_cover_the_list_without_gaps() -> None:
    total, after = 47, None
    seen: list[int] = []
    while True:
        window = resolve_window(SCOPE, PageRequest(first=10, after=after), total)
        seen.extend(range(window.start, window.end))
        if not window.has_next_page:
            break
        after = encode_cursor(SCOPE, window.end - 1)
    assert seen == list(range(total))


def test_backward_windows_cover_the_list_without_gaps() -> None:
    total, before = 47, None
    seen: list[int] = []
    while True:
        window = resolve_window(SCOPE, PageRequest(last=10, before=before), total)
        seen[:0] = range(window.start, window.end)
        if not window.has_previous_page:
            break
        before = encode_cursor(SCOPE, window.start)
    assert seen == list(range(total))


def test_plan_fetch_agrees_with_resolve_window() -> None:
    total = 30
    requests = [
        PageRequest(),
        PageRequest(first=5),
        PageRequest(first=5, after=encode_cursor(SCOPE, 3)),
        PageRequest(first=50, after=encode_cursor(SCOPE, 28)),
        PageRequest(last=4, before=encode_cursor(SCOPE, 10)),
        PageRequest(first=10, before=encode_cursor(SCOPE, 4)),
        PageRequest(first=3, after=encode_cursor(SCOPE, 2), before=encode_cursor(SCOPE, 4)),
    ]
    for request in requests:
        plan = plan_fetch(SCOPE, request)
        assert plan is not None
        skip, limit = plan
        window = resolve_window(SCOPE, request, total)
        fetched = list(range(total))[skip : skip + limit]
        assert fetched == list(range(window.start, window.end)), request


def test_last_without_before_needs_the_total_first() -> None:
    assert plan_fetch(SCOPE, PageRequest(last=5)) is None
    window = resolve_window(SCOPE, PageRequest(last=5), 12)
    assert (window.start, window.end) == (7, 12)


def test_default_page_size() -> None:
    window = resolve_window(SCOPE, PageRequest(), 1000)
    assert window.size == DEFAULT_PAGE_SIZE
