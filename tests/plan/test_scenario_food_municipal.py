"""A municipal incident under plans/food-municipal.yaml (濮阳市), driven by hand from 接报 to 结案,
plus the 非级别 (routine) path, its upgrade to a response, and a dismissal."""

from __future__ import annotations

from datetime import datetime

from console.plan.engine import Event, replay, step
from console.plan.leads import unit_lead
from console.plan.windows import standing, time_windows
from tests.plan._helpers import HOUR, MIN, Run, assert_replays, plan, t

PLAN = "food-municipal"


def dec(day: int, hour: int, minute: int = 0) -> datetime:
    return t(day, hour, minute).replace(month=12)


def test_canteen_incident_from_receipt_to_closure():
    """某单位食堂40人发病（Ⅳ级）；次日病例增至105人，经专家会商、市政府批准提升为Ⅲ级；终止报批后结案.

    Issue #17 (format 2): the 初报 is a chain of hops (事发单位 → 县（区） → 市), each met by 报送
    (forward_report); a level change needs the 同级人民政府's approval; termination waits for the stability
    windows (原患者稳定24小时、末例后24小时) and the government's approval."""
    p = plan(PLAN)
    r0 = t(22, 14, 15)
    run = Run(p, r0, dict(cases=40, deaths=0, spread="single_unit", setting="canteen", suspect_food="午餐卤菜",
                          stage="catering"))
    assert run.leaf == "received" and run.level is None
    sug = run.state.suggestion
    assert (sug["level"], sug["winner"], sug["modifiers"]) == ("IV", "A-IV-2", [])
    # every 「…认定的其他」 clause is offered to the commander (需认定), never matched by itself
    assert sug["judge"] == ["A-I-1b", "A-I-2", "A-II-4", "A-III-3", "A-IV-3"]
    # the unit's hop counts from discovery; unknown yet, so from receipt, and it says so (A5 §4.2.2(1)(2) 2 h)
    unit = run.open_deadline("初报（逐级报告） 事发单位→县（区）市场监管局、卫生健康委（公文）")
    assert unit["due_at"] == r0 + 2 * HOUR and "暂自接报时起算" in unit["anchor_note"]
    # the county and city hops wait for the hop before them (待…后起算)
    assert [d["hop"] for d in run.state.deferred] == ["county", "city"]

    e = run.rejected_fire("dispatch", t(22, 14, 16), role="expert")
    assert e.code == "role" and "专家" in e.reason
    run.complete(run.task("接报登记并报告带班领导")["id"], t(22, 14, 20))
    # hop met: the unit reported within its 2 hours; the county hop starts now (deferred → deadline)
    run.do("forward_report", t(22, 14, 30), "duty_officer", report="R1", hop="unit")
    assert run.effects[0]["on_time"] is True
    county = run.open_deadline("初报（逐级报告） 县（区）食安办→县（区）人民政府、市食安办（市市场监管局）")
    assert county["anchor_at"] == t(22, 14, 30) and county["due_at"] == t(22, 16, 30)  # B2 西安2018 2 h (Ⅲ/Ⅳ)
    assert [d["hop"] for d in run.state.deferred] == ["city"]

    run.fire("dispatch", t(22, 14, 32), role="duty_officer")
    # 初判Ⅳ级: no 30-minute phone report to the province (that chain is for 初判Ⅱ级以上, B3 海南 / B4 重庆)
    assert not [d for d in run.state.deadlines.values() if d.get("report_kind") == "urgent"]
    assert run.leaf == "verifying"
    assert run.task("赶赴现场核实")["due_at"] == r0 + 30 * MIN
    run.complete_all(t(22, 14, 40))
    run.fire("verified", t(22, 15, 35), role="duty_officer")
    assert run.leaf == "assessing"

    # hop missed: the county did not forward within 2 hours; the clock records it, then it is forwarded late
    [missed] = run.record_due(t(22, 16, 31))
    assert missed[0]["deadline"] == "R1.county"
    run.do("forward_report", t(22, 16, 50), "duty_officer", report="R1", hop="county")
    assert run.effects[0]["on_time"] is False
    run.do("forward_report", t(22, 17, 0), "duty_officer", report="R1", hop="city")

    run.conclude("grade", t(22, 17, 0), level="IV")
    run.decide("IV", t(22, 17, 5), reason="专家组核定为一般（Ⅳ级）")
    # roles by level: at Ⅳ (default) the deputy may start the response
    run.fire("respond", t(22, 17, 10), role="deputy")
    assert run.state.active == ("disposal", "responding", "handling")
    # lead by level and by fact: at Ⅳ the city's 食安办 coordinates; 餐饮服务 → 市市场监管局
    assert run.task("发布权威信息、开展舆情监测")["due_at"] == t(23, 17, 10)
    assert unit_lead(p, run.state, "coordination") == "市食安办"
    assert run.task("封存可疑食品，责令召回或停止经营")["lead"] == "市市场监管局"
    assert run.open_deadline("续报")["due_at"] == t(23, 17, 10)
    run.complete_all(t(22, 19, 0))

    # -- day 2: 105 cases → suggestion Ⅲ; an immediate 续报 on the change (on_change) ---------------------
    run.facts(t(23, 9, 0), cases=105)
    assert run.state.suggestion["level"] == "III" and run.level == "IV"
    change = run.open_deadline("续报（情况变化）")
    assert change["immediate"] is True and change["due_at"] == t(23, 9, 0)
    run.report("progress", t(23, 9, 5))
    run.fire("propose_escalation", t(23, 9, 10), role="deputy")
    assert run.leaf == "escalation_review"
    assert run.state.approvals["adjust_gov"]["body"] == "县（区）人民政府"  # requested at Ⅳ
    run.conclude("escalate", t(23, 10, 0), level="III")
    e = run.rejected_fire("escalate", t(23, 10, 5))
    assert e.code == "guard" and "批准" in e.reason
    run.do("approval_decided", t(23, 11, 0), "commander", approval="adjust_gov", granted=True, by="县（区）人民政府",
           doc_no="濮政文〔2026〕12号")
    run.fire("escalate", t(23, 12, 5))
    assert run.leaf == "disposal" and run.level == "III"
    # a level change is a change too: another immediate 续报 (on_change level: true)
    assert run.open_deadline("续报（情况变化）")["due_at"] == t(23, 12, 5)
    run.report("progress", t(23, 12, 10))
    run.report("verified", t(23, 12, 50))

    # -- day 4: termination — windows, then the government's approval ------------------------------------
    run.fire("propose_termination", t(25, 9, 0), role="commander")
    run.conclude("terminate", t(25, 10, 0))
    run.facts(t(25, 10, 5), patients_treated=True, infectious=False, hazard_controlled=True,
              contamination_cleaned=True, secondary_cleared=True, stable_since="2026-11-24T16:00:00+08:00")
    # time window refusing: 原患者病情稳定 18 h 5 min of the 24 h (A4 4.2.3 / B10)
    e = run.rejected("fire", t(25, 10, 5), "commander", event="request_termination")
    assert e.code == "guard" and "24" in e.reason and "病情稳定" in e.reason
    # the window shows each: stability counting, the last case met, and the longest incubation not needed
    # (not infectious: the other branch of its `any` holds), so a duty officer is not told to wait for it
    shown = {w.label: w for w in time_windows(p, run.state, t(25, 10, 5)) if w.event == "request_termination"}
    assert shown["原患者病情稳定起始时间"].text == "已稳定 18 小时 5 分钟 / 需 24 小时"
    assert not shown["原患者病情稳定起始时间"].met and not shown["原患者病情稳定起始时间"].waived
    incubation = [w for w in time_windows(p, run.state, t(25, 10, 5))
                  if w.event == "request_termination" and "最长潜伏期" in w.text]
    assert incubation and all(w.waived and not w.met and standing(w).startswith("无需等待") for w in incubation)
    infectious, _ = step(p, run.state, Event("facts", t(25, 10, 6), "值班员", "duty_officer",
                                             {"facts": {"infectious": True, "max_incubation": "PT72H"}}))
    # infectious (食源性感染性疾病): the longest incubation is waited for again
    later = [w for w in time_windows(p, infectious, t(25, 10, 6)) if w.text.endswith("需 3 天")]
    assert later and all(not w.waived and standing(w) == "未满足" for w in later)
    # … and allowing, once 24 hours have passed since stable_since (and since the last case, day 2 09:00)
    run.fire("request_termination", t(25, 16, 0))
    assert run.state.approvals["terminate_gov"]["body"] == "濮阳市人民政府"  # requested at Ⅲ
    # approval refused: termination stays blocked; asked again and granted, it goes through
    run.do("approval_decided", t(25, 17, 0), "commander", approval="terminate_gov", granted=False,
           reason="仍有2名患者住院观察")
    e = run.rejected_fire("terminate", t(25, 17, 5))
    assert e.code == "guard" and "批准" in e.reason
    run.fire("request_termination", t(26, 9, 0))
    run.do("approval_decided", t(26, 10, 0), "duty_officer", approval="terminate_gov", granted=True,
           by="濮阳市人民政府", doc_no="濮政文〔2026〕15号")
    run.fire("terminate", t(26, 10, 20))
    assert run.leaf == "aftermath"
    # the 终报 counts from the end of handling (exit:handling), B7 10 days
    assert run.open_deadline("终报（总结报告）")["due_at"] == dec(6, 10, 20)
    e = run.rejected_fire("close", t(28, 9, 0))
    assert e.code == "guard"
    run.report("final", t(29, 9, 0))
    run.fire("close", t(29, 10, 0))
    assert run.leaf == "closed" and run.state.closed
    assert_replays(run)


