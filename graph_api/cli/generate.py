"""``graph-api generate``: write a synthetic, skewed sample graph as import files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph_api.cli.common import FORMAT_HELP, console
from graph_api.transfer.formats import Format


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
    format: Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)] = Format.CSV,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace earlier files at --output.")
    ] = False,
) -> None:
    """Make a synthetic graph for benchmarks and load tests, marked as sample data, and
    write it as import files. About 45 links per event: --departments 500 --enterprises
    50000 --events 22000 gives about a million links.

    Example: graph-api generate --events 2300 --enterprises 5000 -o /tmp/scale
             graph-api import /tmp/scale
    """
    from rich.markup import escape

    from graph_api.generate.scale import ScaleSpec, generate_scale
    from graph_api.transfer.exporter import check_output
    from graph_api.transfer.formats import open_writer
    from graph_api.transfer.source import FileProblem

    spec = ScaleSpec(departments, enterprises, events, technologies, seed=seed)
    try:
        spec.check()
    except ValueError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from None
    try:
        check_output(format, output, overwrite)  # a missing folder is created
    except FileProblem as problem:
        console.print(f"[red]Not written:[/red] {escape(str(problem))}")
        raise typer.Exit(1) from None
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
