"""The scale generator: reproducible from its seed, all sample data, skewed like the real
thing (a few big forums, many small workshops; popular and rare technologies), importable
as it comes, and streamed (memory does not grow with the number of links).

A million links (``--departments 500 --enterprises 50000 --events 22000``) is checked by
hand, not here: it takes about 13 s and under 100 MB (see the README).
"""

from __future__ import annotations

import csv
import statistics
import tracemalloc
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph_api.cli import app
from graph_api.domain import EventType, NodeKind, RelType
from graph_api.generate.scale import ScaleSpec, ScaleSummary, generate_scale
from graph_api.store.base import GraphStore
from graph_api.transfer.formats import Format, open_writer
from graph_api.transfer.importer import import_files
from graph_api.transfer.report import RowAction

pytestmark = pytest.mark.neo4j

SMALL = ["--departments", "12", "--enterprises", "150", "--events", "30"]


def _generate(spec: ScaleSpec, target: Path, fmt: Format = Format.CSV) -> ScaleSummary:
    writer = open_writer(fmt, target, "test")
    try:
        return generate_scale(spec, writer)
    finally:
        writer.close()


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_the_same_seed_makes_the_same_files(tmp_path: Path) -> None:
    runner = CliRunner()
    outputs = {}
    for name, seed, fmt in (("a", "7", "csv"), ("b", "7", "csv"), ("c", "8", "csv"),
                            ("a.json", "7", "json"), ("b.json", "7", "json")):  # fmt: skip
        target = tmp_path / name
        args = ["generate", *SMALL, "--seed", seed, "--format", fmt, "-o", str(target)]
        done = runner.invoke(app, args)
        assert done.exit_code == 0, done.output
        assert "links (" in done.output
        outputs[name] = _files(target) if target.is_dir() else {name: target.read_bytes()}
    assert set(outputs["a"]) == {"links.csv", "nodes-bureau.csv", "nodes-department.csv",
                                 "nodes-enterprise.csv", "nodes-event.csv", "nodes-partner.csv",
                                 "nodes-technology.csv"}  # fmt: skip
    assert outputs["a"] == outputs["b"]  # byte for byte
    assert outputs["a"]["links.csv"] != outputs["c"]["links.csv"]  # another seed, another graph
    assert outputs["a.json"]["a.json"] == outputs["b.json"]["b.json"]


