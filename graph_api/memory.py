"""Giving memory the process has freed back to the operating system.

CPython hands objects larger than 512 bytes (lists of rows, large dicts, answer strings)
to the C allocator. glibc's allocator keeps what is freed in its heaps, one per thread
that allocated, for reuse; free() returns pages to the system only from the top of the
main heap. So after a large answer or a structure build at 10^5 entities, the process
stayed about 90 MB more resident than the memory it still used (measured in-process on
the benchmark's 10^5 graph: 309 MB resident after a structure build, 221 MB after one
``malloc_trim``). ``malloc_trim(0)`` returns the free pages of every heap; it took 5 to
11 ms when there was that much to return, 0.2 ms when there was not.

So the service trims every ``GRAPH_API_MEMORY_TRIM_SECONDS``, in a thread, and the
structure worker trims after each build. A trim holds each heap's lock while it works,
so an allocation on the event loop may wait those few milliseconds. Where the C library
is not glibc (macOS; Alpine's musl), there is nothing to call and this does nothing; a
process run with jemalloc or tcmalloc preloaded finds glibc's function, which then has
nothing to give back.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _find_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)  # the C library this process already runs on
    except OSError:
        return None
    trim = getattr(libc, "malloc_trim", None)  # glibc only
    if trim is None:
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim  # type: ignore[no-any-return]


_TRIM = _find_trim()
# One trim at a time (the periodic task's and a structure build's threads): each counts
# the fall in resident memory it caused.
_ONE_AT_A_TIME = threading.Lock()


@dataclass
class Returned:
    """What trimming has given back in this process since it started (for /metrics)."""

    trims: int = 0
    bytes: int = 0


RETURNED = Returned()


def can_return_memory() -> bool:
    """Whether this process's C library can give freed memory back (glibc)."""
    return _TRIM is not None


def resident_bytes() -> int:
    """This process's resident memory, in bytes (0 where /proc is not there)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return 0


def return_free_memory() -> int:
    """Give the allocator's free pages back to the system; the bytes resident memory
    fell by (0 if nothing could be returned). Blocks for a few milliseconds: call it
    from a thread, not the event loop."""
    if _TRIM is None:
        return 0
    with _ONE_AT_A_TIME:
        before = resident_bytes()
        _TRIM(0)
        # Approximate: other threads may allocate or free meanwhile.
        returned = max(0, before - resident_bytes())
        RETURNED.trims += 1
        RETURNED.bytes += returned
    return returned


async def keep_returning_memory(every_seconds: float) -> None:
    """Trim every ``every_seconds`` until cancelled (the service's lifespan runs this)."""
    while True:
        await asyncio.sleep(every_seconds)
        try:
            returned = await asyncio.to_thread(return_free_memory)
        except Exception:  # never worth stopping the service for
            log.exception("giving freed memory back failed")
            continue
        if returned >= 32 << 20:
            log.info("gave %d MiB of freed memory back to the system", returned >> 20)
