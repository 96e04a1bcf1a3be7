"""``GET /backup``: a backup of the whole store, as ``graph-api backup`` writes it, streamed
to an administrator. The embedded store is held by one process, so while the service
runs this is how it is backed up (``graph-api backup --server URL``); on Neo4j it saves
opening a second connection from the operator's machine.

The file holds personal data and every change record, so only the admin role may fetch
it. It is gzip-compressed JSON lines, compressed as it streams: memory stays flat
whatever the store's size. A backup cut short (the store failed midway) is a truncated
gzip stream, which ``graph-api backup --server`` notices and refuses to keep.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from graph_api.auth.identity import Authenticator, credential_headers
from graph_api.auth.roles import Role
from graph_api.config import Settings
from graph_api.errors import ErrorCode, GraphApiError, error_body
from graph_api.graphql_http import refusal_response
from graph_api.store import GraphStore
from graph_api.transfer.backup import backup_lines

CHUNK = 64 * 1024  # text gathered before each compression step


class BackupEndpoint:
    """The ``/backup`` route over one store."""

    def __init__(self, store: GraphStore, settings: Settings) -> None:
        self.store = store
        self.authenticator = Authenticator(settings)

    async def respond(self, request: Request) -> Response:
        """The backup as a download, or 401/403 with a GraphQL-shaped error."""
        try:
            headers = credential_headers(request.scope.get("headers", []))
            identity = await self.authenticator.identify(headers)
        except GraphApiError as refusal:
            return refusal_response(request, refusal)
        if not identity.allows(Role.ADMIN):
            message = (
                "A backup holds personal data and every change record: it needs the admin "
                "role. Send an administrator's key (made with graph-api keys create --name "
                "NAME --role admin)."
            )
            body = error_body(ErrorCode.FORBIDDEN, message, requiredRole=Role.ADMIN.label)
            return JSONResponse(body, status_code=403)
        return StreamingResponse(
            gzipped(backup_lines(self.store)),
            media_type="application/gzip",
            headers={
                "Content-Disposition": 'attachment; filename="graph.backup.gz"',
                "Cache-Control": "no-store",
            },
        )


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
