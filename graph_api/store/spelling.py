"""Small typos in search text forgiven: when a search finds nothing, each English word
the graph does not hold is replaced by the closest word of the entities' English names,
abbreviations and aliases (a similarity of at least 0.8 by ``rapidfuzz``'s Indel ratio,
the measure of stdlib ``difflib``; "Polcy" is read as "policy", "Digtal" as "digital").

Chinese is left as typed: a wrong character is not a typo of spelling. Words of fewer
than four letters are left too ("AI", "HK"): at that length every word is close to
many others. At most ``MOST_CORRECTED`` words of one text are corrected, so the work a
request can cause is bounded whatever its length; ``rapidfuzz`` compares a word with
300,000 known ones in milliseconds, and callers run it off the event loop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz, process

MIN_LENGTH = 4
CUTOFF = 0.8
MOST_CORRECTED = 5
_WORD = re.compile(r"[a-z0-9]+")


class Vocabulary:
    """The distinct lower-case English words of a set of names, ready to look up."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted(set(words))
        self._set = frozenset(self.words)
        # One string holding every word between newlines: "is it part of a known word"
        # becomes one substring search in C, and no match can span two words.
        self._joined = "\n" + "\n".join(self.words) + "\n"

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


def vocabulary(names: Iterable[str]) -> Vocabulary:
    """The vocabulary of ``names``: their lower-case words of letters and digits."""
    return Vocabulary(word for name in names for word in _WORD.findall(name.lower()))


def corrected(text: str, words: Vocabulary) -> str | None:
    """``text`` with each unknown English word replaced by the closest known one (the
    first ``MOST_CORRECTED`` such words); None when nothing was replaced (every word is
    known, too short, or has no close match)."""
    changed = tried = 0
    kept: list[str] = []
    for typed in text.split():
        word = typed.lower()
        unknown = len(word) >= MIN_LENGTH and _WORD.fullmatch(word) and not words.knows(word)
        if unknown and tried < MOST_CORRECTED:
            tried += 1
            if closest := words.closest(word):
                kept.append(closest)
                changed += 1
                continue
        kept.append(typed)
    return " ".join(kept) if changed else None
