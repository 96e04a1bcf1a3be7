"""The parse and validation caches (graph_api.schema.document_cache): a document sent
again is parsed once, and long documents are never kept, so distinct large texts cannot
fill the caches' 256 places with megabytes each."""

from __future__ import annotations

import httpx
from strawberry.extensions.validation_cache import _get_validate_cache

from graph_api.schema.document_cache import CACHEABLE_DOCUMENT_CHARS, DOCUMENT_CACHE_SIZE, _parse


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
