"""Helpers for running the Neo4j JVM: ports, output, probing, shutdown, CDS."""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import IO

import neo4j

from graph_api.neo4j_local._classpath import NEO4J_VERSION, cache_dir, tail

__all__ = [
    "DEFAULT_JVM_OPTIONS",
    "LOOPBACK",
    "PASSWORD_ENV",
    "CdsArchive",
    "StdoutReader",
    "failure_message",
    "find_free_port",
    "port_is_free",
    "read_components",
    "read_tail",
    "terminate",
]

LOOPBACK = "127.0.0.1"

PASSWORD_ENV = "GRAPH_API_NEO4J_PASSWORD"  # noqa: S105 - a variable name, not a secret
"""Environment variable through which the launcher receives the password."""

DEFAULT_JVM_OPTIONS: tuple[str, ...] = (
    "-Xms256m",
    "-Xmx768m",
    "-XX:+UseSerialGC",  # least memory and threads; fine for a small dev database
    "-XX:+ExitOnOutOfMemoryError",
    "-XX:-OmitStackTraceInFastThrow",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    # The same opens Neo4j's own neo4j.conf adds (page cache, Netty direct buffers).
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    # JVM warnings (e.g. class-data-sharing notes) go to stderr, keeping stdout
    # for the launcher's READY/FAILED protocol.
    "-Xlog:disable",
    "-Xlog:all=warning:stderr",
    "-Xlog:cds*=error:stderr",  # creating the CDS archive warns about ~1300 classes
)
"""JVM options for the Neo4j process (heap 256-768 MiB; page cache 128 MiB off-heap)."""


