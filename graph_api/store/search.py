"""Bilingual name search: how a search box's text becomes terms, and the ranking rule.

Matching is the same on both stores: an entity matches when every term (text read as
Hong Kong Traditional Chinese where typed in Simplified, split on white space, case
folded; of a text of more than five words, its five longest) occurs somewhere in its
search text (every name it goes by,
case folded, white space removed; see ``graph_api.domain.build_search_text``). So
"數字政策" finds 數字政策辦公室, "數字 政策" does too, and "dpo" finds the Digital Policy
Office by its abbreviation. Ranking, best first: 3 = a name equals the whole text;
2 = a name starts with it, or the English name holds it as whole words ("AI" in "Smart
AI Limited", where Civil Aid Service holds it only inside a word); 1 = it occurs inside
a name; ties go to the shorter English name, then the name, then the id, so both
stores order results identically.

Names through time (graph_api.domain.history): an office's former names are part of its
search text, so "Environment Bureau" finds the Environment and Ecology Bureau; and the
successors (SUCCEEDED_BY, one step) of every entity found are found too, at rank 0, so
"OGCIO" finds the Office of the Government Chief Information Officer and the Digital
Policy Office that took over its work on 25 July 2024. ``best_name`` says which of a
node's names matched, for the answer to show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graph_api.domain import NodeRecord, normalise_search_text
from graph_api.domain.chinese import traditional
from graph_api.domain.history import FormerName
from graph_api.errors import bad_input

MAX_TERMS = 5  # the words every match must hold (the query's term slots)
MAX_WORDS = 30  # the most words a search may hold, e.g. a whole official name
MAX_LENGTH = 200
# Lucene's query syntax characters; escaped so user text is always a literal.
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')


@dataclass(frozen=True)
class SearchTerms:
    """A search box's text, parsed: the terms that must all occur, and the whole text."""

    terms: tuple[str, ...]
    whole: str
    words: str = ""  # the text as whole words: ' smart ai ' (see english_words)

    @classmethod
    def parse(cls, text: str, argument: str = "text") -> SearchTerms:
        """Split and fold ``text``; a BAD_USER_INPUT error (naming ``argument``) for empty
        or oversized text."""
        if len(text) > MAX_LENGTH:
            raise bad_input(
                f"Search text may be at most {MAX_LENGTH} characters; it was {len(text)}.",
                argument=argument,
            )
        # Names are stored in Traditional Chinese (as Hong Kong writes them): text typed
        # in Simplified is read as its Hong Kong Traditional form, so 数字政策 finds 數字政策.
        text = traditional(text)
        # '|' separates names inside search text, so it is no part of any name.
        words = text.replace("|", " ").split()
        terms = tuple(dict.fromkeys(normalise_search_text(word) for word in words))
        terms = tuple(term for term in terms if term)
        if not terms:
            raise bad_input(
                "Search text is empty: give a name, an abbreviation or part of one, in "
                "English or Chinese (e.g. 'dpo' or '數字政策').",
                argument=argument,
            )
        if len(terms) > MAX_WORDS:
            raise bad_input(
                f"Search text may hold at most {MAX_WORDS} words; it had {len(terms)}.",
                argument=argument,
            )
        # A longer text (a whole official name) must match on its longest words, which
        # say the most; the exact name still ranks first, by the whole text.
        longest = set(sorted(terms, key=len, reverse=True)[:MAX_TERMS])
        required = tuple(term for term in terms if term in longest)
        return cls(terms=required, whole="".join(terms), words=english_words(text))

    def parameters(self) -> dict[str, Any]:
        """``$t1`` … ``$t5``, ``$whole``, ``$words``, ``$word_punctuation`` and ``$lucene``.

        Unused term slots repeat the first term: ``x CONTAINS ''`` is true on Neo4j but
        false on Ladybug, so padding with empty text would make the stores disagree.
        """
        padded = list(self.terms) + [self.terms[0]] * (MAX_TERMS - len(self.terms))
        params: dict[str, Any] = {f"t{index}": term for index, term in enumerate(padded, start=1)}
        params["whole"] = self.whole
        params["words"] = self.words
        params["word_punctuation"] = list(WORD_PUNCTUATION)
        params["lucene"] = lucene_substring_query(max(self.terms, key=len))
        return params


# Punctuation beside words in English names ("Innovation, Technology", "(OGCIO)", "Inc."):
# dropped from the text here and from the name in the Cypher files alike.
WORD_PUNCTUATION = ",().:"


def english_words(text: str) -> str:
    """The text lower-cased, punctuation dropped, its words single-spaced between two
    spaces: what a name must contain to hold the text as whole words."""
    kept = "".join(char for char in text.lower() if char not in WORD_PUNCTUATION)
    return " " + " ".join(kept.split()) + " "


def lucene_substring_query(term: str) -> str:
    """A Lucene query matching any keyword-analysed value that contains ``term``."""
    return "*" + _LUCENE_SPECIAL.sub(r"\\\1", term) + "*"


@dataclass(frozen=True)
class NameMatch:
    """The name of a node that best matches a search: its text, the former name it
    belongs to (None for a current name), and how well it matched (3 equal, 2 starts
    with the text, 1 holds every term, 0 holds only some of them)."""

    name: str
    former: FormerName | None
    score: int


def matches(node: NodeRecord, terms: SearchTerms) -> bool:
    """Whether every term occurs in the node's search text (the stores' rule)."""
    return all(term in node.search_text for term in terms.terms)


def best_name(node: NodeRecord, terms: SearchTerms) -> NameMatch | None:
    """The node's name that matched best: highest score, then current names before
    former ones, each in the order English, Chinese, abbreviation, aliases; last, the
    ordinals a numbered event is asked for by (第19屆技術論壇)."""
    named: list[tuple[str, FormerName | None]] = [
        (name, None) for name in (node.name_en, node.name_zh, node.abbreviation) if name
    ]
    named += [(alias, None) for alias in node.aliases]
    named += [(name, former) for former in node.former_names for name in former.names()]
    named += [(ordinal, None) for ordinal in node.asked_as]
    best: NameMatch | None = None
    for name, former in named:
        folded = normalise_search_text(name)
        held = sum(term in folded for term in terms.terms)
        if not held:
            continue
        if folded == terms.whole:
            score = 3
        elif folded.startswith(terms.whole):
            score = 2
        else:
            score = 1 if held == len(terms.terms) else 0
        if best is None or score > best.score:
            best = NameMatch(name, former, score)
    return best
