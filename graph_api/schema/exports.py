"""``exportRecords``: the graph, or one part of it, exported through the API while the
service runs (on either store), in a format ``importRecords`` and ``graph-api import``
read back. ``graph-api export --server`` asks it. Personal data (persons and their
links) is exported to administrators only."""

from __future__ import annotations

import tempfile
from enum import Enum
from pathlib import Path
from typing import Annotated

import strawberry

from graph_api.auth.roles import Role
from graph_api.domain import NodeKind, kind_of_id
from graph_api.errors import ErrorCode, GraphApiError, bad_input
from graph_api.schema.context import GraphInfo
from graph_api.transfer.exporter import export
from graph_api.transfer.formats import Format
from graph_api.transfer.selection import Selection


@strawberry.enum(description="The formats an export can be answered in (CSV is a folder).")
class ExportFormat(Enum):
    JSON = "json"
    JSONL = "jsonl"
    GRAPHML = "graphml"


@strawberry.type(description="An export, ready to save as a file.")
class ExportResult:
    filename: str = strawberry.field(description="A name to save it under.")
    format: ExportFormat = strawberry.field(description="Its format.")
    entities: int = strawberry.field(description="Entities written.")
    links: int = strawberry.field(description="Links written.")
    personal_data: bool = strawberry.field(
        description="Whether persons and their links are in it (administrators only)."
    )
    content: str = strawberry.field(description="The file's text (UTF-8).")


@strawberry.type(description="Exporting through the API.")
class ExportQuery:
    @strawberry.field(
        description="Export the whole graph, or one part (an event with every link "
        "touching it, a bureau with what is under it, or everything within 'hops' of an "
        "entity), as the text of a file that importRecords reads back. Answers larger than "
        "the server's GRAPH_API_MAX_EXPORT_BYTES are refused: export a part, or run "
        "graph-api export on the server. Needs the editor role; persons are exported to "
        "administrators only."
    )
    async def export_records(
        self,
        info: GraphInfo,
        format: Annotated[
            ExportFormat, strawberry.argument(description="The format (default JSON).")
        ] = ExportFormat.JSON,
        event: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this event.")
        ] = None,
        bureau: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this bureau.")
        ] = None,
        around: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only entities within 'hops' of this one."),
        ] = None,
        hops: Annotated[int, strawberry.argument(description="How far 'around' reaches, 1-6.")] = 1,
    ) -> ExportResult:
        if sum(choice is not None for choice in (event, bureau, around)) > 1:
            raise bad_input("Choose one of 'event', 'bureau' and 'around'.", argument="event")
        if not 1 <= hops <= 6:
            raise bad_input(f"'hops' must be between 1 and 6; it was {hops}.", argument="hops")
        context = info.context
        personal = context.identity.allows(Role.ADMIN)
        if around is not None and kind_of_id(str(around)) is NodeKind.PERSON and not personal:
            raise GraphApiError(
                ErrorCode.FORBIDDEN,
                "What lies around a person is personal data: exporting around a person "
                "needs the admin role. Export around an organisation or event instead.",
                requiredRole=Role.ADMIN.label,
            )
        selection = Selection(
            event=str(event) if event else None,
            bureau=str(bureau) if bureau else None,
            around=str(around) if around else None,
            hops=hops,
        )
        fmt = Format(format.value)
        filename = f"graph.{fmt.value}"
        with tempfile.TemporaryDirectory(prefix="graph-api-export-") as folder:
            path = Path(folder) / filename
            limit = context.settings.max_export_bytes
            summary = await export(
                context.store, fmt, path, selection, personal_data=personal, max_bytes=limit
            )
            content = path.read_text(encoding="utf-8")
        return ExportResult(
            filename=filename,
            format=format,
            entities=summary.nodes,
            links=summary.links,
            personal_data=personal,
            content=content,
        )
