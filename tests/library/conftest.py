"""Real-database fixtures (SQLite file and PostgreSQL) for the plan library."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.app import Console
from console.clock import ManualClock
from tests.records_fixtures import T0
from tests.store.conftest import db, db_url, pg_database  # noqa: F401  (shared real-database fixtures)

ROOT = Path(__file__).resolve().parents[2]
PLANS = ROOT / "plans"
MUNICIPAL = PLANS / "food-municipal.yaml"
COUNTY = PLANS / "food-county.yaml"
DRUG = PLANS / "drug-group-adverse.yaml"
ZHENGZHOU = ROOT / "resources" / "samples" / "zhengzhou" / "food-municipal-410100.yaml"
ADMIN = {"actor": "系统管理员", "role": "admin"}


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def console(db, clock) -> Console:  # noqa: F811
    return Console(db, clock)


def variant(tmp_path: Path, source: Path, name: str, *replacements: tuple[str, str]) -> Path:
    """A copy of a shipped plan with some text replaced (each replacement must apply)."""
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    out = tmp_path / name
    out.write_text(text, encoding="utf-8")
    return out


def line_col(path: Path, needle: str) -> tuple[int, int]:
    """1-based line and column of the first occurrence of ``needle`` in the file."""
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return i, line.index(needle) + 1
    raise AssertionError(needle)
