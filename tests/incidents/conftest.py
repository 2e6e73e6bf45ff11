"""Incident tests run on a real SQLite file and on the real PostgreSQL server."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from console.clock import CHINA_TZ, ManualClock
from tests.store.conftest import db, db_url, pg_database  # noqa: F401  (shared real-database fixtures)

ROOT = Path(__file__).resolve().parents[2]
MUNICIPAL = ROOT / "plans" / "food-municipal.yaml"
T0 = datetime(2026, 11, 22, 16, 0, tzinfo=CHINA_TZ)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)
