"""The ``graph-api`` command line: serve the API, seed a store, print the schema, run Neo4j,
import, export and generate data, back up and restore a store, and manage API keys.

Every option can also come from the environment (see ``graph_api.config.Settings``);
a flag given on the command line wins. The commands live in one module per job; they are
registered here, in the order ``graph-api --help`` lists them.
"""

from __future__ import annotations

import typer

from graph_api.cli.backup import backup_command, restore_command
from graph_api.cli.export import export_command
from graph_api.cli.generate import generate_command
from graph_api.cli.keys import keys_app
from graph_api.cli.store_commands import schema, seed_command, serve
from graph_api.cli.transfer import import_command
from graph_api.neo4j_local.cli import neo4j_app

__all__ = ["app"]

app = typer.Typer(
    help="Collaboration Graph: a GraphQL knowledge graph of how Hong Kong's public sector "
    "meets the I&T industry.\n\nStart with 'graph-api serve' (embedded store, seed data "
    "loaded, GraphiQL at http://127.0.0.1:8000/graphql).",
    no_args_is_help=True,
    rich_markup_mode=None,
)

app.command()(serve)
app.command("seed")(seed_command)
app.command()(schema)
app.add_typer(neo4j_app, name="neo4j", help="Run a local Neo4j 5.26 for development.")
# Keeping the graph current (issue #5).
app.command("import")(import_command)
app.command("export")(export_command)
app.command("generate")(generate_command)
app.command("backup")(backup_command)
app.command("restore")(restore_command)
app.add_typer(keys_app, name="keys")
