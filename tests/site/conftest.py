"""Real databases (a SQLite file; the PostgreSQL server when it runs) for the site tests."""

from tests.store.conftest import clock, db, db_url, pg_database  # noqa: F401
