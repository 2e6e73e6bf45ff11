"""Linked incidents, 并入 and 移交 over a real SQLite file and the real PostgreSQL server: both
incidents' logs are written in one transaction or neither, and the hash chain still verifies."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from console.incidents import IncidentService
from console.incidents.linking import link, merge, unlink
from console.plan.engine import Rejected
from console.plan.model import Plan
from console.store.eventlog import StaleAppend
from console.store.models import events_table

FIXTURES = Path(__file__).resolve().parents[1] / "plan" / "fixtures"
FOOD = FIXTURES / "linked-food.yaml"
HEALTH = FIXTURES / "public-health.yaml"
H = timedelta(hours=1)
M = timedelta(minutes=1)


def _count(db) -> int:
    with db.reading() as conn:
        return conn.execute(select(func.count()).select_from(events_table)).scalar_one()


@pytest.fixture
def svc(db, clock) -> IncidentService:
    return IncidentService(db, clock)


def _open(svc: IncidentService, title: str, **facts):
    return svc.open(FOOD, title=title, actor="王值班", role="duty_officer", facts=facts, place="华龙区")


def _replays(svc: IncidentService, *ids: str) -> None:
    for iid in ids:
        rebuilt, projected = svc.replay(iid)
        assert rebuilt == projected
        assert svc.check_projection(iid) == []
    report = svc.log.verify()
    assert report.ok, report.message


def test_link_writes_both_logs_and_counts_the_cluster(svc, clock):
    a = _open(svc, "第一小学腹泻", cases=12).incident_id
    clock.advance(3 * H)
    b = _open(svc, "第二小学腹泻", cases=15).incident_id
    assert svc.state(a).suggested_level == "IV"
    results = link(svc, a, b, "同一供餐单位配送", actor="李指挥", role="commander")
    assert [r.incident_id for r in results] == [a, b]
    sa, sb = svc.state(a), svc.state(b)
    assert sa.linked[b]["facts"] == {"cases": 15} and sb.linked[a]["facts"] == {"cases": 12}
    assert sa.linked[b]["reason"] == "同一供餐单位配送"
    # 12 + 15 < 30: still 一般; 27 + 5 more in b → linked sum 32 ≥ 30 → 较大 in both
    assert sa.suggested_level == "IV"
    svc.command(b, "facts", {"facts": {"cases": 20}}, actor="王值班", role="duty_officer")
    sa, sb = svc.state(a), svc.state(b)
    assert sa.linked[b]["facts"]["cases"] == 20  # propagated into a's log by linked_facts
    assert sa.suggested_level == "III" and sb.suggested_level == "III"
    assert [e.type for e in svc.timeline(a)][-1] == "linked_facts"
    _replays(svc, a, b)


def test_refused_link_writes_neither_log(svc, clock, db):
    a = _open(svc, "甲", cases=3).incident_id
    b = _open(svc, "乙", cases=4).incident_id
    link(svc, a, b, "同一批次", actor="李指挥", role="commander")
    before = _count(db)
    with pytest.raises(Rejected, match="已与事件"):
        link(svc, a, b, "再次关联", actor="李指挥", role="commander")
    with pytest.raises(Rejected, match="理由"):
        link(svc, a, _open(svc, "丙").incident_id, "  ", actor="李指挥", role="commander")
    with pytest.raises(Rejected, match="自身"):
        link(svc, a, a, "自己", actor="李指挥", role="commander")
    with pytest.raises(Rejected, match="观察员"):
        link(svc, a, b, "x", actor="张", role="observer")
    assert _count(db) == before + 1  # only 丙's open event


def test_a_failure_in_the_second_log_writes_neither(svc, clock, db):
    """b moved on after it was read: the append refuses and a's log is not written either."""
    a = _open(svc, "甲", cases=3).incident_id
    b = _open(svc, "乙", cases=4).incident_id
    real_prepare = svc.prepare

    def racing_prepare(iid, now):  # another console writes to b between the read and the write
        part = real_prepare(iid, now)
        if iid == b:
            IncidentService(svc.db, svc.clock).command(b, "facts", {"facts": {"cases": 5}}, actor="他人",
                                                        role="duty_officer")
        return part

    svc.prepare = racing_prepare  # type: ignore[method-assign]
    before = _count(db)
    va = svc.summary(a).version
    with pytest.raises(StaleAppend):
        link(svc, a, b, "同一批次", actor="李指挥", role="commander")
    svc.prepare = real_prepare  # type: ignore[method-assign]
    assert _count(db) == before + 1  # the other console's facts event only
    assert svc.summary(a).version == va and not svc.state(a).linked and not svc.state(b).linked
    _replays(svc, a, b)


