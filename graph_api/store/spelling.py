"""Small typos in search text forgiven: when a search finds nothing, each word the graph
does not hold is replaced by the closest one the entities' names hold.

* **English**: an unknown word becomes the closest word of the English names,
  abbreviations and aliases (a similarity of at least 0.8 by ``rapidfuzz``'s Indel
  ratio, the measure of stdlib ``difflib``; "Polcy" is read as "policy", "Digtal" as
  "digital"). Words of fewer than four letters are left ("AI", "HK"): at that length
  every word is close to many others.
* **Chinese**: a run of Chinese characters that no Chinese name holds becomes the part
  of a Chinese name it is closest to, when one character differs (a homophone picked
  from the input method's list: 數字政冊 is read as 數字政策). Text typed in Simplified
  is read as Hong Kong Traditional first, as search reads it. Runs of fewer than four
  characters are left: one character of three is too much to guess.

At most ``MOST_CORRECTED`` words of one text are corrected, so the work a request can
cause is bounded whatever its length; ``rapidfuzz`` compares a word with 300,000 known
ones in milliseconds, a Chinese run with 100,000 Chinese names in about 0.1 s (measured
on this project's 2-core machine), and callers run it off the event loop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from graph_api.domain import normalise_search_text
from graph_api.domain.chinese import CHINESE_RUN, traditional

MIN_LENGTH = 4
CUTOFF = 0.8
MOST_CORRECTED = 5
_WORD = re.compile(r"[a-z0-9]+")


class Vocabulary:
    """The distinct lower-case English words and the Chinese names of a set of names,
    ready to look up."""

    def __init__(self, words: Iterable[str], chinese: Iterable[str] = ()) -> None:
        self.words = sorted(set(words))
        self.chinese = sorted(set(chinese))
        self._set = frozenset(self.words) | frozenset(self.chinese)
        # One string holding every word between newlines: "is it part of a known word"
        # becomes one substring search in C, and no match can span two words.
        self._joined = "\n" + "\n".join(self.words) + "\n"
        self._joined_chinese = "\n" + "\n".join(self.chinese) + "\n"

    def __len__(self) -> int:
        return len(self.words)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Vocabulary) and self._set == other._set

    def __hash__(self) -> int:
        return hash(self._set)

    def knows(self, word: str) -> bool:
        """Whether the word is, or is part of, a known word (search matches part of a
        word, so that is no typo)."""
        return word in self._set or word in self._joined

    def closest(self, word: str) -> str | None:
        """The known word most like ``word``, if one is at least ``CUTOFF`` alike (ties:
        the first in alphabetical order)."""
        found = process.extractOne(word, self.words, scorer=fuzz.ratio, score_cutoff=CUTOFF * 100)
        return None if found is None else str(found[0])

    def closest_chinese(self, run: str) -> str | None:
        """The part of a Chinese name most like ``run``, a run of Chinese characters that
        no name holds, if it differs in one character only (ties: the name rapidfuzz
        ranks first, then the earlier part of it)."""
        if run in self._joined_chinese:
            return None
        one_off = 100 * (len(run) - 1) / len(run) - 0.01
        near = process.extract(
            run, self.chinese, scorer=fuzz.partial_ratio, score_cutoff=one_off, limit=20
        )
        for name, _, _ in near:
            for start in range(len(name) - len(run) + 1):
                part = name[start : start + len(run)]
                if sum(a != b for a, b in zip(run, part, strict=True)) == 1:
                    return str(part)
        return None


def vocabulary(names: Iterable[str]) -> Vocabulary:
    """The vocabulary of ``names``: their lower-case words of letters and digits, and
    those holding Chinese, folded as search text is."""
    names = list(names)
    return Vocabulary(
        (word for name in names for word in _WORD.findall(name.lower())),
        (normalise_search_text(name) for name in names if CHINESE_RUN.search(name)),
    )


def corrected(text: str, words: Vocabulary) -> str | None:
    """``text`` with each unknown English word replaced by the closest known one, and each
    unknown run of Chinese by the closest part of a Chinese name (the first
    ``MOST_CORRECTED`` such words); None when nothing was replaced (every word is known,
    too short, or has no close match)."""
    changed = tried = 0
    kept: list[str] = []
    for typed in text.split():
        fixed = None
        if tried < MOST_CORRECTED and _may_be_a_typo(typed, words):
            tried += 1
            fixed = _closest(typed, words)
        if fixed is not None:
            changed += 1
        kept.append(fixed or typed)
    return " ".join(kept) if changed else None


def _may_be_a_typo(typed: str, words: Vocabulary) -> bool:
    word = typed.lower()
    if _WORD.fullmatch(word):
        return len(word) >= MIN_LENGTH and not words.knows(word)
    return bool(CHINESE_RUN.fullmatch(typed)) and len(typed) >= MIN_LENGTH


def _closest(typed: str, words: Vocabulary) -> str | None:
    if CHINESE_RUN.fullmatch(typed):
        return words.closest_chinese(traditional(typed))
    return words.closest(typed.lower())
