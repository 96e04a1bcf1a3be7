"""Seed data: the curated JSON files under ``seeds/`` and how they reach a store.

``files`` reads and validates the files into records (every problem named by file,
record and field); ``apply`` writes what is missing into a store, never over an edit.
"""

from __future__ import annotations

from graph_api.seeding.apply import SeedReport, seed_store, seed_store_if_empty
from graph_api.seeding.files import (
    SeedError,
    SeedSet,
    default_seed_paths,
    load_seed_files,
    parse_seed_documents,
)

__all__ = [
    "SeedError",
    "SeedReport",
    "SeedSet",
    "default_seed_paths",
    "load_seed_files",
    "parse_seed_documents",
    "seed_store",
    "seed_store_if_empty",
]
