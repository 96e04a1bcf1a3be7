"""Assemble the sample data set in the seed file format, and write it as seed file text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graph_api.generate.attendance import make_attendance
from graph_api.generate.builder import Builder
from graph_api.generate.enterprises import enterprise_node, make_enterprises
from graph_api.generate.events import make_events
from graph_api.generate.needs import make_needs
from graph_api.generate.pilots import make_pilots
from graph_api.seeding.files import SeedSet, default_seed_paths

SAMPLE_FILE_NAME = "sample-collaboration.json"
MIN_ENTERPRISES = 40
MIN_EVENTS = 3


def generate_sample(
    real: SeedSet, *, seed: int = 2019, enterprises: int = 120, events: int = 14
) -> dict[str, Any]:
    """Build the sample data set around the real seeds, in the seed file format.

    Only ``random.Random(seed)`` is used and every collection is walked in sorted order,
    so the same seed and real seeds always give the same result.
    """
    if enterprises < MIN_ENTERPRISES:
        raise ValueError(f"enterprises must be at least {MIN_ENTERPRISES}, not {enterprises}")
    if events < MIN_EVENTS:
        raise ValueError(f"events must be at least {MIN_EVENTS}, not {events}")
    builder = Builder(real, seed)
    firms = make_enterprises(builder, enterprises)
    needs = make_needs(builder)
    sample_events = make_events(builder, events, needs, firms)
    attendance = make_attendance(builder, firms, needs, sample_events)
    make_pilots(builder, firms, needs, attendance)
    nodes = [enterprise_node(builder, firm) for firm in firms]
    nodes += [event.node for event in sample_events]
    description = (
        f"Invented sample data for demonstration: {enterprises} enterprises, {events} events "
        "and how they link to the real departments, technologies, partner bodies and "
        "Technology Forums (including attendance at the real 1st, 2nd and 19th forums, whose "
        "attendee lists are not published). Nothing here is a real record. Regenerate with "
        f"`python -m graph_api.generate --seed {seed} > seeds/{SAMPLE_FILE_NAME}`; "
        "do not edit by hand."
    )
    return {
        "dataset": "sample-collaboration",
        "description": description,
        "sample": True,
        "nodes": nodes,
        "links": sorted(builder.links, key=lambda link: (link["type"], link["from"], link["to"])),
    }


def to_json(document: dict[str, Any]) -> str:
    """The seed file text for a document: sorted keys, UTF-8 characters kept, newline-ended."""
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def real_seed_paths() -> list[Path]:
    """The real (non-sample) seed files: ``seeds/real-*.json``."""
    return [path for path in default_seed_paths() if path.name.startswith("real-")]
