"""Real-database fixtures (SQLite file and PostgreSQL) shared with the records features."""

from tests.records_fixtures import *  # noqa: F401,F403