def test_judgement_rule_assessed_harm_and_optional_raise():
    """Format 2 grading on the municipal plan: 经评估可能 (assessed) grades Ⅱ(1); a school incident is
    offered 「可相应提高」 but never raised by itself; the commander's 认定 cites a judgement rule."""
    p = plan(PLAN)
    run = Run(p, t(22, 9, 0), dict(cases=12, spread="multi_city", setting="school"))
    # 12 ill at a school: Ⅲ (JS-collective); the national 5.4.1 raise is optional — suggested, not applied
    sug = run.state.suggestion
    assert sug["level"] == "III" and sug["base"] == "III" and sug["modifiers"] == []
    assert sug["optional"] == [{"modifier": "school-raise", "up_to": 1}]
    # the experts assess 「可能造成严重损害」 (B8 Ⅱ(1)): graded on the assessed value (or_assessed)
    run.do("facts", t(22, 9, 30), "duty_officer", assessed={"serious_harm": True})
    assert run.state.assessed == {"serious_harm": True}
    assert run.state.suggestion["level"] == "II" and run.state.suggestion["winner"] == "A-II-1"
    # a judgement rule must match the decided level, and be decided by a role in judged_by
    e = run.rejected("decide_level", t(22, 10, 0), "commander", level="II", reason="认定", basis="认定", rule="A-III-3")
    assert "Ⅲ" in e.reason or "III" in e.reason
    run.do("decide_level", t(22, 10, 5), "commander", level="I", reason="国务院认定为特别重大", basis="国务院认定",
           rule="A-I-2")
    assert run.level == "I" and run.state.level_basis["rule"] == "A-I-2"
    assert unit_lead(p, run.state, "coordination") == "国家市场监督管理总局"  # lead by level, Ⅰ


