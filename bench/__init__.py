"""Benchmarks: query latency (API vs raw Cypher) and import rate; results in BENCHMARKS.md."""
