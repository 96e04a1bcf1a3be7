"""Cursors for the analytics lists (``whoMet``, ``unmetNeeds``, ``technologyCoverage``,
``recommendMatches``, ``brokers``, ``communities``): ``first`` and ``after`` page
forwards through the whole answer, as every entity list does, instead of stopping at
the largest page.

A cursor names a position in one question with its arguments (a digest of them is its
scope), so a cursor from another question, or the same one asked differently, is
refused rather than giving a wrong page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import strawberry

from graph_api.schema.connections import PageInfo, page_info
from graph_api.schema.pagination import PageRequest, Window, prefix_needed, resolve_window

After = Annotated[
    str | None,
    strawberry.argument(
        description="Cursor to start after: pageInfo.endCursor of the previous page of the "
        "same question, asked with the same arguments."
    ),
]


T = TypeVar("T")


def page_info_field() -> Any:
    """The ``pageInfo`` field of an analytics result."""
    return strawberry.field(
        description="Where this page ends: pass endCursor as 'after' for the next."
    )


@dataclass(frozen=True)
class AnalyticsPage:
    """Which slice of an analytics answer a request asks for."""

    scope: str
    request: PageRequest

    @classmethod
    def of(cls, field: str, first: int, after: str | None, *arguments: object) -> AnalyticsPage:
        """The page ``first``/``after`` ask for of ``field`` asked with ``arguments``."""
        digest = hashlib.sha256(repr(arguments).encode()).hexdigest()[:16]
        return cls(f"{field}:{digest}", PageRequest(first=first, after=after))

    @property
    def needed(self) -> int:
        """How many leading items the page can need (its end), before the total is known."""
        needed = prefix_needed(self.scope, self.request)
        assert needed is not None  # forward paging always knows its end
        return needed

    def window(self, total: int) -> Window:
        """The page's offsets in an answer of ``total`` items."""
        return resolve_window(self.scope, self.request, total)

    def cut(self, answer: Sequence[T]) -> Sequence[T]:
        """This page of the whole ``answer``."""
        window = self.window(len(answer))
        return answer[window.start : window.end]

    def info(self, total: int) -> PageInfo:
        """The page info of this page in an answer of ``total`` items."""
        return page_info(self.scope, self.window(total))
