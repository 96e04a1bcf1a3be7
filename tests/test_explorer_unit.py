"""The explorer's own logic (CSV quoting, where an error is shown on a form, names in
the chosen language, how a table column sorts, text in the SVG export), unit-tested on
Node's built-in test runner: ``npm run test:explorer`` in web/
(web/test/explorer/*.test.ts), installing the build tools from web/package-lock.json
first when they are missing; and the page's sources and these tests type-check
(``npm run typecheck``: the bundler strips types without checking them)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parent.parent / "web"
TESTS = sorted((WEB / "test" / "explorer").glob("*.test.ts"))


def _declared() -> int:
    """How many tests the files declare (each a top-level ``test(...)`` call)."""
    return sum(
        len(re.findall(r"^test\(", path.read_text(encoding="utf-8"), re.MULTILINE))
        for path in TESTS
    )


def _npm() -> str:
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("Node.js and npm are needed for the explorer's unit tests: install them.")
    return npm


def _run(script: str) -> subprocess.CompletedProcess[str]:
    """``npm run SCRIPT`` in web/, installing the build tools first if they are missing."""
    npm = _npm()
    if not (WEB / "node_modules" / "@types" / "node").exists():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=WEB, check=True, timeout=600)
    command = [npm, "run", "-s", script]
    return subprocess.run(command, cwd=WEB, capture_output=True, text=True, timeout=300)


def test_the_explorer_and_its_tests_type_check() -> None:
    run = _run("typecheck")
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]


def test_the_explorer_unit_tests_pass() -> None:
    run = _run("test:explorer")
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    passed = re.search(r"^# pass (\d+)$", run.stdout, re.MULTILINE)
    failed = re.search(r"^# fail (\d+)$", run.stdout, re.MULTILINE)
    assert passed is not None, run.stdout[-2000:]
    assert failed is not None
    assert failed.group(1) == "0"
    # Every test of every file ran and passed (none left out by a file that failed to load).
    assert len(TESTS) >= 5
    assert int(passed.group(1)) == _declared() >= 15
