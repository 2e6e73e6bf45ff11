"""The real database with the county plan in its library, and a finished drill with its own
improvement items (run headless on a virtual clock, as tests/drills does)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from console.clock import ManualClock
from console.drills.evaluation import record_improvement
from console.improvements.register import ImprovementRegister
from console.library.library import PlanLibrary
from console.review.service import RunReview
from console.store.db import Database, open_database
from tests.drills.conftest import SCHOOL, virtual_run
from tests.store.conftest import pg_database  # noqa: F401  (the real PostgreSQL database)

ROOT = Path(__file__).resolve().parents[2]
COUNTY = ROOT / "plans" / "food-county.yaml"
NOW = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)  # 10:00 on 10 December, China time


@pytest.fixture
def real(tmp_path: Path) -> Database:
    db = open_database(f"sqlite:///{tmp_path / 'real.sqlite3'}")
    PlanLibrary(db, ManualClock(NOW)).add_file(COUNTY, actor="管理员", role="admin")
    yield db
    db.close()


@pytest.fixture
def register(real: Database) -> ImprovementRegister:
    return ImprovementRegister(real, ManualClock(NOW))


def finished_drill(tmp_path: Path, items: list[dict[str, str]], name: str = "drill.sqlite3") -> Path:
    """A school-canteen drill played to its end in its own database, with these improvement items."""
    run = virtual_run(SCHOOL, tmp_path, name=name)
    run.run_headless()
    path = Path(str(run.db.url).removeprefix("sqlite:///"))
    run.db.close()
    db = open_database(f"sqlite:///{path}")
    try:
        r = RunReview(db, run.incident_id)  # type: ignore[arg-type]
        for it in items:
            if it.get("raw"):  # an item written by an older release: no owner or due date checked
                r.service.command(r.incident_id, "log.improvement",
                                  {k: v for k, v in it.items() if k != "raw"}, actor="评估员", role="evaluator")
            else:
                record_improvement(r.service, r.incident_id, actor="评估员", existing=r.fold.improvements, **it)
            r = RunReview(db, run.incident_id)  # type: ignore[arg-type]
    finally:
        db.close()
    return path
