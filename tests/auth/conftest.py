"""Account tests run on a real SQLite file and on the real PostgreSQL server."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from console.clock import ManualClock
from tests.incidents.conftest import T0
from tests.store.conftest import db, db_url, pg_database  # noqa: F401  (shared real-database fixtures)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def fast_hasher() -> PasswordHasher:
    """Real argon2id, with cheap parameters so the tests do not spend seconds hashing."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
