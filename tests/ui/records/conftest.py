"""Records panel tests: a real incident on a real SQLite file (and PostgreSQL), offscreen Qt."""

from __future__ import annotations

from tests.records_fixtures import (  # noqa: F401  (shared fixtures)
    clock,
    consultations,
    duty,
    experts,
    incident,
    incidents,
    reports,
)
from tests.store.conftest import db, db_url, pg_database  # noqa: F401
