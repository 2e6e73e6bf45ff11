"""Hard isolation: a drill gets its own database seeded from a copy of the reference data, and
the real database's lists, stock and statistics never see drill data."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select, text

from console.clock import ManualClock
from console.drills.store import NOT_REFERENCE, create_drill_database
from console.incidents.service import IncidentService
from console.store.db import open_database
from console.store.models import events_table
from tests.drills.conftest import ROOT, SCHOOL, virtual_run
from tests.store.conftest import pg_database  # noqa: F401 - fixture


@pytest.fixture
def real_db(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'real.sqlite3'}")
    svc = IncidentService(db, ManualClock(datetime(2026, 11, 20, 2, 0, tzinfo=UTC)))
    svc.open(ROOT / "plans" / "food-county.yaml", title="真实事件：某饭店聚餐食物中毒", actor="值班员",
             role="duty_officer", facts={"cases": 12, "setting": "restaurant"})
    try:
        from console.reserves.ledger import DepotInfo, Ledger
    except ImportError:  # pragma: no cover - reserves not installed
        yield db
    else:
        led = Ledger(db, ManualClock(datetime(2026, 11, 20, 2, 0, tzinfo=UTC)), jurisdiction="350122")
        led.add_depot(DepotInfo(id="LJ-01", name="连江县应急物资储备库", tier="县级储备库", lat=26.2, lon=119.54))
        led.receive("LJ-01", "KJ-004", "L2026-1", 50, actor="保管员", expiry=date(2027, 6, 30))
        yield db
    db.close()


def _counts(db):
    with db.reading() as conn:
        n_events = conn.execute(select(func.count()).select_from(events_table)).scalar_one()
        drill_events = conn.execute(select(func.count()).select_from(events_table)
                                    .where(events_table.c.mode == "drill")).scalar_one()
        tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
        stock = None
        if "reserve_movements" in tables:
            stock = conn.execute(text("SELECT COUNT(*), COALESCE(SUM(qty), 0) FROM reserve_movements")).one()
        depots = (conn.execute(text("SELECT COUNT(*) FROM reserve_depots")).scalar_one()
                  if "reserve_depots" in tables else None)
    return n_events, drill_events, stock, depots


def test_real_lists_and_statistics_never_include_drill_data(real_db, tmp_path):
    before = _counts(real_db)
    run = virtual_run(SCHOOL, tmp_path, reference=real_db)
    run.run_headless()
    real = IncidentService(real_db)
    ids = [s.id for s in real.list()]
    assert len(ids) == 1 and not ids[0].startswith("D")
    assert all(s.mode == "real" for s in real.list())
    after = _counts(real_db)
    assert after == before and after[1] == 0  # no event, no drill event, no stock movement added
    # the drill database has the drill, the copied plans and reference rows, and no real incident
    drill = IncidentService(run.db)
    assert [s.id[0] for s in drill.list()] == ["D"] and drill.list()[0].mode == "drill"
    with run.db.reading() as conn:
        modes = {r[0] for r in conn.execute(select(events_table.c.mode).distinct())}
        assert modes == {"drill"}
        plans = conn.execute(text("SELECT COUNT(*) FROM plans")).scalar_one()
    assert plans >= 1
    assert before[3] == 1 and _counts(run.db)[3] == 1  # depots copied
    from console.review.service import stock_at

    assert stock_at(run.db, run.clock.now()) == stock_at(real_db, run.clock.now()) == {"KJ-004": 50}
    run.db.close()


def test_drill_database_must_be_new_and_not_the_real_one(real_db, tmp_path):
    with pytest.raises(ValueError, match="不能与实战数据库相同"):
        create_drill_database(real_db.url, real_db)
    (tmp_path / "x.sqlite3").write_bytes(b"")
    with pytest.raises(FileExistsError, match="已存在"):
        create_drill_database(tmp_path / "x.sqlite3", real_db)


def test_incident_records_are_not_copied():
    assert {"events", "incidents", "reports", "duty_log", "snapshots"} <= NOT_REFERENCE
    assert "plans" not in NOT_REFERENCE and "reserve_lots" not in NOT_REFERENCE and "experts" not in NOT_REFERENCE
    assert date.today()  # keep the import honest


@pytest.mark.postgres
def test_drill_in_its_own_postgresql_schema(real_db, tmp_path, request):
    """A drill database can be a fresh PostgreSQL schema, seeded from the real (SQLite) database."""
    from tests.store.conftest import fresh_pg_schema, pg_reachable, pg_url

    if not pg_reachable():
        pytest.skip("PostgreSQL not reachable at 127.0.0.1:5432")
    dbname = request.getfixturevalue("pg_database")
    url = pg_url(dbname, fresh_pg_schema(dbname))
    run = virtual_run(SCHOOL, tmp_path, reference=real_db, name=url)
    run.run_headless()
    assert run.fold.state.level == "III"
    drill = IncidentService(run.db)
    assert [s.mode for s in drill.list()] == ["drill"]
    from console.review.service import stock_at

    assert stock_at(run.db, run.clock.now()) == {"KJ-004": 50}
    assert [s.mode for s in IncidentService(real_db).list()] == ["real"]
    run.db.close()
