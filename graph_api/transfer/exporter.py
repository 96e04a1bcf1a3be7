"""Export the whole graph, or a part of it, as JSON, JSON lines, CSV or GraphML.

The whole graph is streamed: entities page by page in id order (keyset paging), then
each page's outgoing links, so memory stays flat however large the graph is. A part is
gathered first (it is small) and then written:

- ``event``: the event, every link touching it and the entities at their other ends;
- ``bureau``: the bureau, the departments and units under it (following PART_OF down),
  the partner bodies they run, every link touching any of these and the other ends;
- ``around`` with ``hops``: every entity within that many links of one entity, and
  every link between two of them.

Every link written has both its ends in the same export, so importing an export into
an empty store gives back exactly the exported graph.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph_api.domain import LinkRecord, NodeKind, NodeRecord, RelType, kind_of_id
from graph_api.domain.validation import link_to_raw, node_to_raw
from graph_api.errors import GraphApiError, bad_input, not_found
from graph_api.store.base import GraphStore
from graph_api.transfer.formats import Format, open_writer
from graph_api.transfer.source import FileProblem, RecordWriter

PAGE = 1_000
_UNDER_A_BUREAU = (NodeKind.DEPARTMENT, NodeKind.PARTNER_BODY)
# No link is written in fewer bytes than this (in any format), so a part with more
# links than max_bytes / _LEAST_LINK_BYTES is too large before a byte is written.
_LEAST_LINK_BYTES = 64
# How many records are written between two looks at the file's size.
_SIZE_CHECK_EVERY = 500


@dataclass(frozen=True)
class Selection:
    """Which part of the graph to export; all None means the whole graph."""

    event: str | None = None
    bureau: str | None = None
    around: str | None = None
    hops: int = 1

    def describe(self) -> str:
        """Words for the export's description."""
        if self.event:
            return f"event {self.event} and every link touching it"
        if self.bureau:
            return f"bureau {self.bureau}, the departments under it and their links"
        if self.around:
            return f"every entity within {self.hops} links of {self.around}"
        return "the whole graph"


@dataclass(frozen=True)
class ExportSummary:
    """How much an export wrote."""

    nodes: int
    links: int


Progress = Callable[[str, int], None]


CSV_NAMES = ("nodes-*.csv", "links.csv")


def check_output(fmt: Format, path: Path, overwrite: bool = False) -> None:
    """Refuse, with a FileProblem saying what to do, an output that would replace an
    earlier export (unless ``overwrite``) or that is a folder where a file is wanted (or
    the other way round). A missing folder is created."""
    if fmt is Format.CSV:
        if path.is_file():
            raise FileProblem(f"{path} is a file; CSV export writes a folder: give a folder name.")
        earlier = [p.name for pattern in CSV_NAMES for p in path.glob(pattern)]
        if earlier and not overwrite:
            raise FileProblem(
                f"{path} already holds an export ({', '.join(sorted(earlier)[:3])}, ...); "
                "add --overwrite to replace it, or choose another folder."
            )
        path.mkdir(parents=True, exist_ok=True)
        return
    if path.is_dir():
        raise FileProblem(f"{path} is a folder; give a file name, e.g. {path / 'graph.json'}.")
    if path.exists() and not overwrite:
        raise FileProblem(f"{path} exists; add --overwrite to replace it, or choose another name.")
    path.parent.mkdir(parents=True, exist_ok=True)


async def export(
    store: GraphStore,
    fmt: Format,
    path: Path,
    selection: Selection | None = None,
    on_progress: Progress | None = None,
    personal_data: bool = True,
    max_bytes: int | None = None,
) -> ExportSummary:
    """Write the selected part of the graph (default: all of it) to ``path``; without
    ``personal_data``, persons and their links are left out (and not counted), and no
    part is gathered through a person. With ``max_bytes``, an export that would be
    larger stops early with BAD_USER_INPUT (the caller removes the partial file)."""
    selection = selection or Selection()
    progress = on_progress or (lambda *_: None)
    kept = "" if personal_data else " (no personal data)"
    description = f"Collaboration Graph export: {selection.describe()}{kept}."
    budget = _SizeBudget(path, max_bytes)
    if selection.event or selection.bureau or selection.around:
        # select() checks the ids before a file exists
        nodes, links = await select(store, selection, personal_data, budget.most_links)
        writer = _Counted(open_writer(fmt, path, description), personal_data, budget)
        try:
            for count, node in enumerate(nodes, start=1):
                writer.node(node_to_raw(node))
                progress("entities", count)
            for count, link in enumerate(links, start=1):
                writer.link(link_to_raw(link))
                progress("links", count)
        finally:
            writer.close()
        return ExportSummary(writer.nodes, writer.links)
    writer = _Counted(open_writer(fmt, path, description), personal_data, budget)
    try:
        await _stream_all(store, writer.node, writer.link, progress)
    finally:
        writer.close()
    return ExportSummary(writer.nodes, writer.links)


class _SizeBudget:
    """The most an export may write (None: no limit), and the refusal past it."""

    def __init__(self, path: Path, max_bytes: int | None) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self.most_links = None if max_bytes is None else max_bytes // _LEAST_LINK_BYTES

    def check(self) -> None:
        """Refuse if the file written so far is already past the budget."""
        if self.max_bytes is None or not self.path.is_file():
            return
        if self.path.stat().st_size > self.max_bytes:
            raise too_large(self.max_bytes)


def too_large(max_bytes: int) -> GraphApiError:
    """The error for an export larger than ``max_bytes``, saying what to do instead."""
    return bad_input(
        f"The export is larger than this server answers in one request ({max_bytes:,} "
        "bytes): export a part (an event, a bureau, or 'around' with fewer hops), or run "
        "'graph-api export' on the server.",
        argument="format",
    )


