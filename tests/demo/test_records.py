"""Demo records for 濮阳市 and 连江县, written through the real services on a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from console.consultations.service import ConsultationService
from console.demo import seed
from console.demo.records import experts_file, seed_records
from console.duty.log import DutyLog
from console.experts.registry import ExpertRegistry, read_csv_bytes
from console.incidents import IncidentService
from console.reports.service import ReportService
from console.store import open_database

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(("place", "n_experts"), [("puyang", 25), ("lianjiang", 10)])
def test_seed_records(tmp_path, place: str, n_experts: int) -> None:  # noqa: ANN001
    db = open_database(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    try:
        seed(db, NOW, place)
        seed_records(db, place, NOW)
        assert len(ExpertRegistry(db).list()) == n_experts
        reports = ReportService(db)
        submitted = [r for r in reports.register() if r.status == "submitted"]
        assert submitted and all(reports.verify(r.id) for r in submitted)
        concluded = [c for c in ConsultationService(db).list() if c.status == "concluded"]
        if place == "puyang":
            assert concluded and all(len(c.opinions) >= c.quorum for c in concluded)
        assert any(e.kind == "handover" for e in DutyLog(db).list())
        svc = IncidentService(db)
        for s in svc.list():
            rebuilt, stored = svc.replay(s.id)
            assert rebuilt == stored
        assert svc.log.verify().ok
        before = (len(reports.register()), len(DutyLog(db).list()))
        seed_records(db, place, NOW)  # again: nothing doubled
        assert (len(reports.register()), len(DutyLog(db).list())) == before
    finally:
        db.close()


def test_demo_expert_files_are_valid() -> None:
    for place in ("puyang", "lianjiang"):
        rows = read_csv_bytes(experts_file(place).read_bytes())
        assert rows and all(r["name"] and r["phone"] for _, r in rows)
    with pytest.raises(ValueError, match="没有「北京」的演示数据"):
        experts_file("北京")


def test_the_demo_shows_the_format_2_plans_at_work(tmp_path) -> None:  # noqa: ANN001
    """A termination awaiting the government's approval (plan format 2), and chains whose hops were reported."""
    db = open_database(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    try:
        seed(db, NOW, "puyang")
        svc = IncidentService(db)
        states = {s.title: svc.state(s.id) for s in svc.list()}
        waiting = states["华龙区某机关食堂午餐后多人腹泻"]
        assert waiting.leaf == "termination_review" and not waiting.closed
        assert waiting.approvals["terminate_gov"]["status"] == "requested"
        hops = [d for s in states.values() for d in s.deadlines.values() if d["kind"] == "report_hop"]
        assert any(d.get("forwarded_at") is not None and d["status"] == "met" for d in hops)
        closed = [s for s in states.values() if s.closed and "terminate_gov" in s.approvals]
        assert closed and all(s.approvals["terminate_gov"]["status"] == "granted" for s in closed)
    finally:
        db.close()
