"""The benchmark harnesses in bench/ and their workloads stay honest and runnable.

Every GraphQL workload has a hand-written Cypher twin; each runs through the API on
both stores without errors; each Cypher twin, run raw on the test Neo4j, answers with
the same ids as the API (so the baseline asks the same question); both harnesses'
``--help`` works; and both measurement cores run at a tiny size (no BENCHMARKS.md is
written).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import neo4j
import pytest

from bench import _import_baselines, _import_measure, import_rate, query_latency
from bench._report import percentile, write_section
from graph_api.generate.scale import ScaleSpec
from graph_api.seeding import seed_store
from graph_api.store.base import GraphStore
from graph_api.store.embedded_store import EmbeddedStore
from graph_api.transfer.importer import ImportOptions, import_files
from tests.conftest import Neo4jServer
from tests.gql_client import gql

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parent.parent
WORKLOADS = ROOT / "bench" / "workloads"
GRAPHQL = sorted(WORKLOADS.glob("*.graphql"))
CYPHER = sorted(WORKLOADS.glob("*.cypher"))
TEXTS = {path: path.read_text(encoding="utf-8") for path in GRAPHQL + CYPHER}
BASELINE_PREFIX = "baseline_import_"  # used by import_rate.py, no GraphQL twin


def _name(path: Path) -> str:
    return path.name


def test_there_are_workloads() -> None:
    assert len(GRAPHQL) >= 4


@pytest.mark.parametrize("path", GRAPHQL, ids=_name)
def test_every_graphql_workload_has_its_cypher(path: Path) -> None:
    assert path.with_suffix(".cypher").is_file(), f"{path.name} has no .cypher twin"


@pytest.mark.parametrize("path", CYPHER, ids=_name)
def test_every_cypher_file_is_a_workload_or_an_import_baseline(path: Path) -> None:
    assert path.with_suffix(".graphql").is_file() or path.name.startswith(BASELINE_PREFIX), (
        f"{path.name}: a .cypher without a .graphql twin must be named {BASELINE_PREFIX}*"
    )


def test_workload_loader_pairs_the_files() -> None:
    loaded = query_latency.workloads()
    assert [w.name for w in loaded] == [p.stem for p in GRAPHQL]
    assert all(w.graphql.strip() and w.cypher.strip() for w in loaded)


@pytest.mark.parametrize("path", GRAPHQL, ids=_name)
async def test_workload_runs_through_the_api(api: httpx.AsyncClient, path: Path) -> None:
    body = await gql(api, TEXTS[path])
    assert "errors" not in body, body.get("errors")
    assert body["data"], path.name


@pytest.mark.parametrize("seeded_store", ["neo4j"], indirect=True)
@pytest.mark.parametrize("path", GRAPHQL, ids=_name)
async def test_raw_cypher_asks_the_same_question(
    api: httpx.AsyncClient, neo4j_server: Neo4jServer, path: Path
) -> None:
    body = await gql(api, TEXTS[path])
    assert "errors" not in body, body.get("errors")
    auth = (neo4j_server.user, neo4j_server.password)
    async with neo4j.AsyncGraphDatabase.driver(neo4j_server.uri, auth=auth) as driver:
        records, _, _ = await driver.execute_query(
            TEXTS[path.with_suffix(".cypher")],
            routing_=neo4j.RoutingControl.READ,
        )
    api_ids = query_latency.id_counts(body["data"])
    raw_ids = query_latency.id_counts([record.data() for record in records])
    assert raw_ids.total() == api_ids.total(), (
        f"{path.stem}: the API answer holds {api_ids.total()} ids, the raw Cypher {raw_ids.total()}"
    )


def test_id_counts_reads_graphql_and_cypher_shapes() -> None:
    graphql = {"edges": [{"node": {"id": "a", "bureau": {"id": "b"}}}, {"node": None}]}
    cypher = [{"n.id": "a", "b.id": "b", "x": [{"id": None}]}]
    assert query_latency.id_counts(graphql) == query_latency.id_counts(cypher)
    assert query_latency.id_counts(graphql).total() == 2


def test_percentile_is_nearest_rank() -> None:
    samples = [float(n) for n in range(1, 101)]
    assert percentile(samples, 0.95) == 95.0
    assert percentile([3.0], 0.95) == 3.0


def test_a_section_is_replaced_and_the_rest_kept(tmp_path: Path) -> None:
    output = tmp_path / "BENCHMARKS.md"
    write_section(output, "one", "## One", "first")
    write_section(output, "two", "## Two", "second")
    output.write_text(output.read_text(encoding="utf-8") + "\nhand-written notes\n")
    write_section(output, "one", "## One", "replaced")
    text = output.read_text(encoding="utf-8")
    assert "first" not in text
    assert text.count("<!-- one:start -->") == 1
    assert text.index("replaced") < text.index("second") < text.index("hand-written notes")
    assert text.startswith("# Benchmarks")


@pytest.mark.parametrize("script", ["query_latency.py", "import_rate.py"])
def test_harness_help(script: str) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "--repeat" in done.stdout
    assert "--no-write" in done.stdout


@pytest.mark.parametrize("seeded_store", ["neo4j"], indirect=True)
async def test_query_latency_measures_at_a_tiny_size(
    seeded_store: GraphStore, neo4j_server: Neo4jServer
) -> None:
    auth = (neo4j_server.user, neo4j_server.password)
    timed = query_latency.TimedNeo4jStore(neo4j_server.uri, *auth)
    embedded = EmbeddedStore()
    chosen = [w for w in query_latency.workloads() if w.name in ("ping", "department_page")]
    await timed.connect()
    await embedded.connect()
    try:
        await seed_store(embedded, on_progress=lambda _: None)
        async with neo4j.AsyncGraphDatabase.driver(neo4j_server.uri, auth=auth) as driver:
            rows = await query_latency.measure(timed, embedded, driver, 2, 1, chosen)
    finally:
        await timed.close()
        await embedded.close()
    assert [row.name for row in rows] == ["department_page", "ping"]
    page = rows[0]
    assert page.ids > 50  # 50 departments and their bureaux
    assert all(len(samples) == 2 for samples in page.by_path.values())
    assert page.round_trips >= 1
    assert rows[1].round_trips == 0
    results = query_latency.Results(rows, 1, 1, 2, 1)
    text = query_latency.report(results, "5.x", "load: test", "command")
    assert "| department_page | " in text
    assert "API ÷ raw" in text


@pytest.mark.parametrize("empty_store", ["neo4j"], indirect=True)
async def test_import_rate_measures_at_a_tiny_size(
    empty_store: GraphStore, neo4j_server: Neo4jServer, tmp_path: Path
) -> None:
    spec = ScaleSpec(departments=3, enterprises=6, events=2, technologies=20, seed=7)
    data = _import_measure.generate(spec, tmp_path / "data")
    assert data.rows > data.entities > 0
    auth = (neo4j_server.user, neo4j_server.password)
    contenders = list(_import_measure.CONTENDERS)
    results = await _import_measure.measure(
        neo4j_server.uri, auth, data, tmp_path, contenders, repeat=1, batch=50
    )
    assert sorted(results) == sorted(contenders)
    assert all(len(times) == 1 and times[0] > 0 for times in results.values())
    text = import_rate.report("tiny", data, 50, results, "5.x", "load: test", "command")
    assert "graph-api import ÷ raw UNWIND baseline" in text
    assert "graph-api import ÷ raw UNWIND with the same change records" in text
    assert sum((await empty_store.count_nodes()).values()) == 0  # left empty


@pytest.mark.parametrize("empty_store", ["neo4j"], indirect=True)
async def test_the_audited_baseline_writes_the_importers_change_records(
    empty_store: GraphStore, neo4j_server: Neo4jServer, tmp_path: Path
) -> None:
    """The audited baseline is a fair floor only if it writes what the importer writes: a
    change record per row with the same properties, and entities with the same ones."""
    spec = ScaleSpec(departments=2, enterprises=4, events=2, technologies=10, seed=3)
    data = _import_measure.generate(spec, tmp_path / "data")
    rows = _import_baselines.parse_rows(data.files)
    auth = (neo4j_server.user, neo4j_server.password)
    count = """MATCH (c:Change) WITH count(c) AS n, collect(DISTINCT keys(c)) AS shapes
               MATCH (e:Entity) RETURN n, shapes, collect(DISTINCT keys(e)) AS entities"""
    async with neo4j.AsyncGraphDatabase.driver(neo4j_server.uri, auth=auth) as driver:
        await _import_baselines.write_audited(driver, rows, batch=7)
        audited = _written(await driver.execute_query(count))
        await empty_store.clear()
        options = ImportOptions("bench", batch_size=7)
        await import_files(empty_store, [data.files], options)
        imported = _written(await driver.execute_query(count))
    assert audited[0] == data.rows
    assert audited == imported


def _written(answer: neo4j.EagerResult) -> tuple[int, set[frozenset[str]], set[frozenset[str]]]:
    """How many change records, and the sets of properties of the change records and of
    the entities written."""
    record = answer.records[0]
    change_shapes = {frozenset(keys) for keys in record["shapes"]}
    return record["n"], change_shapes, {frozenset(keys) for keys in record["entities"]}
