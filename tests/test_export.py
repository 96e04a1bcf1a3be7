"""Export on both stores: every format imports back into an empty store as the same graph,
filtered exports hold exactly their part, GraphML is GraphML as Gephi and yEd read it,
and the command line."""

from __future__ import annotations

import codecs
import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

from graph_api.cli import app
from graph_api.domain import LinkRecord, NodeKind, NodeRecord, RelType
from graph_api.errors import GraphApiError
from graph_api.resources import resource_dir
from graph_api.seeding import seed_store
from graph_api.store.base import GraphStore
from graph_api.transfer import exporter
from graph_api.transfer.exporter import export
from graph_api.transfer.formats import Format
from graph_api.transfer.importer import ImportOptions, import_files
from graph_api.transfer.report import RowAction
from graph_api.transfer.selection import Selection, select
from tests import oracle
from tests.editing_support import SOURCE, load_base

pytestmark = pytest.mark.neo4j

# The documented import examples: entities and links added to the seed graph.
EXAMPLES = resource_dir("cypher").parent / "docs" / "import-examples"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
TARGETS = {
    Format.JSON: "graph.json",
    Format.JSONL: "graph.jsonl",
    Format.CSV: "graph-csv",  # a folder
    Format.GRAPHML: "graph.graphml",
}
# Text every format must carry through unharmed: separators, quotes, markup, new lines.
AWKWARD = NodeRecord(
    id="enterprise:awkward",
    kind=NodeKind.ENTERPRISE,
    name_en='Ampersand & <Co> "Quoted", Ltd',
    name_zh="古怪科技有限公司",
    aliases=("A;B", "C, D", "[not json"),
    description="line one\nline two, with ] and }",
    source=f"{SOURCE}?a=1&b=<2>",
    sample=True,
    properties={"origin": "OVERSEAS", "founded": "2001"},
)
AWKWARD_LINK = LinkRecord(
    RelType.PILOTED,
    "department:bd",
    "enterprise:awkward",
    source=SOURCE,
    date=dt.date(2024, 1, 2),
    sample=True,
    properties={"project": 'Trial "one", <two>', "evidence": "INFERRED", "confidence": 0.35},
)


async def _graph(store: GraphStore) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every entity and link as flat rows, in the store's order (by id; by type, from, to)."""
    nodes, links = await store.export_graph()
    return [node.to_row() for node in nodes], [
        {**link.to_row(), "type": link.type.value} for link in links
    ]


def _ids(nodes: list[NodeRecord]) -> set[str]:
    return {node.id for node in nodes}


def _keys(links: list[LinkRecord]) -> set[tuple[str, str, str]]:
    return {(link.type.value, link.from_id, link.to_id) for link in links}


