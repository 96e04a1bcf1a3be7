"""Reads about names, for ``CypherGraphStore``: the words of every name (for the typos
search forgives, ``store/spelling.py``) and which of some ranked entities are named so
(the name filter of the analytics lists)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from graph_api.domain import NodeKind
from graph_api.store.counters import StoreCounters
from graph_api.store.requests import word_params
from graph_api.store.spelling import Vocabulary, vocabulary

Row = dict[str, Any]

# Seconds the words of the names are kept at most, even with no write seen (a write that
# keeps no change record, such as a restore).
_WORDS_LIFETIME = 300.0
# Vocabularies kept at once, one per set of kinds searched (most searches ask for all).
_WORDS_KEPT = 8


class CypherNameReads:
    """Name lookups over the Cypher files."""

    if TYPE_CHECKING:  # provided by CypherGraphStore
        counters: StoreCounters

        async def read(self, name: str, params: dict[str, Any], **tokens: Any) -> list[Row]: ...

        async def write_mark(self) -> tuple[int, str]: ...

    def __init__(self) -> None:
        super().__init__()
        # Vocabularies by kinds asked for: (write mark, when read, words), a few kept.
        self._name_words: dict[tuple[NodeKind, ...], tuple[tuple[int, str], float, Vocabulary]] = {}
        self._name_words_lock = asyncio.Lock()

    async def name_words(self, kinds: Sequence[NodeKind]) -> Vocabulary:
        """The English words and Chinese names of entities of ``kinds`` (store/spelling.py),
        read again after any write (of any process, on a shared store: ``write_mark``)
        and at least every ``_WORDS_LIFETIME`` seconds. Concurrent callers wait for one
        read."""
        key = tuple(sorted(kinds))
        async with self._name_words_lock:
            kept = self._name_words.get(key)
            mark = await self.write_mark()  # before the read: a write meanwhile is seen
            fresh = kept is not None and kept[0] == mark
            if kept is not None and fresh and time.monotonic() - kept[1] < _WORDS_LIFETIME:
                return kept[2]
            rows = await self.read("name_words", {"kinds": [kind.value for kind in kinds]})
            names = [
                name
                for row in rows
                for name in (
                    row["name_en"],
                    row["name_zh"],
                    row["abbreviation"],
                    *(row["aliases"] or []),
                )
                if name
            ]
            words = await asyncio.to_thread(vocabulary, names)
            if len(self._name_words) >= _WORDS_KEPT:
                self._name_words.pop(next(iter(self._name_words)))  # the oldest
            self._name_words[key] = (mark, time.monotonic(), words)
            return words

    async def ids_named(self, ids: Sequence[str], words: tuple[str, ...]) -> set[str]:
        """Which of ``ids`` have some name holding every one of ``words``."""
        if not ids or not words:
            return set()
        rows = await self.read("ids_named", {"ids": list(ids), **word_params(words)})
        return {row["id"] for row in rows}
