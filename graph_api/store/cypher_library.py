"""The Cypher files in ``cypher/``, loaded once at start-up and looked up by name.

A query named ``list_nodes`` comes from ``cypher/<dialect>/list_nodes.cypher`` when
the store's dialect needs its own wording, and from ``cypher/list_nodes.cypher``
otherwise. User input never enters the text: it reaches the database only as
``$parameters``. Labels and relationship types cannot be parameters in Cypher, so a
file may name them with placeholder tokens that are filled only from the closed
enums in ``graph_api.domain``:

- ``__KIND__``, ``__FROM__``, ``__TO__``: a ``NodeKind`` value (a node label);
- ``__TYPE__``: a ``RelType`` value (a relationship type);
- ``__ENTITY__``: the dialect's label for "any entity" (``:Entity`` on Neo4j, where
  it carries the id index; the union of the entity tables on the embedded store);
- ``__PROPERTIES__(n)``: node ``n``'s properties (``properties(n)`` on Neo4j, ``(n)`` on
  the embedded store);
- ``__FILTER__``: a WHERE condition composed by ``graph_api.store.filters`` from the
  predicate fragments in ``cypher/filters/`` (``true`` when there is no filter);
- ``__IN_IDS__``: ``IN $ids``, or ``= $id`` when the embedded store asks about one id
  (``graph_api.store.embedded_wording``): Ladybug finds one entity by its primary key, but tests
  a list against every row of the table (at 10^5 entities, an enterprise's path links
  23 → 11 ms, its next hop 17 → 5 ms).

Templates in ``cypher/<dialect>/nested/`` are blocks with more placeholders (variable
names and parameter prefixes, made by the code, never by input) that
``graph_api.store.nested_reads`` nests into one query per GraphQL root field.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from graph_api.domain import NodeKind, RelType
from graph_api.resources import resource_dir

_DIALECT_TOKENS = {
    # __PROPERTIES__(n): a node's properties as a map. The driver makes a Node (and a Graph
    # holding it, a reference cycle) for every node a query returns; a map costs it about
    # a fifth less work and leaves no garbage for the collector.
    "neo4j": {"__ENTITY__": ":Entity", "__PROPERTIES__": "properties"},
    # Every entity table, as a label union: Ladybug reads (n:A:B) as "A or B". A bare (n)
    # would also match the audit trail's Change table. Ladybug has no properties() for a
    # node; its nodes arrive as maps already, so (n) is the node itself.
    "embedded": {
        "__ENTITY__": ":" + ":".join(kind.value for kind in NodeKind),
        "__PROPERTIES__": "",
    },
}


_PARAMETER = re.compile(r"\$([A-Za-z_]\w*)")
_LINE_COMMENT = re.compile(r"//[^\n]*")


@functools.lru_cache(maxsize=2048)
def parameters_of(text: str) -> frozenset[str]:
    """The ``$parameters`` a query's text uses (comments aside)."""
    return frozenset(_PARAMETER.findall(_LINE_COMMENT.sub("", text)))


def check_parameters(name: str, text: str, given: Collection[str]) -> None:
    """Refuse to run a query without every parameter it uses: Ladybug reads a missing
    one as NULL and answers quietly wrong, where Neo4j refuses it."""
    if missing := parameters_of(text) - set(given):
        raise CypherFileError(f"query '{name}' uses ${', $'.join(sorted(missing))}, not given")


class CypherFileError(LookupError):
    """A query name with no Cypher file, or a file used without its placeholders."""


@dataclass(frozen=True)
class CypherQuery:
    """One query: its name, the file it came from, and its text."""

    name: str
    path: Path
    text: str