# The embedded store only: importing into Neo4j is covered by test_import.py, and this
# much (~1,500 rows, twice) takes ~20 s there on a busy two-core machine.
@pytest.mark.parametrize("empty_store", ["embedded"], indirect=True)
async def test_the_output_imports_cleanly_and_is_all_sample(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    spec = ScaleSpec(departments=12, enterprises=150, events=30, seed=11)
    summary = _generate(spec, tmp_path / "scale")
    imported = await import_files(empty_store, [tmp_path / "scale"])
    assert imported.counts[RowAction.REJECTED] == 0
    assert imported.counts[RowAction.CREATED] == summary.nodes.total() + summary.links.total()
    counts = await empty_store.count_nodes()
    assert {kind: counts[kind] for kind in summary.nodes} == dict(summary.nodes)
    assert summary.nodes[NodeKind.DEPARTMENT] == 12
    assert summary.nodes[NodeKind.ENTERPRISE] == 150
    assert summary.nodes[NodeKind.EVENT] == 30
    links = await empty_store.count_links()
    assert {rel: links[rel] for rel in summary.links} == dict(summary.links)
    nodes, stored_links = await empty_store.export_graph()
    assert all(node.sample for node in nodes)
    assert all(link.sample for link in stored_links)
    assert {node.source for node in nodes} == {"synthetic scale data (graph-api generate, seed 11)"}
    again = await import_files(empty_store, [tmp_path / "scale"])
    assert again.counts[RowAction.UNCHANGED] == imported.counts[RowAction.CREATED]


def test_a_few_big_forums_many_small_workshops_popular_and_rare_technologies(
    tmp_path: Path,
) -> None:
    spec = ScaleSpec(departments=40, enterprises=600, events=100, seed=2019)
    _generate(spec, tmp_path)
    # Written for Excel: UTF-8 with a byte-order mark.
    with (tmp_path / "nodes-event.csv").open(encoding="utf-8-sig") as handle:
        kinds = {row["id"]: EventType(row["event_type"]) for row in csv.DictReader(handle)}
    attendance: Counter[str] = Counter()
    offers: Counter[str] = Counter()
    with (tmp_path / "links.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if row["type"] == RelType.ATTENDED.value:
                attendance[row["to"]] += 1
            elif row["type"] == RelType.OFFERS.value:
                offers[row["to"]] += 1
    forums = [attendance[e] for e, kind in kinds.items() if kind is EventType.TECHNOLOGY_FORUM]
    workshops = [attendance[e] for e, kind in kinds.items() if kind is EventType.WORKSHOP]
    assert 1 <= len(forums) <= 10  # a few forums ...
    assert len(workshops) >= 70  # ... and many workshops
    assert min(forums) > max(workshops)  # every forum outdraws every workshop
    assert max(workshops) <= 30
    sizes = sorted(attendance.values(), reverse=True)
    assert sum(sizes[:5]) >= 0.3 * sum(sizes)  # the biggest 5% of events: ~40% of attendance
    assert sizes[0] >= 10 * statistics.median(sizes)
    supply = sorted(offers.values(), reverse=True)
    assert supply[0] >= 10 * statistics.median(supply)  # one popular technology ...
    assert sum(count <= 3 for count in supply) >= 10  # ... and a long tail of rare ones


def _peak(spec: ScaleSpec, target: Path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        summary = _generate(spec, target)
        return tracemalloc.get_traced_memory()[1], summary.links.total()
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_as_the_graph_grows(tmp_path: Path) -> None:
    """Links are written as they are made: eight times the events, about five times the
    links, and the peak grows only by what the extra events themselves take."""
    _generate(ScaleSpec(departments=5, enterprises=20, events=2), tmp_path / "warm-up")
    base = {"departments": 30, "enterprises": 1_000}
    small_peak, small_links = _peak(ScaleSpec(**base, events=100), tmp_path / "small")
    large_peak, large_links = _peak(ScaleSpec(**base, events=800), tmp_path / "large")
    assert large_links >= 4 * small_links
    assert large_peak < 1.5 * small_peak, (small_peak, large_peak)


def test_the_generate_command_explains_itself_and_refuses_bad_sizes(tmp_path: Path) -> None:
    runner = CliRunner()
    help_text = runner.invoke(app, ["generate", "--help"]).output
    for option in ("--departments", "--enterprises", "--events", "--technologies", "--seed",
                   "--format", "--output", "a million links"):  # fmt: skip
        assert option in help_text
    refused = runner.invoke(app, ["generate", "--events", "0", "-o", str(tmp_path / "x")])
    assert refused.exit_code == 2
    assert "--events must be at least 1" in refused.output
    assert not (tmp_path / "x").exists()


def test_generate_makes_a_missing_folder_and_keeps_earlier_files(tmp_path: Path) -> None:
    runner = CliRunner()
    output = tmp_path / "new" / "folder" / "graph.jsonl"
    small = ["generate", "--departments", "3", "--enterprises", "20", "--events", "5"]
    made = runner.invoke(app, [*small, "-f", "jsonl", "-o", str(output)])
    assert made.exit_code == 0, made.output
    assert output.read_text(encoding="utf-8").count("\n") > 20
    again = runner.invoke(app, [*small, "-f", "jsonl", "-o", str(output)])
    assert again.exit_code == 1
    assert "--overwrite" in again.output
    replaced = runner.invoke(app, [*small, "-f", "jsonl", "-o", str(output), "--overwrite"])
    assert replaced.exit_code == 0, replaced.output
