"""The Console application object: one set of services, one change hub, effects run by the core."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from console.app import Console
from console.changes import ChangeSet, Topic
from console.clock import CHINA_TZ, ManualClock
from console.reserves.models import requests_table
from console.reserves.requests import request_number_pattern
from console.store.models import events_table

ROOT = Path(__file__).resolve().parents[2]
MUNICIPAL = ROOT / "plans" / "food-municipal.yaml"
T0 = datetime(2026, 11, 22, 16, 0, tzinfo=CHINA_TZ)
TO_RESPONSE = [
    ("fire", {"event": "dispatch"}, "duty_officer"), ("fire", {"event": "verified"}, "duty_officer"),
    ("consult_concluded", {"question": "grade", "outcome": "approve", "level": "III"}, "commander"),
    ("decide_level", {"level": "III", "reason": "出现死亡病例", "basis": "专家核定"}, "commander"),
]


def _count(db, table) -> int:  # noqa: ANN001
    with db.reading() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


@pytest.fixture
def app(db) -> Console:  # noqa: ANN001
    return Console(db, ManualClock(T0), jurisdiction="410900")


def _graded(app: Console) -> str:
    r = app.incidents.open(MUNICIPAL, title="范县集市散装白酒疑似甲醇中毒", actor="值班员", role="duty_officer",
                           facts={"cases": 5, "deaths": 1}, lat=35.86, lon=115.49, place="范县城关镇")
    for type_, data, role in TO_RESPONSE:
        app.clock.advance(timedelta(minutes=5))  # type: ignore[attr-defined]
        app.incidents.command(r.incident_id, type_, data, actor="指挥长", role=role)
    return r.incident_id


def test_the_plans_materials_effect_becomes_a_request_in_the_commands_transaction(app: Console) -> None:
    iid = _graded(app)
    assert app.requests.list(incident_id=iid) == []
    seen: list[ChangeSet] = []
    app.changes.subscribe(seen.append)
    result = app.incidents.command(iid, "fire", {"event": "respond"}, actor="指挥长", role="commander")
    [mat] = [e for e in result.effects if e["kind"] == "materials"]
    [req] = app.requests.list(incident_id=iid)
    assert re.fullmatch(request_number_pattern(), req.id)
    assert req.plan_ref == mat["id"] and req.created_by == "预案自动生成"
    assert dict(req.items)["FH-001"] == 100  # the plan's level-III quantity
    # one announcement for the command, naming the request beside the plan step
    [changes] = seen
    assert changes.incidents == {iid} and changes.event_types == {"fire"}
    assert {Topic.STATE, Topic.INCIDENTS, Topic.TIMELINE, Topic.REQUESTS} <= changes.topics
    assert changes.seqs == tuple(e.seq for e in result.events)


def test_a_failing_effect_handler_writes_nothing_at_all(app: Console) -> None:
    iid = _graded(app)
    events_before, requests_before = _count(app.db, events_table), _count(app.db, requests_table)
    version = app.incidents.summary(iid).version

    def broken(ctx, effect) -> None:  # noqa: ANN001
        raise RuntimeError("物资库不可用")

    app.effects.register("materials", broken)
    with pytest.raises(RuntimeError, match="物资库不可用"):
        app.incidents.command(iid, "fire", {"event": "respond"}, actor="指挥长", role="commander")
    assert _count(app.db, events_table) == events_before
    assert _count(app.db, requests_table) == requests_before
    assert app.incidents.summary(iid).version == version and app.incidents.summary(iid).leaf != "responding"


def test_reading_and_viewing_never_write(app: Console) -> None:
    iid = _graded(app)
    app.incidents.command(iid, "fire", {"event": "respond"}, actor="指挥长", role="commander")
    before = (_count(app.db, events_table), _count(app.db, requests_table))
    seen: list[ChangeSet] = []
    app.changes.subscribe(seen.append)
    app.incidents.view(iid)
    app.incidents.list()
    app.requests.list(incident_id=iid)
    app.reports.deadlines(iid)
    app.consultations.list(iid)
    app.duty.list(iid)
    app.ledger.balances()
    assert (_count(app.db, events_table), _count(app.db, requests_table)) == before and seen == []


def test_every_service_shares_the_consoles_log_and_hub(app: Console) -> None:
    iid = _graded(app)
    seen: list[ChangeSet] = []
    app.changes.subscribe(seen.append)
    app.duty.note("现场已封存剩余散装白酒", actor="值班员", role="duty_officer", incident_id=iid)
    app.duty.note("中心例行交接前检查通讯设备", actor="值班员", role="duty_officer")
    app.experts.add({"code": "E99", "name": "王五", "specialties": ["食品安全"], "organisation": "市疾控中心",
                     "phone": "13900000099"})
    assert [c.topics for c in seen] == [frozenset({Topic.DUTY, Topic.TIMELINE}), frozenset({Topic.DUTY}),
                                        frozenset({Topic.EXPERTS})]
    assert seen[0].incidents == {iid} and seen[1].incidents == frozenset()


def test_a_listener_that_fails_does_not_undo_or_stop_the_command(app: Console) -> None:
    calls: list[ChangeSet] = []

    def bad(_c: ChangeSet) -> None:
        raise ValueError("view broke")

    app.changes.subscribe(bad)
    app.changes.subscribe(calls.append)
    r = app.incidents.open(MUNICIPAL, title="学校食堂疑似食物中毒", actor="值班员", role="duty_officer",
                           facts={"cases": 3})
    assert app.incidents.summary(r.incident_id).version == 1 and len(calls) == 1
    assert isinstance(app.changes.errors[-1], ValueError)


def test_a_drill_console_writes_drill_incidents_and_the_mode_is_checked(db) -> None:  # noqa: ANN001
    drill = Console(db, ManualClock(T0), mode="drill")
    r = drill.incidents.open(MUNICIPAL, title="演练：学校食堂", actor="导调", role="duty_officer", facts={"cases": 20})
    assert r.incident_id.startswith("D") and drill.incidents.summary(r.incident_id).mode == "drill"
    with pytest.raises(ValueError, match="mode"):
        Console(db, mode="exercise")
