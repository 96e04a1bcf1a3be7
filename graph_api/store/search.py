"""Bilingual name search: how a search box's text becomes terms, and the ranking rule.

Matching is the same on both stores: an entity matches when every term (text split on
white space, case folded) occurs somewhere in its search text (every name it goes by,
case folded, white space removed; see ``graph_api.model.build_search_text``). So
"數字政策" finds 數字政策辦公室, "數字 政策" does too, and "dpo" finds the Digital Policy
Office by its abbreviation. Ranking, best first: 3 = a name equals the whole text;
2 = a name starts with it; 1 = it occurs inside a name; ties go to the shorter English
name, then the name, then the id, so both stores order results identically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph_api.errors import bad_input
from graph_api.model import normalise_search_text

MAX_TERMS = 5
MAX_LENGTH = 100
# Lucene's query syntax characters; escaped so user text is always a literal.
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')


@dataclass(frozen=True)
class SearchTerms:
    """A search box's text, parsed: the terms that must all occur, and the whole text."""

    terms: tuple[str, ...]
    whole: str

    @classmethod
    def parse(cls, text: str) -> SearchTerms:
        """Split and fold ``text``; a BAD_USER_INPUT error for empty or oversized text."""
        if len(text) > MAX_LENGTH:
            raise bad_input(
                f"Search text may be at most {MAX_LENGTH} characters; it was {len(text)}.",
                argument="text",
            )
        # '|' separates names inside search text, so it is no part of any name.
        words = text.replace("|", " ").split()
        terms = tuple(dict.fromkeys(normalise_search_text(word) for word in words))
        terms = tuple(term for term in terms if term)
        if not terms:
            raise bad_input(
                "Search text is empty: give a name, an abbreviation or part of one, in "
                "English or Chinese (e.g. 'dpo' or '數字政策').",
                argument="text",
            )
        if len(terms) > MAX_TERMS:
            raise bad_input(
                f"Search text may hold at most {MAX_TERMS} words; it had {len(terms)}.",
                argument="text",
            )
        return cls(terms=terms, whole="".join(terms))

    def parameters(self) -> dict[str, str]:
        """``$t1`` … ``$t5``, ``$whole`` and ``$lucene``.

        Unused term slots repeat the first term: ``x CONTAINS ''`` is true on Neo4j but
        false on Ladybug, so padding with empty text would make the stores disagree.
        """
        padded = list(self.terms) + [self.terms[0]] * (MAX_TERMS - len(self.terms))
        params = {f"t{index}": term for index, term in enumerate(padded, start=1)}
        params["whole"] = self.whole
        params["lucene"] = lucene_substring_query(max(self.terms, key=len))
        return params


def lucene_substring_query(term: str) -> str:
    """A Lucene query matching any keyword-analysed value that contains ``term``."""
    return "*" + _LUCENE_SPECIAL.sub(r"\\\1", term) + "*"
