"""Which part of the graph an export holds, gathered from the store (it is small):

- ``event``: the event, every link touching it and the entities at their other ends;
- ``bureau``: the bureau, the departments and units under it (following PART_OF down),
  the partner bodies they run, every link touching any of these and the other ends;
- ``around`` with ``hops``: every entity within that many links of one entity, and
  every link between two of them.

Every link gathered has both its ends in the part.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph_api.domain import LinkRecord, NodeKind, NodeRecord, RelType, kind_of_id
from graph_api.errors import bad_input, not_found
from graph_api.store.base import GraphStore

PAGE = 1_000
_UNDER_A_BUREAU = (NodeKind.DEPARTMENT, NodeKind.PARTNER_BODY)


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
    if frontier:  # links among the outermost ring were not fetched yet; only those count
        inside = [
            link
            for link in await store.links_touching(frontier)
            if kept(link) and link.from_id in reached and link.to_id in reached
        ]
        gather(inside)
    return [link for link in seen.values() if link.from_id in reached and link.to_id in reached]
