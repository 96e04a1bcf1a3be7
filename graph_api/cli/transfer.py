"""``graph-api import`` and ``export``: keeping the graph current from files (issue #5)."""

from __future__ import annotations

import asyncio
import logging
import signal
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
    settings_from,
)
from graph_api.errors import GraphApiError
from graph_api.transfer.formats import Format


def _cli_actor() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in containers without a passwd entry
        return "cli"


# Signals that ask a process to stop (systemd, Docker, `kill`, a closed terminal). An
# import stopped by one undoes what it wrote, as after Ctrl-C; only SIGKILL, which no
# process can catch, leaves a run behind, for the journal (graph_api.transfer.journal).
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def _stop_on_signals() -> None:
    """Make a stop signal cancel the running command's task, so its clean-up runs."""
    task, loop = asyncio.current_task(), asyncio.get_running_loop()
    if task is None:
        return

    def stop(name: str) -> None:
        task.cancel(f"stopped by {name}")
        for again in _STOP_SIGNALS:  # a second signal must not cut the undo short
            loop.add_signal_handler(again, lambda: None)

    for each in _STOP_SIGNALS:
        loop.add_signal_handler(each, stop, each.name)


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
    server: ServerOption = None,
    key: KeyOption = None,
    undo: Annotated[
        str | None,
        typer.Option(
            metavar="RUN_ID",
            help="Instead of importing, undo an earlier import run (its id is printed at "
            "the start and end of every import). A run killed outright (SIGKILL) is "
            "also undone by the next import of the same store on this machine.",
        ),
    ] = None,
) -> None:
    """Import entities and links from files: every row is checked first, then written in
    batches; re-importing a file changes nothing, and a failed or stopped import (Ctrl-C,
    SIGTERM, SIGHUP) leaves the graph as it was. Each row is reported as created,
    updated, unchanged or rejected (with why).

    Example: graph-api import docs/import-examples/ --dry-run
    While the service runs: graph-api import FILE --server http://127.0.0.1:8000 --key KEY
    """
    from graph_api.store import make_store
    from graph_api.transfer.console import ProgressBars, RowLog
    from graph_api.transfer.importer import ImportOptions, import_files, new_run_id
    from graph_api.transfer.journal import ImportJournal, store_identity, undo_interrupted
    from graph_api.transfer.report import ImportFailed, ReportFile, RowReport
    from graph_api.transfer.source import FileProblem
    from graph_api.transfer.undo import UnknownRun, require_run, undo_import

    if not files and undo is None:
        console.print("[red]Give files or folders to import[/red] (see graph-api import --help).")
        raise typer.Exit(2)
    if server is not None:
        from graph_api.cli.remote import remote_import

        remote_import(server, key, files or [], dry_run, skip_invalid, undo)
        return
    # The Neo4j driver logs a warning per query naming a link type the graph lacks yet.
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    settings = settings_from(store=store, embedded_path=embedded_path)
    run_id = new_run_id()
    options = ImportOptions(
        actor=actor or _cli_actor(),
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        batch_size=batch_size,
        run_id=run_id,
    )
    log = RowLog()
    report_file = ReportFile(report) if report else None
    journal = ImportJournal(Path(settings.import_journal_dir))
    identity = store_identity(settings)

    def on_row(row: RowReport) -> None:
        log(row)
        if report_file:
            report_file(row)

    async def run() -> None:
        _stop_on_signals()
        target = make_store(settings)
        await target.connect()
        try:
            with ProgressBars(console) as bars:
                for note in await undo_interrupted(target, journal, identity, bars.update):
                    console.print(
                        f"Undid import {note.run_id}: its process ({note.pid}, started "
                        f"{note.started}) ended before the import did.",
                        markup=False,
                    )
                if undo is not None:
                    await require_run(target, undo)
                    undone = await undo_import(target, undo, on_progress=bars.update)
                    journal.end(undo)
                    console.print(f"Undid {undone} changes of import {undo}.")
                    return
                if not dry_run:
                    console.print(
                        f"Import {run_id} (if it is killed outright, the next "
                        f"import undoes it; or: graph-api import --undo {run_id})",
                        markup=False,
                    )
                with journal.running(run_id, identity, dry_run):
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
    except UnknownRun as unknown:
        console.print(f"[red]Nothing undone:[/red] {unknown}")
        raise typer.Exit(1) from None
    except asyncio.CancelledError as stopped:  # stopped outside the importer's own undo
        console.print(
            f"[red]Import {stopped or 'stopped'}[/red] before it finished. Whatever it wrote "
            f"is undone by the next import or service start, or now by: graph-api import "
            f"--undo {run_id}"
        )
        raise typer.Exit(1) from None
    except GraphApiError as error:
        raise fail(error) from None
    finally:
        if report_file:
            report_file.close()


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
    from graph_api.store import make_store
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
        _stop_on_signals()
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
        raise fail(error) from None