def test_unlink_and_merge(svc, clock):
    a = _open(svc, "甲", cases=3).incident_id
    b = _open(svc, "乙", cases=4).incident_id
    link(svc, a, b, "同一批次", actor="李指挥", role="commander")
    clock.advance(10 * M)
    unlink(svc, a, b, "经核实不是同一批次", actor="李指挥", role="commander")
    assert not svc.state(a).linked and not svc.state(b).linked
    clock.advance(10 * M)
    link(svc, a, b, "复核为同一批次", actor="李指挥", role="commander")
    clock.advance(10 * M)
    ra, rb = merge(svc, a, into=b, reason="同一起事件，并入统一处置", actor="李指挥", role="commander")
    sa, sb = svc.state(a), svc.state(b)
    assert sa.closed and svc.summary(a).status == "closed" and not sb.closed
    assert sa.linked[b]["merged"] and sa.linked[b]["into"] and sb.linked[a]["merged"]
    task = next(iter(sa.tasks.values()))
    assert task["status"] == "not_needed" and task["ended_reason"] == f"并入事件 {b}"
    assert all(d["status"] != "open" for d in sa.deadlines.values())
    # the 30-minute task deadline had passed: recorded first, in the same transaction
    assert [e.type for e in ra.events] == ["deadline_missed", "link_incident", "merged_into"]
    assert [e.type for e in rb.events] == ["deadline_missed", "link_incident"]
    with pytest.raises(Rejected, match="已结案"):
        unlink(svc, a, b, "撤回", actor="李指挥", role="commander")
    with pytest.raises(Rejected, match="已结案"):
        svc.command(a, "facts", {"facts": {"cases": 9}}, actor="王值班", role="duty_officer")
    # b's facts change: a is closed, nothing is written into its log
    va = svc.summary(a).version
    svc.command(b, "facts", {"facts": {"cases": 9}}, actor="王值班", role="duty_officer")
    assert svc.summary(a).version == va
    _replays(svc, a, b)


def _library_provider(plans: dict[str, Plan]):
    def provide(plan_id: str, source: Plan) -> Plan | None:
        return plans.get(plan_id)

    return provide


def test_handover_opens_the_receiving_incident_linked_both_ways(svc, clock):
    health = svc.plans.register_file(HEALTH)  # pinned, as the library pins its plans
    svc.handover_plan = _library_provider({"public-health-test": health})
    a = _open(svc, "某村聚餐后多人发热腹泻", cases=14, deaths=0, setting="other", vehicle="凉拌菜").incident_id
    clock.advance(10 * M)
    r = svc.command(a, "fire", {"event": "hand_over"}, actor="李指挥", role="commander")
    assert r.state.closed and r.state.leaf == "handed"
    to = [rec for rec in r.state.linked.values() if rec.get("handover") == "to"]
    assert len(to) == 1
    new = to[0]["incident"]
    ns = svc.state(new)
    assert svc.summary(new).plan_id == "public-health-test" and svc.summary(new).title == "某村聚餐后多人发热腹泻"
    assert ns.facts == {"cases": 14, "deaths": 0}  # setting: not declared by the receiving plan; vehicle: not listed
    assert ns.handed_from == {"incident": a, "plan": "linked-food-test", "state": "handed"}
    assert ns.linked[a]["handover"] == "from"
    assert ns.received_at == clock.now()
    assert any(t["title"] == "开展流行病学调查" for t in ns.tasks.values())
    assert [e.type for e in r.events] == ["fire", "end_tasks", "link_incident"]
    _replays(svc, a, new)


def test_handover_without_the_plan_in_use_is_refused_before_anything_is_written(svc, clock, db):
    a = _open(svc, "某村聚餐后多人发热", cases=14).incident_id
    before, version = _count(db), svc.summary(a).version
    for provider in (None, _library_provider({})):
        svc.handover_plan = provider
        with pytest.raises(Rejected, match="预案库中没有本辖区在用的预案「public-health-test」"):
            svc.command(a, "fire", {"event": "hand_over"}, actor="李指挥", role="commander")
    assert _count(db) == before and svc.summary(a).version == version and not svc.state(a).closed
    assert svc.list() and len(svc.list()) == 1
    _replays(svc, a)


def test_a_facts_change_and_its_linked_facts_are_written_together_or_not_at_all(svc, clock, db):
    a = _open(svc, "甲", cases=3).incident_id
    b = _open(svc, "乙", cases=4).incident_id
    link(svc, a, b, "同一批次", actor="李指挥", role="commander")
    real_prepare = svc.prepare

    def racing_prepare(iid, now):  # another console writes to b while a's facts are being saved
        part = real_prepare(iid, now)
        if iid == b:
            IncidentService(svc.db, svc.clock).command(b, "note", {"text": "现场反馈"}, actor="他人",
                                                        role="duty_officer")
        return part

    svc.prepare = racing_prepare  # type: ignore[method-assign]
    before, va = _count(db), svc.summary(a).version
    with pytest.raises(StaleAppend):
        svc.command(a, "facts", {"facts": {"cases": 30}}, actor="王值班", role="duty_officer")
    svc.prepare = real_prepare  # type: ignore[method-assign]
    assert _count(db) == before + 1  # the other console's note only: a's facts were not written either
    assert svc.summary(a).version == va and svc.state(a).facts == {"cases": 3}
    assert svc.state(b).linked[a]["facts"] == {"cases": 3}
    r = svc.command(a, "facts", {"facts": {"cases": 30}}, actor="王值班", role="duty_officer")
    assert [e.type for e in r.events] == ["facts"] and svc.state(b).linked[a]["facts"] == {"cases": 30}
    _replays(svc, a, b)
