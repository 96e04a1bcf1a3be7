"""The parse and validation caches (graph_api.schema.document_cache): a document sent
again is parsed once, and long documents are never kept, so distinct large texts cannot
fill the caches' 256 places with megabytes each."""

from __future__ import annotations

from collections import OrderedDict

import httpx
import pytest
from graphql import DocumentNode, parse
from strawberry.extensions.validation_cache import _get_validate_cache

from graph_api.schema import document_shape, request_checks
from graph_api.schema.document_cache import (
    CACHEABLE_DOCUMENT_CHARS,
    DOCUMENT_CACHE_SIZE,
    PerDocumentText,
    _parse,
)


def _lookups() -> tuple[int, int, int, int]:
    """Hits and misses of the parse cache, then of the validation cache: a document kept
    is a miss and then hits; one never kept is neither (the caches may be full, so their
    sizes say nothing)."""
    parsed = _parse.cache_info()
    validated = _get_validate_cache(DOCUMENT_CACHE_SIZE).cache_info()  # type: ignore[attr-defined]
    return parsed.hits, parsed.misses, validated.hits, validated.misses


async def test_a_short_document_is_parsed_and_validated_once(api: httpx.AsyncClient) -> None:
    query = "{ bureaux(first: 1) { totalCount } } # cache test " + str(id(api))
    await api.post("/graphql", json={"query": query})
    parse_hits, parse_misses, validate_hits, validate_misses = _lookups()
    again = await api.post("/graphql", json={"query": query})
    assert again.json()["data"]["bureaux"]["totalCount"] > 0
    assert _lookups() == (parse_hits + 1, parse_misses, validate_hits + 1, validate_misses)


async def test_long_documents_are_answered_but_never_kept(api: httpx.AsyncClient) -> None:
    before = _lookups()
    comment = "#" + "x" * CACHEABLE_DOCUMENT_CHARS + "\n"
    for number in range(5):
        query = f"{comment}# {number}\n{{ bureaux(first: 1) {{ totalCount }} }}"
        answer = await api.post("/graphql", json={"query": query})
        assert answer.json()["data"]["bureaux"]["totalCount"] > 0
        invalid = await api.post("/graphql", json={"query": f"{comment}{{ nope{number} }}"})
        assert invalid.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert _lookups() == before


def test_a_measure_is_taken_once_per_text_the_least_recently_used_dropped() -> None:
    measured: list[str] = []

    def measure(document: DocumentNode) -> int:
        measured.append(document.loc.source.body if document.loc else "")
        return len(measured)

    per_text = PerDocumentText(measure)
    text = "{ bureaux { totalCount } }"
    assert per_text(parse(text)) == per_text(parse(text)) == 1  # two parses, one measure
    long_text = text + " " * CACHEABLE_DOCUMENT_CHARS
    per_text(parse(long_text))
    per_text(parse(long_text))
    assert len(measured) == 3  # too long to keep: measured each time, as it is validated
    others = [f"{{ bureaux(first: {number}) {{ totalCount }} }}" for number in range(300)]
    for other in others[: DOCUMENT_CACHE_SIZE - 1]:
        per_text(parse(other))
    per_text(parse(text))  # used again: now the most recent
    per_text(parse(others[-1]))  # one past the bound: the oldest other text goes
    assert len(per_text.kept) == DOCUMENT_CACHE_SIZE
    assert text in per_text.kept
    assert others[0] not in per_text.kept
    assert len(measured) == 3 + DOCUMENT_CACHE_SIZE


@pytest.mark.parametrize("kept", [document_shape.document_shape, request_checks.written_extremes])
async def test_a_document_sent_again_is_not_walked_again(
    api: httpx.AsyncClient, kept: PerDocumentText[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    walked: list[DocumentNode] = []
    measure = kept.measure

    def counted(document: DocumentNode) -> object:
        walked.append(document)
        return measure(document)

    monkeypatch.setattr(kept, "measure", counted)
    monkeypatch.setattr(kept, "kept", OrderedDict())
    query = "query ($n: Int) { bureaux(first: $n) { totalCount } }"
    for _ in range(3):
        answer = await api.post("/graphql", json={"query": query, "variables": {"n": 2}})
        assert answer.json()["data"]["bureaux"]["totalCount"] > 0
    assert len(walked) == 1
