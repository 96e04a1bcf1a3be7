"""Resolve the Neo4j Community jars from Maven Central (once) and find ``java``.

The jars are downloaded by Maven into ``~/.m2`` using the packaged ``pom.xml``;
the resulting classpath is cached in ``<cache dir>/classpath.txt`` so that
later runs do not start Maven at all.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from graph_api.neo4j_local._errors import Neo4jLocalError

__all__ = [
    "LAUNCHER_SOURCE",
    "NEO4J_VERSION",
    "POM_FILE",
    "cache_dir",
    "ensure_classpath",
    "find_java",
    "tail",
]

NEO4J_VERSION = "5.26.30"
"""Neo4j Community version (5.26 LTS) passed to Maven as ``-Dneo4j.version``."""

_PACKAGE_DIR = Path(__file__).resolve().parent
POM_FILE = _PACKAGE_DIR / "pom.xml"
"""Dependency-resolution-only POM declaring ``org.neo4j:neo4j``."""
LAUNCHER_SOURCE = _PACKAGE_DIR / "Neo4jLauncher.java"
"""Single-file Java program started with Java's source launcher."""

CACHE_DIR_ENV = "GRAPH_API_CACHE_DIR"
_MAVEN_TIMEOUT_S = 30 * 60.0
_TAIL_LINES = 40


def cache_dir() -> Path:
    """Return the per-version cache directory (not created).

    ``$GRAPH_API_CACHE_DIR/neo4j-<version>`` if that variable is set, otherwise
    ``$XDG_CACHE_HOME/graph_api/neo4j-<version>`` (``~/.cache`` by default).
    """
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        base = Path(override).expanduser()
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "graph_api"
    return base / f"neo4j-{NEO4J_VERSION}"


def classpath_file() -> Path:
    """Return the file that caches the resolved classpath."""
    return cache_dir() / "classpath.txt"


_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def tail(text: str, lines: int = _TAIL_LINES) -> str:
    """Return the last ``lines`` non-empty lines of ``text``, indented for messages."""
    plain = _ANSI_ESCAPE.sub("", text)  # Maven 3.8 emits colour codes even with -B
    kept = [line for line in plain.splitlines() if line.strip()][-lines:]
    return "\n".join(f"    {line}" for line in kept) if kept else "    (no output)"


def find_java() -> str:
    """Return the ``java`` executable (``$JAVA_HOME/bin/java`` first, then ``PATH``).

    Raises:
        Neo4jLocalError: no Java found; the message says what to install.
    """
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which("java")
    if found is None:
        raise Neo4jLocalError(
            f"Java is required to run Neo4j {NEO4J_VERSION} but `java` was not found on PATH "
            "(and $JAVA_HOME is not set). Install a JDK 17 or 21, e.g. "
            "`sudo apt-get install openjdk-17-jdk-headless` (a JDK, not just a JRE: "
            "the launcher uses Java's source-file mode, which needs the jdk.compiler module)."
        )
    return found


def _find_maven() -> str:
    found = shutil.which("mvn")
    if found is None:
        raise Neo4jLocalError(
            f"Apache Maven is required to download Neo4j {NEO4J_VERSION} from Maven Central, "
            "but `mvn` was not found on PATH. Install it, e.g. `sudo apt-get install maven` "
            "(or `brew install maven`), then run `graph-api neo4j fetch`."
        )
    return found


