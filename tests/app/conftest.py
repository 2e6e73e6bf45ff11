"""The application core on the real SQLite file and PostgreSQL server fixtures of the store."""

from tests.store.conftest import db, db_url, pg_database  # noqa: F401
