"""What every command shares: the console, the store options, settings and error exits."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console

from graph_api.config import Settings, StoreKind
from graph_api.errors import GraphApiError

if TYPE_CHECKING:
    from graph_api.store.base import GraphStore


def make_console(**options: Any) -> Console:
    """The command line's console (on stderr): colour where markup asks for it, and none
    guessed. Rich's highlighter would colour what looks like a number, such as the tail
    of a run id that happens to be all digits ('…Z-99328578': about one in 43), so the
    id was no longer one string in a coloured log. ``options`` are for tests."""
    return Console(stderr=True, soft_wrap=True, highlight=False, **options)


console = make_console()

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
# Import and export through a running service instead of opening the store (which the
# embedded store allows one process at a time): graph_api/cli/remote.py.
ServerOption = Annotated[
    str | None,
    typer.Option(
        "--server",
        metavar="URL",
        help="Go through a running service (e.g. http://127.0.0.1:8000) instead of opening "
        "the store: needed for the embedded store while the service runs (one process "
        "holds it). Takes an API key (--key).",
    ),
]
KeyOption = Annotated[
    str | None,
    typer.Option(
        envvar="GRAPH_API_KEY",
        help="With --server: an API key (an editor's to import, an admin's to back up or "
        "restore; an export holds personal data only with an admin's).",
    ),
]

FORMAT_HELP = (
    "json (a seed-file document), jsonl (one record per line), csv (a folder: one file "
    "per kind of entity, plus links.csv) or graphml (opens in Gephi and yEd)."
)


def settings_from(**overrides: Any) -> Settings:
    """Settings from the environment, with the flags given (not None) winning.

    Invalid settings are explained and end the command with exit code 2.
    """
    try:
        return Settings(**{key: value for key, value in overrides.items() if value is not None})
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']}"
            for item in error.errors()
        )
        console.print(f"[red]Invalid settings:[/red] {problems}")
        raise typer.Exit(2) from None


def fail(error: GraphApiError) -> typer.Exit:
    """Print the error's code and message; the returned Exit (code 1) is for raising."""
    console.print(f"[red]{error.code.value}:[/red] {error.message}")
    return typer.Exit(1)


# Signals that ask a process to stop (systemd, Docker, `kill`, a closed terminal). A
# command stopped by one cleans up as after Ctrl-C (an import rolls back); only SIGKILL,
# which no process can catch, can leave an import written batch by batch behind, for
# the journal (graph_api.transfer.journal).
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def stop_on_signals() -> None:
    """Make a stop signal cancel the running command's task, so its clean-up runs."""
    task, loop = asyncio.current_task(), asyncio.get_running_loop()
    if task is None:
        return

    def stop(name: str) -> None:
        task.cancel(f"stopped by {name}")
        for again in _STOP_SIGNALS:  # a second signal must not cut the clean-up short
            loop.add_signal_handler(again, lambda: None)

    for each in _STOP_SIGNALS:
        loop.add_signal_handler(each, stop, each.name)


@contextlib.asynccontextmanager
async def opened_store(settings: Settings) -> AsyncIterator[GraphStore]:
    """The settings' store, connected for the block and closed after it, even when a
    stop signal cancels the command (``stop_on_signals``)."""
    from graph_api.store import make_store

    stop_on_signals()
    store = make_store(settings)
    await store.connect()
    try:
        yield store
    finally:
        await store.close()
