"""Shared helpers for the drill tests: shipped scenarios, a virtual clock, real SQLite files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from console.drills.clock import MAX_HEADLESS_SPEED, DrillClock
from console.drills.runner import DrillRun
from console.drills.scenario import load_scenario
from console.drills.store import create_drill_database

ROOT = Path(__file__).resolve().parents[2]
KINDERGARTEN = ROOT / "scenarios" / "kindergarten-tabletop.yaml"
SCHOOL = ROOT / "scenarios" / "school-canteen-functional.yaml"
T0 = datetime(2026, 11, 22, 6, 15, tzinfo=UTC)  # 14:15 in China


def virtual_run(path: Path, tmp_path: Path, *, auto: bool = True, reference=None, name: str = "drill.sqlite3"):
    db = create_drill_database(name if "://" in name else tmp_path / name, reference)
    clock = DrillClock(T0, 60, max_speed=MAX_HEADLESS_SPEED, virtual=True)
    return DrillRun(load_scenario(path), db, clock, auto_players=auto)


@pytest.fixture
def finished_school(tmp_path):
    run = virtual_run(SCHOOL, tmp_path)
    run.run_headless()
    yield run
    run.db.close()
