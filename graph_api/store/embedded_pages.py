"""Small pages of linked entities on the embedded store, read in two steps.

Ladybug sorts an owner's links with everything it collects: to keep the five newest of
a hub's links (the busiest department's 12,661 events at 10^5 entities) it sorted them
with every property of each link and event, 130 ms. So for a small page the embedded
store first asks for the page's ids and the total (``<name>_keys.cypher``: the same
choice, filters and order, 40 ms), then reads those few entities and links by key (a
few ms: ``nodes_by_id``, ``links_by_key_one``), and gives back the rows the one-step
query would have given. A large page (or many owners at once) keeps the one step: by
key, its links would be read in one ``UNWIND``, which walks a hub's links again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from graph_api.domain import RelType
from graph_api.store.changes import LinkKey
from graph_api.store.cypher_library import CypherLibrary
from graph_api.store.transaction import Row

# Ladybug finds a link by both its ends' keys in about 0.3 ms, but an UNWIND of pairs
# walks the links of any hub among the ends (36 ms for two links into a technology with
# 56,000 at 10^5). Up to this many rows, a query with a `<name>_one` wording in
# cypher/embedded/ asks them one at a time (EmbeddedStore.read); past it an import's
# batch keeps the UNWIND.
ROWS_ONE_BY_ONE = 16

# Pages of up to this many entities in all (page size × owners) are read in two steps:
# as many as have their links looked up one at a time.
PAGE_BY_KEYS_UP_TO = ROWS_ONE_BY_ONE


class EmbeddedPages:
    """The two-step page reads of ``EmbeddedStore``."""

    if TYPE_CHECKING:  # provided by CypherGraphStore and EmbeddedWording
        cypher: CypherLibrary

        async def read_text(self, name: str, text: str, params: dict[str, Any]) -> list[Row]: ...

        def wording(
            self, name: str, params: dict[str, Any], tokens: dict[str, Any]
        ) -> tuple[str, dict[str, Any]]: ...

        async def node_rows(self, ids: Sequence[str]) -> dict[str, Row]: ...

        async def link_rows(self, keys: Sequence[LinkKey]) -> dict[LinkKey, Row]: ...

    def pages_by_keys(self, name: str, params: dict[str, Any]) -> bool:
        """Whether ``name`` has a two-step wording and the pages asked are small."""
        wanted = params.get("limit", 0) * len(params.get("ids") or ())
        return wanted <= PAGE_BY_KEYS_UP_TO and self.cypher.has(f"{name}_keys")

    async def read_pages_by_keys(
        self, name: str, params: dict[str, Any], tokens: dict[str, Any]
    ) -> list[Row] | None:
        """The rows of ``name`` (owner_id, total, page of {link, node}), read in two steps;
        None if an entity or link of a page was gone by the second (a write came between:
        the caller reads in one step instead)."""
        text, keyed = self.wording(f"{name}_keys", params, tokens)
        pages = await self.read_text(name, text, keyed)
        rel_type: RelType = tokens["rel_type"]

        def key(page: Row, other: str) -> LinkKey:
            owner = page["owner_id"]
            return (rel_type, owner, other) if page["outgoing"] else (rel_type, other, owner)

        nodes = await self.node_rows([other for page in pages for other in page["page"]])
        links = await self.link_rows([key(page, other) for page in pages for other in page["page"]])
        try:
            return [
                {
                    "owner_id": page["owner_id"],
                    "total": page["total"],
                    "page": [
                        {"link": links[key(page, other)], "node": nodes[other]}
                        for other in page["page"]
                    ],
                }
                for page in pages
            ]
        except KeyError:
            return None