def _read_cached_classpath(path: Path) -> str | None:
    """Return the cached classpath if every jar in it still exists, else ``None``."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    entries = [entry for entry in text.split(os.pathsep) if entry]
    if not entries:
        return None
    expected_jar = f"neo4j-{NEO4J_VERSION}.jar"
    if not any(Path(entry).name == expected_jar for entry in entries):
        return None
    if not all(Path(entry).is_file() for entry in entries):
        return None
    return os.pathsep.join(entries)


@contextlib.contextmanager
def _progress(quiet: bool) -> Iterator[None]:
    """Tell the user (on stderr) that a one-off download is running."""
    if quiet:
        yield
        return
    message = (
        f"Downloading Neo4j Community {NEO4J_VERSION} from Maven Central with Maven "
        "(first run only, typically ~40 s; jars are cached in ~/.m2)..."
    )
    if sys.stderr.isatty():
        from rich.console import Console  # imported lazily: only needed for a TTY

        console = Console(stderr=True)
        console.print(message)
        with console.status(f"Resolving org.neo4j:neo4j:{NEO4J_VERSION}", spinner="dots"):
            yield
    else:
        print(message, file=sys.stderr, flush=True)
        yield


def _as_text(data: str | bytes | None) -> str:
    if isinstance(data, bytes):
        return data.decode("utf-8", errors="replace")
    return data or ""


def _run_maven(output_file: Path, *, quiet: bool) -> None:
    mvn = _find_maven()
    command = [
        mvn,
        "-B",
        "-q",
        "-Dstyle.color=never",
        "-f",
        str(POM_FILE),
        f"-Dneo4j.version={NEO4J_VERSION}",
        "dependency:build-classpath",
        f"-Dmdep.outputFile={output_file}",
        "-Dmdep.includeScope=runtime",
    ]
    try:
        with _progress(quiet):
            result = subprocess.run(  # noqa: S603 - fixed argv, no shell
                command,
                cwd=output_file.parent,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=_MAVEN_TIMEOUT_S,
                check=False,
            )
    except subprocess.TimeoutExpired as exc:
        output = "".join(_as_text(part) for part in (exc.stdout, exc.stderr))
        raise Neo4jLocalError(
            f"Maven did not finish resolving Neo4j {NEO4J_VERSION} within "
            f"{_MAVEN_TIMEOUT_S:.0f} s. Check that Maven Central "
            "(https://repo.maven.apache.org) is reachable, or your ~/.m2/settings.xml "
            f"mirror/proxy.\nLast Maven output:\n{tail(output)}"
        ) from exc
    except OSError as exc:
        raise Neo4jLocalError(f"Could not run Maven ({mvn}): {exc}") from exc
    if result.returncode != 0:
        raise Neo4jLocalError(
            f"Maven failed (exit status {result.returncode}) while resolving "
            f"org.neo4j:neo4j:{NEO4J_VERSION}. Check that Maven Central "
            "(https://repo.maven.apache.org) is reachable, your ~/.m2/settings.xml "
            "mirror/proxy settings, and free disk space in ~/.m2.\n"
            f"Command: {' '.join(command)}\n"
            f"Last Maven output:\n{tail(result.stdout + result.stderr)}"
        )


def ensure_classpath(*, quiet: bool = False) -> str:
    """Return the Neo4j runtime classpath, downloading the jars on first use.

    The first call runs ``mvn -B -q dependency:build-classpath`` on the packaged
    ``pom.xml`` (about 40 s with an empty ``~/.m2``) and caches the result in
    ``classpath.txt`` under :func:`cache_dir`. Later calls read that file and do
    not start Maven, as long as every jar it lists still exists.

    Args:
        quiet: do not print the one-line download notice / spinner to stderr.

    Raises:
        Neo4jLocalError: ``mvn`` or ``java`` is missing, or Maven failed; the
            message says what to install or check and shows Maven's output.
    """
    cache_file = classpath_file()
    cached = _read_cached_classpath(cache_file)
    if cached is not None:
        return cached
    find_java()  # Maven needs it too; fail early with the friendlier message
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    partial = cache_file.with_name(f"classpath.{os.getpid()}.tmp")
    try:
        _run_maven(partial, quiet=quiet)
        if not partial.is_file():
            raise Neo4jLocalError(
                f"Maven succeeded but did not write the classpath file {partial}; "
                f"try `mvn -B -f {POM_FILE} dependency:build-classpath` by hand."
            )
        os.replace(partial, cache_file)
    finally:
        partial.unlink(missing_ok=True)
    resolved = _read_cached_classpath(cache_file)
    if resolved is None:
        raise Neo4jLocalError(
            f"The classpath Maven produced ({cache_file}) does not contain "
            f"neo4j-{NEO4J_VERSION}.jar or lists missing files; delete it and retry."
        )
    return resolved
