"""The review of an incident with a reporting chain (报告链): each hop is a metric named in words
(由谁→报谁), with 按时 / 超时（补办） and its time, 「立即」 as the target of an immediate hop; the
PDF's table says the same."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from console.clock import CHINA_TZ, ManualClock
from console.incidents import IncidentService
from console.review.service import DEADLINE_KIND, RunReview
from console.store import open_database

ROOT = Path(__file__).resolve().parents[2]
CHAINS = ROOT / "tests" / "plan" / "fixtures" / "food-chains.yaml"
T0 = datetime(2026, 11, 22, 16, 0, tzinfo=CHINA_TZ)


@pytest.fixture
def reviewed(tmp_path: Path):  # noqa: ANN201
    db = open_database(f"sqlite:///{tmp_path / 'review.sqlite3'}")
    clock = ManualClock(T0)
    svc = IncidentService(db, clock)
    iid = svc.open(CHAINS, title="幼儿园午餐后多名幼儿腹痛", actor="值班员", role="duty_officer",
                   facts={"cases": 8, "discovered_at": "2026-11-22T15:30:00+08:00"}).incident_id

    def at(minutes: int, type_: str, data: dict[str, object]) -> None:
        clock.set(T0 + timedelta(minutes=minutes))
        svc.command(iid, type_, data, actor="值班员", role="duty_officer")

    at(20, "forward_report", {"report": "R1", "hop": "unit", "channel": "phone"})  # due 17:30: on time
    clock.set(T0 + timedelta(minutes=150))
    svc.tick(iid)  # the county hop (due 18:20) is not yet missed; nothing immediate is ever missed
    clock.set(T0 + timedelta(minutes=200))
    svc.tick(iid)  # 18:20 passed: the county hop is recorded missed
    at(210, "forward_report", {"report": "R1", "hop": "county"})  # late (迟报)
    at(215, "forward_report", {"report": "R1", "hop": "city_phone"})
    yield RunReview(db, iid)
    db.close()


def test_hops_are_metrics_in_words(reviewed: RunReview) -> None:
    ms = {m.title: m for m in reviewed.metrics()}
    unit = ms["初报 事发单位→县级市场监管部门（电话）"]
    assert unit.kind == "report_hop" and DEADLINE_KIND[unit.kind] == "逐级报送"
    assert (unit.status, unit.status_zh) == ("met", "按时（16:20 完成）")
    assert unit.target == timedelta(hours=2) and unit.measured == timedelta(minutes=50)  # from 发现 15:30
    county = ms["初报 县级市场监管部门→市市场监管局"]
    assert county.status == "missed" and county.status_zh == "超时（19:30 补办）"
    phone = ms["初报 市市场监管局→市人民政府（电话）"]
    assert phone.immediate and phone.status == "met"
    assert not any("R1" in m.title for m in reviewed.metrics())