def test_routine_path_then_upgrade_to_response():
    """22人发病，未达分级标准 → 非级别处置；复核为31人后转入Ⅳ级响应。"""
    p = plan(PLAN)
    run = Run(p, t(22, 10, 0), dict(cases=22, setting="restaurant"))
    assert run.state.suggestion["level"] is None
    run.fire("dispatch", t(22, 10, 5), role="duty_officer")
    run.fire("verified", t(22, 10, 50), role="duty_officer")
    e = run.rejected_fire("routine", t(22, 11, 0))
    assert e.code == "guard"  # no consultation yet
    run.conclude("grade", t(22, 12, 0))
    e = run.rejected_fire("respond", t(22, 12, 5))
    assert e.code == "guard" and "已定级" in e.reason
    run.fire("routine", t(22, 12, 10))
    assert run.leaf == "routine" and run.level is None
    assert run.new_tasks() == {"hazard": ["依法处置涉事单位（封存、责令整改）"]}
    assert run.open_deadline("处置情况报告")["due_at"] == t(23, 12, 10)
    e = run.rejected_fire("upgrade_routine", t(22, 15, 0))
    assert e.code == "guard" and "已定级" in e.reason

    run.facts(t(22, 16, 0), cases=31)
    assert run.state.suggestion["level"] == "IV"
    run.decide("IV", t(22, 16, 5), reason="复核发病31人，达到一般级")
    run.fire("upgrade_routine", t(22, 16, 10))
    assert run.state.active == ("disposal", "responding", "handling")
    [mat] = run.effects_of("materials")
    assert mat["level"] == "IV"
    # the routine report is still due after the upgrade (a one-off report lasts until submitted);
    # the response's daily 续报 comes on top of it
    assert ("处置情况报告", t(23, 12, 10)) in run.open_deadlines()
    assert "续报" in [d[0] for d in run.open_deadlines()]
    assert replay(p, run.events) == run.state


