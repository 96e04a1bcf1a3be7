"""Times every GraphQL operation and counts its errors, for ``graph_api.metrics``.

The labels are bounded: the operation's type, and its first root field only if the
schema has it (anything else is "-"), so a client cannot invent new series.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from graphql import FieldNode, OperationDefinitionNode
from strawberry.extensions import SchemaExtension

# Set in a request's scope state once its operation has counted its own errors, so
# ``graph_api.metrics.HttpMetrics`` counts only those of requests refused before.
COUNTED = "graph_api.errors_counted"


class OperationMetrics(SchemaExtension):
    """Reports each operation's time, type, root field and error codes to the
    request context's ``metrics`` (when the app has metrics)."""

    def on_operation(self) -> Iterator[None]:
        """Time the whole operation: parsing, validation and execution."""
        start = time.perf_counter()
        yield
        context = self.execution_context
        metrics = getattr(context.context, "metrics", None)
        if metrics is None:
            return
        request = getattr(context.context, "request", None)
        if request is not None:  # its errors are counted here, not again by HttpMetrics
            request.scope.setdefault("state", {})[COUNTED] = True
        kind, field = _operation(context)
        errors = (context.result.errors if context.result else None) or []
        errors = errors or context.pre_execution_errors or []
        codes = [str((error.extensions or {}).get("code", "UNKNOWN")) for error in errors]
        metrics.observe(kind, field, time.perf_counter() - start, codes)


def _operation(context: Any) -> tuple[str, str]:
    """The operation's type and first root field, as bounded labels."""
    document = context.graphql_document
    if document is None:
        return "unparsed", "-"
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in operations if o.name and o.name.value == context.operation_name]
    if not (chosen or operations):
        return "none", "-"
    operation = (chosen or operations)[0]
    kind = operation.operation.value
    root = context.schema._schema.get_root_type(operation.operation)
    fields = [s for s in operation.selection_set.selections if isinstance(s, FieldNode)]
    name = fields[0].name.value if fields else "-"
    return kind, name if root is not None and name in root.fields else "-"
