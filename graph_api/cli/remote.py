"""``graph-api import --server URL`` (and ``--undo RUN --server URL``) and ``graph-api
export --server URL``: go through a running service (its ``importRecords`` and
``undoImport`` mutations and ``exportRecords`` query) instead of
opening the store, so the embedded store, which one process holds at a time, can be
filled and saved while the service runs. The service checks, writes and reports exactly
as a local import does; this prints its answer."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import httpx
import typer
from rich.markup import escape

from graph_api.cli.common import console
from graph_api.transfer.formats import Format
from graph_api.transfer.importer import expand_paths
from graph_api.transfer.selection import Selection
from graph_api.transfer.source import FileProblem

IMPORT = """mutation Import($files: [Upload!]!, $dryRun: Boolean!, $skipInvalid: Boolean!) {
  importRecords(files: $files, dryRun: $dryRun, skipInvalid: $skipInvalid) {
    runId written summary failure report { location record action reason } } }"""
# An import of a large file runs for minutes on the service; the upload itself is quick.
TIMEOUT = httpx.Timeout(30.0, read=3600.0)


class RemoteImportError(Exception):  # also for exports
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
    try:
        if undo is not None:
            undo_through_server(server, key, undo)
        elif not import_through_server(server, key, files, dry_run, skip_invalid):
            raise typer.Exit(1)
    except (RemoteImportError, FileProblem) as problem:
        console.print(f"[red]Import failed:[/red] {escape(str(problem))}")
        raise typer.Exit(1) from None


UNDO = "mutation Undo($run: String!) { undoImport(runId: $run) { runId undone } }"


def undo_through_server(server: str, key: str | None, run_id: str) -> None:
    """Ask the service to undo an import run (its undoImport mutation); print what it did."""
    with _client(server, key) as client:
        request = {"json": {"query": UNDO, "variables": {"run": run_id}}}
        answer = _answer(client, f"import {run_id}", request)["undoImport"]
    console.print(f"Undid {answer['undone']} changes of import {answer['runId']}.", markup=False)


def import_through_server(
    server: str, key: str | None, files: list[Path], dry_run: bool, skip_invalid: bool
) -> bool:
    """Send the files to the service in one request, imported as one run (as a local
    import of them would be), printing what it did; False if they were not imported
    (rows rejected, a failed write, or a refusal)."""
    paths = expand_paths(files)
    try:
        with _client(server, key) as client:
            answer = _send(client, paths, {"dryRun": dry_run, "skipInvalid": skip_invalid})
    except RemoteImportError as refused:
        if len(paths) > 1 and "REQUEST_TOO_LARGE" in str(refused):
            raise RemoteImportError(
                f"{refused} The {len(paths)} files go in one request, as one run: import "
                "them in smaller groups (entities before the links that name them), or "
                "run 'graph-api import' on the server."
            ) from None
        raise
    return _print(paths, answer)


EXPORT = """
query Export($format: ExportFormat!, $event: ID, $bureau: ID, $around: ID, $hops: Int!) {
  exportRecords(format: $format, event: $event, bureau: $bureau, around: $around, hops: $hops) {
    entities links personalData content } }"""


def remote_export(
    server: str, key: str | None, output: Path, fmt: Format, selection: Selection
) -> None:
    """The command: ask the service for an export and write it to ``output``."""
    if fmt is Format.CSV:
        console.print(
            "[red]CSV is a folder of files[/red]: with --server, choose json, jsonl or graphml."
        )
        raise typer.Exit(2)
    variables = {
        "format": fmt.name,
        "event": selection.event,
        "bureau": selection.bureau,
        "around": selection.around,
        "hops": selection.hops,
    }
    try:
        with _client(server, key) as client:
            answer = _answer(
                client, output.name, {"json": {"query": EXPORT, "variables": variables}}
            )
    except RemoteImportError as problem:
        console.print(f"[red]Not exported:[/red] {escape(str(problem))}")
        raise typer.Exit(1) from None
    found = answer["exportRecords"]
    output.write_text(found["content"], encoding="utf-8")
    personal = (
        "" if found["personalData"] else " (no personal data: an administrator's key adds it)"
    )
    console.print(
        f"Wrote {found['entities']} entities and {found['links']} links "
        f"({selection.describe()}) to {output}{personal}.",
        markup=False,
    )


def _client(server: str, key: str | None) -> httpx.Client:
    """A client of the service at ``server``, sending ``key`` as a bearer token."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.Client(base_url=server.rstrip("/"), headers=headers, timeout=TIMEOUT)


def _send(client: httpx.Client, paths: list[Path], options: dict[str, bool]) -> dict[str, Any]:
    operations = {"query": IMPORT, "variables": {"files": [None] * len(paths), **options}}
    places = {str(i): [f"variables.files.{i}"] for i in range(len(paths))}
    with contextlib.ExitStack() as opened:
        request = {
            "data": {"operations": json.dumps(operations), "map": json.dumps(places)},
            "files": [
                (str(i), (path.name, opened.enter_context(path.open("rb")), "text/plain"))
                for i, path in enumerate(paths)
            ],
        }
        answer = _answer(client, ", ".join(path.name for path in paths), request)
    result: dict[str, Any] = answer["importRecords"]
    return result


def _answer(client: httpx.Client, name: str, request: dict[str, Any]) -> dict[str, Any]:
    """The data of one request to the service; RemoteImportError for anything else."""
    try:
        response = client.post("/graphql", **request)
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
        raise RemoteImportError(f"{name}: {code}: {first.get('message')}")
    data: dict[str, Any] = body["data"]
    return data


def _print(paths: list[Path], answer: dict[str, Any]) -> bool:
    for row in answer["report"]:
        if row["action"] == "rejected":
            console.print(
                f"  rejected {row['location']} {row['record']}: {row['reason']}", markup=False
            )
    names = ", ".join(path.name for path in paths)
    console.print(f"{names}: {answer['summary']}", markup=False)
    if answer["failure"]:
        console.print(f"[red]Import failed:[/red] {escape(answer['failure'])}")
        return False
    return True
