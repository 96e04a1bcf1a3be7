"""Moving the graph in and out of files: streamed import and export (CSV, JSON lines, seed
JSON documents, GraphML), with per-row reports and an import that never half-loads."""

from __future__ import annotations
