"""What both harnesses share: machine facts, a load monitor, percentiles, and the marked
sections of BENCHMARKS.md (re-running one harness replaces only its own section)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import platform
import shlex
import statistics
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import neo4j

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"
INTRO = """# Benchmarks

Measured with the harnesses in `bench/`. Each harness rewrites only its own marked
section of this file, so re-running one leaves the others as they were.
"""


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (``fraction`` of 0.95 gives the p95)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def median(samples: Sequence[float]) -> float:
    """The median of the samples."""
    return float(statistics.median(samples))


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""


def _os_name() -> str:
    for line in _read("/etc/os-release").splitlines():
        if line.startswith("PRETTY_NAME="):
            return line.split("=", 1)[1].strip().strip('"')
    return platform.system()


def machine(neo4j_version: str | None = None) -> dict[str, str]:
    """The machine and software versions a result was measured with."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or platform.machine(),
    )
    meminfo = _read("/proc/meminfo").split()
    ram = f"{int(meminfo[1]) / 1024 / 1024:.1f} GiB" if len(meminfo) > 1 else "unknown"
    try:
        import ladybug  # the embedded store's engine

        ladybug_version = str(getattr(ladybug, "__version__", "unknown"))
    except ImportError:  # pragma: no cover - a dependency of the project
        ladybug_version = "not installed"
    return {
        "CPU": f"{cpu}, {os.cpu_count()} logical cores visible",
        "RAM": ram,
        "OS": f"{_os_name()} (kernel {platform.release()}, {platform.machine()})",
        "Python": platform.python_version(),
        "Neo4j": f"{neo4j_version} Community (local, loopback)" if neo4j_version else "-",
        "neo4j driver": neo4j.__version__,
        "Ladybug (embedded)": ladybug_version,
    }


def load_average() -> tuple[float, float, float]:
    """The 1, 5 and 15-minute load averages (zeros where /proc is missing)."""
    fields = _read("/proc/loadavg").split()
    if len(fields) < 3:
        return (0.0, 0.0, 0.0)
    return (float(fields[0]), float(fields[1]), float(fields[2]))


class LoadMonitor:
    """Samples the 1-minute load average every few seconds while a run goes on.

    ``before`` is read when the monitor starts, i.e. before the benchmark has started
    its own processes, so it is the load other users put on the machine.
    """

    def __init__(self, interval: float = 2.0) -> None:
        self.interval = interval
        self.before = load_average()
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self.samples.append(load_average()[0])

    def __enter__(self) -> LoadMonitor:
        self.before = load_average()
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def describe(self) -> str:
        """One sentence for the results."""
        cores = os.cpu_count() or 1
        one, five, fifteen = self.before
        text = (
            f"load average before the run {one:.2f} / {five:.2f} / {fifteen:.2f} "
            f"(1 / 5 / 15 min, {cores} cores)"
        )
        if self.samples:
            text += (
                f"; during it (1 min, sampled every {self.interval:.0f} s, the benchmark's "
                f"own client, server and database included) median "
                f"{median(self.samples):.2f}, max {max(self.samples):.2f}"
            )
        return text


def command_line() -> str:
    """The command that is running, as it could be typed again from the project root."""
    script = Path(sys.argv[0])
    with contextlib.suppress(ValueError):
        script = script.resolve().relative_to(Path.cwd())
    return shlex.join([".venv/bin/python", str(script), *sys.argv[1:]])


def now() -> str:
    """The current time, in UTC, to the minute."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def facts_list(facts: dict[str, str]) -> list[str]:
    """Markdown bullet lines, one per fact."""
    return [f"- {key}: {value}" for key, value in facts.items()]


def write_section(output: Path, name: str, heading: str, body: str) -> None:
    """Put ``body`` between the ``<!-- name:start -->`` and ``<!-- name:end -->`` markers of
    ``output``, replacing what was there; if the markers are absent, append a new section
    under ``heading``. The rest of the file is left exactly as it was."""
    if not body.strip():
        # A run that measured nothing must not wipe the figures of the last one.
        raise ValueError(f"refusing to write an empty '{name}' section to {output}")
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    section = f"{start}\n{body.strip()}\n{end}"
    text = output.read_text(encoding="utf-8") if output.exists() else INTRO
    if start in text and end in text.split(start, 1)[1]:
        before, rest = text.split(start, 1)
        text = before + section + rest.split(end, 1)[1]
    else:
        text = f"{text.rstrip()}\n\n{heading}\n\n{section}\n"
    output.write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class Ratio:
    """``numerator / denominator``, formatted with a multiplication sign."""

    numerator: float
    denominator: float

    def __str__(self) -> str:
        if self.denominator == 0:
            return "-"
        return f"{self.numerator / self.denominator:.2f}×"
