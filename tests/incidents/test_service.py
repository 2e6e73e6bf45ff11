"""The incident service over a real database: pinning, commands, deadlines, stale writes,
replay, rebuild and state-at-time."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from console.incidents import IncidentService
from console.plan.engine import Rejected
from console.store.eventlog import StaleAppend
from console.store.models import events_table, incidents_table
from tests.incidents.conftest import MUNICIPAL, T0

M = timedelta(minutes=1)


def _count(db) -> int:
    with db.reading() as conn:
        return conn.execute(select(func.count()).select_from(events_table)).scalar_one()


def _open(svc: IncidentService, **facts):
    return svc.open(MUNICIPAL, title="某小学食堂疑似食物中毒", actor="王值班", role="duty_officer",
                    facts=facts or {"cases": 12, "setting": "school"}, lat=35.76, lon=115.03, place="华龙区")


def _to_response(svc: IncidentService, clock, iid: str) -> None:
    svc.command(iid, "fire", {"event": "dispatch"}, actor="王值班", role="duty_officer")
    clock.advance(20 * M)
    svc.command(iid, "fire", {"event": "verified"}, actor="王值班", role="duty_officer")
    clock.advance(30 * M)
    svc.command(iid, "consult_concluded", {"question": "grade", "outcome": "approve", "level": "III"},
                actor="李指挥", role="commander")
    svc.command(iid, "decide_level", {"level": "III", "reason": "经专家核定", "basis": "专家核定"},
                actor="李指挥", role="commander")
    svc.command(iid, "fire", {"event": "respond"}, actor="李指挥", role="commander")


def test_open_pins_plan_and_writes_projection(db, clock, tmp_path):
    plan_copy = tmp_path / "plan.yaml"
    shutil.copy(MUNICIPAL, plan_copy)
    svc = IncidentService(db, clock)
    r = svc.open(plan_copy, title="测试事件", actor="王值班", role="duty_officer", facts={"cases": 40})
    assert r.incident_id == "20261122-001"
    assert r.state.suggested_level == "IV"
    # Editing the plan file afterwards does not change the running incident.
    plan_copy.write_text(plan_copy.read_text("utf-8").replace("within: PT30M, from: received",
                                                              "within: PT5M, from: received"), "utf-8")
    svc2 = IncidentService(db, clock)  # a fresh service has no cache: the plan comes from the database
    r2 = svc2.command(r.incident_id, "fire", {"event": "dispatch"}, actor="王值班", role="duty_officer")
    onsite = next(d for d in r2.state.deadlines.values() if d["title"] == "赶赴现场核实")
    assert onsite["due_at"] - r2.state.received_at == timedelta(minutes=30)
    assert svc2.summary(r.incident_id).plan_hash == r.state.plan_hash


def test_rejected_command_writes_nothing(db, clock):
    svc = IncidentService(db, clock)
    iid = _open(svc).incident_id
    before = _count(db)
    with pytest.raises(Rejected) as exc:
        svc.command(iid, "fire", {"event": "respond"}, actor="王值班", role="duty_officer")
    assert "接报" in exc.value.reason
    with pytest.raises(Rejected) as exc:
        svc.command(iid, "facts", {"facts": {"cases": -1}}, actor="王值班", role="duty_officer")
    assert "不能小于" in exc.value.reason
    assert _count(db) == before
    assert svc.state(iid).facts["cases"] == 12


def test_missed_deadlines_are_recorded_before_the_command_even_if_refused(db, clock):
    svc = IncidentService(db, clock)
    iid = _open(svc).incident_id
    svc.command(iid, "fire", {"event": "dispatch"}, actor="王值班", role="duty_officer")
    clock.advance(35 * M)  # on site was due 30 min after receipt
    with pytest.raises(Rejected):
        svc.command(iid, "fire", {"event": "respond"}, actor="王值班", role="duty_officer")
    events = svc.timeline(iid)
    missed = [e for e in events if e.type == "deadline_missed"]
    state = svc.state(iid)
    when = {state.deadlines[e.payload["data"]["deadline"]]["title"]: (e.occurred_at, e.recorded_at) for e in missed}
    # each recorded at the moment it was missed; 接报登记 too, though its state was left at dispatch
    assert when["赶赴现场核实"] == (T0 + 30 * M, T0 + 35 * M)
    assert when["接报登记并报告带班领导"] == (T0 + 15 * M, T0 + 35 * M)
    state = svc.state(iid)
    assert any(a["text"] == "未在30分钟内到达现场" for a in state.alerts)


def test_stale_version_is_rejected_naming_who_changed_it(db, clock):
    svc = IncidentService(db, clock)
    r = _open(svc)
    seen = r.version
    other = IncidentService(db, clock)
    other.command(r.incident_id, "note", {"text": "家长来电询问"}, actor="赵值班", role="duty_officer")
    with pytest.raises(StaleAppend) as exc:
        svc.command(r.incident_id, "fire", {"event": "dispatch"}, actor="王值班", role="duty_officer",
                    expected_version=seen)
    assert "赵值班" in str(exc.value)
    assert svc.state(r.incident_id).leaf == "received"


def test_missed_deadlines_recorded_since_do_not_make_a_version_stale(db, clock):
    svc = IncidentService(db, clock)
    r = _open(svc)
    seen = r.version
    clock.advance(45 * M)  # past the 30-minute arrival: the timer records it as missed
    assert IncidentService(db, clock).tick(r.incident_id) is not None
    assert svc.summary(r.incident_id).version > seen
    # nothing a person decided changed: the command based on what was seen goes through
    svc.command(r.incident_id, "fire", {"event": "dispatch"}, actor="王值班", role="duty_officer",
                expected_version=seen)
    assert svc.state(r.incident_id).leaf == "verifying"
    # a version from the future is never accepted
    with pytest.raises(StaleAppend):
        svc.command(r.incident_id, "note", {"text": "x"}, actor="王值班", role="duty_officer",
                    expected_version=svc.summary(r.incident_id).version + 5)


def test_replay_rebuild_and_state_at(db, clock):
    svc = IncidentService(db, clock)
    iid = _open(svc).incident_id
    _to_response(svc, clock, iid)
    rebuilt, stored = svc.replay(iid)
    assert rebuilt == stored
    assert stored.leaf == "disposal" and stored.level == "III"
    # The projection can be thrown away and rebuilt from the log alone.
    with db.connect() as conn:
        conn.execute(delete(incidents_table))
    assert svc.rebuild() == 1
    assert svc.state(iid) == stored
    # The situation at chosen instants, read from the log.
    assert svc.state_at(iid, T0 - M) is None
    assert svc.state_at(iid, T0 + 10 * M).leaf == "verifying"
    at_assess = svc.state_at(iid, T0 + 25 * M)
    assert at_assess.leaf == "assessing" and at_assess.level is None
    assert svc.state_at(iid, T0 + 60 * M) == stored


def test_state_at_uses_snapshots_and_agrees_with_full_replay(db, clock):
    svc = IncidentService(db, clock)
    iid = _open(svc).incident_id
    for i in range(520):
        clock.advance(timedelta(seconds=30))
        svc.command(iid, "note", {"text": f"值守记录 {i}"}, actor="王值班", role="duty_officer")
    snap = svc.log.latest_snapshot(iid)
    assert snap is not None and snap.version == 500
    t = T0 + timedelta(seconds=30 * 510)
    via_snapshot = svc.state_at(iid, t)
    from console.plan.engine import replay

    events = [e for e in svc.log.read(iid) if e.occurred_at <= t]
    full = replay(svc.plan_for(iid), svc._engine_events(events))
    assert via_snapshot == full
    assert via_snapshot.version == len(events)  # notes plus the deadlines missed meanwhile


def test_tick_records_missed_deadlines_for_open_incidents(db, clock):
    svc = IncidentService(db, clock)
    iid = _open(svc).incident_id
    clock.advance(16 * M)
    results = svc.tick_all()
    assert [r.incident_id for r in results] == [iid]
    assert any(e["kind"] == "deadline_missed" for e in results[0].effects)
    assert svc.tick_all() == []  # nothing new is due


def test_users_cannot_act_as_the_system_role(db, clock):
    svc = IncidentService(db, clock)
    iid = _open(svc).incident_id
    before = _count(db)
    with pytest.raises(Rejected) as exc:
        svc.command(iid, "decide_level", {"level": "I", "reason": "x"}, actor="某人", role="system")
    assert "保留角色" in exc.value.reason
    assert _count(db) == before


def test_in_transaction_hook_commits_with_the_event_or_not_at_all(db, clock):
    svc = IncidentService(db, clock)
    iid = _open(svc).incident_id
    seen: list[int] = []

    def record(conn, evs):
        seen.extend(e.version for e in evs)

    r = svc.command(iid, "note", {"text": "已电话联系学校"}, actor="王值班", role="duty_officer",
                    in_transaction=record)
    assert seen == [r.events[-1].version]

    before = _count(db)

    def fail(conn, evs):
        raise ValueError("报告内容校验失败")

    with pytest.raises(ValueError):
        svc.command(iid, "note", {"text": "不应写入"}, actor="王值班", role="duty_officer", in_transaction=fail)
    assert _count(db) == before
    assert svc.summary(iid).version == r.events[-1].version
