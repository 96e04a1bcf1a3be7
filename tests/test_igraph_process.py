"""igraph's computations in a child process: the same answers, and a dead child
replaced (``analytics.igraph_process``)."""

from __future__ import annotations

import os
import signal
import time
from array import array
from collections.abc import Callable
from typing import Any

import networkx as nx
import pytest

from graph_api.analytics import igraph_process


def _graph(seed: int) -> tuple[int, array[int], array[int]]:
    graph = nx.gnm_random_graph(400, 1_600, seed=seed)
    edges = sorted((min(a, b), max(a, b)) for a, b in graph.edges())
    return 400, array("i", (a for a, _ in edges)), array("i", (b for _, b in edges))


def _answers() -> tuple[list[float], list[float], list[int]]:
    n, low, high = _graph(7)
    return (
        igraph_process.betweenness(n, low, high, None),
        igraph_process.betweenness(n, low, high, [3, 1, 4, 15, 92]),
        igraph_process.multilevel(n, low, high, 1.0, 2019),
    )


def test_the_child_is_another_process() -> None:
    assert igraph_process.in_child(os.getpid) != os.getpid()


def test_what_fails_in_the_child_is_raised_in_the_service() -> None:
    with pytest.raises(RuntimeError, match="ValueError: invalid literal"):
        igraph_process.in_child(int, "not a number")
    assert igraph_process.in_child(int, "12") == 12  # and the child answers on


def test_a_large_graph_is_computed_in_the_child_with_the_same_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    here = _answers()  # 1,600 edges: under CHILD_EDGES, in this process
    sent: list[str] = []
    real = igraph_process.in_child

    def recording(function: Callable[..., Any], *args: object) -> Any:
        sent.append(function.__name__)
        return real(function, *args)

    monkeypatch.setattr(igraph_process, "in_child", recording)
    monkeypatch.setattr(igraph_process, "CHILD_EDGES", 1_000)
    assert _answers() == here
    assert sent == ["_betweenness", "_betweenness", "_multilevel"]
    assert len(set(here[2])) > 3  # communities, not one blob: the check can fail


def _dead(pid: int) -> bool:
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] == "Z"


def test_a_child_found_dead_is_replaced_and_the_call_made_again() -> None:
    first = igraph_process.in_child(os.getpid)
    os.kill(first, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while not _dead(first) and time.monotonic() < deadline:
        time.sleep(0.01)
    # More than a pipe holds: part of the call is left in the pipe's buffer when the
    # write fails, and must not fail the close that follows.
    assert igraph_process.in_child(len, b"x" * 200_000) == 200_000
    second = igraph_process.child_pid()
    assert second not in (None, first, os.getpid())


def test_a_call_that_kills_the_child_twice_fails_and_the_next_one_works() -> None:
    with pytest.raises(igraph_process.ChildDied, match="ended before it answered"):
        igraph_process.in_child(os._exit, 3)
    assert igraph_process.in_child(int, "7") == 7


def test_an_idle_child_is_stopped_and_the_next_call_starts_another(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(igraph_process, "IDLE_SECONDS", 0.2)
    first = igraph_process.in_child(os.getpid)
    assert igraph_process.child_pid() == first
    deadline = time.monotonic() + 10
    while igraph_process.child_pid() is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert igraph_process.child_pid() is None  # its memory given back
    with pytest.raises(ProcessLookupError):
        os.kill(first, 0)  # ended and reaped, not a zombie
    second = igraph_process.in_child(os.getpid)
    assert second not in (first, os.getpid())
