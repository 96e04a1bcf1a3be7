"""The ``graph-api`` command line: serve the API, seed a store, print the schema, run Neo4j.

Every option can also come from the environment (see ``graph_api.config.Settings``);
a flag given on the command line wins.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console

from graph_api.config import Settings, StoreKind
from graph_api.errors import GraphApiError

app = typer.Typer(
    help="Collaboration Graph: a GraphQL knowledge graph of how Hong Kong's public sector "
    "meets the I&T industry.\n\nStart with 'graph-api serve' (embedded store, seed data "
    "loaded, GraphiQL at http://127.0.0.1:8000/graphql).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
console = Console(stderr=True, soft_wrap=True)

StoreOption = Annotated[
    StoreKind | None,
    typer.Option(
        "--store",
        help="Which store to use: 'embedded' (default; no server, data under "
        "--embedded-path) or 'neo4j' (set NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD). "
        "Env: GRAPH_API_STORE.",
    ),
]
EmbeddedPathOption = Annotated[
    str | None,
    typer.Option(
        "--embedded-path",
        help="Folder of the embedded store (default .graph_api/embedded-graph; ':memory:' "
        "for a throw-away one). Env: GRAPH_API_EMBEDDED_PATH.",
    ),
]


def _settings(**overrides: Any) -> Settings:
    try:
        return Settings(**{key: value for key, value in overrides.items() if value is not None})
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']}"
            for item in error.errors()
        )
        console.print(f"[red]Invalid settings:[/red] {problems}")
        raise typer.Exit(2) from None


def _fail(error: GraphApiError) -> typer.Exit:
    console.print(f"[red]{error.code.value}:[/red] {error.message}")
    return typer.Exit(1)


@app.command()
def serve(
    store: StoreOption = None,
    embedded_path: EmbeddedPathOption = None,
    host: Annotated[
        str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (default 8000).")] = None,
    seed: Annotated[
        bool,
        typer.Option(
            help="Load the seed data first if the store is empty (it is never loaded twice)."
        ),
    ] = True,
) -> None:
    """Run the GraphQL service; GraphiQL opens at http://HOST:PORT/graphql."""
    import uvicorn

    from graph_api.app import create_app

    settings = _settings(store=store, embedded_path=embedded_path, host=host, port=port)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    console.print(
        f"Serving the {settings.store.value} store; GraphiQL at "
        f"http://{settings.host}:{settings.port}/graphql"
    )
    uvicorn.run(
        create_app(settings, seed_if_empty=seed),
        host=settings.host,
        port=settings.port,
        log_level="info",
    )


@app.command("seed")
def seed_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Seed files to load (default: every seeds/*.json).", exists=True, dir_okay=False
        ),
    ] = None,
    store: StoreOption = None,
    embedded_path: EmbeddedPathOption = None,
) -> None:
    """Load seed data into the store. Safe to repeat: a second run changes nothing."""
    from graph_api.seeding import seed_store
    from graph_api.seeds import SeedError
    from graph_api.store import make_store

    settings = _settings(store=store, embedded_path=embedded_path)

    async def run() -> None:
        target = make_store(settings)
        await target.connect()
        try:
            with console.status("seeding") as status:
                report = await seed_store(target, files, on_progress=status.update)
            counts = await target.count_nodes()
        finally:
            await target.close()
        console.print(
            f"Seeded {report.nodes} entities and {report.links} links from "
            f"{len(report.files)} files into the {settings.store.value} store "
            f"(it now holds {sum(counts.values())} entities)."
        )

    try:
        asyncio.run(run())
    except GraphApiError as error:
        raise _fail(error) from None
    except SeedError as error:
        console.print(f"[red]Seed file error:[/red] {error}")
        raise typer.Exit(1) from None


@app.command()
def schema(
    check: Annotated[
        Path | None,
        typer.Option(
            help="Instead of printing, compare with this SDL file and fail if it "
            "differs (e.g. --check schema.graphql)."
        ),
    ] = None,
) -> None:
    """Print the GraphQL schema (SDL), e.g. graph-api schema > schema.graphql."""
    from graph_api.schema import build_schema

    sdl = build_schema().as_str() + "\n"
    if check is None:
        typer.echo(sdl, nl=False)
        return
    if not check.exists() or check.read_text(encoding="utf-8") != sdl:
        console.print(f"[red]{check} is out of date[/red]: run graph-api schema > {check}")
        raise typer.Exit(1)
    console.print(f"{check} matches the code.")


def _mount_neo4j_commands() -> None:
    from graph_api.neo4j_local.cli import neo4j_app

    app.add_typer(neo4j_app, name="neo4j", help="Run a local Neo4j 5.26 for development.")


_mount_neo4j_commands()
