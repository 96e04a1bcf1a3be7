"""``importRecords``: a file of entities and links imported through the API, by editors,
while the service runs (on either store), with the checks, dry run and report of
``graph-api import``. The file travels as a GraphQL multipart request
(https://github.com/jaydenseric/graphql-multipart-request-spec); ``graph-api import
--server`` sends one. Part of the mutation root (``Mutation`` extends
``ImportMutation``)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.file_uploads import Upload

from graph_api.auth.roles import Role
from graph_api.editing.import_runs import undo_run
from graph_api.errors import bad_input
from graph_api.schema.actor import actor_of
from graph_api.schema.context import GraphInfo
from graph_api.transfer.importer import ImportOptions
from graph_api.transfer.journal import ImportJournal
from graph_api.transfer.report import RowAction
from graph_api.transfer.run_ids import is_run_id
from graph_api.transfer.source import FileProblem
from graph_api.transfer.uploads import MAX_REPORTED_ROWS, UploadReport, import_upload


@strawberry.type(description="One row of an imported file and what became of it.")
class ImportRow:
    location: str = strawberry.field(description="File and line (or record number).")
    record: str = strawberry.field(description="The entity id or link the row names.")
    action: str = strawberry.field(description="created, updated, unchanged or rejected.")
    reason: str = strawberry.field(description="Why it was rejected (empty otherwise).")


@strawberry.type(description="What an import did, or in a dry run would do.")
class ImportResult:
    run_id: str = strawberry.field(
        description="The run's id: its change records carry it, and "
        "'graph-api import --undo RUN_ID' undoes it."
    )
    dry_run: bool = strawberry.field(description="True if nothing was meant to be written.")
    written: bool = strawberry.field(description="Whether the rows are now in the graph.")
    rolled_back: bool = strawberry.field(
        description="True if writing failed part-way and nothing of the run stayed in "
        "the graph (its transaction rolled back, or its batches undone)."
    )
    rows: int = strawberry.field(description="Rows read.")
    created: int = strawberry.field(description="Rows that created a record.")
    updated: int = strawberry.field(description="Rows that changed a record.")
    unchanged: int = strawberry.field(description="Rows the graph already held as they are.")
    rejected: int = strawberry.field(description="Rows refused, each with its reason.")
    summary: str = strawberry.field(description="The totals and the outcome in one line.")
    failure: str | None = strawberry.field(
        description="Why nothing was written (rows rejected, or a failed write); null if "
        "the import went through."
    )
    report: list[ImportRow] = strawberry.field(
        description=f"Rejected rows first, then the others: at most {MAX_REPORTED_ROWS}."
    )


@strawberry.type(description="An import run undone.")
class UndoImportResult:
    run_id: str = strawberry.field(description="The run undone.")
    undone: int = strawberry.field(
        description="How many of its changes were undone (records it created deleted, "
        "records it updated restored as they were)."
    )


@strawberry.type(description="Importing files through the API.")
class ImportMutation:
    @strawberry.mutation(
        description="Import files of entities and links (.csv, .jsonl, .json or .graphml, "
        "as docs/import-format.md describes) sent as a GraphQL multipart upload, as one "
        "run: 'file' for one, 'files' for several (a CSV export's nodes-*.csv and "
        "links.csv together). Every row is checked first, then written: up to 500,000 rows "
        "on the embedded store, and on Neo4j as many as its transaction memory holds "
        "(GRAPH_API_IMPORT_TRANSACTION_ROWS sets either) "
        "in one transaction (others see the whole run when it finishes, or nothing if it "
        "fails), larger runs batch by batch (undone if they fail); re-importing changes "
        "nothing. One rejected row means "
        "nothing is written unless skipInvalid. Rejected rows are an answer (failure and "
        "report), not an error; a file that cannot be read is BAD_USER_INPUT. Needs the "
        "editor role; rows of Person records, or links with a Person at one end, need "
        "the admin role (below it they are rejected, whether or not the Person exists)."
    )
    async def import_records(
        self,
        info: GraphInfo,
        file: Annotated[
            Upload | None, strawberry.argument(description="One file (multipart).")
        ] = None,
        files: Annotated[
            list[Upload] | None,
            strawberry.argument(description="Several files, imported as one run (multipart)."),
        ] = None,
        dry_run: Annotated[
            bool, strawberry.argument(description="Check and report; write nothing.")
        ] = False,
        skip_invalid: Annotated[
            bool,
            strawberry.argument(description="Write the valid rows even if some are rejected."),
        ] = False,
    ) -> ImportResult:
        uploads: list[Any] = ([file] if file is not None else []) + list(files or [])
        if not uploads or not all(hasattr(upload, "read") for upload in uploads):
            raise bad_input(
                "Send the files as a GraphQL multipart request (the 'map' field pointing "
                "at variables.file, or at variables.files.0, variables.files.1, ...); "
                "graph-api import --server sends one.",
                argument="file",
            )
        context = info.context
        options = ImportOptions(
            actor=actor_of(context),
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            transaction_rows=context.settings.import_transaction_rows,
            personal_data=context.identity.allows(Role.ADMIN),
        )
        try:
            report = await import_upload(context.store, uploads, options)
        except FileProblem as problem:
            raise bad_input(f"The files cannot be imported: {problem}", argument="file") from None
        return _result(report)

    @strawberry.mutation(
        description="Undo an import run (importRecords' runId, or the id 'graph-api import' "
        "prints): entities and links it created are deleted, those it updated restored "
        "as they were, and its change records forgotten. An editor may undo the runs "
        "they made that nobody has changed since (CONFLICT otherwise: undoing would throw "
        "that work away); the admin role, any run. NOT_FOUND if no change names the run "
        "(a mistyped id, or undone already)."
    )
    async def undo_import(
        self,
        info: GraphInfo,
        run_id: Annotated[str, strawberry.argument(description="The import run's id.")],
    ) -> UndoImportResult:
        if not is_run_id(run_id):
            raise bad_input(
                f"runId: '{run_id[:80]}' is not an import run id; they look like "
                "'20261205T101500Z-1a2b3c4d' (importRecords' runId).",
                field="runId",
            )
        context = info.context
        journal = ImportJournal(context.store)
        any_run = context.identity.allows(Role.ADMIN)
        undone = await undo_run(context.store, journal, run_id, actor_of(context), any_run)
        return UndoImportResult(run_id=run_id, undone=undone)


def _result(report: UploadReport) -> ImportResult:
    summary = report.summary
    return ImportResult(
        run_id=summary.run_id,
        dry_run=summary.dry_run,
        written=summary.written,
        rolled_back=summary.rolled_back,
        rows=summary.rows,
        created=summary.counts[RowAction.CREATED],
        updated=summary.counts[RowAction.UPDATED],
        unchanged=summary.counts[RowAction.UNCHANGED],
        rejected=summary.counts[RowAction.REJECTED],
        summary=summary.describe(),
        failure=report.failure,
        report=[
            ImportRow(location=r.location, record=r.record, action=r.action.value, reason=r.reason)
            for r in report.rows
        ],
    )
