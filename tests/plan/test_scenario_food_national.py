"""The national food-safety plan (plans/food-national.yaml, 国家食品安全事故应急预案 2011) and its receiving
public-health plan (plans/public-health-infectious.yaml): the format-2 constructs on the shipped files,
and the hand-over through the incident service with the plan library on a real SQLite file."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

from console.app import Console
from console.clock import ManualClock
from console.plan.leads import unit_lead
from console.store import open_database
from tests.plan._helpers import HOUR, MIN, PLANS_DIR, Run, assert_replays, plan, t

PLAN = "food-national"
ADMIN = {"actor": "系统管理员", "role": "admin"}


def _to_local_response(run: Run, at_hour: int = 10) -> None:
    run.fire("verify", t(22, at_hour, 0), role="duty_officer")
    run.conclude("grade", t(22, at_hour, 30), level="III")
    run.decide("III", t(22, at_hour, 35))
    run.fire("respond_local", t(22, at_hour, 40))


def test_national_code_dotted_rule_ids_and_the_chain_to_the_state_council():
    p = plan(PLAN)
    assert (p.jurisdiction_code, p.jurisdiction_level) == ("100000", "national")
    assert {"A.I.1", "A.IV.3"} <= {r.id for r in p.rules} | {j.id for j in p.judgements}
    r0 = t(22, 9, 0)
    run = Run(p, r0, dict(cases=40, spread="county", stage="catering", discovered_at="2026-11-22T08:00:00+08:00"))
    # the unit: 2 h from discovery (A5 §4.2.2(1)(2)); the hospital hop is immediate from receipt (§4.2.2(3))
    hops = {d["hop"]: d for d in run.state.open_deadlines() if d["kind"] == "report_hop"}
    assert hops["unit"]["due_at"] == t(22, 10, 0)
    assert hops["hospital"]["immediate"] is True and hops["hospital"]["due_at"] == r0
    # the rest of the chain waits, hop after hop, up to 国务院 (2006 §3.3.3, 2 h per level)
    assert [d.get("hop") for d in run.state.deferred if d.get("hop")] == ["notify_peer", "county", "province",
                                                                          "state_council"]
    run.do("forward_report", t(22, 9, 30), "duty_officer", report=hops["unit"]["report"], hop="unit")
    peer = [d for d in run.state.open_deadlines() if d.get("hop") == "notify_peer"]
    assert peer and peer[0]["immediate"] is True  # 立即通报 (§4.2.2(5)), due at the unit's report
    assert peer[0]["due_at"] == t(22, 9, 30)
    # the first steps (先期处置) are immediate duties: due at receipt and never recorded missed
    first = run.task("按照相应的处置方案开展先期处置")
    assert run.state.deadlines[first["id"]]["immediate"] is True
    assert not [m for m in run.record_due(t(22, 9, 40)) if m[0].get("deadline") == first["id"]]


def test_lead_by_level_and_by_stage_and_roles_by_level():
    p = plan(PLAN)
    run = Run(p, t(22, 9, 0), dict(cases=40, spread="county", stage="primary"))
    _to_local_response(run)
    # Ⅲ: the city's health department treats; 种植养殖 → 农业行政部门 controls the hazard (A3 §5.2(3))
    assert unit_lead(p, run.state, "medical") == "市级卫生行政部门"
    assert unit_lead(p, run.state, "hazard") == "农业行政部门"
    assert run.task("启动相应级别响应，成立食品安全事故应急处置指挥机构")["lead"] == "市级人民政府"
    run.facts(t(22, 11, 0), stage="import_export")
    assert unit_lead(p, run.state, "hazard") == "检验检疫部门"


def test_level_i_needs_the_state_council_and_an_optional_raise_is_only_suggested():
    p = plan(PLAN)
    run = Run(p, t(22, 9, 0), dict(cases=40, setting="school", spread="multi_county", serious_harm=True))
    sug = run.state.suggestion
    assert sug["level"] == "III"  # the raise is offered on top of a level, not applied
    assert [o["modifier"] for o in sug.get("optional", [])] == ["school-raise"]
    assert run.level is None  # 「可相应提高」: never applied by itself
    assert "A.I.2" in sug["judge"]  # 国务院认定 — 需认定
    run.fire("verify", t(22, 9, 30), role="duty_officer")
    run.conclude("grade", t(22, 10, 0), level="I")
    run.do("decide_level", t(22, 10, 5), "commander", level="I", reason="国务院认定", basis="国务院认定", rule="A.I.2")
    run.fire("propose_level_i", t(22, 10, 10))
    e = run.rejected_fire("respond_national", t(22, 10, 15))
    assert e.code == "guard" and "批准" in e.reason
    run.do("approval_decided", t(22, 11, 0), "commander", approval="start_i", granted=True, by="国务院",
           doc_no="国办函〔2026〕1号")
    run.fire("respond_national", t(22, 11, 5))
    assert run.state.active[0] == "national_response"
    assert unit_lead(p, run.state, "medical") == "卫生部"
    assert_replays(run)


def test_linked_incidents_aggregate_in_the_public_health_plan():
    """B9: 24小时内2起及以上可能存在联系的同类中毒事件，累计中毒100人及以上且死亡1人 → Ⅱ."""
    p = plan("public-health-infectious")
    run = Run(p, t(22, 9, 0), dict(cases=60, deaths=0))
    assert run.state.suggestion["level"] is None
    run.do("link_incident", t(22, 9, 10), "commander", incident="INC-OTHER", received_at=t(22, 20, 0).isoformat(),
           facts={"cases": 45, "deaths": 1}, reason="同一供餐单位")
    assert run.state.suggestion["level"] == "II" and run.state.suggestion["winner"] == "B9.II.4"
    # a linked incident received more than 24 hours away does not count
    run2 = Run(p, t(22, 9, 0), dict(cases=60, deaths=0))
    run2.do("link_incident", t(22, 9, 10), "commander", incident="INC-OLD", received_at=t(20, 8, 0).isoformat(),
            facts={"cases": 45, "deaths": 1}, reason="同一供餐单位")
    assert run2.state.suggestion["level"] is None


def test_handover_opens_the_public_health_incident_through_the_library(tmp_path: Path):
    clock = ManualClock(t(22, 9, 0).astimezone(UTC))
    db = open_database(f"sqlite:///{tmp_path / 'console.db'}")
    console = Console(db, clock)
    lib = console.library
    lib.add_file(PLANS_DIR / "food-national.yaml", **ADMIN)
    lib.add_file(PLANS_DIR / "public-health-infectious.yaml", **ADMIN)
    food = next(p for p in lib.offered("100000") if p.id == PLAN)
    svc = console.incidents
    a = svc.open(food, title="某市多校食源性疾病聚集", actor="王值班", role="duty_officer",
                 facts={"cases": 80, "deaths": 0, "spread": "county", "discovered_at": "2026-11-22T08:00:00+08:00"},
                 place="某市").incident_id
    for ev, data, role in [("fire", {"event": "verify"}, "duty_officer"),
                           ("consult_concluded", {"question": "grade", "outcome": "approve", "level": "III",
                                                  "summary": "专家组会商意见"}, "expert"),
                           ("decide_level", {"level": "III", "reason": "核定", "basis": "专家核定"}, "commander"),
                           ("fire", {"event": "respond_local"}, "commander"),
                           ("facts", {"facts": {"epidemic": True}}, "duty_officer")]:
        clock.advance(10 * MIN)
        svc.command(a, ev, data, actor="李指挥", role=role)
    # 10:07, not 10:00: a hand-over at the very instant the unit's deadline falls due (discovered 08:00 + 2 h)
    # records its closing time as written in the fact (+08:00) live and in UTC on replay — the same instant
    clock.advance(17 * MIN)
    r = svc.command(a, "fire", {"event": "handover_health"}, actor="李指挥", role="commander")
    assert r.state.closed and r.state.leaf == "handed_over"
    [to] = [rec for rec in r.state.linked.values() if rec.get("handover") == "to"]
    ns = svc.state(to["incident"])
    assert svc.summary(to["incident"]).plan_id == "public-health-infectious"
    # the listed facts the receiving plan declares (spread is not one of them)
    assert {k: v for k, v in ns.facts.items() if k != "last_case_at"} == {
        "cases": 80, "deaths": 0, "discovered_at": "2026-11-22T08:00:00+08:00"}
    assert "last_case_at" in ns.facts  # stamped by the receiving plan when its cases are set
    assert ns.handed_from == {"incident": a, "plan": PLAN, "state": "handed_over"}
    assert ns.linked[a]["handover"] == "from"
    # the receiving plan's first duties: 初步报告 2 h (突发公共卫生事件), epidemiology immediately (A3 §5.2(2))
    assert any(d["title"].startswith("初步报告") and d["due_at"] == clock.now() + 2 * HOUR
               for d in ns.open_deadlines())
    assert any(x["title"] == "开展流行病学调查，追踪密切接触者" for x in ns.tasks.values())
    for iid in (a, to["incident"]):
        rebuilt, projected = svc.replay(iid)
        assert rebuilt == projected
    assert timedelta(0) <= clock.now() - ns.received_at
