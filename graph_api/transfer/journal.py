"""Which import runs are under way, noted in the store they write to, so that a run that
commits batch by batch (``CommitMode.BATCHES`` or ``HELD``) killed outright (SIGKILL, a power cut,
an out-of-memory kill, a machine that never comes back) is undone by a process of the
store, on whatever machine, instead of staying half-visible. A run in one transaction
leaves nothing when killed; its note is forgotten without a word.

A run is noted before its first write, says every ``HEARTBEAT_SECONDS`` that it is
alive, and is forgotten once it has finished or been undone. A run that failed or was
stopped without finishing its own undo is marked abandoned. Whether a note's run is
interrupted is judged by ``graph_api.transfer.run_liveness``. The service looks for
such runs as it starts and every ``SWEEP_SECONDS`` after, and so does every ``graph-api import``
(``graph_api.transfer.interrupted``); whoever finds one first takes it over in the
store (``claim``) and undoes it, saying it is alive meanwhile, so two processes never
undo one run at once.

A run too large for one transaction can hold readers off (``hold_readers``): its note
says so, every service process on the store refuses requests until it ends
(``graph_api.held_runs``), and it says it is alive every ``HELD_HEARTBEAT_SECONDS``,
so that a silent one is taken for interrupted after
``run_liveness.HELD_LEASE_SECONDS`` rather than ``run_liveness.LEASE_SECONDS``: readers
are held that long at most after its machine went away.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import logging
import os
from collections.abc import AsyncIterator, Callable

from graph_api.errors import ErrorCode, GraphApiError
from graph_api.store.base import GraphStore
from graph_api.store.causality import outside_requests
from graph_api.store.run_notes import RunNote
from graph_api.transfer import run_liveness
from graph_api.transfer.report import ImportFailed
from graph_api.transfer.run_ids import RESTORE_PREFIX
from graph_api.transfer.run_liveness import ABANDONED, MACHINE, THIS_PROCESS, is_gone

HEARTBEAT_SECONDS = 30.0
SWEEP_SECONDS = 60.0
# A run that holds readers off is waited for by every service process: it beats often
# (run_liveness.HELD_LEASE_SECONDS of silence ends the wait).
HELD_HEARTBEAT_SECONDS = 5.0
# How long a run waits, once noted as holding readers, before its first write: every
# process looks for such notes each second (held_runs.POLL_SECONDS), so all have seen it.
HOLD_SETTLE_SECONDS = 2.5

log = logging.getLogger(__name__)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ImportJournal:
    """The notes of one store's runs (``GraphStore.import_run_notes`` and friends)."""

    def __init__(
        self,
        store: GraphStore,
        clock: Callable[[], dt.datetime] = _now,
        heartbeat_seconds: float = HEARTBEAT_SECONDS,
    ) -> None:
        self.store, self.clock, self.heartbeat_seconds = store, clock, heartbeat_seconds
        self.hold_settle_seconds = HOLD_SETTLE_SECONDS
        self._holding: set[str] = set()  # this journal's runs that hold readers off
        self._wake = asyncio.Event()  # set when a run begins to hold: beat sooner

    async def begin(self, run_id: str) -> None:
        """Note a run before it writes anything, as this process's, at it now."""
        run_liveness.ACTIVE.add(run_id)
        try:
            await self.store.note_import_run(self._mine(run_id))
        except BaseException:
            # Nothing is written yet: nothing to leave to a sweep.
            run_liveness.ACTIVE.discard(run_id)
            raise

    async def end(self, run_id: str) -> None:
        """Forget a run that finished or was undone. The note goes first: until it has,
        this process's own watcher must not take the run for interrupted."""
        try:
            await self.store.forget_import_run(run_id)
        finally:
            run_liveness.ACTIVE.discard(run_id)
            self._holding.discard(run_id)

    async def hold_readers(self, run_id: str) -> None:
        """Note the run (already begun) as holding every service process's readers off
        until it ends, and wait until all of them have seen the note. STORE_UNAVAILABLE
        while another such run (an import, a restore) writes: one would undo the other."""
        await self._refuse_while_another_holds(run_id)
        self._holding.add(run_id)
        await self.store.note_import_run(self._mine(run_id))
        # Asked again once noted: of two runs that passed the first look at one moment,
        # the one whose note committed later sees the other's (each looks after its own
        # note, and reads wait for its bookmark), so they never both write. Both may
        # give way; each says to run again.
        try:
            await self._refuse_while_another_holds(run_id)
        except GraphApiError:
            await self.let_readers_go(run_id)
            raise
        self._wake.set()  # the next heartbeat within HELD_HEARTBEAT_SECONDS, not 30 s
        await asyncio.sleep(self.hold_settle_seconds)

    async def let_readers_go(self, run_id: str) -> None:
        """Note the run as holding readers off no more (it writes nothing while held)."""
        if run_id not in self._holding:
            return
        self._holding.discard(run_id)
        try:  # shielded: a run stopped meanwhile must not stay holding everyone off
            await asyncio.shield(self.store.note_import_run(self._mine(run_id)))
        except Exception as error:  # the run's own end is what the caller must hear
            log.warning("run %s still says it holds readers off: %s", run_id, error)

    async def _refuse_while_another_holds(self, run_id: str) -> None:
        for note in await self.store.import_run_notes():
            if note.holds_readers and note.run_id != run_id and not self.gone(note):
                raise GraphApiError(
                    ErrorCode.STORE_UNAVAILABLE,
                    f"{note.run_id} is writing the graph with every service's readers held "
                    "off; run this again when it has ended.",
                )

    @contextlib.asynccontextmanager
    async def running(self, run_id: str, noted: bool = True) -> AsyncIterator[None]:
        """Note the run while the block runs an import, if ``noted`` (a dry run writes
        nothing, so it need not be), saying every half minute that it is alive. The note
        goes when the import ends, or fails having undone itself (ImportFailed); any
        other end (an error in the undo, a cancellation, Ctrl-C) marks it abandoned, for
        the next sweep to finish the undo."""
        if not noted:
            yield
            return
        await self.begin(run_id)
        async with self._at_it(run_id, undid_itself=ImportFailed):
            yield

    @contextlib.asynccontextmanager
    async def holding(self, run_id: str) -> AsyncIterator[None]:
        """Note a run that replaces the graph wholesale (a restore) as holding every
        process's readers off while the block runs. A failure or a stop leaves nothing
        for an undo (the restore has put back what it replaced), so the note goes
        whatever the end; only a kill outright leaves it, and the doors shut."""
        await self.begin(run_id)
        async with self._at_it(run_id, undid_itself=BaseException):
            await self.hold_readers(run_id)
            yield
        # Earlier restores killed outright held every process's doors shut (their
        # graph may be partial: graph_api.transfer.interrupted); this one replaced it.
        try:
            for note in await self.store.import_run_notes():
                if note.run_id.startswith(RESTORE_PREFIX) and self.gone(note):
                    await self.store.forget_import_run(note.run_id)
        except Exception as error:  # the restore itself is done: say so, not this
            log.warning("notes of earlier restores were not forgotten: %s", error)

    @contextlib.asynccontextmanager
    async def undoing(self, run_id: str, holds_readers: bool = False) -> AsyncIterator[None]:
        """Around the undo of a run this process has taken over (``claim``, or
        ``free_to_undo``): it says it is alive meanwhile (as often as a run that holds
        readers off, if it did), is forgotten when the block ends, and is marked
        abandoned, for the next sweep, if the block fails."""
        run_liveness.ACTIVE.add(run_id)  # already, when taken over by claim or free_to_undo
        if holds_readers:
            self._holding.add(run_id)
        async with self._at_it(run_id):
            yield

    @contextlib.asynccontextmanager
    async def _at_it(
        self, run_id: str, undid_itself: type[BaseException] | None = None
    ) -> AsyncIterator[None]:
        """While this process writes or undoes ``run_id``: it says it is alive; the note
        goes when the block ends, or raises ``undid_itself`` (what it wrote is undone
        already); any other failure marks it abandoned, for the next sweep to finish."""
        try:
            async with self.saying_alive(run_id):
                yield
        except BaseException as error:
            if undid_itself is not None and isinstance(error, undid_itself):
                try:
                    await self.end(run_id)
                except Exception as also:  # the caller's error is the one to tell
                    log.warning("run %s could not be forgotten: %s", run_id, also)
            else:
                await asyncio.shield(self._abandon(self._mine(run_id)))
            raise
        # If this fails, the caller hears of it as a failure, and the next sweep undoes
        # the run (its note is nobody's now): what was reported and what stays agree.
        await self.end(run_id)

    async def claim(self, note: RunNote) -> bool:
        """Take an interrupted run over to undo it; False if another process took it.
        Once taken, undo it inside ``undoing``."""
        return self._held(run_id=note.run_id, taken=await self._claimed(note))

    async def free_to_undo(self, run_id: str) -> bool:
        """Take run ``run_id`` over for an explicit undo (then undo it inside
        ``undoing``): a finished run (no note) or an interrupted one. False while another
        process writes or undoes it."""
        if run_id in run_liveness.ACTIVE:
            return False
        note = next((n for n in await self.store.import_run_notes() if n.run_id == run_id), None)
        if note is None:
            taken = await self.store.note_import_run_if_absent(self._mine(run_id))
            return self._held(run_id, taken)
        if note.holds_readers:
            self._holding.add(run_id)  # beat as often as the run did, in claim's note too
        return self.gone(note) and await self.claim(note)

    async def _claimed(self, note: RunNote) -> bool:
        if note.run_id in run_liveness.ACTIVE:
            return False  # this process has it already (a sweep meets an undo under way)
        return await self.store.claim_import_run(note, self._mine(note.run_id))

    @staticmethod
    def _held(run_id: str, taken: bool) -> bool:
        if taken:
            # Before anything else is awaited: this process's sweep skips it.
            run_liveness.ACTIVE.add(run_id)
        return taken

    async def interrupted(self) -> list[RunNote]:
        """The runs whose process ended (or gave up) before they did, oldest first."""
        return [note for note in await self.store.import_run_notes() if self.gone(note)]

    def gone(self, note: RunNote) -> bool:
        """Whether ``note``'s run has nobody writing or undoing it any more."""
        return is_gone(note, self.clock())

    @contextlib.asynccontextmanager
    async def saying_alive(self, run_id: str) -> AsyncIterator[None]:
        """Say every ``heartbeat_seconds`` that run ``run_id`` is being written or undone
        while the block runs."""
        # Not the caller's context: its bookmarks and transaction are not the beat's.
        context = outside_requests()
        beat = asyncio.create_task(self._beat(run_id), context=context)
        try:
            yield
        finally:
            beat.cancel()
            await asyncio.wait([beat])  # a cancellation of the caller stays the caller's

    async def _beat(self, run_id: str) -> None:
        while True:
            pause = self.heartbeat_seconds
            if run_id in self._holding:
                pause = min(pause, HELD_HEARTBEAT_SECONDS)
            try:
                # Woken when a run begins to hold readers, to beat at the held rate now.
                # (asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow the
                # cancellation that ends the beat if the event is set at that moment.)
                async with asyncio.timeout(pause):
                    await self._wake.wait()
            except TimeoutError:
                pass
            else:
                self._wake.clear()
                continue
            try:
                await self.store.touch_import_run(run_id, self._stamp())
            except GraphApiError as error:
                # The embedded store refuses other writes while a one-transaction import
                # holds its writer; such a run leaves nothing if killed anyway.
                quiet = error.code is ErrorCode.STORE_UNAVAILABLE
                log.log(logging.DEBUG if quiet else logging.WARNING, "import %s: %s", run_id, error)
            except Exception as error:  # the import reports its own store failures
                log.warning("import %s could not say it is alive: %s", run_id, error)

    async def _abandon(self, note: RunNote) -> None:
        run_liveness.ACTIVE.discard(note.run_id)
        self._holding.discard(note.run_id)
        try:
            await self.store.note_import_run(
                dataclasses.replace(note, process="", heartbeat=ABANDONED)
            )
        except Exception as error:  # the store is away: the lease will tell in time
            log.warning("import %s could not be marked abandoned: %s", note.run_id, error)

    def _mine(self, run_id: str) -> RunNote:
        now = self._stamp()
        held = run_id in self._holding
        return RunNote(run_id, MACHINE, os.getpid(), THIS_PROCESS, now, now, held)

    def _stamp(self) -> str:
        return self.clock().isoformat(timespec="seconds")
