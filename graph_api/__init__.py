"""Collaboration Graph: a GraphQL knowledge graph of Hong Kong's public sector and I&T."""

from __future__ import annotations

__version__ = "0.1.0"
