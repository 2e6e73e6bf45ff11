"""Records panel tests: a real incident on a real SQLite file (and PostgreSQL), offscreen Qt."""

from tests.records_fixtures import *  # noqa: F401,F403  (shared real-database fixtures)
