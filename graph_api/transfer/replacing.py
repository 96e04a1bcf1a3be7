"""Replacing a store's whole graph with a backup, safely: what it held is saved first and
written back if the restore fails or is stopped (``graph-api restore --replace`` and
``POST /restore?replace=true``)."""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
from pathlib import Path

from graph_api.store.base import GraphStore
from graph_api.transfer.backup import BackupSummary, Progress, back_up, backup_summary, restore

log = logging.getLogger("graph_api.backup")


class RestoreFailed(Exception):
    """A restore failed and the graph it replaced could not be written back either; the
    file ``kept`` holds it."""

    def __init__(self, kept: Path) -> None:
        super().__init__(
            "The restore failed, and the graph it was replacing could not be written "
            f"back. That graph is kept on the service's machine in {kept}: once the store "
            f"answers, restore it with graph-api restore {kept} --replace (with --server "
            "URL while the service holds the embedded store)."
        )
        self.kept = kept


async def replace_with_backup(
    store: GraphStore, path: Path, on_progress: Progress | None = None, checked: bool = False
) -> BackupSummary:
    """Replace everything ``store`` holds with the backup at ``path``.

    The file is read through first (unless the caller has: ``checked``), so one that is
    not a whole backup (FileProblem) changes nothing. What the store held is then backed
    up to a private temporary file and written back if the restore fails or is stopped,
    so the store is left as it was. If even that fails (the store went away),
    RestoreFailed names the file that holds it, which is kept.
    """
    progress = on_progress or (lambda *_: None)
    if not checked:
        await asyncio.to_thread(backup_summary, path)
    folder = Path(tempfile.mkdtemp(prefix="graph-api-before-restore-"))
    earlier = folder / "before-restore.backup.gz"
    kept = False  # the folder is removed unless it holds the only copy of the graph
    try:
        await back_up(
            store, earlier, lambda phase, done, total: progress(f"saving {phase}", done, total)
        )
        try:
            await store.clear()
            return await restore(store, path, progress)
        except BaseException:
            try:
                await _put_back(store, earlier)
            except BaseException:
                kept = True
                raise
            raise
    finally:
        if not kept:
            shutil.rmtree(folder, ignore_errors=True)


async def _put_back(store: GraphStore, earlier: Path) -> None:
    """Write back the graph a failed or stopped restore was replacing (the store may hold
    part of the new one or, if the clear was stopped, all of the old one)."""
    try:
        await store.clear()
        await restore(store, earlier)
    except Exception as again:
        raise RestoreFailed(earlier) from again
    except BaseException:  # stopped again: the file is all there is
        log.error("a stopped restore left the graph it replaced in %s", earlier)
        raise
