"""Holding every service process's readers off while an import writes batch by batch
(``graph_api.held_runs`` shuts the doors): begun while the import's rows are still being
checked, so that the wait for every process to see it passes meanwhile, and let go
again if the run then writes nothing while held.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from graph_api.transfer.journal import ImportJournal


class ReaderHold(Protocol):
    """What ``import_files`` asks of a hold (``RunHold``, or a test's stand-in)."""

    async def begin(self) -> None:
        """Note the hold, and wait until every process has seen it."""

    async def release(self) -> None:
        """Let readers go again: the run writes nothing while held."""


@dataclass(frozen=True)
class RunHold:
    """The hold of import run ``run_id``, noted in ``journal``'s store;
    ``on_begin`` is told first (the command line says why requests are refused)."""

    journal: ImportJournal
    run_id: str
    on_begin: Callable[[], None] = lambda: None

    async def begin(self) -> None:
        """``ImportJournal.hold_readers``."""
        self.on_begin()
        await self.journal.hold_readers(self.run_id)

    async def release(self) -> None:
        """``ImportJournal.let_readers_go``."""
        await self.journal.let_readers_go(self.run_id)


class EarlyHold:
    """A hold begun in the background while the rows are checked, then waited for
    before the first write, or let go."""

    def __init__(self, hold: ReaderHold | None) -> None:
        self._hold = hold
        self._task: asyncio.Future[None] | None = None

    @property
    def begun(self) -> bool:
        """Whether the hold has begun."""
        return self._task is not None

    def begin(self) -> None:
        """Begin the hold (once) in the background."""
        if self._task is None and self._hold is not None:
            self._task = asyncio.ensure_future(self._hold.begin())

    def raise_if_refused(self) -> None:
        """Raise the hold's own failure (another run holds readers off) once it is
        known, so that a refused import stops checking its rows at once."""
        if self._task is not None and self._task.done() and not self._task.cancelled():
            error = self._task.exception()
            if error is not None:
                raise error

    async def settled(self) -> None:
        """Begin the hold if it has not, and wait until every process has seen it."""
        self.begin()
        if self._task is not None:
            await self._task

    async def let_go(self) -> None:
        """Stop the hold, begun or settled, of a run that will write nothing while held
        (it failed its check, or fits one transaction after all)."""
        if self._task is None or self._hold is None:
            return
        self._task.cancel()
        await asyncio.wait([self._task])  # a cancellation of the caller stays the caller's
        if not self._task.cancelled():
            self._task.exception()  # the run's own failure, if any, is the one to tell
        await self._hold.release()
