"""Collaboration analytics: paths, meetings, partnership gaps, matching and structure.

Every question is a pure function over an immutable in-memory ``Projection`` of the
graph (``projection.py``), built from ``GraphStore.export_graph()`` and cached per store.
Because both stores export the same records, both give the same answers. Nothing here
knows about GraphQL or talks to a database.
"""