@pytest.mark.parametrize("fmt", list(TARGETS), ids=str)
async def test_an_export_imports_back_as_the_same_graph(
    empty_store: GraphStore, fmt: Format, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await seed_store(empty_store, on_progress=lambda _: None)
    await empty_store.upsert([AWKWARD], [AWKWARD_LINK])
    # Audit records are in the store too (a mutation's); they are not part of the graph.
    await import_files(empty_store, [EXAMPLES])
    monkeypatch.setattr(exporter, "PAGE", 40)  # several keyset pages of entities
    before = await _graph(empty_store)
    assert len(before[0]) > 5 * exporter.PAGE
    target = tmp_path / TARGETS[fmt]
    progress: list[tuple[str, int]] = []
    summary = await export(empty_store, fmt, target, on_progress=lambda *p: progress.append(p))
    assert (summary.nodes, summary.links) == (len(before[0]), len(before[1]))
    assert progress[-1] == ("links", summary.links)

    await empty_store.clear()
    imported = await import_files(empty_store, [target])
    assert imported.counts[RowAction.CREATED] == summary.nodes + summary.links
    assert imported.counts[RowAction.REJECTED] == 0
    assert await _graph(empty_store) == before


async def test_the_parts_of_the_small_graph(empty_store: GraphStore) -> None:
    await load_base(empty_store)
    nodes, links = await select(empty_store, Selection(event="event:tf-20"))
    assert _ids(nodes) == {"event:tf-20", "partner:smart-lab", "enterprise:acme",
                           "enterprise:acme-hk"}  # fmt: skip
    assert _keys(links) == {
        ("ORGANISED", "partner:smart-lab", "event:tf-20"),
        ("ATTENDED", "enterprise:acme", "event:tf-20"),
        ("ATTENDED", "enterprise:acme-hk", "event:tf-20"),
    }
    # The bureau, the department under it, the partner body under that, and their links;
    # not department:bd, which belongs to no bureau here.
    nodes, links = await select(empty_store, Selection(bureau="bureau:itib"))
    assert _ids(nodes) == {"bureau:itib", "department:dpo", "partner:smart-lab",
                           "event:tf-20", "enterprise:acme-hk"}  # fmt: skip
    assert _keys(links) == {
        ("PART_OF", "department:dpo", "bureau:itib"),
        ("PART_OF", "partner:smart-lab", "department:dpo"),
        ("ORGANISED", "partner:smart-lab", "event:tf-20"),
        ("PILOTED", "department:dpo", "enterprise:acme-hk"),
    }
    nodes, links = await select(empty_store, Selection(around="enterprise:acme", hops=1))
    assert _ids(nodes) == {"enterprise:acme", "event:tf-20", "technology:ai"}
    assert _keys(links) == {
        ("ATTENDED", "enterprise:acme", "event:tf-20"),
        ("OFFERS", "enterprise:acme", "technology:ai"),
    }
    nodes, links = await select(empty_store, Selection(around="enterprise:acme", hops=2))
    assert _ids(nodes) == {"enterprise:acme", "event:tf-20", "technology:ai",
                           "partner:smart-lab", "enterprise:acme-hk", "technology:cv"}  # fmt: skip
    # Every link among those six, and none leaving them (dpo, ws-1 are three hops away).
    assert _keys(links) == {
        ("ATTENDED", "enterprise:acme", "event:tf-20"),
        ("OFFERS", "enterprise:acme", "technology:ai"),
        ("ORGANISED", "partner:smart-lab", "event:tf-20"),
        ("ATTENDED", "enterprise:acme-hk", "event:tf-20"),
        ("PART_OF", "technology:cv", "technology:ai"),
        ("OFFERS", "enterprise:acme-hk", "technology:cv"),
    }


async def test_one_event_of_the_seed_graph_matches_the_oracle(seeded_store: GraphStore) -> None:
    nodes, links = await select(seeded_store, Selection(event="event:tf-19"))
    expected = {
        (link.type.value, link.from_id, link.to_id)
        for link in oracle.seed().links
        if "event:tf-19" in (link.from_id, link.to_id)
    }
    assert _keys(links) == expected
    assert len(expected) > 40  # the 19th forum: 40+ departments, 12 Mainland firms, ...
    assert _ids(nodes) == {end for _, *ends in expected for end in ends}
    assert {"department:archsd", "event:tf-19"} <= _ids(nodes)
    assert [node.id for node in nodes] == sorted(_ids(nodes))


async def test_a_bureau_of_the_seed_graph_is_everything_under_it(seeded_store: GraphStore) -> None:
    seed = oracle.seed()
    under = {"bureau:devb"}
    while True:  # PART_OF downwards, as a plain fixed point over the seed file
        more = {
            link.from_id
            for link in seed.links
            if link.type is RelType.PART_OF
            and link.to_id in under
            and not link.from_id.startswith("technology:")
        }
        if more <= under:
            break
        under |= more
    nodes, links = await select(seeded_store, Selection(bureau="bureau:devb"))
    assert {"department:archsd", "department:bd"} <= under
    assert _keys(links) == {
        (link.type.value, link.from_id, link.to_id)
        for link in seed.links
        if link.from_id in under or link.to_id in under
    }
    assert under <= _ids(nodes)
    assert not {node for node in _ids(nodes) if node.startswith("bureau:")} - {"bureau:devb"}


async def test_a_filtered_export_round_trips_and_unknown_ids_write_nothing(
    seeded_store: GraphStore, tmp_path: Path
) -> None:
    target = tmp_path / "part.graphml"
    selection = Selection(around="department:archsd", hops=1)
    summary = await export(seeded_store, Format.GRAPHML, target, selection)
    nodes, links = await select(seeded_store, selection)
    graph = nx.read_graphml(target)
    assert set(graph.nodes) == _ids(nodes)
    assert {"department:archsd", "bureau:devb"} <= set(graph.nodes)
    assert (summary.nodes, summary.links) == (len(nodes), graph.number_of_edges())
    assert {(data["rel_type"], a, b) for a, b, data in graph.edges(data=True)} == _keys(links)
    wrong_ids = [
        Selection(event="event:nowhere"),
        Selection(event="bureau:devb"),
        Selection(bureau="department:archsd"),
        Selection(around="enterprise:x"),
    ]
    for wrong in wrong_ids:
        missing = tmp_path / "missing.json"
        with pytest.raises(GraphApiError) as failure:
            await export(seeded_store, Format.JSON, missing, wrong)
        assert failure.value.code.value == "NOT_FOUND"
        assert not missing.exists()


async def test_graphml_is_what_gephi_and_yed_read(seeded_store: GraphStore, tmp_path: Path) -> None:
    target = tmp_path / "graph.graphml"
    summary = await export(seeded_store, Format.GRAPHML, target)
    root = ET.parse(target).getroot()  # noqa: S314 (a file this test wrote)
    assert root.tag == f"{GRAPHML}graphml"
    children = [child.tag.removeprefix(GRAPHML) for child in root]
    assert children[-1] == "graph"  # keys are declared before the graph that uses them
    assert set(children[:-1]) == {"desc", "key"}
    keys = {key.get("id"): key for key in root.iter(f"{GRAPHML}key")}
    for key in keys.values():
        assert key.get("for") in ("node", "edge")
        assert key.get("attr.type") in ("string", "boolean", "int", "long", "float", "double")
        assert key.get("attr.name")
    graph = root.find(f"{GRAPHML}graph")
    assert graph is not None
    assert graph.get("edgedefault") == "directed"
    node_ids = [node.get("id") for node in graph.iter(f"{GRAPHML}node")]
    edges = list(graph.iter(f"{GRAPHML}edge"))
    assert len(set(node_ids)) == len(node_ids) == summary.nodes
    assert len({edge.get("id") for edge in edges}) == len(edges) == summary.links
    assert all({edge.get("source"), edge.get("target")} <= set(node_ids) for edge in edges)
    for element in [*graph.iter(f"{GRAPHML}node"), *edges]:
        used = [data.get("key") for data in element.iter(f"{GRAPHML}data")]
        assert "label" in used or "e_label" in used  # what Gephi and yEd show
        for key_id in used:
            assert keys[key_id].get("for") == element.tag.removeprefix(GRAPHML)

    typed = nx.read_graphml(target)  # networkx checks the keys and converts by attr.type
    assert typed.number_of_nodes() == summary.nodes
    assert typed.number_of_edges() == summary.links
    forum = typed.nodes["event:tf-19"]
    assert (forum["label"], forum["kind"], forum["number"]) == (
        "19th Technology Forum",
        "Event",
        19,
    )
    assert forum["sample"] is False
    edge = next(iter(typed.get_edge_data("department:archsd", "event:tf-19").values()))
    assert (edge["label"], edge["rel_type"]) == ("ATTENDED", "ATTENDED")
    assert isinstance(edge["confidence"], float)


def test_the_export_command(tmp_path: Path) -> None:
    runner = CliRunner()
    help_text = runner.invoke(app, ["export", "--help"]).output
    for option in ("--format", "--output", "--event", "--bureau", "--around", "--hops"):
        assert option in help_text
    assert "json|jsonl|csv|graphml" in help_text
    path = str(tmp_path / "graph")
    seeded = runner.invoke(app, ["seed", "--embedded-path", path])
    assert seeded.exit_code == 0, (seeded.output, seeded.exception)
    out = tmp_path / "tf19.graphml"
    args = ["export", "--embedded-path", path, "-f", "graphml", "--event", "event:tf-19"]
    done = runner.invoke(app, [*args, "-o", str(out)])
    assert done.exit_code == 0, done.output
    graph = nx.read_graphml(out)
    assert "event:tf-19" in graph
    assert f"Wrote {graph.number_of_nodes()} entities and {graph.number_of_edges()} links" in (
        done.output
    )
    both = runner.invoke(app, [*args, "--bureau", "bureau:devb", "-o", str(out)])
    assert both.exit_code == 2
    assert "Choose one of" in both.output
    unknown = ["export", "--embedded-path", path, "--event", "event:nowhere", "-o", "x.json"]
    missing = runner.invoke(app, unknown)
    assert missing.exit_code == 1
    assert "NOT_FOUND" in missing.output


async def test_csv_opens_in_excel_with_its_chinese(
    seeded_store: GraphStore, tmp_path: Path
) -> None:
    await export(seeded_store, Format.CSV, tmp_path / "csv")
    data = (tmp_path / "csv" / "nodes-department.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the mark Excel needs to read UTF-8
    assert "數字政策辦公室" in data.decode("utf-8-sig")
    # Every file of the folder, links too, starts with one mark, never two.
    files = sorted((tmp_path / "csv").glob("*.csv"))
    assert {f.name for f in files} >= {"links.csv", "nodes-department.csv"}
    for file in files:
        raw = file.read_bytes()
        assert raw.startswith(codecs.BOM_UTF8), file.name
        assert not raw[len(codecs.BOM_UTF8) :].startswith(codecs.BOM_UTF8), file.name
    # The mark is no part of the first column's name when imported back.
    dry = ImportOptions(dry_run=True)
    summary = await import_files(seeded_store, [tmp_path / "csv"], dry)
    assert summary.counts[RowAction.UNCHANGED] > 0
    assert summary.counts[RowAction.REJECTED] == 0
    assert summary.counts[RowAction.CREATED] == summary.counts[RowAction.UPDATED] == 0


@pytest.fixture
def cli_store(
    seeded_store: GraphStore, request: pytest.FixtureRequest, tmp_path: Path
) -> tuple[list[str], dict[str, str]]:
    """The CLI's store options and environment for the seed graph on each store: a
    seeded embedded file, or the test Neo4j."""
    if seeded_store.backend == "embedded":
        path = str(tmp_path / "graph")
        assert CliRunner().invoke(app, ["seed", "--embedded-path", path]).exit_code == 0
        return ["--embedded-path", path], {}
    server = request.getfixturevalue("neo4j_server")
    return ["--store", "neo4j"], {
        "NEO4J_URI": server.uri,
        "NEO4J_USER": server.user,
        "NEO4J_PASSWORD": server.password,
    }


def test_an_export_does_not_replace_an_earlier_one_unless_asked(
    cli_store: tuple[list[str], dict[str, str]], tmp_path: Path
) -> None:
    runner = CliRunner()
    store_args, env = cli_store
    for fmt, target in (
        ("jsonl", tmp_path / "new" / "folder" / "g.jsonl"),
        ("csv", tmp_path / "c"),
    ):
        args = ["export", *store_args, "-f", fmt, "-o", str(target)]
        first = runner.invoke(app, args, env=env)  # a missing folder is made
        assert first.exit_code == 0, first.output
        again = runner.invoke(app, args, env=env)
        assert again.exit_code == 1
        assert "--overwrite" in again.output
        assert "Traceback" not in again.output
        assert runner.invoke(app, [*args, "--overwrite"], env=env).exit_code == 0
    folder = runner.invoke(app, ["export", *store_args, "-o", str(tmp_path)], env=env)
    assert folder.exit_code == 1
    assert "is a folder; give a file name" in folder.output
