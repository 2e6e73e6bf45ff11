"""A municipal incident under plans/food-municipal.yaml (濮阳市), driven by hand from 接报 to 结案,
plus the 非级别 (routine) path, its upgrade to a response, and a dismissal."""

from __future__ import annotations

from datetime import datetime

from console.plan.engine import due_events, replay
from tests.plan._helpers import HOUR, MIN, Run, assert_replays, plan, t

PLAN = "food-municipal"


def dec(day: int, hour: int, minute: int = 0) -> datetime:
    return t(day, hour, minute).replace(month=12)


def test_canteen_incident_from_receipt_to_closure():
    """某单位食堂40人发病（Ⅳ级）；次日病例增至105人，经专家会商提升为Ⅲ级；终止评估后结案。"""
    p = plan(PLAN)
    r0 = t(22, 14, 15)
    run = Run(p, r0, dict(cases=40, deaths=0, spread="single_unit", setting="canteen", suspect_food="午餐卤菜"))
    assert run.leaf == "received" and run.level is None
    assert run.state.suggestion == {"level": "IV", "rules": ["A-IV-2"], "winner": "A-IV-2", "modifiers": [],
                                    "base": "IV"}
    # 初报 from receipt; the incident is not graded yet, so the Ⅲ/Ⅳ (default) 2 h applies. Issue #17 added
    # the unit's own 2 h report (national §4.2.2(1)(2), published-plans A5), also counted from receipt.
    assert run.open_deadlines() == [("接报登记并报告带班领导", r0 + 15 * MIN), ("初报（书面）", r0 + 2 * HOUR),
                                    ("事发单位向属地市场监管部门、卫生健康部门书面报告事件情况", r0 + 2 * HOUR)]
    assert run.open_deadline("初报（书面）")["to"] == "市人民政府、省市场监管局"

    e = run.rejected_fire("dispatch", t(22, 14, 16), role="expert")
    assert e.code == "role" and "专家" in e.reason
    e = run.rejected_fire("verified", t(22, 14, 16), role="duty_officer")
    assert e.code == "not_here" and "核实确认" in e.reason

    run.complete(run.task("接报登记并报告带班领导")["id"], t(22, 14, 20))
    run.complete(run.task("事发单位向属地市场监管部门、卫生健康部门书面报告事件情况")["id"], t(22, 14, 21))
    run.fire("dispatch", t(22, 14, 22), role="duty_officer")
    # 初判Ⅳ级: no 30-minute phone report to the province (that is for 初判Ⅱ级以上, B3 海南 / B4 重庆)
    assert not [x for x in run.state.tasks.values() if x["title"].startswith("电话报告省人民政府")]
    assert run.leaf == "verifying"
    assert run.new_tasks() == {"site": ["赶赴现场核实"], "operator": ["保护现场、封存可疑食品及原料"],
                               "medical": ["组织救治伤病员"]}
    assert run.task("赶赴现场核实")["due_at"] == r0 + 30 * MIN
    assert run.task("保护现场、封存可疑食品及原料")["due_at"] == t(22, 15, 22)
    [note] = run.new_notices()
    assert note["audience"] == "市卫生健康委、市疾控中心" and note["channel"] == "phone"

    # the site team arrives on time this time; the operator is late and the clock records it
    run.complete(run.task("赶赴现场核实")["id"], t(22, 14, 40))
    assert run.effects[0]["on_time"] is True
    run.complete(run.task("组织救治伤病员")["id"], t(22, 15, 0))
    assert [ev.data["deadline"] for ev in due_events(run.state, t(22, 15, 21))] == []
    [missed] = run.record_due(t(22, 15, 30))
    assert missed[0]["title"] == "保护现场、封存可疑食品及原料" and missed[0]["due_at"] == t(22, 15, 22)
    assert len(missed) == 1  # no alert configured for this one
    assert run.state.alerts == []

    run.fire("verified", t(22, 15, 35), role="duty_officer")
    assert run.leaf == "assessing"
    assert run.open_deadlines() == [
        ("初报（书面）", r0 + 2 * HOUR),
        ("事件分级研判", t(22, 17, 35)),
        ("采集样本并送检", t(22, 19, 35)),
    ]
    # the 初报 is late too: its alert is raised when the clock passes 16:15
    [missed] = run.record_due(t(22, 16, 16))
    assert missed[0]["title"] == "初报（书面）" and missed[0]["deadline_kind"] == "report"
    assert missed[1] == {"kind": "alert", "text": "初报已超时，请立即报送并说明迟报原因", "severity": "critical",
                         "at": r0 + 2 * HOUR}
    run.report("initial", t(22, 16, 20))
    assert run.effects[0]["deadline"] is None and run.state.reports == {"initial": 1}

    e = run.rejected_fire("respond", t(22, 16, 30))
    assert e.code == "guard" and "分级研判" in e.reason
    run.conclude("grade", t(22, 17, 0), level="IV")
    # the experts' recommended level does not set the level: the commander records it
    assert run.level is None and run.state.consultations["grade"]["level"] == "IV"
    e = run.rejected_fire("respond", t(22, 17, 1))
    assert e.code == "guard" and "已定级" in e.reason
    run.decide("IV", t(22, 17, 5), reason="专家组核定为一般（Ⅳ级）")
    e = run.rejected_fire("routine", t(22, 17, 6))
    assert e.code == "guard" and "未定级" in e.reason
    run.fire("respond", t(22, 17, 10))
    assert run.state.active == ("disposal", "responding", "handling")
    assert run.new_tasks() == {
        "medical": ["集中救治伤病员、报告病例情况"],
        "testing": ["开展流行病学调查与应急检验检测"],
        "hazard": ["封存可疑食品，责令召回或停止经营"],
        "investigation": ["调查事件原因、追溯源头"],
        "publicity": ["发布权威信息、开展舆情监测"],
        "stability": ["维护现场秩序"],
    }
    [mat] = run.effects_of("materials")
    assert mat["items"] == [{"item": "KJ-004", "qty": 10}, {"item": "KJ-005", "qty": 5},
                            {"item": "CY-001", "qty": 2}, {"item": "CY-005", "qty": 100},
                            {"item": "LC-001", "qty": 2}, {"item": "FH-001", "qty": 40},
                            {"item": "FC-001", "qty": 50}]
    assert run.open_deadline("续报")["due_at"] == t(23, 17, 10)
    assert run.task("发布权威信息、开展舆情监测")["due_at"] == t(23, 17, 10)
    run.complete_all(t(22, 19, 0))

    # -- day 2: 105 cases → suggestion Ⅲ; escalate through the consultation ---------------------------
    run.facts(t(23, 9, 0), cases=105)
    assert run.state.suggestion["level"] == "III" and run.level == "IV"
    run.fire("propose_escalation", t(23, 9, 10), role="deputy")
    assert run.leaf == "escalation_review"
    run.conclude("escalate", t(23, 10, 0), outcome="reject")
    e = run.rejected_fire("escalate", t(23, 10, 5))
    assert e.code == "guard" and "「同意」" in e.reason
    run.fire("keep_level", t(23, 10, 6))
    assert run.leaf == "disposal" and run.level == "IV"
    run.fire("propose_escalation", t(23, 11, 0), role="duty_officer")
    assert run.state.consultations["escalate"]["status"] == "requested"  # a fresh consultation
    run.conclude("escalate", t(23, 12, 0), level="III")
    run.fire("escalate", t(23, 12, 5))
    assert run.leaf == "disposal" and run.level == "III"
    assert run.open_deadline("级别调整报告")["due_at"] == t(23, 13, 5)
    assert run.new_notices()[0]["audience"] == "上级人民政府、省市场监管局"
    run.report("verified", t(23, 12, 50))
    run.report("progress", t(23, 16, 0))
    assert run.open_deadline("续报")["due_at"] == t(24, 16, 0)

    # -- day 4: termination ----------------------------------------------------------------------
    run.fire("propose_termination", t(25, 9, 0), role="commander")
    e = run.rejected_fire("terminate", t(25, 9, 5))
    assert e.code == "guard"
    run.conclude("terminate", t(25, 10, 0))
    run.facts(t(25, 10, 5), hazard_controlled=True, stable_hours=20)
    e = run.rejected_fire("terminate", t(25, 10, 10))
    assert e.code == "guard" and "原患者病情稳定时长 ≥ 24" in e.reason
    run.facts(t(25, 10, 15), stable_hours=24)
    # issue #17: the national termination conditions (A4 4.2.3, B10) are all required, each one named
    for missing in ("伤病员全部得到救治", "无新的急性病症患者出现", "末例患者后经过最长潜伏期无新病例出现",
                    "食品与环境污染已有效清理并符合相关标准", "次生、衍生事故隐患已消除"):
        e = run.rejected_fire("terminate", t(25, 10, 16))
        assert e.code == "guard" and missing in e.reason
    run.facts(t(25, 10, 17), patients_treated=True, no_new_acute=True, no_new_cases=True,
              contamination_cleaned=True)
    e = run.rejected_fire("terminate", t(25, 10, 18))
    assert e.code == "guard" and "次生、衍生事故隐患已消除" in e.reason
    run.facts(t(25, 10, 19), secondary_cleared=True)
    run.fire("terminate", t(25, 10, 20))
    assert run.leaf == "aftermath"
    # the response's materials request was never marked delivered: its deadline outlives the response
    assert run.open_deadlines() == [("启动响应调用应急物资", t(22, 19, 10)),
                                    ("监督销毁受污染食品、解除控制措施", t(28, 10, 20)),
                                    ("终报（总结报告）", dec(5, 10, 20)),
                                    ("善后处置与总结评估", dec(5, 10, 20))]
    e = run.rejected_fire("close", t(28, 9, 0))
    assert e.code == "guard"
    run.report("final", t(29, 9, 0))
    run.fire("close", t(29, 10, 0))
    assert run.leaf == "closed" and run.state.closed and run.open_deadlines() == []
    assert_replays(run)


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
    [initial] = [d for d in run.state.open_deadlines() if d["kind"] == "report" and d["report_kind"] == "initial"]
    assert initial["due_at"] == r0 + HOUR
    # issue #17: 初判Ⅱ级以上 → a phone report to the province within 30 minutes of receipt (B3 海南2017, B4
    # 重庆2016), alerting when missed
    phone = run.task("电话报告省人民政府、省市场监管局（初判Ⅱ级以上）")
    assert phone["due_at"] == r0 + 30 * MIN and phone["unit"] == "coordination"
    phone_title = "电话报告省人民政府、省市场监管局（初判Ⅱ级以上）"
    missed = {m[0]["title"]: m for m in run.record_due(t(22, 8, 31))}
    assert set(missed) == {phone_title, "赶赴现场核实"}  # both 30 min from receipt
    assert missed[phone_title][1]["text"] == "初判Ⅱ级以上，未在30分钟内电话报告省人民政府"
