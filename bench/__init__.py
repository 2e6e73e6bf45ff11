"""Benchmarks with recorded results (not timed tests)."""
