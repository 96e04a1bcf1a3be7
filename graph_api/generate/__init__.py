"""Generate the invented sample collaboration data from the real seeds, deterministically.

The sample adds enterprises, workshops and forums, and who attended, offered, needed and
piloted what, around the real bureaux, departments, partner bodies, technologies and
Technology Forums. Everything it writes is marked ``"sample": true``. The same seed and
real seeds always give byte-identical output::

    python -m graph_api.generate --seed 2019 > seeds/sample-collaboration.json

The work is split by job: ``builder`` (shared random source and links), ``names``,
``enterprises``, ``needs``, ``events``, ``attendance``, ``pilots``, ``sample`` (assembles
the document and its JSON text) and ``command`` (the command line).
"""

from __future__ import annotations

from graph_api.generate.command import main
from graph_api.generate.sample import (
    MIN_ENTERPRISES,
    MIN_EVENTS,
    SAMPLE_FILE_NAME,
    generate_sample,
    real_seed_paths,
    to_json,
)

__all__ = [
    "MIN_ENTERPRISES",
    "MIN_EVENTS",
    "SAMPLE_FILE_NAME",
    "generate_sample",
    "main",
    "real_seed_paths",
    "to_json",
]
