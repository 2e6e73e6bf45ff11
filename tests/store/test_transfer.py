"""Moving the embedded SQLite database into PostgreSQL: every row of every table, the chain
intact, and the console keeps working on the copy."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import MetaData, func, select

from console.clock import ManualClock
from console.incidents import IncidentService
from console.store import EventLog, open_database
from console.store.transfer import TransferError, copy_database
from tests.incidents.conftest import MUNICIPAL
from tests.store.conftest import fresh_pg_schema, pg_url

pytestmark = pytest.mark.postgres
T = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


def _counts(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    meta = MetaData()
    meta.reflect(db.engine)
    with db.reading() as conn:
        return {name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for name, t in meta.tables.items() if name != "alembic_version"}


def test_sqlite_moves_into_postgresql_with_nothing_lost(tmp_path, pg_database) -> None:  # type: ignore[no-untyped-def]
    src = open_database(f"sqlite:///{tmp_path / 'src.sqlite3'}")
    svc = IncidentService(src, ManualClock(T))
    for i in range(3):
        r = svc.open(MUNICIPAL, title=f"迁移测试事件 {i}", actor="王值班", role="duty_officer",
                     facts={"cases": 10 + i}, lat=35.76, lon=115.03)
        svc.command(r.incident_id, "fire", {"event": "dispatch"}, actor="王值班", role="duty_officer")
    dst = open_database(pg_url(pg_database, fresh_pg_schema(pg_database)))
    try:
        summary = copy_database(src, dst)
        assert summary.tables["events"] == 6 and summary.tables["incidents"] == 3
        assert _counts(dst) == _counts(src)
        assert EventLog(dst).head() == EventLog(src).head()
        assert EventLog(dst).verify().ok
        # The console carries on on the copy: same incidents, same states, new ids do not collide.
        moved = IncidentService(dst, ManualClock(T))
        assert [s.id for s in moved.list()] == [s.id for s in svc.list()]
        for s in svc.list():
            assert moved.state(s.id) == svc.state(s.id)
        r = moved.open(MUNICIPAL, title="迁移后的新事件", actor="王值班", role="duty_officer", facts={"cases": 3})
        assert r.incident_id == "20261122-004"
        assert EventLog(dst).verify().ok
        # A second copy into the same (now non-empty) database is refused, nothing changed.
        before = _counts(dst)
        with pytest.raises(TransferError, match="空数据库"):
            copy_database(src, dst)
        assert _counts(dst) == before
    finally:
        src.close()
        dst.close()
