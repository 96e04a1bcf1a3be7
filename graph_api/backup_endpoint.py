"""``GET /backup`` and ``POST /restore``: a backup of the whole store, as ``graph-api
backup`` writes it, streamed to an administrator, and one sent back to restore. The
embedded store is held by one process, so while the service runs this is how it is
backed up and restored (``graph-api backup|restore --server URL``); on Neo4j it saves
opening a second connection from the operator's machine.

A backup holds personal data and every change record, so only the admin role may fetch
or restore one. It is gzip-compressed JSON lines, compressed as it streams: memory stays
flat whatever the store's size. A backup cut short (the store failed midway) is a
truncated gzip stream, which ``graph-api backup --server`` notices and refuses to keep.

A restore is received to a private temporary file and read through before anything is
written, then written while ``graph_api.maintenance`` holds the doors: nobody reads half
a graph. If it fails, the store is left as it was (``transfer.replacing``).
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
import zlib
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from graph_api.auth.identity import Authenticator, credential_headers
from graph_api.auth.roles import Role
from graph_api.config import Settings
from graph_api.errors import ErrorCode, GraphApiError, error_body
from graph_api.graphql_responses import refusal_response
from graph_api.maintenance import Maintenance, MaintenanceRefused
from graph_api.store import GraphStore
from graph_api.transfer.backup import (
    StoreNotEmpty,
    backup_lines,
    backup_summary,
    open_private,
    restore,
)
from graph_api.transfer.journal import ImportJournal
from graph_api.transfer.replacing import RestoreFailed, replace_with_backup
from graph_api.transfer.run_ids import restore_run_id
from graph_api.transfer.source import FileProblem

log = logging.getLogger("graph_api.backup")

CHUNK = 64 * 1024  # text gathered before each compression step


class BackupEndpoint:
    """The ``/backup`` and ``/restore`` routes over one store."""

    def __init__(self, store: GraphStore, settings: Settings, maintenance: Maintenance) -> None:
        self.store, self.maintenance = store, maintenance
        self.authenticator = Authenticator(settings)
        # A restore is noted in the store, so every process holds its doors meanwhile.
        self.journal = ImportJournal(store)

    async def respond(self, request: Request) -> Response:
        """The backup as a download, or 401/403 with a GraphQL-shaped error."""
        refused = await self._unless_admin(request, "A backup")
        if refused is not None:
            return refused
        return StreamingResponse(
            gzipped(backup_lines(self.store)),
            media_type="application/gzip",
            headers={
                "Content-Disposition": 'attachment; filename="graph.backup.gz"',
                "Cache-Control": "no-store",
            },
        )

    async def restore(self, request: Request) -> Response:
        """Restore the backup in the body (``?replace=true``: in place of the graph held);
        the counts written, or an error with a code that says what to do."""
        refused = await self._unless_admin(request, "A restore")
        if refused is not None:
            return refused
        replace = request.query_params.get("replace", "").lower() in ("true", "1", "yes")
        folder = Path(tempfile.mkdtemp(prefix="graph-api-restore-"))
        file = folder / "upload.backup.gz"
        try:
            # A client gone, or cut off by the body limits, raises ClientDisconnect here:
            # the body limits then answer (413 or 408) with what to do.
            await _receive(request, file)
            await asyncio.to_thread(backup_summary, file)  # a cut or foreign file: here
            return await self._restore(file, replace)
        except FileProblem as problem:
            message = str(problem).replace(str(file), "The uploaded file")
            return _refusal(400, ErrorCode.BAD_USER_INPUT, message)
        except OSError as problem:  # the service's disk, not the caller's file
            log.error("could not keep an uploaded backup: %s", problem)
            return _refusal(503, ErrorCode.STORE_UNAVAILABLE, NO_ROOM)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    async def _restore(self, file: Path, replace: bool) -> Response:
        # Asked before the doors are held (``restore`` asks again, inside): a refusal
        # should not first make every other request wait.
        if not replace and any((await self.store.count_nodes()).values()):
            return _refusal(409, ErrorCode.CONFLICT, NOT_EMPTY)
        try:
            async with self.maintenance.exclusive(), self.journal.holding(restore_run_id()):
                if replace:
                    summary = await replace_with_backup(self.store, file, checked=True)
                else:
                    summary = await restore(self.store, file)
        except MaintenanceRefused as busy:
            return _refusal(503, ErrorCode.STORE_UNAVAILABLE, str(busy))
        except StoreNotEmpty:  # written to between the check and the restore
            return _refusal(409, ErrorCode.CONFLICT, NOT_EMPTY)
        except RestoreFailed as failure:
            log.error("restore failed and the graph was not written back: %s", failure)
            return _refusal(503, ErrorCode.STORE_UNAVAILABLE, str(failure))
        except GraphApiError as error:
            status = 503 if error.code is ErrorCode.STORE_UNAVAILABLE else 400
            return _refusal(status, error.code, f"Not restored: {error.message}")
        except FileProblem:
            raise  # the file's fault: answered 400 above, the store left as it was
        except Exception:  # a fault of the service's own: logged whole, told in short
            log.exception("restore failed")
            left = "as it was" if replace else "empty"
            message = f"Not restored: the service failed (see its log); the store is left {left}."
            return _refusal(503, ErrorCode.INTERNAL_ERROR, message)
        log.warning("restored %s (replace=%s)", summary.describe(), replace)
        counts = {"entities": summary.entities, "links": summary.links}
        return JSONResponse({"restored": {**counts, "changes": summary.changes}})

    async def _unless_admin(self, request: Request, what: str) -> Response | None:
        """None for an administrator; otherwise the 401 or 403 to answer with."""
        try:
            headers = credential_headers(request.scope.get("headers", []))
            identity = await self.authenticator.identify(headers)
        except GraphApiError as refusal:
            return refusal_response(request, refusal)
        if identity.allows(Role.ADMIN):
            return None
        message = (
            f"{what} holds personal data and every change record: it needs the admin "
            "role. Send an administrator's key (made with graph-api keys create --name "
            "NAME --role admin)."
        )
        body = error_body(ErrorCode.FORBIDDEN, message, requiredRole=Role.ADMIN.label)
        return JSONResponse(body, status_code=403)


NO_ROOM = (
    "Not restored: the service could not keep the uploaded file (its disk is full or "
    "not writable); the store is as it was. Free space on the service's machine."
)
NOT_EMPTY = (
    "The store is not empty; a restore would mix two graphs. Send ?replace=true "
    "(graph-api restore FILE --replace --server URL) to replace what it holds."
)


async def _receive(request: Request, file: Path) -> None:
    """The request's body, written to ``file`` (readable by its owner only) as it comes."""
    with open_private(file) as out:
        async for chunk in request.stream():
            out.write(chunk)


def _refusal(status: int, code: ErrorCode, message: str) -> Response:
    retry = {"Retry-After": "10"} if status == 503 else {}
    return JSONResponse(error_body(code, message), status_code=status, headers=retry)


async def gzipped(lines: AsyncIterator[str]) -> AsyncIterator[bytes]:
    """``lines`` as one gzip stream, in pieces of about ``CHUNK`` characters."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    pending: list[str] = []
    size = 0
    async for line in lines:
        pending.append(line)
        size += len(line)
        if size >= CHUNK:
            yield compressor.compress("".join(pending).encode("utf-8"))
            pending, size = [], 0
    yield compressor.compress("".join(pending).encode("utf-8")) + compressor.flush()
