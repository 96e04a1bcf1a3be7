"""The Docker image and Compose file as shipped: a small build context, a data folder
the service's own user can write, and no fixed database password to fall back on.

There is no Docker engine here, so the image is not built; `scripts/check-compose.sh`
(run by the test command before pytest) validates the Compose file with Docker Compose
itself, and the test below asks that same binary what it makes of a start without a
password.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

from graph_api.resources import resource_dir

ROOT = resource_dir("cypher").parent
COMPOSE_VERSION = re.search(
    r"COMPOSE_VERSION=(\S+)", (ROOT / "scripts" / "check-compose.sh").read_text(encoding="utf-8")
)


def _compose() -> list[str]:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    assert COMPOSE_VERSION is not None
    cache = Path(os.environ.get("GRAPH_API_CACHE_DIR", Path.home() / ".cache" / "graph_api"))
    binary = cache / "bin" / f"docker-compose-{COMPOSE_VERSION.group(1)}"
    assert binary.exists(), "run scripts/check-compose.sh first (the test command does)"
    return [str(binary)]


def test_the_build_context_leaves_out_what_the_image_does_not_need() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", "tests", "bench"} <= set(ignored)


def test_the_service_runs_as_its_own_user_with_a_writable_data_folder() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "USER app" in dockerfile
    assert "chown app:app /data" in dockerfile
    assert "GRAPH_API_EMBEDDED_PATH=/data/" in dockerfile
    # The user is switched to after the folder is made theirs.
    assert dockerfile.index("chown app:app /data") < dockerfile.index("USER app")


def test_compose_refuses_to_start_without_a_password() -> None:
    env = {key: value for key, value in os.environ.items() if key != "NEO4J_PASSWORD"}
    command = [*_compose(), "-f", str(ROOT / "docker-compose.yml"), "config", "--quiet"]
    refused = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert refused.returncode != 0
    assert "set NEO4J_PASSWORD" in refused.stderr
    accepted = subprocess.run(
        command, env={**env, "NEO4J_PASSWORD": "chosen"}, capture_output=True, check=False
    )
    assert accepted.returncode == 0


def test_the_image_copies_every_folder_the_wheel_packs() -> None:
    # Each data folder the wheel packs (cypher/, seeds/, GraphiQL's assets, the example
    # queries) must reach the image, or the installed service misses it at start-up.
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packed = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    copied = [line.split()[1:-1] for line in dockerfile.splitlines() if line.startswith("COPY ")]
    for source in packed:
        assert any(source in sources for sources in copied), f"Dockerfile never copies {source}"
        hidden = [p for p in ignored if source == p or source.startswith(p + "/")]
        assert not hidden or f"!{source}" in ignored, f".dockerignore leaves out {source}"
    assert "web/node_modules" in ignored
