"""graph_api.neo4j_local against a real Neo4j Community JVM (no mocks).

The first run downloads Neo4j from Maven Central (~40 s, cached in ~/.m2);
after that the whole file takes well under a minute.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from graph_api.neo4j_local import (
    NEO4J_VERSION,
    LocalNeo4j,
    Neo4jLocalError,
    _classpath,
    cache_dir,
    ensure_classpath,
)
from graph_api.neo4j_local._process import StdoutReader, wait_for_ready

pytestmark = pytest.mark.neo4j


def _port_is_bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_ensure_classpath_is_cached_and_skips_maven(monkeypatch: pytest.MonkeyPatch) -> None:
    first = ensure_classpath(quiet=True)
    cache_file = cache_dir() / "classpath.txt"
    mtime = cache_file.stat().st_mtime_ns

    def no_maven(*args: object, **kwargs: object) -> None:
        raise AssertionError("ensure_classpath() ran Maven although the cache is valid")

    monkeypatch.setattr(_classpath, "_run_maven", no_maven)
    second = ensure_classpath(quiet=True)

    assert second == first
    assert cache_file.stat().st_mtime_ns == mtime
    jars = first.split(os.pathsep)
    assert any(Path(jar).name == f"neo4j-{NEO4J_VERSION}.jar" for jar in jars)
    assert all(Path(jar).is_file() for jar in jars)


def test_local_neo4j_runs_authenticates_and_stops_cleanly() -> None:
    db = LocalNeo4j()
    with db:
        pid = db.pid
        assert pid is not None
        port, data_dir = db.port, db.data_dir
        assert db.uri == f"bolt://127.0.0.1:{port}"
        assert db.user == "neo4j"
        assert db.version.startswith("5.26")
        assert db.edition == "community"

        with GraphDatabase.driver(db.uri, auth=(db.user, db.password)) as driver:
            records, _, _ = driver.execute_query("RETURN 1 AS one", database_="neo4j")
            assert records[0]["one"] == 1

        with (
            GraphDatabase.driver(db.uri, auth=(db.user, "not-the-password")) as driver,
            pytest.raises(AuthError),
        ):
            driver.verify_connectivity()

    assert not db.is_running()
    assert db.pid is None
    assert not _process_exists(pid)
    assert _port_is_bindable(port)
    assert not data_dir.exists()  # the temporary data directory is removed
    db.stop()  # a second stop is harmless


def test_busy_port_is_reported_before_starting_java() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(Neo4jLocalError, match=f"Port {port} .* already in use"):
            LocalNeo4j(port=port).start()


def test_jvm_that_dies_early_reports_its_output(tmp_path: Path) -> None:
    db = LocalNeo4j(
        data_dir=tmp_path / "neo4j",
        jvm_options=["-Xmx1m"],  # below the default -Xms256m: the JVM refuses to start
        class_data_sharing=False,
        startup_timeout=30,
    )
    with pytest.raises(Neo4jLocalError, match="exited with status") as failure:
        db.start()
    assert "heap" in str(failure.value).lower()  # the JVM's own message is included
    assert not db.is_running()
    db.stop()


def test_pom_default_version_matches_python_constant() -> None:
    pom = _classpath.POM_FILE.read_text(encoding="utf-8")
    assert re.findall(r"<neo4j\.version>([^<]+)</neo4j\.version>", pom) == [NEO4J_VERSION]
    assert NEO4J_VERSION.startswith("5.26.")


def test_short_password_is_rejected_up_front() -> None:
    with pytest.raises(Neo4jLocalError, match="at least 8 characters"):
        LocalNeo4j(password="short")


@pytest.mark.parametrize(
    ("script", "seconds", "why_not"),
    [
        ("print('READY 5.26.30', flush=True)", 30.0, None),
        ("print('FAILED port 7687 taken', flush=True)", 30.0, "failed to start: port 7687 taken"),
        ("import sys; sys.exit(3)", 30.0, "exited with status 3 before it was ready"),
        ("import time; time.sleep(30)", 0.5, "did not report READY within 0 s"),
    ],
    ids=["ready", "failed", "exited", "silent"],
)
def test_the_wait_for_ready_says_why_neo4j_is_not(
    tmp_path: Path, script: str, seconds: float, why_not: str | None
) -> None:
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE) as launcher:
        assert launcher.stdout is not None
        reader = StdoutReader(launcher.stdout, tmp_path / "launcher.log")
        try:
            answer = wait_for_ready(reader, launcher, time.monotonic() + seconds, seconds)
        finally:
            launcher.kill()
            reader.join(timeout=5.0)
    if why_not is None:
        assert answer is None
    else:
        assert answer is not None
        assert why_not in answer
