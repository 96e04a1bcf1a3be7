"""Small typos in search text forgiven: when a search finds nothing, each English word
the graph does not hold is replaced by the closest word of the entities' English names,
abbreviations and aliases (stdlib ``difflib``: a ratio of at least 0.8, so "Polcy" is
read as "policy" and "Digtal" as "digital"), and the search runs again on that text.

Chinese is left as typed: a wrong character is not a typo of spelling. Words of fewer
than four letters are left too ("AI", "HK"): at that length every word is close to
many others.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

MIN_LENGTH = 4
CUTOFF = 0.8
_WORD = re.compile(r"[a-z0-9]+")


def vocabulary(names: Iterable[str]) -> frozenset[str]:
    """The distinct lower-case English words of ``names`` (words of letters and digits)."""
    return frozenset(word for name in names for word in _WORD.findall(name.lower()))


def corrected(text: str, words: frozenset[str]) -> str | None:
    """``text`` with each unknown English word replaced by the closest known one; None
    when nothing was replaced (every word is known, too short, or has no close match)."""
    changed = False
    kept: list[str] = []
    for typed in text.split():
        word = typed.lower()
        if len(word) >= MIN_LENGTH and _WORD.fullmatch(word) and not _known(word, words):
            closest = difflib.get_close_matches(word, words, n=1, cutoff=CUTOFF)
            if closest:
                kept.append(closest[0])
                changed = True
                continue
        kept.append(typed)
    return " ".join(kept) if changed else None


def _known(word: str, words: frozenset[str]) -> bool:
    """Whether the word is, or is part of, a word of the names (search matches part of a
    word, so that is no typo)."""
    return word in words or any(word in known for known in words)
