"""What one question holds while it is worked out: for each workload of
bench/workloads/scale/, the Python memory allocated at its peak (tracemalloc) and what
is still held after it (its kept answer, say), asked cold (right after an edit, so no
kept answer is served), in-process over a Neo4j holding a generated graph.

    # a graph loaded as bench/scale.py does (graph-api generate, then graph-api import):
    NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=… .venv/bin/python bench/question_memory.py
    .venv/bin/python bench/question_memory.py --workloads change_digest,recommendations

Read the figures as what each question costs the service's memory; under several
clients at once they add up (docs/operations.md: analytics take turns). tracemalloc
counts Python objects only (the driver's buffers and the C allocator's overheads come on
top) and every thread's: the script waits for the background structure worker's first
build before it starts, but a later build overlapping a question shows in its figures.
Requests run several times slower under tracemalloc: the times are for comparison only.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from bench._in_process import (
    brokers_computed,
    in_process_settings,
    loaded_graph_parameters,
    print_table,
)
from bench._keys import bench_access, bench_editor_headers
from bench._scale_run import WORKLOADS, workload_names
from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.store.base import GraphStore

EDIT = (WORKLOADS.parent / "soak" / "edit_enterprise.graphql").read_text(encoding="utf-8")


@dataclass(frozen=True)
class QuestionMemory:
    """One workload asked once, cold."""

    name: str
    seconds: float
    peak_mib: float  # Python memory allocated at the peak of the request
    held_mib: float  # still allocated after it (what the answer keeps, mostly)
    error: str | None


async def measure(
    settings: Settings,
    parameters: dict[str, Any],
    names: list[str],
    store: GraphStore | None = None,
    structure_seconds: float = 600,
) -> list[QuestionMemory]:
    """Ask each workload of ``names`` once, after an edit, measuring its memory."""
    keys_file, reader = bench_access()
    editor = bench_editor_headers()
    settings = settings.model_copy(update={"api_keys_file": keys_file})
    app = create_app(settings, store=store)
    found = []
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=600
        ) as client,
    ):
        await brokers_computed(client, reader, structure_seconds)
        for number, name in enumerate(names):
            text = (WORKLOADS / f"{name}.graphql").read_text(encoding="utf-8")
            variables = {k: v for k, v in parameters.items() if f"${k}" in text}
            edit = {"enterprise": parameters["enterprise"], "description": f"memory {number}"}
            edited = await client.post(
                "/graphql", json={"query": EDIT, "variables": edit}, headers=editor
            )
            if "errors" in edited.json():
                raise RuntimeError(f"the edit was refused: {edited.text[:300]}")
            gc.collect()
            tracemalloc.start()
            started = time.perf_counter()
            answer = await client.post(
                "/graphql", json={"query": text, "variables": variables}, headers=reader
            )
            seconds = time.perf_counter() - started
            held, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            errors = answer.json().get("errors")
            error = errors[0]["extensions"].get("code") if errors else None
            found.append(QuestionMemory(name, seconds, peak / 2**20, held / 2**20, error))
    return found


def table(found: list[QuestionMemory]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| workload | time (ms, under tracemalloc) | Python peak (MiB) | held after (MiB) |",
        "|---|---|---|---|",
    ]
    for row in found:
        note = f" ({row.error})" if row.error else ""
        lines.append(
            f"| {row.name}{note} | {row.seconds * 1000:,.0f} | {row.peak_mib:,.1f} | "
            f"{row.held_mib:,.1f} |"
        )
    return "\n".join(lines)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Python memory each benchmark question takes at its peak, asked cold, "
        "in-process over the Neo4j at NEO4J_URI (NEO4J_USER, NEO4J_PASSWORD) holding a "
        "generated graph. Prints a Markdown table.",
    )
    parser.add_argument(
        "--workloads",
        default=",".join(workload_names()),
        help="comma-separated workloads of bench/workloads/scale/ (default: all)",
    )
    arguments = parser.parse_args(argv)
    arguments.workloads = [name for name in arguments.workloads.split(",") if name]
    unknown = set(arguments.workloads) - set(workload_names())
    if unknown:
        parser.error(f"unknown workloads {sorted(unknown)}; known: {', '.join(workload_names())}")
    return arguments


async def _main(arguments: argparse.Namespace) -> str:
    parameters = await loaded_graph_parameters()
    return table(await measure(in_process_settings(), parameters, arguments.workloads))


def main(argv: list[str] | None = None) -> None:
    """Measure and print the table."""
    print_table(_main(_parse(argv)))


if __name__ == "__main__":
    main()
