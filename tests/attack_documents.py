"""Hostile requests shared by the tests that defend against them (issue 10's attacks)."""

from __future__ import annotations

import base64


def doubling_fragments(levels: int) -> str:
    """F0 spreads F1 twice, F1 spreads F2 twice, ...: 2^levels fields once expanded, in a
    document of a few hundred bytes (22 levels once blocked the event loop for 32 s)."""
    parts = ["{ departments(first: 1) { edges { node { ...F0 } } } }"]
    parts += [f"fragment F{i} on Department {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)]
    parts.append(f"fragment F{levels} on Department {{ id }}")
    return "\n".join(parts)


def forge_cursor(cursor: str, offset: int) -> str:
    """``cursor`` (a real one, from the same list) rewritten to point at ``offset``."""
    version, scope, _ = (
        base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().split("|")
    )
    return base64.urlsafe_b64encode(f"{version}|{scope}|{offset}".encode()).decode().rstrip("=")
