"""``graph-api backup --server URL`` and ``restore --server URL``: a backup fetched from a
running service (``GET /backup``) or sent to it (``POST /restore``), with an
administrator's key, instead of opening the store, so the embedded store, which the
service holds, can be backed up and restored while it runs.

A download goes to ``<name>.partial`` and is read through to its end before it takes the
final name: a backup cut short (the service or store failed midway) is never left
looking whole. An upload is read through here first, so a file that is not a whole
backup is refused before it is sent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import httpx
import typer
from rich.markup import escape

from graph_api.cli.common import console
from graph_api.transfer.backup import BackupSummary, backup_summary, open_private
from graph_api.transfer.console import ProgressBars
from graph_api.transfer.source import FileProblem

# A large store streams for minutes; connecting should not take long.
TIMEOUT = httpx.Timeout(30.0, read=600.0)
# A restore answers when it has written the whole graph: 10^5 entities take minutes.
RESTORE_TIMEOUT = httpx.Timeout(30.0, read=3600.0)
_UPLOAD_CHUNK = 1 << 20


def remote_backup(server: str, key: str | None, output: Path) -> None:
    """The command: download the service's backup to ``output``, exiting 1 on failure."""
    partial = output.with_name(output.name + ".partial")
    try:
        _download(server, key, partial)
        summary: BackupSummary = backup_summary(partial)
        partial.replace(output)
    except (httpx.HTTPError, FileProblem, _Refused, OSError) as problem:  # OSError: disk full
        partial.unlink(missing_ok=True)
        _fail("No backup was written", server, problem)
    console.print(f"Backed up {summary.describe()} from {server} to {output}.", markup=False)


def remote_restore(server: str, key: str | None, backup: Path, replace: bool) -> None:
    """The command: send ``backup`` to the service to restore, exiting 1 on failure."""
    try:
        summary = backup_summary(backup)  # a cut or foreign file is not sent at all
        restored = _upload(server, key, backup, replace)
    except (httpx.HTTPError, FileProblem, _Refused, OSError) as problem:
        _fail("Not restored", server, problem)
    if restored != summary:  # the service wrote other counts than the file holds
        console.print(
            f"[red]The service restored {escape(restored.describe())}, but the file holds "
            f"{escape(summary.describe())}.[/red]"
        )
        raise typer.Exit(1)
    console.print(f"Restored {summary.describe()} from {backup} into {server}.", markup=False)


def _upload(server: str, key: str | None, backup: Path, replace: bool) -> BackupSummary:
    headers = {
        "Content-Type": "application/gzip",
        "Content-Length": str(backup.stat().st_size),
        **({"Authorization": f"Bearer {key}"} if key else {}),
    }
    with (
        httpx.Client(base_url=server.rstrip("/"), timeout=RESTORE_TIMEOUT) as client,
        ProgressBars(console) as bars,
    ):

        def chunks() -> Iterator[bytes]:
            with backup.open("rb") as source:
                while chunk := source.read(_UPLOAD_CHUNK):
                    yield chunk
                    bars.update("kilobytes sent", source.tell() // 1024, None)

        response = client.post(
            "/restore",
            params={"replace": "true"} if replace else {},
            headers=headers,
            content=chunks(),
        )
    if response.status_code != 200:
        raise _Refused(_reason(response))
    try:
        counts = response.json()["restored"]
        return BackupSummary(int(counts["entities"]), int(counts["links"]), int(counts["changes"]))
    except (ValueError, KeyError, TypeError):
        raise _Refused(f"HTTP 200 without the counts: is {server} a graph-api service?") from None


def _fail(outcome: str, server: str, problem: Exception) -> NoReturn:
    """Say what happened and why, and exit 1."""
    reason = (
        f"{server} did not answer: {problem}" if isinstance(problem, httpx.HTTPError) else problem
    )
    console.print(f"[red]{outcome}:[/red] {escape(str(reason))}")
    raise typer.Exit(1) from None


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
        with open_private(partial) as out, ProgressBars(console) as bars:
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
