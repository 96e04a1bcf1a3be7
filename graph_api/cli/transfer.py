"""``graph-api import``: keeping the graph current from files (issue #5)."""

from __future__ import annotations

import asyncio
import logging
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
from graph_api.transfer.importer import CommitMode


def _cli_actor() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in containers without a passwd entry
        return "cli"


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
        int,
        typer.Option(
            min=1,
            max=50_000,
            help="Rows read, checked and written together (default 1000); with "
            "--commit batches, rows per transaction.",
        ),
    ] = 1_000,
    commit: Annotated[
        CommitMode,
        typer.Option(
            help="How the run commits. 'once': one transaction, which readers see when it "
            "finishes and which leaves nothing if it fails, is stopped or killed (it needs "
            "transaction memory for the whole run: about 12 KiB a row on Neo4j). "
            "'held': each batch on its own while every service process on the store "
            "refuses requests (503, try again) until the run ends, so nobody reads half "
            "of it; undone if it fails, and at once if it is killed. 'batches': each "
            "batch on its own with the service answering, seen as it goes, undone if it "
            "fails (a killed run is undone by the service within a minute on its machine, "
            "after 10 minutes of silence on another, or by the next import). 'auto': "
            "'once' up to the store's limit (500,000 valid rows on the embedded store; on "
            "Neo4j what its memory holds, about 33,000 on a 768 MiB heap; "
            "GRAPH_API_IMPORT_TRANSACTION_ROWS sets it), 'held' beyond.",
        ),
    ] = CommitMode.AUTO,
    server: ServerOption = None,
    key: KeyOption = None,
    undo: Annotated[
        str | None,
        typer.Option(
            metavar="RUN_ID",
            help="Instead of importing, undo an earlier import run (its id is printed at "
            "the start and end of every import). A run written batch by batch and "
            "killed outright (SIGKILL) is also undone by a running service of the store "
            "(at once if the run held readers off and ran on its machine; within a "
            "minute otherwise), the next import into the same store, or the service's "
            "next start, from any machine (after 30 s without a sign of life if it held "
            "readers off and ran on another, 10 minutes if not). With --server the service "
            "undoes it (an editor's key "
            "undoes the runs made with it; an admin's, any).",
        ),
    ] = None,
) -> None:
    """Import entities and links from files: every row is checked first, then written. Up
    to 500,000 rows on the embedded store (on Neo4j, what its memory holds) are one
    transaction: readers see the whole import when it finishes, and a failed, stopped
    (Ctrl-C, SIGTERM, SIGHUP) or killed import leaves the graph as it was. Larger runs
    commit batch by batch while every service process on the store refuses requests (503,
    try again) until they end, and are undone if they fail or are killed (see --commit).
    Re-importing a file changes nothing. Each row is reported as created, updated,
    unchanged or rejected (with why).

    Example: graph-api import docs/import-examples/ --dry-run
    While the service runs: graph-api import FILE --server http://127.0.0.1:8000 --key KEY
    """
    from rich.markup import escape

    from graph_api.transfer.console import ProgressBars, RowLog
    from graph_api.transfer.importer import ImportOptions, import_files
    from graph_api.transfer.interrupted import undo_interrupted
    from graph_api.transfer.journal import ImportJournal
    from graph_api.transfer.reader_hold import RunHold
    from graph_api.transfer.report import ImportFailed, ReportFile, RowReport
    from graph_api.transfer.run_ids import new_run_id
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
        commit=commit,
        transaction_rows=settings.import_transaction_rows,
    )
    log = RowLog()
    report_file = ReportFile(report) if report else None

    def on_row(row: RowReport) -> None:
        log(row)
        if report_file:
            report_file(row)

    async def run() -> None:
        async with opened_store(settings) as target:
            journal = ImportJournal(target)
            with ProgressBars(console) as bars:
                for note in await undo_interrupted(target, journal, bars.update):
                    console.print(
                        f"Undid import {note.run_id}: its process ({note.pid}, started "
                        f"{note.started}) ended before the import did.",
                        markup=False,
                    )
                if undo is not None:
                    await require_run(target, undo)
                    if not await journal.free_to_undo(undo):
                        console.print(
                            f"[red]Import {escape(undo)} is being written or undone now[/red] "
                            "by another process; run --undo again once it has finished."
                        )
                        raise typer.Exit(1)
                    async with journal.undoing(undo):
                        undone = await undo_import(target, undo, on_progress=bars.update)
                    console.print(f"Undid {undone} changes of import {undo}.")
                    return
                if not dry_run:
                    console.print(
                        f"Import {run_id} (commit: {commit.value}; if a run written batch "
                        f"by batch is killed outright, the next import undoes it; or: "
                        f"graph-api import --undo {run_id})",
                        markup=False,
                    )

                def say_why() -> None:
                    console.print(
                        "Likely too large for one transaction: every service process on "
                        "this store refuses requests while the import is checked and "
                        "written, so nobody reads half of it (--commit batches keeps them "
                        "answering instead).",
                        markup=False,
                    )

                hold = RunHold(journal, run_id, on_begin=say_why)
                async with journal.running(run_id, not dry_run):
                    summary = await import_files(
                        target, files or [], options, on_row, bars.update, hold
                    )
            log.print(console, summary, str(report) if report else None)

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
        left = (
            "If it was written batch by batch, what it wrote is undone by the next import or "
            f"service start, or now by: graph-api import --undo {run_id}"
        )
        console.print(f"[red]Import {stopped or 'stopped'}[/red] before it finished. {left}")
        raise typer.Exit(1) from None
    except GraphApiError as error:
        raise fail(error) from None
    finally:
        if report_file:
            report_file.close()
