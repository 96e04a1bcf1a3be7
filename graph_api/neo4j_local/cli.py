"""``graph-api neo4j ...``: download and run a local Neo4j Community server.

Mounted by the main CLI as a Typer sub-application (``neo4j_app``).
"""

from __future__ import annotations

import os
import shlex
import signal
import time
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from graph_api.neo4j_local._admin import dump_database, dump_path, load_database
from graph_api.neo4j_local._classpath import NEO4J_VERSION, classpath_file, ensure_classpath
from graph_api.neo4j_local._errors import Neo4jLocalError
from graph_api.neo4j_local._server import LocalNeo4j

__all__ = ["neo4j_app"]

neo4j_app = typer.Typer(
    help=f"Run a real Neo4j Community {NEO4J_VERSION} (LTS) locally, without Docker.\n\n"
    "Needs a JDK 17+ ('java') and Maven ('mvn'). The first run downloads the Neo4j jars "
    "from Maven Central into ~/.m2 (about 40 s); later runs start straight away.\n\n"
    "Typical session: 'graph-api neo4j start' in one terminal, then paste the printed "
    "'export ...; graph-api serve --store neo4j' line into another.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
# Where `start` keeps its data unless told, and so where `dump` and `load` look.
DEFAULT_DATA_DIR = Path(".graph_api/neo4j-data")
_err = Console(stderr=True, highlight=False)
_out = Console(highlight=False, soft_wrap=True)


@neo4j_app.command()
def fetch(
    warm: Annotated[
        bool,
        typer.Option(
            "--warm/--no-warm",
            help="Also start and stop Neo4j once, to build the class-data-sharing archive "
            "that makes every later start-up several seconds faster (adds ~40 s now). "
            "Default: --no-warm (only download the jars).",
        ),
    ] = False,
) -> None:
    """Download the Neo4j jars (once) and print the classpath size; use it to pre-warm CI.

    Cache locations to keep between CI runs: ~/.m2/repository and ~/.cache/graph_api
    (or $GRAPH_API_CACHE_DIR).
    """
    try:
        classpath = ensure_classpath()
    except Neo4jLocalError as error:
        _print_error("neo4j fetch", error)
        raise typer.Exit(1) from None
    jars = [Path(entry) for entry in classpath.split(os.pathsep) if entry]
    size_mib = sum(jar.stat().st_size for jar in jars) / (1024 * 1024)
    _out.print(
        f"Neo4j Community {NEO4J_VERSION}: {len(jars)} jars, {size_mib:.0f} MiB", markup=False
    )
    _out.print(f"Classpath cached in {classpath_file()}", markup=False)
    if warm:
        started = time.monotonic()
        try:
            with LocalNeo4j() as db:
                _out.print(f"Started Neo4j {db.version} ({db.edition}); stopping...", markup=False)
        except Neo4jLocalError as error:
            _print_error("neo4j warm-up", error)
            raise typer.Exit(1) from None
        _out.print(f"Warm-up done in {time.monotonic() - started:.0f} s.")


def _print_error(what: str, error: Neo4jLocalError) -> None:
    _err.print(f"[red]{what} failed:[/red] {escape(str(error))}", highlight=False)


def _raise_keyboard_interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@neo4j_app.command()
def start(
    port: Annotated[
        int,
        typer.Option(
            min=1,
            max=65535,
            help="Bolt port on 127.0.0.1. Default 7687, Neo4j's standard port, so the usual "
            "NEO4J_URI=bolt://127.0.0.1:7687 works.",
        ),
    ] = 7687,
    data_dir: Annotated[
        Path,
        typer.Option(
            file_okay=False,
            help="Where Neo4j keeps its databases and logs (logs/debug.log). Default "
            f"{DEFAULT_DATA_DIR} under the current directory; it persists across "
            "restarts. Delete it to start from an empty graph.",
        ),
    ] = DEFAULT_DATA_DIR,
    password: Annotated[
        str | None,
        typer.Option(
            envvar="NEO4J_PASSWORD",
            show_envvar=True,
            help="Password for user 'neo4j' (at least 8 characters). Default: $NEO4J_PASSWORD "
            "if set, otherwise a new random one, printed below. It is (re)applied on every "
            "start, so the data directory never locks you out.",
        ),
    ] = None,
    startup_timeout: Annotated[
        float,
        typer.Option(help="Seconds to wait for Neo4j to accept logins. Default 120."),
    ] = 120.0,
) -> None:
    """Run Neo4j in the foreground until Ctrl-C, printing how to point graph-api at it."""
    try:
        db = LocalNeo4j(
            data_dir=data_dir, port=port, password=password, startup_timeout=startup_timeout
        )
    except Neo4jLocalError as error:
        _print_error("neo4j start", error)
        raise typer.Exit(2) from None
    previous = signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        with _err.status(f"Starting Neo4j {NEO4J_VERSION} on 127.0.0.1:{port}..."):
            db.start()
        _print_connection_help(db)
        status = db.wait()
        _err.print(
            f"[red]Neo4j exited unexpectedly (status {status}).[/red] See "
            f"{escape(str(db.log_path))} and {escape(str(db.data_dir / 'logs' / 'debug.log'))}."
        )
        raise typer.Exit(1)
    except KeyboardInterrupt:
        _err.print("Stopping Neo4j...")
    except Neo4jLocalError as error:
        _print_error("neo4j start", error)
        raise typer.Exit(1) from None
    finally:
        db.stop()
        signal.signal(signal.SIGTERM, previous)
    _err.print("Neo4j stopped.")


_DATA_DIR_HELP = (
    "The data folder of the local Neo4j ('graph-api neo4j start --data-dir'). "
    f"Default {DEFAULT_DATA_DIR}."
)


@neo4j_app.command()
def dump(
    to: Annotated[
        Path,
        typer.Option(
            "--to",
            file_okay=False,
            help="Folder to write neo4j.dump into (created if missing; an existing "
            "neo4j.dump there is never overwritten).",
        ),
    ],
    data_dir: Annotated[
        Path, typer.Option(file_okay=False, help=_DATA_DIR_HELP)
    ] = DEFAULT_DATA_DIR,
) -> None:
    """Back up the local Neo4j's database to one file, with Neo4j's own dump tool.

    Stop the server first ('graph-api neo4j start' in the foreground: Ctrl-C); Neo4j
    Community dumps only a stopped database. Restore with 'graph-api neo4j load', or
    with 'neo4j-admin database load' of any Neo4j 5.26. While the service runs, use
    'graph-api backup' instead: it reads through the API, on either store.

    Example: graph-api neo4j dump --to backups/2026-12-06
    """
    try:
        with _err.status("Dumping the database with neo4j-admin..."):
            written = dump_database(data_dir, to)
    except Neo4jLocalError as error:
        _print_error("neo4j dump", error)
        raise typer.Exit(1) from None
    size = written.stat().st_size
    _out.print(f"Wrote {written} ({size / 1_048_576:.1f} MiB).", markup=False)


@neo4j_app.command()
def load(
    from_folder: Annotated[
        Path,
        typer.Option("--from", file_okay=False, help="Folder holding the neo4j.dump to load."),
    ],
    data_dir: Annotated[
        Path, typer.Option(file_okay=False, help=_DATA_DIR_HELP)
    ] = DEFAULT_DATA_DIR,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite",
            help="Replace the database the data folder holds already (without it, "
            "loading into a folder that has one is refused).",
        ),
    ] = False,
) -> None:
    """Restore a dump into the local Neo4j's data folder, with Neo4j's own tool.

    The server must be stopped. Start it afterwards with 'graph-api neo4j start' and
    the same --data-dir; the password is the one you start it with.

    Example: graph-api neo4j load --from backups/2026-12-06 --overwrite
    """
    try:
        with _err.status("Loading the dump with neo4j-admin..."):
            load_database(data_dir, from_folder, overwrite=overwrite)
    except Neo4jLocalError as error:
        _print_error("neo4j load", error)
        raise typer.Exit(1) from None
    _out.print(f"Loaded {dump_path(from_folder)} into {data_dir}.", markup=False)


def _print_connection_help(db: LocalNeo4j) -> None:
    debug_log = db.data_dir / "logs" / "debug.log"
    _out.print(f"Neo4j {db.version} ({db.edition}) is running.", markup=False)
    _out.print(f"  URI:      {db.uri}", markup=False)
    _out.print(f"  User:     {db.user}", markup=False)
    _out.print(f"  Password: {db.password}", markup=False)
    _out.print(f"  Data:     {db.data_dir}  (log: {debug_log})", markup=False)
    _out.print("Point graph-api at it (in another terminal):", markup=False)
    _out.print(
        f"  export NEO4J_URI={shlex.quote(db.uri)} NEO4J_USER={shlex.quote(db.user)} "
        f"NEO4J_PASSWORD={shlex.quote(db.password)}; graph-api serve --store neo4j",
        markup=False,
    )
    _out.print("Press Ctrl-C to stop.", markup=False)