def find_free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now (bind to port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


def port_is_free(port: int) -> bool:
    """Return whether ``127.0.0.1:port`` can be bound (nobody listens on it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Same option the JVM/Netty uses, so TIME_WAIT leftovers do not count as busy.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((LOOPBACK, port))
        except OSError:
            return False
        return True


def read_tail(path: Path, lines: int = 40) -> str:
    """Return the last ``lines`` lines of a (possibly large or missing) text file."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 64 * 1024))
            data = handle.read()
    except OSError:
        return ""
    text = data.decode("utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


def failure_message(reason: str, log_path: Path) -> str:
    """Build a start-up error message: reason, where the logs are, last output lines."""
    output = read_tail(log_path)
    debug_log = log_path.parent / "logs" / "debug.log"
    hint = ""
    if "jdk.compiler" in output:
        hint = "\nHint: `java` looks like a JRE; install a JDK (it needs the jdk.compiler module)."
    return (
        f"{reason}\nFull logs: {log_path} and {debug_log}.\n"
        f"Last lines of Neo4j's output:\n{tail(output)}{hint}"
    )


def read_components(uri: str, auth: tuple[str, str], timeout: float) -> tuple[str, str]:
    """Log in over Bolt and return ``(version, edition)`` from ``dbms.components()``.

    Raises:
        neo4j.exceptions.Neo4jError | neo4j.exceptions.DriverError: login/query failed.
        LookupError: no "Neo4j Kernel" component was reported.
    """
    with neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=timeout) as driver:
        driver.verify_connectivity()
        records, _, _ = driver.execute_query(
            "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition",
            database_="system",
        )
    for record in records:
        if record["name"] == "Neo4j Kernel":
            return str(record["versions"][0]), str(record["edition"])
    raise LookupError("dbms.components() did not report the Neo4j Kernel")


class StdoutReader:
    """Drain the JVM's stdout in a daemon thread.

    Protocol lines (``READY ...`` / ``FAILED ...``) are queued for the starter;
    every line is also appended to the launcher log. ``None`` is queued at EOF.
    """

    def __init__(self, stream: IO[bytes], log_path: Path) -> None:
        """Start reading ``stream`` immediately."""
        self.lines: queue.Queue[str | None] = queue.Queue()
        self._stream = stream
        self._log_path = log_path
        self._thread = threading.Thread(target=self._run, name="neo4j-stdout", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with self._log_path.open("ab") as log:
                for raw in iter(self._stream.readline, b""):
                    line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
                    if line.startswith(("READY ", "FAILED ")):
                        self.lines.put(line)
                    log.write(b"[stdout] " + raw if raw.endswith(b"\n") else raw + b"\n")
                    log.flush()
        except (OSError, ValueError):
            pass  # stream closed under us during shutdown
        finally:
            self.lines.put(None)

    def join(self, timeout: float) -> None:
        """Wait for the reader to reach EOF (after the process has exited)."""
        self._thread.join(timeout)


def terminate(process: subprocess.Popen[bytes], timeout: float) -> int:
    """Stop the JVM: close its stdin, send SIGTERM, wait, then SIGKILL.

    Both EOF on stdin and SIGTERM make the launcher run its shutdown hook
    (``DatabaseManagementService.shutdown()``), which checkpoints the stores.
    Returns the exit status.
    """
    if process.stdin is not None:
        with contextlib.suppress(OSError):
            process.stdin.close()
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
    try:
        return process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


def wait_for_ready(
    reader: StdoutReader,
    process: subprocess.Popen[bytes],
    deadline: float,
    startup_timeout: float,
) -> str | None:
    """Wait for the launcher's ``READY`` line: None once it came, else why Neo4j is not
    ready (it exited, reported a failure, or passed ``deadline``)."""
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return f"Neo4j did not report READY within {startup_timeout:.0f} s."
        try:
            line = reader.lines.get(timeout=min(remaining, 0.5))
        except queue.Empty:
            continue
        if line is None:
            status = process.wait()
            return f"The Neo4j JVM exited with status {status} before it was ready."
        if line.startswith("FAILED "):
            return f"Neo4j failed to start: {line.removeprefix('FAILED ')}"
        if line.startswith("READY "):
            return None


class CdsArchive:
    """A dynamic AppCDS archive of the Neo4j classes, kept in the cache dir.

    Loading ~15k classes dominates Neo4j's start-up; a class-data-sharing
    archive made by one run (``-XX:ArchiveClassesAtExit``) cuts later start-ups
    by roughly a third. The archive is keyed by the JVM binary and the
    classpath, written under a temporary name and only renamed into place after
    a clean exit, so a killed run never leaves a broken archive behind.
    """

    def __init__(self, java: str, classpath: str) -> None:
        """Locate the archive for this ``java`` binary and ``classpath``."""
        real_java = Path(java).resolve()
        try:
            stat = real_java.stat()
            java_id = f"{real_java}:{stat.st_size}:{stat.st_mtime_ns}"
        except OSError:
            java_id = str(real_java)
        digest = hashlib.sha256(
            "\n".join((NEO4J_VERSION, java_id, classpath)).encode()
        ).hexdigest()[:16]
        self.path = cache_dir() / f"classes-{digest}.jsa"
        self._pending: Path | None = None

    def jvm_options(self) -> list[str]:
        """Return the JVM option that uses the archive, or creates it at exit."""
        if self.path.is_file():
            return [f"-XX:SharedArchiveFile={self.path}"]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._remove_orphans()
        self._pending = self.path.with_name(f"{self.path.stem}.{os.getpid()}.{id(self)}.tmp")
        return [f"-XX:ArchiveClassesAtExit={self._pending}"]

    def _remove_orphans(self) -> None:
        """Delete partial archives whose Python owner died (they are ~125 MB each)."""
        for partial in self.path.parent.glob("classes-*.tmp"):
            parts = partial.name.split(".")
            owner = int(parts[1]) if len(parts) == 4 and parts[1].isdigit() else None
            if owner is None or not _pid_alive(owner):
                partial.unlink(missing_ok=True)

    @property
    def dumping(self) -> bool:
        """Whether this run writes the archive when the JVM exits (slower stop)."""
        return self._pending is not None

    def finish(self, *, publish: bool) -> None:
        """Publish the archive written at JVM exit (``publish``), else discard it.

        Publish only after a run that reached READY and exited cleanly, so the
        archive holds the classes of a fully started DBMS.
        """
        pending, self._pending = self._pending, None
        if pending is None:
            return
        if publish and pending.is_file() and pending.stat().st_size > 0:
            os.replace(pending, self.path)
            for stale in self.path.parent.glob("classes-*.jsa"):
                if stale != self.path:  # made for another JVM build or classpath
                    stale.unlink(missing_ok=True)
        else:
            pending.unlink(missing_ok=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
