"""Fixtures of the start-mode tests: the shared real PostgreSQL database."""

from tests.store.conftest import pg_database  # noqa: F401
