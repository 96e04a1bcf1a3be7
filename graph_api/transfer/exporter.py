"""Export the whole graph, or a part of it, as JSON, JSON lines, CSV or GraphML.

The whole graph is streamed: entities page by page in id order (keyset paging), then
each page's outgoing links, so memory stays flat however large the graph is. A part
(``transfer.selection``) is gathered first, within a budget, and then written.

Every link written has both its ends in the same export, so importing an export into
an empty store gives back exactly the exported graph.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph_api.domain import NodeKind, kind_of_id
from graph_api.domain.validation import link_to_raw, node_to_raw
from graph_api.errors import GraphApiError, bad_input
from graph_api.store.base import GraphStore
from graph_api.transfer.formats import Format, open_writer
from graph_api.transfer.selection import Selection, select
from graph_api.transfer.source import FileProblem, RecordWriter

PAGE = 1_000
# No link is written in fewer bytes than this (in any format), so a part with more
# links than max_bytes / _LEAST_LINK_BYTES is too large before a byte is written.
_LEAST_LINK_BYTES = 64
# How many records are written between two looks at the file's size.
_SIZE_CHECK_EVERY = 500


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
    larger stops with BAD_USER_INPUT, early or once written (the caller removes the
    file)."""
    selection = selection or Selection()
    progress = on_progress or (lambda *_: None)
    kept = "" if personal_data else " (no personal data)"
    description = f"Collaboration Graph export: {selection.describe()}{kept}."
    budget = _SizeBudget(path, max_bytes)
    part = None
    if selection.event or selection.bureau or selection.around:
        # Gathered before the file exists: an unknown id leaves nothing behind.
        part = await select(store, selection, personal_data, budget.most_links)
    writer = _Counted(open_writer(fmt, path, description), personal_data, budget)
    try:
        if part is None:
            await _stream_all(store, writer.node, writer.link, progress)
        else:
            nodes, links = part
            for count, node in enumerate(nodes, start=1):
                writer.node(node_to_raw(node))
                progress("entities", count)
            for count, link in enumerate(links, start=1):
                writer.link(link_to_raw(link))
                progress("links", count)
    finally:
        writer.close()
    budget.check()  # the last records, written after the last look
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
            raise _too_large(self.max_bytes)


def _too_large(max_bytes: int) -> GraphApiError:
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
        """Close the file."""
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
