"""Reference-data tests on a real SQLite file and on the real PostgreSQL server (郑州市 410100)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from console.app import Console
from console.clock import CHINA_TZ, ManualClock
from tests.store.conftest import db, db_url, pg_database  # noqa: F401  (shared real-database fixtures)

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples" / "zhengzhou"
MUNICIPAL = ROOT / "plans" / "food-municipal.yaml"
T0 = datetime(2026, 12, 4, 9, 0, tzinfo=CHINA_TZ)
CITY = "410100"

TOWNSHIPS = (
    "乡镇代码,乡镇名称,区县代码,纬度,经度\n"
    "410105001,经八路街道,410105,34.7725,113.6731\n"
    ",花园路街道,410105,34.789,113.67\n"
    "410102001,林山寨街道,410102,34.758,113.62\n"
)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def console(db, clock) -> Console:  # noqa: F811
    return Console(db, clock, jurisdiction=CITY)


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p
