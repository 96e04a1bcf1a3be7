"""The Docker image built and started, rehearsed without Docker.

There is no Docker engine here (and Docker Hub is out of reach), so `docker build` and
`docker run` are rehearsed from the Dockerfile itself: what its COPY lines copy (less what
.dockerignore leaves out) must build into a package that works alone, and that package,
started by the image's CMD with its ENV, as a user who may write only the data folder,
must pass the image's HEALTHCHECK and answer from the seed data.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.metadata
import importlib.util
import json
import os
import pwd
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path, PurePosixPath

import httpx
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from graph_api.config import Settings
from graph_api.resources import resource_dir
from tests.live_server import free_port

ROOT = resource_dir("cypher").parent
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
IMAGE_VOLUME = "/data"  # the Dockerfile's VOLUME, re-rooted to a folder of the test's
STARTUP_SECONDS = 60
# A department the seed data holds (docs/queries/former-names.graphql asks for it too).
SEEDED_QUERY = '{ department(id: "department:dpo") { nameEn } }'


def _instructions(dockerfile: str) -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (KEYWORD, arguments): comments dropped, a line
    ending in a backslash joined to the next, as Docker reads them."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for line in dockerfile.splitlines():
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if text.endswith("\\"):
            pending += text[:-1].strip() + " "
            continue
        keyword, _, arguments = (pending + text).partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    return instructions


def _arguments(instructions: list[tuple[str, str]], keyword: str) -> list[str]:
    return [arguments for found, arguments in instructions if found == keyword]


def _ignore_rules(dockerignore: str) -> list[tuple[bool, re.Pattern[str]]]:
    """.dockerignore's patterns in order, as (takes back, pattern): '**' spans folders,
    '*' and '?' stay within a name, and a leading '!' takes a path back into the context."""
    wildcards = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    rules: list[tuple[bool, re.Pattern[str]]] = []
    for line in dockerignore.splitlines():
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        parts = re.split(r"(\*\*/|\*\*|\*|\?)", text.removeprefix("!").strip("/"))
        regex = "".join(wildcards.get(part, re.escape(part)) for part in parts)
        rules.append((text.startswith("!"), re.compile(regex)))
    return rules


def _left_out(path: str, rules: list[tuple[bool, re.Pattern[str]]]) -> bool:
    """Whether the build context goes without ``path`` (relative to the repository): the
    last rule that matches it or a folder it is in decides, as in Docker."""
    parts = path.split("/")
    path_and_its_folders = ["/".join(parts[:end]) for end in range(1, len(parts) + 1)]
    left_out = False
    for takes_back, pattern in rules:
        if any(pattern.fullmatch(candidate) for candidate in path_and_its_folders):
            left_out = not takes_back
    return left_out


def _copy_as_the_image_does(instructions: list[tuple[str, str]], app: Path) -> None:
    """Fill ``app``, the image's WORKDIR, with what the COPY lines copy from the build
    context: this checkout, less what .dockerignore leaves out."""
    rules = _ignore_rules(DOCKERIGNORE.read_text(encoding="utf-8"))
    (workdir,) = _arguments(instructions, "WORKDIR")
    for copy in _arguments(instructions, "COPY"):
        *sources, destination = [word for word in shlex.split(copy) if not word.startswith("--")]
        into = app / PurePosixPath(workdir, destination).relative_to(workdir)
        for source in sources:
            origin = ROOT / source
            assert origin.exists(), f"the Dockerfile copies {source}, which the repo lacks"
            kept = [
                file
                for file in ([origin] if origin.is_file() else sorted(origin.rglob("*")))
                if file.is_file() and not _left_out(file.relative_to(ROOT).as_posix(), rules)
            ]
            assert kept, (
                f"the Dockerfile copies {source}, but .dockerignore leaves it out of the "
                "build context: docker build would stop at that COPY"
            )
            for file in kept:
                if origin.is_dir():  # a folder's contents go into the destination
                    target = into / file.relative_to(origin)
                elif destination.endswith("/") or len(sources) > 1:
                    target = into / file.name
                else:
                    target = into
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(file, target)


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{shlex.join(command)} failed:\n{done.stdout}{done.stderr}"


def _build_and_install(app: Path, wheels: Path, site: Path) -> None:
    """The image's `pip install .`, from ``app`` alone: a wheel built there and installed
    into ``site`` (without dependencies: this venv has them)."""
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    pyproject = tomllib.loads((app / "pyproject.toml").read_text(encoding="utf-8"))
    backend = pyproject["build-system"]["build-backend"].partition(".")[0]
    # With the build backend in this venv, the build needs no network; without it, pip
    # fetches it from the package index into a build environment, as `docker build` does.
    offline = ["--no-build-isolation"] if importlib.util.find_spec(backend) else []
    _run([*pip, "wheel", "--no-deps", *offline, "--wheel-dir", str(wheels), str(app)])
    (wheel,) = wheels.glob("*.whl")
    _run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)])


def _as_the_image_user(*owned: Path) -> list[str]:
    """The command prefix that runs a program as the image's `USER app` would run it: as
    oneself when not root; when root (as CI is), as nobody, who owns ``owned`` and may
    write nowhere else of the test's. nobody keeps the right to read and search every
    folder (CAP_DAC_READ_SEARCH), as the venv's Python may live under /root (pyenv's)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) runs the service as nobody when tests run as root"
    nobody = pwd.getpwnam("nobody")
    for path in owned:
        os.chown(path, nobody.pw_uid, nobody.pw_gid)
    read_and_search = "+dac_read_search"
    return [
        setpriv,
        f"--reuid={nobody.pw_uid}",
        f"--regid={nobody.pw_gid}",
        "--clear-groups",
        f"--inh-caps={read_and_search}",
        f"--ambient-caps={read_and_search}",
    ]


