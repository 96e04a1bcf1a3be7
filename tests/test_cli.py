"""The command line: help that teaches, the schema file check, and idempotent seeding."""

from __future__ import annotations

import io
import re
from pathlib import Path

from typer.testing import CliRunner

from graph_api.cli import app
from graph_api.cli.common import make_console
from graph_api.resources import resource_dir
from tests import oracle

runner = CliRunner()


def test_every_command_has_help() -> None:
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0
    for command in ("serve", "seed", "schema", "neo4j"):
        assert command in top.output
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, result.output
        assert len(result.output) > 200


def test_committed_schema_matches_the_code() -> None:
    schema_file = resource_dir("cypher").parent / "schema.graphql"
    result = runner.invoke(app, ["schema", "--check", str(schema_file)])
    assert result.exit_code == 0, result.output


def test_schema_check_fails_on_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "schema.graphql"
    stale.write_text("type Query { old: Int }\n")
    result = runner.invoke(app, ["schema", "--check", str(stale)])
    assert result.exit_code == 1
    assert "out of date" in result.output


def test_seed_twice_into_an_embedded_store(tmp_path: Path) -> None:
    path = str(tmp_path / "graph")
    outputs = []
    for _ in range(2):
        result = runner.invoke(app, ["seed", "--embedded-path", path])
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    total = len(oracle.seed().nodes)
    for output in outputs:
        held = re.search(r"it now holds (\d+) entities", output, re.IGNORECASE)
        assert held is not None, output
        assert int(held.group(1)) == total, output


def test_bad_settings_are_explained() -> None:
    result = runner.invoke(app, ["seed", "--store", "cassandra"])
    assert result.exit_code == 2
    assert "embedded" in result.output
    assert "neo4j" in result.output


def test_ids_print_as_they_are_on_a_colour_terminal() -> None:
    # A run id's random tail is hex, and about one in 43 is all digits: rich's
    # highlighter coloured those as a number, so the id was not one string in the
    # output (a flaky test_import_signals) nor in a coloured log.
    screen = io.StringIO()
    terminal = make_console(file=screen, force_terminal=True, color_system="standard")
    run_id = "20261208T002524Z-99328578"
    terminal.print(f"Import {run_id} (or: graph-api import --undo {run_id})", markup=False)
    terminal.print(f"[red]Nothing undone:[/red] no import run '{run_id}' on 2026-12-08")
    printed = screen.getvalue()
    assert printed.count(run_id) == 3
    assert f"'{run_id}' on 2026-12-08" in printed  # the date is not coloured either
    assert "\x1b[31mNothing undone:" in printed  # markup still colours what it names
