"""``graph-api backup --server URL``: fetch a backup from a running service (``GET
/backup``, an administrator's key) instead of opening the store, so the embedded store,
which the service holds, can be backed up while it runs. The download goes to
``<name>.partial`` and is read through to its end before it takes the final name: a
backup cut short (the service or store failed midway) is never left looking whole."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx
import typer
from rich.markup import escape

from graph_api.cli.common import console
from graph_api.transfer.backup import BackupSummary, backup_summary
from graph_api.transfer.console import ProgressBars
from graph_api.transfer.source import FileProblem

# A large store streams for minutes; connecting should not take long.
TIMEOUT = httpx.Timeout(30.0, read=600.0)


def remote_backup(server: str, key: str | None, output: Path) -> None:
    """The command: download the service's backup to ``output``, exiting 1 on failure."""
    partial = output.with_name(output.name + ".partial")
    try:
        _download(server, key, partial)
        summary: BackupSummary = backup_summary(partial)
        partial.replace(output)
    except (httpx.HTTPError, FileProblem, _Refused, OSError) as problem:  # OSError: disk full
        partial.unlink(missing_ok=True)
        reason = (
            f"{server} did not answer: {problem}"
            if isinstance(problem, httpx.HTTPError)
            else problem
        )
        console.print(f"[red]No backup was written:[/red] {escape(str(reason))}")
        raise typer.Exit(1) from None
    console.print(f"Backed up {summary.describe()} from {server} to {output}.", markup=False)


class _Refused(Exception):
    """The service answered, but not with a backup; the message is its reason."""


def _download(server: str, key: str | None, partial: Path) -> None:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    with (
        httpx.Client(base_url=server.rstrip("/"), headers=headers, timeout=TIMEOUT) as client,
        client.stream("GET", "/backup") as response,
    ):
        if response.status_code != 200:
            response.read()
            raise _Refused(_reason(response))
        # Personal data: readable by its owner only, as a local backup is.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out, ProgressBars(console) as bars:
            for chunk in response.iter_bytes():
                out.write(chunk)
                bars.update("kilobytes received", out.tell() // 1024, None)


def _reason(response: httpx.Response) -> str:
    try:
        body: Any = response.json()
        error = body["errors"][0]
        return f"{error['extensions']['code']}: {error['message']}"
    except (ValueError, KeyError, IndexError, TypeError):
        return f"HTTP {response.status_code}: is {response.url} a graph-api service?"
