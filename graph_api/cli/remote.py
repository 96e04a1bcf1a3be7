"""``graph-api import --server URL``: import files through a running service (its
``importRecords`` mutation) instead of opening the store, so the embedded store, which
one process holds at a time, can be filled while the service runs. The service checks,
writes and reports exactly as a local import does; this prints its answer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import typer

from graph_api.cli.common import console
from graph_api.transfer.importer import expand_paths
from graph_api.transfer.source import FileProblem

IMPORT = """mutation Import($file: Upload!, $dryRun: Boolean!, $skipInvalid: Boolean!) {
  importRecords(file: $file, dryRun: $dryRun, skipInvalid: $skipInvalid) {
    runId written summary failure report { location record action reason } } }"""
# An import of a large file runs for minutes on the service; the upload itself is quick.
TIMEOUT = httpx.Timeout(30.0, read=3600.0)


class RemoteImportError(Exception):
    """The service could not be reached, or refused the request; the message says why."""


def remote_import(
    server: str,
    key: str | None,
    files: list[Path],
    dry_run: bool,
    skip_invalid: bool,
    undo: str | None,
) -> None:
    """The command: import through the service, exiting 1 if anything was not imported."""
    if undo is not None:
        console.print("[red]--undo works on the store itself[/red]: run it without --server.")
        raise typer.Exit(2)
    try:
        if not import_through_server(server, key, files, dry_run, skip_invalid):
            raise typer.Exit(1)
    except (RemoteImportError, FileProblem) as problem:
        console.print(f"[red]Import failed:[/red] {problem}", markup=False)
        raise typer.Exit(1) from None


def import_through_server(
    server: str, key: str | None, files: list[Path], dry_run: bool, skip_invalid: bool
) -> bool:
    """Send each file to the service in turn, printing what it did; False if any file
    was not imported (rows rejected, a failed write, or a refusal)."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    everything_went_in = True
    with httpx.Client(base_url=server.rstrip("/"), headers=headers, timeout=TIMEOUT) as client:
        for path in expand_paths(files):
            answer = _send(client, path, {"dryRun": dry_run, "skipInvalid": skip_invalid})
            everything_went_in &= _print(path, answer)
    return everything_went_in


def _send(client: httpx.Client, path: Path, options: dict[str, bool]) -> dict[str, Any]:
    operations = {"query": IMPORT, "variables": {"file": None, **options}}
    try:
        with path.open("rb") as handle:
            response = client.post(
                "/graphql",
                data={
                    "operations": json.dumps(operations),
                    "map": json.dumps({"0": ["variables.file"]}),
                },
                files={"0": (path.name, handle, "application/octet-stream")},
            )
    except httpx.HTTPError as error:
        raise RemoteImportError(f"{client.base_url} did not answer: {error}") from None
    try:
        body: dict[str, Any] = response.json()
    except ValueError:
        raise RemoteImportError(
            f"{client.base_url} answered HTTP {response.status_code}, not GraphQL: is it "
            "a graph-api service?"
        ) from None
    errors = body.get("errors") or []
    if errors:
        first = errors[0]
        code = (first.get("extensions") or {}).get("code", "ERROR")
        raise RemoteImportError(f"{path.name}: {code}: {first.get('message')}")
    result: dict[str, Any] = body["data"]["importRecords"]
    return result


def _print(path: Path, answer: dict[str, Any]) -> bool:
    for row in answer["report"]:
        if row["action"] == "rejected":
            console.print(
                f"  rejected {row['location']} {row['record']}: {row['reason']}", markup=False
            )
    console.print(f"{path.name}: {answer['summary']}", markup=False)
    if answer["failure"]:
        console.print(f"[red]Import failed:[/red] {answer['failure']}")
        return False
    return True