class _Counted:
    """A writer that counts what it writes, stops at the size budget and, without
    ``personal_data``, leaves out persons and the links touching them."""

    def __init__(self, writer: RecordWriter, personal_data: bool, budget: _SizeBudget) -> None:
        self.writer = writer
        self.personal_data = personal_data
        self.budget = budget
        self.nodes = self.links = 0

    def _written(self) -> None:
        if (self.nodes + self.links) % _SIZE_CHECK_EVERY == 0:
            self.budget.check()

    def _kept(self, *ids: object) -> bool:
        return self.personal_data or all(kind_of_id(str(i)) is not NodeKind.PERSON for i in ids)

    def node(self, raw: dict[str, object]) -> None:
        """Write an entity, unless it is a person left out."""
        if self._kept(raw["id"]):
            self.writer.node(raw)
            self.nodes += 1
            self._written()

    def link(self, raw: dict[str, object]) -> None:
        """Write a link, unless one of its ends is a person left out."""
        if self._kept(raw["from"], raw["to"]):
            self.writer.link(raw)
            self.links += 1
            self._written()

    def close(self) -> None:
        """Close the file (its last bytes are measured by the caller)."""
        self.writer.close()


async def _stream_all(
    store: GraphStore,
    write_node: Callable[[dict[str, object]], None],
    write_link: Callable[[dict[str, object]], None],
    progress: Progress,
) -> None:
    """Every entity, then every link, a page at a time (the counts feed ``progress``)."""
    nodes = links = 0
    after = ""
    while page := await store.nodes_after(after, PAGE):
        for node in page:
            write_node(node_to_raw(node))
        nodes += len(page)
        after = page[-1].id
        progress("entities", nodes)
    after = ""
    while page := await store.nodes_after(after, PAGE):
        for link in await store.links_touching([node.id for node in page], outgoing_only=True):
            write_link(link_to_raw(link))
            links += 1
        after = page[-1].id
        progress("links", links)


async def _require(store: GraphStore, node_id: str, kind: NodeKind | None) -> None:
    found = (await store.get_nodes([node_id])).get(node_id)
    if found is None:
        raise not_found(kind.value if kind else "entity", node_id)
    if kind is not None and found.kind is not kind:
        raise not_found(kind.value, node_id, found.kind.value)


async def select(
    store: GraphStore,
    selection: Selection,
    personal_data: bool = True,
    most_links: int | None = None,
) -> tuple[list[NodeRecord], list[LinkRecord]]:
    """The entities and links of a part of the graph, sorted (ids; type, from, to).
    Without ``personal_data`` the search never passes through a person (whose links
    would tell what they attended); past ``most_links`` it is refused as too large."""
    if selection.event:
        await _require(store, selection.event, NodeKind.EVENT)
        links = await store.links_touching([selection.event])
    elif selection.bureau:
        await _require(store, selection.bureau, NodeKind.BUREAU)
        core = await _organisation(store, selection.bureau)
        links = await store.links_touching(sorted(core))
    elif selection.around:
        await _require(store, selection.around, None)
        links = await _neighbourhood(
            store, selection.around, selection.hops, personal_data, most_links
        )
    else:
        raise ValueError("select() needs an event, a bureau or an entity to look around")
    ids = {selection.event or selection.bureau or selection.around or ""}
    ids |= {end for link in links for end in (link.from_id, link.to_id)}
    ordered = sorted(ids)
    nodes: list[NodeRecord] = []
    for start in range(0, len(ordered), PAGE):
        found = await store.get_nodes(ordered[start : start + PAGE])
        nodes += [found[node_id] for node_id in ordered[start : start + PAGE] if node_id in found]
    return nodes, sorted(links, key=lambda link: (link.type, link.from_id, link.to_id))


async def _organisation(store: GraphStore, bureau: str) -> set[str]:
    """The bureau and everything under it by PART_OF: departments, units, partner bodies."""
    core, frontier = {bureau}, [bureau]
    while frontier:
        below = {
            link.from_id
            for link in await store.links_touching(frontier)
            if link.type is RelType.PART_OF
            and link.to_id in frontier
            and kind_of_id(link.from_id) in _UNDER_A_BUREAU
        }
        frontier = sorted(below - core)
        core |= below
    return core


async def _neighbourhood(
    store: GraphStore, center: str, hops: int, personal_data: bool, most_links: int | None
) -> list[LinkRecord]:
    """The links among every entity within ``hops`` links of ``center`` (either way);
    without ``personal_data``, persons are neither reached nor passed through."""

    def kept(link: LinkRecord) -> bool:
        return personal_data or NodeKind.PERSON not in (
            kind_of_id(link.from_id),
            kind_of_id(link.to_id),
        )

    def gather(found: list[LinkRecord]) -> None:
        seen.update({(link.type, link.from_id, link.to_id): link for link in found})
        if most_links is not None and len(seen) > most_links:
            raise bad_input(
                f"Everything within {hops} links of {center} is more than this server "
                "exports in one request: ask for fewer hops, or run 'graph-api export' "
                "on the server.",
                argument="hops",
            )

    reached, frontier = {center}, [center]
    seen: dict[tuple[RelType, str, str], LinkRecord] = {}
    for _ in range(hops):
        if not frontier:
            break
        found = [link for link in await store.links_touching(frontier) if kept(link)]
        gather(found)
        ends = {end for link in found for end in (link.from_id, link.to_id)}
        frontier = sorted(ends - reached)
        reached |= ends
    if frontier:  # links among the outermost ring were not fetched yet
        gather([link for link in await store.links_touching(frontier) if kept(link)])
    return [link for link in seen.values() if link.from_id in reached and link.to_id in reached]
