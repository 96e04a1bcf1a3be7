"""The Docker image and Compose file as shipped: a small build context, a data folder
the service's own user can write, and no fixed database password to fall back on.

There is no Docker engine here, so the image is not built (test_image_rehearsal.py
rehearses its build and start instead). The Compose file is checked
against the Compose Specification's JSON schema (check-jsonschema's vendored copy, as
`scripts/check-compose.sh` does before pytest), and the tests below show that check can
fail and that every use of the Neo4j password is Compose's required form.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from graph_api.resources import resource_dir

ROOT = resource_dir("cypher").parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def _check_compose(path: Path) -> subprocess.CompletedProcess[str]:
    command = [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.compose-spec", str(path)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_the_compose_file_follows_the_compose_specification(tmp_path: Path) -> None:
    assert _check_compose(COMPOSE_FILE).returncode == 0
    # The check can fail: a misspelt key, and a port that is not one.
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    for broken in (
        text.replace("healthcheck:", "health_check:", 1),
        text.replace("depends_on:", "depends_on: 12\n    x_was_depends_on:", 1),
    ):
        wrong = tmp_path / "docker-compose.yml"
        wrong.write_text(broken, encoding="utf-8")
        checked = _check_compose(wrong)
        assert checked.returncode != 0, broken
        assert "validation errors" in checked.stdout + checked.stderr


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
    # "${NEO4J_PASSWORD:?message}" is Compose's required form: it stops with the message
    # when the variable is unset or empty. Every use must have it, and none a default.
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    uses = re.findall(r"\$\{NEO4J_PASSWORD([^}]*)\}", text)
    assert len(uses) == 2, uses  # Neo4j's own NEO4J_AUTH and the API's NEO4J_PASSWORD
    for use in uses:
        assert use.startswith(":?set NEO4J_PASSWORD"), use
    assert "NEO4J_PASSWORD:-" not in text
    assert "NEO4J_PASSWORD-" not in text
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        # Where Compose itself is installed, it must say so too.
        env = {key: value for key, value in os.environ.items() if key != "NEO4J_PASSWORD"}
        command = [docker, "compose", "-f", str(COMPOSE_FILE), "config", "--quiet"]
        refused = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        assert refused.returncode != 0
        assert "set NEO4J_PASSWORD" in refused.stderr


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