def test_routine_path_to_closure():
    p = plan(PLAN)
    run = Run(p, t(22, 10, 0), dict(cases=6, setting="household"))
    run.fire("dispatch", t(22, 10, 5), role="duty_officer")
    run.fire("verified", t(22, 10, 50), role="duty_officer")
    run.conclude("grade", t(22, 12, 0))
    run.fire("routine", t(22, 12, 10))
    e = run.rejected_fire("close", t(22, 13, 0))
    assert e.code == "guard" and "未完成任务数 = 0" in e.reason
    run.complete_all(t(23, 9, 0), unit="hazard")
    run.report("progress", t(23, 9, 30))
    run.fire("close", t(23, 10, 0))
    assert run.leaf == "closed" and run.state.closed and run.open_deadlines() == []
    assert replay(p, run.events) == run.state


def test_dismissal_path():
    p = plan(PLAN)
    run = Run(p, t(22, 10, 0), dict(cases=2))
    run.fire("dispatch", t(22, 10, 5), role="duty_officer")
    run.fire("verified", t(22, 10, 50), role="duty_officer")
    e = run.rejected_fire("dismiss", t(22, 11, 0), role="observer")
    assert e.code == "role"
    run.fire("dismiss", t(22, 11, 5), role="commander")
    assert run.leaf == "dismissed" and run.state.closed and run.open_deadlines() == []
    assert run.state.consultations["grade"]["status"] == "requested"  # never concluded: closed anyway
    e = run.rejected_fire("dispatch", t(22, 11, 10), role="duty_officer")
    assert e.code == "closed"
    assert replay(p, run.events) == run.state


def test_initial_report_for_a_grave_incident_is_due_within_one_hour():
    r0 = t(22, 8, 0)
    run = Run(plan(PLAN), r0, dict(cases=150, deaths=2))
    assert run.state.suggestion["level"] == "II"
    run.complete(run.task("接报登记并报告带班领导")["id"], t(22, 8, 3))
    run.fire("dispatch", t(22, 8, 5), role="duty_officer")
    # issue #17 (format 2): 初判Ⅱ级以上 → the urgent chain to the province: phone 30 min, written 1 h, the city
    # government 4 h, all from receipt (B3 海南2017, B4 重庆2016, B2 西安2018); the phone hop alerts when missed
    urgent = {d["hop"]: d for d in run.state.open_deadlines() if d.get("report_kind") == "urgent"}
    assert {h: d["due_at"] for h, d in urgent.items()} == {"phone": r0 + 30 * MIN, "written": r0 + HOUR,
                                                            "city_gov": r0 + 4 * HOUR}
    assert urgent["phone"]["channel"] == "phone"
    missed = {m[0]["deadline"]: m for m in run.record_due(t(22, 8, 31))}
    phone_id = urgent["phone"]["id"]
    assert phone_id in missed
    assert missed[phone_id][1]["text"] == "初判Ⅱ级以上，未在30分钟内电话报告省人民政府"
    # roles by level: at Ⅱ only the commander starts the response
    run.fire("verified", t(22, 8, 40), role="duty_officer")
    run.conclude("grade", t(22, 9, 0), level="II")
    run.decide("II", t(22, 9, 5))
    e = run.rejected_fire("respond", t(22, 9, 10), role="deputy")
    assert e.code == "role"
    run.fire("respond", t(22, 9, 11))
    assert unit_lead(run.plan, run.state, "coordination") == "省食安办"
