"""``graph-api backup`` and ``restore``: the whole store, change trail included, in a file."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from graph_api.cli.common import (
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
from graph_api.transfer.source import FileProblem


def backup_command(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The backup file to write (e.g. graph.backup.gz)."),
    ],
    store: StoreOption = None,
    embedded_path: EmbeddedPathOption = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace an earlier backup of that name.")
    ] = False,
    server: ServerOption = None,
    key: KeyOption = None,
) -> None:
    """Back up the whole store to one file: every entity and link as stored (sample data,
    persons and their personal data too) and every change record, so history, undo and
    the change digest work after a restore. The file is readable by its owner only.

    The embedded store is held by the running service: back it up through the service
    with --server and an administrator's key (--key, or GRAPH_API_KEY), or stop the
    service first. On Neo4j this runs beside the service; edits made meanwhile may or
    may not be in it.

    Example: graph-api backup -o backups/graph-2026-12-05.backup.gz

    While serving: graph-api backup -o graph.backup.gz --server http://127.0.0.1:8000

    Restore: graph-api restore backups/graph-2026-12-05.backup.gz
    """
    from graph_api.transfer.backup import back_up
    from graph_api.transfer.console import ProgressBars

    if output.exists() and not overwrite:
        console.print(
            f"[red]{output} exists.[/red] Add --overwrite to replace it, or choose another name."
        )
        raise typer.Exit(1)
    if output.is_dir():
        console.print(f"[red]{output} is a folder;[/red] give a file name.")
        raise typer.Exit(1)
    output.parent.mkdir(parents=True, exist_ok=True)
    if server is not None:
        from graph_api.cli.remote_backup import remote_backup

        remote_backup(server, key, output)
        return
    settings = settings_from(store=store, embedded_path=embedded_path)

    async def run() -> None:
        async with opened_store(settings) as target:
            with ProgressBars(console) as bars:
                summary = await back_up(target, output, bars.update)
            console.print(f"Backed up {summary.describe()} to {output}.", markup=False)

    try:
        asyncio.run(run())
    except asyncio.CancelledError:
        console.print("[red]Backup stopped;[/red] no file was left.")
        raise typer.Exit(1) from None
    except GraphApiError as error:
        raise fail(error) from None


def restore_command(
    backup: Annotated[
        Path, typer.Argument(help="A file made by graph-api backup.", exists=True, dir_okay=False)
    ],
    store: StoreOption = None,
    embedded_path: EmbeddedPathOption = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Replace everything in the store. Without it, the store must be empty.",
        ),
    ] = False,
    server: ServerOption = None,
    key: KeyOption = None,
) -> None:
    """Restore a backup into an empty store, or with --replace in place of what it holds.

    The file is read through before anything is written. If the restore fails part-way,
    the store is left as it was: empty, or with --replace the graph it held (saved to a
    private temporary file first and written back). Fix the cause and run it again.

    The embedded store is held by the running service: restore through the service with
    --server and an administrator's key (--key, or GRAPH_API_KEY); it answers 503 to
    everyone else until the restore ends. Or stop the service first.

    Example: graph-api restore graph.backup.gz --embedded-path .graph_api/restored

    While serving: graph-api restore graph.backup.gz --replace --server http://127.0.0.1:8000
    """
    from graph_api.transfer.backup import restore
    from graph_api.transfer.console import ProgressBars
    from graph_api.transfer.journal import ImportJournal
    from graph_api.transfer.replacing import RestoreFailed, replace_with_backup
    from graph_api.transfer.run_ids import restore_run_id

    if server is not None:
        from graph_api.cli.remote_backup import remote_restore

        remote_restore(server, key, backup, replace)
        return
    settings = settings_from(store=store, embedded_path=embedded_path)

    async def run() -> None:
        async with opened_store(settings) as target:
            with ProgressBars(console) as bars:
                write = replace_with_backup if replace else restore
                # Every service process on the store refuses requests meanwhile.
                async with ImportJournal(target).holding(restore_run_id()):
                    summary = await write(target, backup, bars.update)
            console.print(f"Restored {summary.describe()} from {backup}.", markup=False)

    try:
        asyncio.run(run())
    except (FileProblem, ValueError, RestoreFailed) as problem:
        console.print(f"Not restored: {problem}", style="red", markup=False)
        raise typer.Exit(1) from None
    except asyncio.CancelledError:
        left = "as it was" if replace else "empty again"
        console.print(f"[red]Restore stopped;[/red] the store was left {left}.")
        raise typer.Exit(1) from None
    except GraphApiError as error:
        raise fail(error) from None
