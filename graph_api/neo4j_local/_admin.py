"""``neo4j-admin database dump`` and ``load`` for the local Neo4j, from the same jars.

The tool behind Neo4j's ``neo4j-admin`` script (``org.neo4j.cli.AdminTool``) is on the
classpath ``graph-api neo4j`` already downloads, so a native backup of a local server's
data folder needs no Neo4j installation either. Neo4j Community dumps a database only
while it is stopped; the tool refuses (and says so) while a server holds the folder.
A dump is one ``neo4j.dump`` file per database, loaded by the same tool (here, or by a
full Neo4j 5.26 installation's ``neo4j-admin database load``).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from graph_api.neo4j_local._classpath import ensure_classpath, find_java, tail
from graph_api.neo4j_local._errors import Neo4jLocalError

DATABASE = "neo4j"  # Community has one user database
_ADMIN_TIMEOUT_S = 3600.0


def dump_path(folder: Path) -> Path:
    """Where a dump of the database lands in ``folder`` (the tool's own naming)."""
    return folder / f"{DATABASE}.dump"


def dump_database(data_dir: Path, to_folder: Path, *, quiet: bool = True) -> Path:
    """Dump the stopped local Neo4j in ``data_dir`` to ``to_folder``; the dump's path."""
    if not (data_dir / "data" / "databases" / DATABASE).is_dir():
        raise Neo4jLocalError(
            f"{data_dir} holds no Neo4j database: give the --data-dir that "
            "'graph-api neo4j start' used."
        )
    to_folder.mkdir(parents=True, exist_ok=True)
    if dump_path(to_folder).exists():
        raise Neo4jLocalError(
            f"{dump_path(to_folder)} exists already: move it away or choose another folder."
        )
    _admin(data_dir, ["database", "dump", DATABASE, f"--to-path={to_folder}"], quiet=quiet)
    return dump_path(to_folder)


def load_database(
    data_dir: Path, from_folder: Path, *, overwrite: bool = False, quiet: bool = True
) -> None:
    """Load the dump in ``from_folder`` into the stopped local Neo4j in ``data_dir``
    (created if new); a database already there is replaced only with ``overwrite``."""
    if not dump_path(from_folder).is_file():
        raise Neo4jLocalError(f"{from_folder} holds no {dump_path(from_folder).name}.")
    data_dir.mkdir(parents=True, exist_ok=True)
    args = ["database", "load", DATABASE, f"--from-path={from_folder}"]
    if overwrite:
        args.append("--overwrite-destination=true")
    _admin(data_dir, args, quiet=quiet)


def _admin(data_dir: Path, args: list[str], *, quiet: bool) -> None:
    classpath = ensure_classpath(quiet=quiet)
    with tempfile.TemporaryDirectory(prefix="graph-api-neo4j-conf-") as conf:
        # The tool reads neo4j.conf from NEO4J_CONF; an empty one keeps every default,
        # under which the data folder is NEO4J_HOME/data, as the launcher lays it out.
        Path(conf, "neo4j.conf").touch()
        env = {**os.environ, "NEO4J_HOME": str(data_dir.resolve()), "NEO4J_CONF": conf}
        command = [find_java(), "-cp", classpath, "org.neo4j.cli.AdminTool", *args]
        try:
            done = subprocess.run(  # noqa: S603 - fixed argv, no shell
                command, env=env, capture_output=True, text=True, timeout=_ADMIN_TIMEOUT_S
            )
        except subprocess.TimeoutExpired as error:
            raise Neo4jLocalError(f"neo4j-admin {' '.join(args[:2])} took over an hour.") from error
    if done.returncode != 0:
        output = tail(done.stdout + done.stderr)
        hint = (
            " Stop the Neo4j that uses this folder first (Community dumps and loads only "
            "a stopped database)."
            if "in use" in output.lower() or "lock" in output.lower()
            else ""
        )
        raise Neo4jLocalError(f"neo4j-admin {' '.join(args[:2])} failed.{hint}\n{output}")
