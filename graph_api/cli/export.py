"""``graph-api export``: the graph, or a part of it, as files to import elsewhere."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from graph_api.cli.common import (
    FORMAT_HELP,
    EmbeddedPathOption,
    KeyOption,
    ServerOption,
    StoreOption,
    console,
    fail,
    opened_store,
    settings_from,
)
from graph_api.errors import GraphApiError
from graph_api.transfer.formats import Format


def export_command(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Where to write: a file, or a folder for --format csv."
        ),
    ],
    format: Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)] = Format.JSON,
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
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite", help="Replace an earlier export at --output (refused otherwise)."
        ),
    ] = False,
    store: StoreOption = None,
    embedded_path: EmbeddedPathOption = None,
    server: ServerOption = None,
    key: KeyOption = None,
) -> None:
    """Export the whole graph (streamed, any size) or one part of it. Importing an export
    into an empty store gives back the same graph.

    Example: graph-api export --format graphml --event event:tf-19 -o tf19.graphml
    While the service runs: add --server http://127.0.0.1:8000 --key KEY
    """
    from graph_api.transfer.exporter import check_output, export
    from graph_api.transfer.selection import Selection
    from graph_api.transfer.source import FileProblem

    if sum(choice is not None for choice in (event, bureau, around)) > 1:
        console.print("[red]Choose one of --event, --bureau and --around.[/red]")
        raise typer.Exit(2)
    try:
        check_output(format, output, overwrite)
    except FileProblem as problem:
        console.print(f"[red]Not exported:[/red] {problem}")
        raise typer.Exit(1) from None
    selection = Selection(event=event, bureau=bureau, around=around, hops=hops)
    if server is not None:
        from graph_api.cli.remote import remote_export

        remote_export(server, key, output, format, selection)
        return
    settings = settings_from(store=store, embedded_path=embedded_path)

    async def run() -> None:
        async with opened_store(settings) as target:
            with console.status("exporting") as status:
                summary = await export(
                    target,
                    format,
                    output,
                    selection,
                    lambda what, count: status.update(f"exporting: {count} {what}"),
                )
        console.print(
            f"Wrote {summary.nodes} entities and {summary.links} links "
            f"({selection.describe()}) to {output}."
        )

    try:
        asyncio.run(run())
    except GraphApiError as error:
        raise fail(error) from None