class CypherLibrary:
    """Every query for one dialect, read from disk once."""

    def __init__(self, dialect: str, root: Path | None = None) -> None:
        if dialect not in _DIALECT_TOKENS:
            raise ValueError(f"unknown Cypher dialect {dialect!r}")
        self.dialect = dialect
        self._root = root or resource_dir("cypher")
        self._queries = self._load()
        self._fragments = self._load_fragments()
        self._templates = self._load_templates()
        self._expanded: dict[tuple[str, str, str, str, str, bool], str] = {}

    def _load(self) -> dict[str, CypherQuery]:
        queries: dict[str, CypherQuery] = {}
        for folder in (self._root, self._root / self.dialect):  # dialect files win
            for path in sorted(folder.glob("*.cypher")):
                text = path.read_text(encoding="utf-8")
                for token, value in _DIALECT_TOKENS[self.dialect].items():
                    text = text.replace(token, value)
                queries[path.stem] = CypherQuery(path.stem, path, text)
        return queries

    def _load_fragments(self) -> dict[str, str]:
        fragments: dict[str, str] = {}
        for folder in (self._root / "filters", self._root / self.dialect / "filters"):
            for path in sorted(folder.glob("*.cypher")):
                lines = path.read_text(encoding="utf-8").splitlines()
                # One line, comments dropped: fragments are spliced into a WHERE clause.
                fragments[path.stem] = " ".join(
                    line.strip()
                    for line in lines
                    if line.strip() and not line.lstrip().startswith("//")
                )
        return fragments

    def _load_templates(self) -> dict[str, str]:
        templates: dict[str, str] = {}
        for path in sorted((self._root / self.dialect / "nested").glob("*.cypher")):
            lines = path.read_text(encoding="utf-8").splitlines()
            # Comments dropped: templates are spliced into one another.
            templates[path.stem] = "\n".join(
                line for line in lines if line.strip() and not line.lstrip().startswith("//")
            )
        return templates

    def template(self, name: str) -> str:
        """A block that ``graph_api.store.nested_reads`` composes into a larger query,
        from ``cypher/<dialect>/nested/``, comments removed, placeholders left in."""
        try:
            return self._templates[name]
        except KeyError:
            raise CypherFileError(
                f"no template '{name}' in {self._root / self.dialect / 'nested'}"
            ) from None

    def fragment(self, name: str) -> str:
        """The one-line Cypher condition of the filter predicate ``name``."""
        try:
            return self._fragments[name]
        except KeyError:
            raise CypherFileError(
                f"no filter fragment '{name}' in {self._root / 'filters'}"
            ) from None

    def fragment_names(self) -> list[str]:
        """Every filter predicate this dialect has, sorted."""
        return sorted(self._fragments)

    def has(self, name: str) -> bool:
        """Whether this dialect has a query called ``name``."""
        return name in self._queries

    def has_one_id_form(self, name: str) -> bool:
        """Whether ``name`` tests its ids with ``__IN_IDS__`` (so ``one_id`` applies)."""
        query = self._queries.get(name)
        return query is not None and "__IN_IDS__" in query.text

    def names(self) -> list[str]:
        """Every query name this dialect has, sorted."""
        return sorted(self._queries)

    def text(
        self,
        name: str,
        *,
        kind: NodeKind | None = None,
        rel_type: RelType | None = None,
        from_kind: NodeKind | None = None,
        to_kind: NodeKind | None = None,
        filter_text: str | None = None,
        one_id: bool = False,
    ) -> str:
        """The Cypher of ``name`` with its placeholders filled: labels and types from the
        enums, ``__FILTER__`` from ``filter_text`` (composed by ``compile_filter``),
        ``__IN_IDS__`` as ``= $id`` if ``one_id``, else ``IN $ids``."""
        key = (
            name,
            kind.value if kind else "",
            rel_type.value if rel_type else "",
            from_kind.value if from_kind else "",
            to_kind.value if to_kind else "",
            one_id,
        )
        text = self._expanded.get(key)
        if text is None:
            text = self._expanded[key] = self._expand(key)
        # Filters are spliced in last and never cached: their shapes are unbounded.
        return text.replace("__FILTER__", filter_text or "true")

    def _expand(self, key: tuple[str, str, str, str, str, bool]) -> str:
        name = key[0]
        try:
            text = self._queries[name].text
        except KeyError:
            raise CypherFileError(
                f"no Cypher file for '{name}' in {self._root} or {self._root / self.dialect}"
            ) from None
        for token, value in (
            ("__KIND__", key[1]),
            ("__TYPE__", key[2]),
            ("__FROM__", key[3]),
            ("__TO__", key[4]),
        ):
            if token in text:
                if not value:
                    raise CypherFileError(f"'{name}' needs a value for {token}")
                text = text.replace(token, value)
        return text.replace("__IN_IDS__", "= $id" if key[5] else "IN $ids")

    def statements(self, name: str) -> list[str]:
        """A multi-statement file (such as a schema) split on ``;``, comments removed."""
        lines = [
            line
            for line in self.text(name).splitlines()
            if line.strip() and not line.lstrip().startswith("//")
        ]
        return [part.strip() for part in "\n".join(lines).split(";") if part.strip()]
