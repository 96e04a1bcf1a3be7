"""What the harnesses that serve the API in-process over a graph already loaded share
(``question_memory``, ``rebuild_stalls``): the workloads' ids on that graph, the
settings, and waiting for the background worker's first brokers."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Coroutine
from typing import Any

import httpx
import neo4j

from bench._scale_run import workload_parameters
from graph_api.config import Settings

BROKERS = "{ brokers(first: 1) { computedAt } }"


async def loaded_graph_parameters() -> dict[str, Any]:
    """The ids the workloads ask about, on the graph in the Neo4j at NEO4J_URI
    (NEO4J_USER, NEO4J_PASSWORD)."""
    uri = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687")
    auth = (os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""))
    async with neo4j.AsyncGraphDatabase.driver(uri, auth=auth) as driver:
        return await workload_parameters(driver)


def in_process_settings() -> Settings:
    """The service on that Neo4j, with no rate limits (the harness is its only client)."""
    return Settings(store="neo4j", rate_limit_per_minute=0, rate_limit_per_key_per_minute=0)


async def brokers_computed(
    client: httpx.AsyncClient, headers: dict[str, str], limit: float, every: float = 2
) -> None:
    """Return once brokers answers (the background worker's first build is done), asking
    every ``every`` seconds; RuntimeError if not within ``limit`` seconds."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        answer = await client.post("/graphql", json={"query": BROKERS}, headers=headers)
        if "errors" not in answer.json():
            return
        await asyncio.sleep(every)
    raise RuntimeError(f"brokers were not computed within {limit:g} s")


def print_table(measured: Coroutine[Any, Any, str]) -> None:
    """Run a harness's measurement and print the Markdown table it gives."""
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)  # Neo4j's own hints
    print(asyncio.run(measured))
