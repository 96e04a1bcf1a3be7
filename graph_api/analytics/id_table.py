"""Many entity ids held as one string and the offsets where each ends.

The structure graph keeps every entity's id for its life (about 10^5 of them). As a
tuple of strings, each id was an object of its own, made while the graph was read and
scattered among the read's short-lived rows in CPython's small-object arenas; an arena
goes back to the system only when all its objects are gone, so the ids held about
60 MB of arenas resident after the read (measured at 10^5 entities: 193 MiB resident
with the tuple, 129 MiB with this table, 125 MiB with no ids at all). Here they are two
objects: one string and an array of int64 ends. An id is sliced out when asked for
(about 0.1 µs).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import Any, overload


class IdTable(Sequence[str]):
    """An immutable sequence of strings stored end to end in one string."""

    __slots__ = ("_ends", "_text")

    def __init__(self, ids: Sequence[str]) -> None:
        self._text = "".join(ids)
        self._ends = array("q", accumulate(map(len, ids)))

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...

    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self._ends):
            raise IndexError("IdTable index out of range")
        start = self._ends[index - 1] if index else 0
        return self._text[start : self._ends[index]]

    def __iter__(self) -> Iterator[str]:
        start = 0
        for end in self._ends:
            yield self._text[start:end]
            start = end

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same strings in the same order (a tuple too)."""
        return equal_sequences(self, other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"IdTable({list(self)!r})"


def equal_sequences(mine: Sequence[Any], other: object) -> bool:
    """``__eq__`` for a sequence kept in a compact form: equal to any other sequence (not
    a string) of equal items in the same order, as the tuple or list it stands for was."""
    if not isinstance(other, Sequence) or isinstance(other, str):
        return False
    return len(mine) == len(other) and all(a == b for a, b in zip(mine, other, strict=True))
