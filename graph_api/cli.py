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
from graph_api.transfer.formats import Format

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


# --- Keeping the graph current: import, export, generate (issue #5) ---------------------

_FORMAT_HELP = (
    "json (a seed-file document), jsonl (one record per line), csv (a folder: one file "
    "per kind of entity, plus links.csv) or graphml (opens in Gephi and yEd)."
)


def _cli_actor() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in containers without a passwd entry
        return "cli"


@app.command("import")
def import_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or folders to import: .csv, .jsonl, .json (seed-file document) or "
            ".graphml, in any mix. docs/import-format.md lists the columns of each kind.",
            exists=True,
        ),
    ] = None,
    store: StoreOption = None,
    embedded_path: EmbeddedPathOption = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Check every row and report what would be created, updated or left "
            "unchanged, writing nothing.",
        ),
    ] = False,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid",
            help="Write the valid rows even if some are rejected (by default one rejected "
            "row means nothing is written).",
        ),
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="Write every row's outcome (where, record, action, reason) to this CSV file.",
        ),
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option(help="Who the change records name (default: cli:<your user name>)."),
    ] = None,
    batch_size: Annotated[
        int, typer.Option(min=1, max=50_000, help="Rows per transaction (default 1000).")
    ] = 1_000,
    undo: Annotated[
        str | None,
        typer.Option(
            metavar="RUN_ID",
            help="Instead of importing, undo an earlier import run (its id is printed at "
            "the end of every import), e.g. after the process was killed mid-way.",
        ),
    ] = None,
) -> None:
    """Import entities and links from files: every row is checked first, then written in
    batches; re-importing a file changes nothing, and a failed import leaves the graph as
    it was. Each row is reported as created, updated, unchanged or rejected (with why).

    Example: graph-api import docs/import-examples/ --dry-run
    """
    from graph_api.store import make_store
    from graph_api.transfer.console import ProgressBars, RowLog
    from graph_api.transfer.formats import FileProblem
    from graph_api.transfer.importer import ImportOptions, import_files, new_run_id
    from graph_api.transfer.report import ImportFailed, ReportFile, RowReport
    from graph_api.transfer.undo import undo_import

    if not files and undo is None:
        console.print("[red]Give files or folders to import[/red] (see graph-api import --help).")
        raise typer.Exit(2)
    # The Neo4j driver logs a warning per query naming a link type the graph lacks yet.
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    settings = _settings(store=store, embedded_path=embedded_path)
    options = ImportOptions(
        actor=actor or _cli_actor(),
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        batch_size=batch_size,
        run_id=new_run_id(),
    )
    log = RowLog()
    report_file = ReportFile(report) if report else None

    def on_row(row: RowReport) -> None:
        log(row)
        if report_file:
            report_file(row)

    async def run() -> None:
        target = make_store(settings)
        await target.connect()
        try:
            with ProgressBars(console) as bars:
                if undo is not None:
                    undone = await undo_import(target, undo, on_progress=bars.update)
                    console.print(f"Undid {undone} changes of import {undo}.")
                    return
                if not dry_run:
                    console.print(
                        f"Import {options.run_id} (if it is killed: graph-api import --undo "
                        f"{options.run_id})",
                        markup=False,
                    )
                summary = await import_files(target, files or [], options, on_row, bars.update)
            log.print(console, summary, str(report) if report else None)
        finally:
            await target.close()

    try:
        asyncio.run(run())
    except ImportFailed as failure:
        log.print(console, failure.summary, str(report) if report else None)
        console.print(f"[red]Import failed:[/red] {failure}")
        raise typer.Exit(1) from None
    except FileProblem as problem:
        console.print(f"[red]Cannot read:[/red] {problem}")
        raise typer.Exit(1) from None
    except GraphApiError as error:
        raise _fail(error) from None
    finally:
        if report_file:
            report_file.close()


@app.command("export")
def export_command(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Where to write: a file, or a folder for --format csv."
        ),
    ],
    format: Annotated[Format, typer.Option("--format", "-f", help=_FORMAT_HELP)] = Format.JSON,
    event: Annotated[
        str | None,
        typer.Option(help="Only this event, every link touching it and the other ends."),
    ] = None,
    bureau: Annotated[
        str | None,
        typer.Option(
            help="Only this bureau, the departments and partner bodies under it, and "
            "every link touching them."
        ),
    ] = None,
    around: Annotated[
        str | None,
        typer.Option(help="Only the entities within --hops links of this one."),
    ] = None,
    hops: Annotated[int, typer.Option(min=1, max=6, help="How far --around reaches.")] = 1,
    store: StoreOption = None,
    embedded_path: EmbeddedPathOption = None,
) -> None:
    """Export the whole graph (streamed, any size) or one part of it. Importing an export
    into an empty store gives back the same graph.

    Example: graph-api export --format graphml --event event:tf-19 -o tf19.graphml
    """
    from graph_api.store import make_store
    from graph_api.transfer.exporter import Selection, export

    if sum(choice is not None for choice in (event, bureau, around)) > 1:
        console.print("[red]Choose one of --event, --bureau and --around.[/red]")
        raise typer.Exit(2)
    settings = _settings(store=store, embedded_path=embedded_path)
    selection = Selection(event=event, bureau=bureau, around=around, hops=hops)

    async def run() -> None:
        target = make_store(settings)
        await target.connect()
        try:
            with console.status("exporting") as status:
                summary = await export(
                    target,
                    format,
                    output,
                    selection,
                    lambda what, count: status.update(f"exporting: {count} {what}"),
                )
        finally:
            await target.close()
        console.print(
            f"Wrote {summary.nodes} entities and {summary.links} links "
            f"({selection.describe()}) to {output}."
        )

    try:
        asyncio.run(run())
    except GraphApiError as error:
        raise _fail(error) from None


@app.command("generate")
def generate_command(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Where to write: a folder for csv (default), else a file."
        ),
    ],
    departments: Annotated[int, typer.Option(help="Departments (default 70).")] = 70,
    enterprises: Annotated[int, typer.Option(help="Enterprises (default 1000).")] = 1_000,
    events: Annotated[
        int, typer.Option(help="Events: ~4% forums of 150-600 attendees, ~80% workshops.")
    ] = 200,
    technologies: Annotated[int, typer.Option(help="Taxonomy entries (default 60).")] = 60,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed, the same files.")] = 2019,
    format: Annotated[Format, typer.Option("--format", "-f", help=_FORMAT_HELP)] = Format.CSV,
) -> None:
    """Make a synthetic graph for benchmarks and load tests, marked as sample data, and
    write it as import files. About 45 links per event: --departments 500 --enterprises
    50000 --events 22000 gives about a million links.

    Example: graph-api generate --events 2300 --enterprises 5000 -o /tmp/scale
             graph-api import /tmp/scale
    """
    from graph_api.scale import ScaleSpec, generate_scale
    from graph_api.transfer.formats import open_writer

    spec = ScaleSpec(departments, enterprises, events, technologies, seed=seed)
    try:
        spec.check()
    except ValueError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from None
    writer = open_writer(format, output, f"Synthetic scale data (seed {seed}).")
    try:
        with console.status("generating") as status:
            summary = generate_scale(spec, writer, lambda n: status.update(f"{n:,} links"))
    finally:
        writer.close()
    links = ", ".join(f"{count} {rel.value}" for rel, count in sorted(summary.links.items()))
    console.print(
        f"Wrote {summary.nodes.total()} entities and {summary.links.total()} links "
        f"({links}) to {output}."
    )
