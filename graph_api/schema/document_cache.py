"""Parse each distinct query document once: front ends send the same few over and over.

Strawberry's own ``ParserCache`` raises a syntax error from inside its hook, where it
escapes the ``ErrorCodes`` rewriting; this one leaves a document it cannot parse to
Strawberry, which reports it in the documented shape (``GRAPHQL_PARSE_FAILED``). The
cache is a bounded LRU, so distinct hostile texts cannot grow it, and it keeps only
documents up to ``CACHEABLE_DOCUMENT_CHARS`` long (as does the validation cache): a
count alone let 256 one-megabyte documents of comments hold 2.4 MiB each.
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Generic, TypeVar

from graphql import DocumentNode, GraphQLError
from graphql.language.parser import parse
from strawberry.extensions import SchemaExtension

# Distinct query documents whose parse (and validation) are kept.
DOCUMENT_CACHE_SIZE = 256
# Longer documents are parsed and validated on each request: front ends' documents are a
# few kilobytes, so this keeps the caches' memory bounded (256 × 16 KiB of text and the
# trees parsed from it) at no cost to them.
CACHEABLE_DOCUMENT_CHARS = 16_384

T = TypeVar("T")


@lru_cache(maxsize=DOCUMENT_CACHE_SIZE)
def _parse(query: str, max_tokens: int | None) -> DocumentNode:
    return parse(query, max_tokens=max_tokens)


class CachedParsing(SchemaExtension):
    """Parse a document from the cache when it parses; otherwise let Strawberry report it.

    The server's token limit (``Settings.max_tokens``) applies to both parses, so a
    10 MB query stops the parser after that many tokens, as a GRAPHQL_PARSE_FAILED."""

    def on_parse(self) -> Iterator[None]:
        """Fill in the parsed document before Strawberry would parse it again."""
        context = self.execution_context
        settings = getattr(context.context, "settings", None)
        if settings is not None:
            context.parse_options["max_tokens"] = settings.max_tokens
        if context.query is not None:
            # On a syntax error Strawberry parses it again and reports it with its code.
            with contextlib.suppress(GraphQLError):
                limit = context.parse_options.get("max_tokens")
                if len(context.query) <= CACHEABLE_DOCUMENT_CHARS:
                    context.graphql_document = _parse(context.query, limit)
        yield


def cacheable(document: DocumentNode) -> bool:
    """Whether a parsed document is short enough for the parse and validation caches."""
    source = document.loc.source.body if document.loc is not None else ""
    return len(source) <= CACHEABLE_DOCUMENT_CHARS


def cached_documents() -> int:
    """How many parsed documents the cache holds now (for the metrics)."""
    return _parse.cache_info().currsize


class PerDocumentText(Generic[T]):
    """A measure of parsed documents (a walk of the whole tree), kept per document text
    as the parse cache keeps documents: a front end's few documents are walked once, not
    on every request. Bounded the same way (the least recently used text dropped past
    ``DOCUMENT_CACHE_SIZE``; a document too long to cache is measured each time)."""

    def __init__(self, measure: Callable[[DocumentNode], T]) -> None:
        self.measure = measure
        self.kept: OrderedDict[str, T] = OrderedDict()

    def __call__(self, document: DocumentNode) -> T:
        """The measure of ``document``, kept or taken now."""
        text = document.loc.source.body if document.loc is not None else None
        if text is None or not cacheable(document):
            return self.measure(document)
        if text in self.kept:
            self.kept.move_to_end(text)
            return self.kept[text]
        found = self.kept[text] = self.measure(document)
        if len(self.kept) > DOCUMENT_CACHE_SIZE:
            self.kept.popitem(last=False)
        return found
