"""Error codes every failure is reported with, and the exception that carries them.

The codes are part of the public API (``extensions.code`` in GraphQL errors): clients
branch on them, so they never change meaning. Codes for features on the roadmap
(roles, cost limits) are reserved here so the schema does not have to move later.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    """Stable machine-readable error codes."""

    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    STORE_UNAVAILABLE = "STORE_UNAVAILABLE"
    FORBIDDEN = "FORBIDDEN"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    QUERY_TIMEOUT = "QUERY_TIMEOUT"
    REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"
    REQUEST_TIMEOUT = "REQUEST_TIMEOUT"
    RATE_LIMITED = "RATE_LIMITED"
    SERVICE_STOPPING = "SERVICE_STOPPING"
    SERVICE_BUSY = "SERVICE_BUSY"
    INTERNAL_ERROR = "INTERNAL_ERROR"


class GraphApiError(Exception):
    """A failure a user can act on: a stable code, a message, and optional details."""

    def __init__(self, code: ErrorCode, message: str, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


def not_found(kind: str, node_id: str, actual_kind: str | None = None) -> GraphApiError:
    """The error for an id that names nothing of the kind asked for. A Person's id is
    answered as if nothing had it: saying its kind would tell that the Person exists."""
    if actual_kind is not None and actual_kind != "Person":
        return GraphApiError(
            ErrorCode.NOT_FOUND,
            f"No {kind} has id '{node_id}': that id is of kind {actual_kind}. "
            f"Ask for it with {actual_kind[0].lower()}{actual_kind[1:]}(id: ...) or node(id: ...).",
            id=node_id,
        )
    return GraphApiError(
        ErrorCode.NOT_FOUND,
        f"No {kind} has id '{node_id}'. Ids look like 'department:bd'; "
        "use search(text: ...) to find an id by name.",
        id=node_id,
    )


def error_body(code: ErrorCode, message: str, **details: Any) -> dict[str, Any]:
    """A GraphQL answer holding one error in the documented shape, for refusals made
    before GraphQL runs (the HTTP middlewares and the endpoint's own checks)."""
    return {"errors": [{"message": message, "extensions": {"code": code.value, **details}}]}


def bad_input(message: str, **details: Any) -> GraphApiError:
    """The error for input that breaks a rule; the message says which rule."""
    return GraphApiError(ErrorCode.BAD_USER_INPUT, message, **details)


def store_unavailable(message: str) -> GraphApiError:
    """The error for a store that cannot be reached; the request may succeed later."""
    return GraphApiError(ErrorCode.STORE_UNAVAILABLE, message)


def store_busy() -> GraphApiError:
    """The error for a write refused while an import holds the embedded store's one
    writer; like an unreachable store, it succeeds if tried again later."""
    return store_unavailable(
        "An import is being written into the store; it becomes visible all at once when "
        "it finishes, and other changes wait for that. Try again in a minute."
    )


def transaction_too_large() -> GraphApiError:
    """The error for an import that outgrew the database's transaction memory."""
    return GraphApiError(
        ErrorCode.BAD_USER_INPUT,
        "The import is too large for one transaction on this Neo4j (it reached the "
        "server's transaction memory limit), so nothing was written. Import it with "
        "--commit held (batch by batch, the service refusing requests until it ends) or "
        "--commit batches (the service answering, the run seen as it goes), lower "
        "GRAPH_API_IMPORT_TRANSACTION_ROWS so that large runs commit batch by batch, "
        "split the files, or give Neo4j a larger heap.",
    )


def query_timeout(seconds: float) -> GraphApiError:
    """The error for a store query stopped by the server's per-query time limit."""
    return GraphApiError(
        ErrorCode.QUERY_TIMEOUT,
        f"The question took longer than the server's limit of {seconds:g} s and was "
        "stopped. Narrow it (fewer hops or paths, 'via' relationship types, a 'between' "
        "period, a smaller page) or ask the operator to raise "
        "GRAPH_API_QUERY_TIMEOUT_SECONDS.",
        limit_seconds=seconds,
    )


def write_timeout(seconds: float) -> GraphApiError:
    """The error for a write stopped by the per-query time limit: nothing was written."""
    return GraphApiError(
        ErrorCode.QUERY_TIMEOUT,
        f"The change took longer than the server's limit of {seconds:g} s and was stopped; "
        "nothing was written. Try again when the store is less busy; an import can use "
        "smaller batches (--batch-size), and the operator can raise "
        "GRAPH_API_QUERY_TIMEOUT_SECONDS.",
        limit_seconds=seconds,
    )
