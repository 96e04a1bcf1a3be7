"""Every GraphQL error leaves with a stable ``extensions.code`` and no internals.

``GraphApiError`` keeps its code and message. GraphQL's own syntax and validation
errors get ``GRAPHQL_PARSE_FAILED`` / ``GRAPHQL_VALIDATION_FAILED`` and keep their
(helpful) message. Anything else is a bug: it is logged with its traceback and the
client sees ``INTERNAL_ERROR`` with a message that says so, never the trace.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors
from strawberry.schema.exceptions import CannotGetOperationTypeError

from graph_api.errors import ErrorCode, GraphApiError
from graph_api.request_log import current_request_id

log = logging.getLogger("graph_api.errors")

PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"


def error_code_and_message(error: GraphQLError) -> tuple[str, str, dict[str, Any]]:
    """The code, client message and extra details for one GraphQL error."""
    original = error.original_error
    if isinstance(original, GraphApiError):
        return original.code.value, original.message, original.details
    if original is None:
        if "Syntax Error" in error.message:
            return PARSE_FAILED, error.message, {}
        if error.extensions and "code" in error.extensions:
            details = {k: v for k, v in error.extensions.items() if k != "code"}
            return str(error.extensions["code"]), error.message, details
        return VALIDATION_FAILED, error.message, {}
    if isinstance(original, CannotGetOperationTypeError):
        # An operationName the document does not hold (over a WebSocket; over HTTP the
        # view answers it before running anything).
        return ErrorCode.BAD_USER_INPUT.value, unknown_operation(original), {}
    if error.path is None and error.message.startswith("Variable '$"):
        # A variable that does not fit its type (an unknown enum value, an impossible
        # date): graphql-core keeps the parser's exception, but the message names the
        # variable, the field and the reason, and the fault is the client's.
        return ErrorCode.BAD_USER_INPUT.value, error.message, variable_details(error.message)
    log.error("unexpected error in %s", error.path, exc_info=original)
    request_id = current_request_id()
    return (
        ErrorCode.INTERNAL_ERROR.value,
        "An internal error stopped this field; it has been logged. Try again, and if it "
        + (
            f"persists report it with the request id {request_id}."
            if request_id
            else "persists report it with the time of the request."
        ),
        {"requestId": request_id} if request_id else {},
    )


def unknown_operation(error: CannotGetOperationTypeError) -> str:
    """What to do about an operationName the document does not hold."""
    return (
        f"{error.as_http_error_reason().rstrip('.')}. Set operationName to the name of one "
        "of the document's operations (the word after 'query', 'mutation' or "
        "'subscription'), or leave it out when the document holds one operation."
    )


_VARIABLE = re.compile(r"^Variable '\$(\w+)'")
_AT_PATH = re.compile(r"has invalid value at ((?:\.\w+|\[\d+\])+):")
# The field a message names inside the object at the path: one missing, or one unknown.
_NAMED_FIELD = re.compile(r"(?:to include required|not to include unknown) field '(\w+)'")


def variable_details(message: str) -> dict[str, Any]:
    """The variable and input field a coercion error names, for forms to show the message
    beside the field: ``variable`` ('input'), ``fieldPath`` inside it ('links[0].date';
    '[1]' for an item of a list variable) and ``field``, the path's last name ('date';
    none when the variable itself is the field)."""
    details: dict[str, Any] = {}
    if variable := _VARIABLE.match(message):
        details["variable"] = variable.group(1)
    at = _AT_PATH.search(message)
    path = at.group(1).removeprefix(".") if at else ""
    if named := _NAMED_FIELD.search(message):
        path = f"{path}.{named.group(1)}" if path else named.group(1)
    if path:
        details["fieldPath"] = path
    if names := re.findall(r"[A-Za-z_]\w*", path):  # list indices aside
        details["field"] = names[-1]
    return details


class ErrorCodes(MaskErrors):
    """Rewrites every error of a result into the documented shape."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=lambda _: True)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        """The same error with a stable code, a safe message, and its original dropped."""
        code, message, details = error_code_and_message(error)
        return GraphQLError(
            message=message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=None,
            extensions={"code": code, **details},
        )
