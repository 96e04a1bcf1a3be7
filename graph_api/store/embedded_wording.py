"""Which wording of a query the embedded store runs, by how many ids or rows it asks about.

Ladybug answers some questions far slower for some lengths of list than for others, so
a few files in ``cypher/embedded/`` have more than one wording of one question, each
giving the same rows:

- ``<name>_many``: past ``KEY_LOOKUP_FROM`` ids, the ids are unwound and looked up by key;
- the one-id form of a file that tests ``x.id __IN_IDS__``: ``x.id = $id``, a key lookup;
- ``<name>_one``: asked once per row when ``$rows`` is short (``ROWS_ONE_BY_ONE``);
- ``<name>_keys``: a small page in two steps (``graph_api.store.embedded_pages``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graph_api.store.embedded_pages import ROWS_ONE_BY_ONE
from graph_api.store.transaction import Row

if TYPE_CHECKING:
    from graph_api.store.cypher_library import CypherLibrary

# Ladybug tests `x.id IN $ids` against the whole list for every row it scans, while
# `UNWIND $ids` and a key lookup each costs a fixed scan (15 ms at 10^4 entities, 200 ms
# at 10^5) however short the list; they cross at 100-200 ids at either size. Past this
# many ids, a query with a `<name>_many` wording in cypher/embedded/ uses it.
KEY_LOOKUP_FROM = 150


class EmbeddedWording:
    """``read`` for ``EmbeddedStore``: the wording that suits the parameters."""

    if TYPE_CHECKING:  # provided by CypherGraphStore and EmbeddedPages
        cypher: CypherLibrary

        async def read_text(self, name: str, text: str, params: dict[str, Any]) -> list[Row]: ...

        def pages_by_keys(self, name: str, params: dict[str, Any]) -> bool: ...

        async def read_pages_by_keys(
            self, name: str, params: dict[str, Any], tokens: dict[str, Any]
        ) -> list[Row] | None: ...

    async def read(self, name: str, params: dict[str, Any], **tokens: Any) -> list[Row]:
        """As the shared implementation, in the ``wording`` that suits ``$ids``, the
        ``<name>_one`` wording once per row when there is one and ``$rows`` is short (see
        ROWS_ONE_BY_ONE), or in two steps for small pages (``embedded_pages``); counted
        under ``name`` each way."""
        if self.pages_by_keys(name, params):
            paged = await self.read_pages_by_keys(name, params, tokens)
            if paged is not None:
                return paged
        rows = params.get("rows")
        if rows and len(rows) <= ROWS_ONE_BY_ONE and self.cypher.has(f"{name}_one"):
            text = self.cypher.text(f"{name}_one", **tokens)
            rest = {key: value for key, value in params.items() if key != "rows"}
            found: list[Row] = []
            for row in rows:
                found += await self.read_text(name, text, {**rest, **row})
            return found
        text, params = self.wording(name, params, tokens)
        return await self.read_text(name, text, params)

    def wording(
        self, name: str, params: dict[str, Any], tokens: dict[str, Any]
    ) -> tuple[str, dict[str, Any]]:
        """The text of ``name`` for ``params``, and the parameters it takes: the
        ``<name>_many`` wording past KEY_LOOKUP_FROM ids, the one-id form of a file
        that tests ``__IN_IDS__`` (``$id`` for ``$ids``) when there is one id."""
        ids: list[str] = params.get("ids") or []
        if len(ids) > KEY_LOOKUP_FROM and self.cypher.has(f"{name}_many"):
            return self.cypher.text(f"{name}_many", **tokens), params
        if len(ids) == 1 and self.cypher.has_one_id_form(name):
            one = {key: value for key, value in params.items() if key != "ids"}
            return self.cypher.text(name, one_id=True, **tokens), {**one, "id": ids[0]}
        return self.cypher.text(name, **tokens), params