def _image_env(
    instructions: list[tuple[str, str]], data: Path, site: Path, home: Path
) -> dict[str, str]:
    """The environment of the image's processes: its ENV values, with the volume's folder
    re-rooted to ``data``; PATH finding the installed `graph-api` first; and PYTHONPATH
    putting ``site`` ahead of this venv's packages, so neither the checkout (installed
    editable here) nor the source copied into WORKDIR is what gets imported."""
    assert _arguments(instructions, "VOLUME") == [IMAGE_VOLUME]
    path = [str(site / "bin"), str(Path(sys.executable).parent), "/usr/bin", "/bin"]
    env = {"PATH": os.pathsep.join(path), "HOME": str(home), "LANG": "C.UTF-8"}
    env["PYTHONPATH"] = str(site)
    for arguments in _arguments(instructions, "ENV"):
        for pair in shlex.split(arguments):
            name, equals, value = pair.partition("=")
            assert equals, f"ENV {arguments}: the rehearsal reads the NAME=value form only"
            if value == IMAGE_VOLUME or value.startswith(IMAGE_VOLUME + "/"):
                value = str(data) + value.removeprefix(IMAGE_VOLUME)
            env[name] = value
    return env


def _wait_until_ready(service: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if service.poll() is not None:
            output = log.read_text(errors="replace")[-4000:]
            pytest.fail(f"the service exited with {service.returncode}:\n{output}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return
        if time.monotonic() > deadline:
            output = log.read_text(errors="replace")[-4000:]
            pytest.fail(f"/readyz not 200 after {STARTUP_SECONDS} s:\n{output}")
        time.sleep(0.2)


def test_the_image_builds_and_serves_rehearsed_without_docker(tmp_path: Path) -> None:
    """Rehearses `docker build` and `docker run` of the image, as no Docker engine is
    here: what the Dockerfile's COPY lines copy (read from the Dockerfile, less what
    .dockerignore leaves out) must build into a package that works alone, and that
    package, started by the image's CMD with its ENV, as a user who may write only the
    data folder (and a home), from a folder it cannot write, must pass the image's
    HEALTHCHECK and answer from the seed data, keeping its store in the data folder."""
    instructions = _instructions(DOCKERFILE.read_text(encoding="utf-8"))
    app, wheels, site, data, home = (
        tmp_path / name for name in ("app", "wheels", "site", "data", "home")
    )
    for folder in (app, data, home):
        folder.mkdir()
    _copy_as_the_image_does(instructions, app)
    _build_and_install(app, wheels, site)

    # The folders the wheel packs, and the README (its description), reached the install.
    pyproject = tomllib.loads((app / "pyproject.toml").read_text(encoding="utf-8"))
    packed = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    for target in packed.values():
        assert (site / target).exists(), f"the installed package lacks {target}"
    (metadata,) = site.glob("*.dist-info/METADATA")
    readme_title = (app / "README.md").read_text(encoding="utf-8").splitlines()[0]
    assert readme_title in metadata.read_text(encoding="utf-8")

    as_user = _as_the_image_user(data, home)
    env = _image_env(instructions, data, site, home)
    # The installed copy is what runs: its script, and its package when imported as the
    # script imports it (-P: the script's folder, not the working folder, leads sys.path).
    assert shutil.which("graph-api", path=env["PATH"]) == str(site / "bin" / "graph-api")
    where = [sys.executable, "-P", "-c", "import graph_api; print(graph_api.__file__)"]
    found = subprocess.run(
        [*as_user, *where], cwd=app, env=env, capture_output=True, text=True, check=False
    )
    assert Path(found.stdout.strip()).is_relative_to(site), found.stdout + found.stderr

    # The image's CMD, on loopback and a free port instead of 0.0.0.0:8000 (so anonymous
    # callers are viewers here; in the image, they need a key), from a folder it cannot
    # write, as root's /app is to the image's user.
    port = free_port()
    command = json.loads(_arguments(instructions, "CMD")[-1])
    command[command.index("--host") + 1] = "127.0.0.1"
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "service.log"
    app.chmod(0o555)
    with log.open("wb") as output:
        service = subprocess.Popen(
            [*as_user, *command, "--port", str(port)],
            cwd=app,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_ready(service, base, log)

        (healthcheck,) = _arguments(instructions, "HEALTHCHECK")
        options, _, check = healthcheck.partition(" CMD ")
        default_port = f"127.0.0.1:{Settings.model_fields['port'].default}/"
        assert default_port in check, "the HEALTHCHECK asks another port than CMD serves on"
        timeout = re.search(r"--timeout=(\d+)s", options)
        checked = subprocess.run(
            [*as_user, "/bin/sh", "-c", check.replace(default_port, f"127.0.0.1:{port}/")],
            cwd=app,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=int(timeout[1]) if timeout else 30,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr

        answer = httpx.post(f"{base}/graphql", json={"query": SEEDED_QUERY}, timeout=10)
        assert answer.json() == {"data": {"department": {"nameEn": "Digital Policy Office"}}}
        # GraphiQL's page: its assets (web/dist) and its opening example (docs/queries).
        page = httpx.get(f"{base}/graphql", headers={"Accept": "text/html"}, timeout=10)
        assert page.status_code == 200
        assert "/assets/graphiql/" in page.text

        # The store (and the first local key) were written in the data folder.
        for setting in ("GRAPH_API_EMBEDDED_PATH", "GRAPH_API_KEYS_FILE"):
            written = Path(env[setting])
            assert written.is_relative_to(data), f"{setting} is not in the {IMAGE_VOLUME} volume"
            assert written.is_file(), f"{setting}: nothing at {written}"
    finally:
        service.terminate()  # docker stop's SIGTERM
        try:
            service.wait(timeout=30)
        except subprocess.TimeoutExpired:
            service.kill()
            service.wait()
        app.chmod(0o755)
    # It stopped on the SIGTERM, after a graceful shutdown (uvicorn then ends by the signal).
    said = log.read_text(errors="replace")
    assert service.returncode in (0, -signal.SIGTERM), said[-4000:]
    assert "Application shutdown complete." in said, said[-4000:]


def _distribution_closure(requirements: list[str]) -> set[str]:
    """The installed distributions that ``requirements`` (and theirs, and so on) bring,
    by normalized name; a requirement under an extra nobody asked for does not count."""
    found: set[str] = set()
    pending = list(requirements)
    while pending:
        requirement = Requirement(pending.pop())
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        name = canonicalize_name(requirement.name)
        if name in found:
            continue
        found.add(name)
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            pending += importlib.metadata.requires(name) or []
    return found


def test_the_image_installs_every_library_the_service_imports() -> None:
    """The rehearsal installs the wheel without its dependencies (this environment has
    them): here, every library the service's code imports must come with the wheel's own
    requirements and the image's extra, or the image would fail at its first import."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    extras = set(re.findall(r"\[([^]]+)\]", _arguments_of_pip_install()))
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    brought = _distribution_closure(wanted)
    providers = importlib.metadata.packages_distributions()
    missing: dict[str, list[str]] = {}
    for path in sorted((ROOT / "graph_api").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.partition(".")[0]
                if top in sys.stdlib_module_names or top == "graph_api":
                    continue
                distributions = {canonicalize_name(d) for d in providers.get(top, [])}
                if not distributions & brought:
                    missing.setdefault(top, []).append(str(path.relative_to(ROOT)))
    assert not missing, f"imported but not brought by the image's install: {missing}"


def _arguments_of_pip_install() -> str:
    """The Dockerfile's `pip install` arguments (where its extras are named)."""
    instructions = _instructions(DOCKERFILE.read_text(encoding="utf-8"))
    for run in _arguments(instructions, "RUN"):
        if "pip install" in run:
            return run.partition("pip install")[2].partition("&&")[0]
    raise AssertionError("the Dockerfile has no RUN pip install")
