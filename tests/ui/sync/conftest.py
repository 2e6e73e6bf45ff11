"""Real databases for the live-sync tests."""

from tests.store.conftest import db, db_url, pg_database  # noqa: F401  (real SQLite and PostgreSQL)
