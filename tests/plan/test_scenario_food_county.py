"""A county incident under plans/food-county.yaml, driven by hand from 接报 to 结案.

连江县某酒店婚宴，35人发病（一般，Ⅳ级）；次日一名患者死亡，经专家会商提升为较大（Ⅲ级），
报请福州市启动响应；危害控制、病情稳定、最长潜伏期内无新病例，经终止评估后终止响应，报送终报后结案。
"""

from __future__ import annotations

from datetime import datetime

from console.plan.engine import due_events, replay
from console.plan.leads import unit_lead
from console.plan.loader import load_plan
from tests.plan._helpers import HOUR, MIN, Run, assert_replays, plan, t
from tests.plan._released import FIXTURES

PLAN = "food-county"


def released(name: str):
    return load_plan(FIXTURES / f"{name}.yaml")


def dec(day: int, hour: int, minute: int = 0) -> datetime:
    return t(day, hour, minute).replace(month=12)


FACTS = dict(cases=35, deaths=0, hospitalized=6, spread="county", setting="restaurant",
             suspect_food="婚宴凉拌海蜇")


def test_banquet_incident_from_receipt_to_closure():
    # The released 2026.1 county plan (tests/plan/fixtures/released-2026.1): this walk-through pins its
    # deadlines step by step (the unit's report as a task, stable_hours, termination without approval). The
    # shipped plan's format-2 path (chains, approvals, windows) is test_format2_county_* below.
    p = released(PLAN)
    r0 = t(22, 12, 30)
    run = Run(p, r0, FACTS)

    # -- 12:30 接报 --------------------------------------------------------------------------
    assert run.leaf == "received" and run.state.active == ("received", "handling")
    assert run.level is None
    assert run.state.suggestion["level"] == "IV" and run.state.suggestion["winner"] == "A-IV-2"
    assert run.open_deadlines() == [
        ("接报登记并报告县食安办负责人", r0 + 15 * MIN),
        ("事发单位向县市场监管局、县卫健局书面报告事故情况", r0 + 2 * HOUR),  # 2 h unit → regulator
    ]
    assert run.open_tasks_by_unit() == {
        "operator": ["事发单位向县市场监管局、县卫健局书面报告事故情况"],
        "coordination": ["接报登记并报告县食安办负责人"],
    }

    # wrong role, wrong state: refused with a reason, nothing changes
    e = run.rejected_fire("dispatch", t(22, 12, 33), role="observer")
    assert e.code == "role" and "观察员" in e.reason and "值班员" in e.reason and "指挥长" in e.reason
    e = run.rejected_fire("respond", t(22, 12, 33))
    assert e.code == "not_here" and "接报" in e.reason and "启动Ⅳ级响应" in e.reason
    e = run.rejected_fire("no_such_event", t(22, 12, 33))
    assert e.code == "unknown_event"
    e = run.rejected("fire", t(22, 12, 20), "duty_officer", event="dispatch")
    assert e.code == "time_order"

    # -- 12:36 派员核实 (初判Ⅳ级: 初报 2 h from receipt) -------------------------------------------
    run.complete(run.task("接报登记并报告县食安办负责人")["id"], t(22, 12, 34))
    assert run.effects == [{"kind": "task_done", "task": "T2", "on_time": True}]
    run.fire("dispatch", t(22, 12, 36), role="duty_officer")
    assert run.leaf == "verifying"
    assert run.new_tasks() == {
        "site": ["赶赴现场核实"],
        "operator": ["保护现场、封存可疑食品及原料"],
        "medical": ["组织救治伤病员"],
        "township": ["组织先期处置、稳定群众情绪"],
    }
    assert run.state.notices[-1]["audience"] == "县卫健局、县疾控中心"
    assert run.state.notices[-1]["channel"] == "phone"
    assert run.open_deadlines() == [
        ("赶赴现场核实", r0 + 30 * MIN),  # on site within 30 min of receipt
        ("保护现场、封存可疑食品及原料", t(22, 13, 36)),
        ("组织救治伤病员", t(22, 13, 36)),
        ("组织先期处置、稳定群众情绪", t(22, 13, 36)),
        ("初报（书面）", r0 + 2 * HOUR),  # 初报 2 h (Ⅲ/Ⅳ)
        ("事发单位向县市场监管局、县卫健局书面报告事故情况", r0 + 2 * HOUR),
    ]
    initial = run.open_deadline("初报（书面）")
    assert initial["to"] == "连江县人民政府、福州市市场监管局" and initial["scope"] == "handling"

    # -- 13:01 the site team is late: the clock records the miss and raises the alert --------------
    assert due_events(run.state, t(22, 12, 59)) == []  # nothing due yet
    [missed] = run.record_due(t(22, 13, 1))
    onsite = run.task("赶赴现场核实")
    assert missed[0] == {"kind": "deadline_missed", "deadline": onsite["id"], "title": "赶赴现场核实",
                         "due_at": r0 + 30 * MIN, "deadline_kind": "task"}
    assert missed[1]["kind"] == "alert" and missed[1]["text"] == "未在30分钟内到达现场"
    assert run.state.alerts[-1] == {"text": "未在30分钟内到达现场", "severity": "critical", "at": r0 + 30 * MIN}
    assert run.state.deadlines[onsite["id"]]["status"] == "missed"
    assert run.events[-1].type == "deadline_missed" and run.events[-1].role == "system"
    assert run.record_due(t(22, 13, 1)) == []  # recorded once
    run.complete(onsite["id"], t(22, 13, 5))
    assert run.effects[0]["on_time"] is False

    # -- 13:20 核实确认 → 评估与分级 (grading consultation first) ------------------------------------
    run.fire("verified", t(22, 13, 20), role="duty_officer")
    assert run.leaf == "assessing"
    consult = run.state.consultations["grade"]
    assert consult["status"] == "requested" and consult["quorum"] == 3
    assert consult["due_at"] == t(22, 15, 20)
    assert ("事故分级研判", t(22, 15, 20)) in run.open_deadlines()
    # leaving 现场核实 does not end its tasks' deadlines: they last until the tasks are done
    assert ("保护现场、封存可疑食品及原料", t(22, 13, 36)) in run.open_deadlines()
    assert run.task("保护现场、封存可疑食品及原料")["status"] == "open"
    e = run.rejected_fire("respond", t(22, 13, 25))
    assert e.code == "guard" and "专家会商（分级研判）已形成结论" in e.reason

    run.report("initial", t(22, 13, 30))
    assert run.effects[0]["deadline"] == initial["id"]
    assert run.state.deadlines[initial["id"]]["status"] == "met"
    run.complete(run.task("事发单位向县市场监管局、县卫健局书面报告事故情况")["id"], t(22, 14, 0))
    assert run.effects[0]["on_time"] is True

    run.conclude("grade", t(22, 14, 0), level="IV")
    assert run.state.consultations["grade"]["status"] == "concluded"
    e = run.rejected_fire("respond", t(22, 14, 1))
    assert e.code == "guard" and "当前级别为IV" in e.reason  # the level is not decided yet
    e = run.rejected_fire("request_city", t(22, 14, 2))
    assert e.code == "guard" and "当前级别不低于III级" in e.reason
    run.decide("IV", t(22, 14, 5), reason="经县食品安全专家组研判，按一般（Ⅳ级）事故处置")
    assert run.level == "IV" and run.state.level_basis["basis"] == "专家核定"
    e = run.rejected_fire("request_city", t(22, 14, 6))
    assert e.code == "guard"  # Ⅳ is the county's own: no request to the city
    e = run.rejected_fire("respond", t(22, 14, 7), role="duty_officer")
    assert e.code == "role" and "指挥长" in e.reason

    # -- 14:10 县级启动Ⅳ级响应 -------------------------------------------------------------------
    run.fire("respond", t(22, 14, 10))
    assert run.leaf == "disposal" and run.state.active == ("disposal", "responding", "handling")
    assert run.new_tasks() == {
        "medical": ["集中救治伤病员、报告病例情况"],
        "testing": ["开展流行病学调查与应急检验检测"],
        "hazard": ["封存可疑食品，责令召回或停止经营"],
        "investigation": ["调查事故原因、追溯源头"],
        "publicity": ["发布权威信息、开展舆情监测"],
        "stability": ["维护现场秩序"],
    }
    assert run.task("发布权威信息、开展舆情监测")["due_at"] == t(23, 14, 10)  # Ⅳ: 24 h
    [mat] = run.effects_of("materials")
    assert mat["level"] == "IV" and mat["due_at"] == t(22, 16, 10)
    assert mat["items"] == [{"item": "KJ-004", "qty": 8}, {"item": "KJ-005", "qty": 4},
                            {"item": "CY-001", "qty": 2}, {"item": "CY-005", "qty": 80},
                            {"item": "LC-001", "qty": 2}, {"item": "FH-001", "qty": 30},
                            {"item": "FC-001", "qty": 40}]
    [note] = run.new_notices()
    assert note["audience"] == "县食品安全事故应急指挥部各成员单位" and note["channel"] == "system"
    assert run.open_deadline("续报")["due_at"] == t(23, 14, 10)
    assert run.open_deadline("续报")["to"] == "连江县人民政府、福州市市场监管局"
    run.complete_all(t(22, 15, 30), unit="medical")
    run.complete_all(t(22, 15, 30), unit="stability")
    run.complete_all(t(22, 15, 30), unit="operator")
    run.complete_all(t(22, 15, 30), unit="township")
    run.complete_all(t(22, 15, 30), unit="site")
    run.complete_all(t(22, 15, 30), unit="coordination")
    run.complete_all(t(22, 16, 0), unit="hazard")
    run.complete_all(t(22, 16, 0), unit="testing")
    run.complete_all(t(22, 18, 0), unit="publicity")

    # -- day 2: a patient dies; suggestion Ⅲ, the level stays Ⅳ until the experts and commander act -
    run.facts(t(23, 9, 0), deaths=1, hospitalized=9)
    assert run.state.suggestion["level"] == "III" and run.state.suggestion["winner"] == "A-III-2"
    assert run.level == "IV"
    assert {"kind": "suggestion", "from": "IV", "to": "III", "rule": "A-III-2"} in run.effects
    run.fire("propose_escalation", t(23, 9, 5), role="duty_officer")
    assert run.leaf == "escalation_review"
    assert run.open_deadline("是否提升响应级别")["due_at"] == t(23, 11, 5)
    e = run.rejected_fire("escalate", t(23, 9, 10))
    assert e.code == "guard" and "提升级别" in e.reason
    run.conclude("escalate", t(23, 10, 0), level="III")
    e = run.rejected_fire("escalate", t(23, 10, 5), role="duty_officer")
    assert e.code == "role"
    run.fire("escalate", t(23, 10, 6))
    assert run.leaf == "city_led" and run.level == "III"
    assert run.state.level_basis["by"] == "plan"
    assert {"kind": "level", "from": "IV", "to": "III"} in run.effects
    [extra] = run.effects_of("materials")
    assert extra["title"] == "提级追加应急物资" and extra["level"] == "III"
    assert extra["items"] == [{"item": "FH-001", "qty": 40}, {"item": "CY-005", "qty": 100},
                              {"item": "XS-002", "qty": 4}]
    assert run.open_deadline("核报（报福州市人民政府、市市场监管局）")["due_at"] == t(23, 12, 6)  # Ⅲ: 2 h
    city = [n for n in run.state.notices if n["audience"] == "福州市人民政府、福州市市场监管局"]
    assert city and city[-1]["channel"] == "document"
    assert run.new_tasks() == {"coordination": ["对接市级工作组，移交现场信息并配合处置"]}
    # the county's response tasks and the daily 续报 continue under the city's command
    assert run.task("调查事故原因、追溯源头")["status"] == "open"
    assert run.open_deadline("续报")["due_at"] == t(23, 14, 10)
    e = run.rejected_fire("request_city", t(23, 10, 7))
    assert e.code == "not_here"  # already under the city

    run.report("verified", t(23, 11, 0))
    run.report("progress", t(23, 14, 0))
    assert run.open_deadline("续报")["due_at"] == t(24, 14, 0)  # daily, from the last one
    run.complete_all(t(23, 15, 0), unit="coordination")

    # the day-2 续报 on day 3 is late: recorded, and the next one is still due a day after the last due
    missed = run.record_due(t(24, 14, 30))
    # (materials requests have no event that fulfils them yet — see test_engine_gaps.py)
    assert [m[0]["title"] for m in missed if m[0]["deadline_kind"] != "materials"] == ["续报"]
    assert run.open_deadline("续报")["due_at"] == t(25, 14, 0)
    run.report("progress", t(24, 15, 0))
    assert run.open_deadline("续报")["due_at"] == t(25, 15, 0)

    # -- day 4: termination only after the consultation and the fact conditions ------------------
    run.fire("propose_termination", t(25, 10, 0), role="deputy")
    assert run.leaf == "termination_review"
    e = run.rejected_fire("terminate", t(25, 10, 30))
    assert e.code == "guard" and "终止响应" in e.reason
    run.conclude("terminate", t(25, 11, 0))
    e = run.rejected_fire("terminate", t(25, 11, 5))
    assert e.code == "guard" and "危害因素已得到有效控制" in e.reason
    # the released plan's three termination facts (the shipped plan's windows: test_format2_county_*)
    run.facts(t(25, 11, 10), hazard_controlled=True, stable_hours=24, no_new_cases=False)
    e = run.rejected_fire("terminate", t(25, 11, 12))
    assert e.code == "guard"
    run.facts(t(25, 11, 15), no_new_cases=True)
    run.fire("terminate", t(25, 11, 20))
    assert run.leaf == "aftermath" and run.state.active == ("aftermath",)
    assert run.open_deadlines() == [
        ("调查事故原因、追溯源头", t(25, 14, 10)),  # a response task still under way: it still counts
        ("监督销毁受污染食品、解除控制措施", t(28, 11, 20)),
        ("终报（总结报告）", dec(5, 11, 20)),  # 终报 within 10 days
        ("善后处置（救治费用、补偿与群众工作）", dec(5, 11, 20)),
        ("总结评估", dec(5, 11, 20)),
    ]
    # leaving the response ended the daily 续报 (periodic: it lasts while its state does), not the
    # level, and not the deadline of a task still under way
    assert run.level == "III"
    assert [d["title"] for d in run.state.deadlines.values()
            if d["status"] == "open" and d["scope"] != "aftermath"] == ["调查事故原因、追溯源头"]
    assert [d["status"] for d in run.state.deadlines.values() if d["title"] == "续报"][-1] == "cancelled"

    # -- 结案 only after the final report ----------------------------------------------------------
    e = run.rejected_fire("close", t(30, 9, 0))
    assert e.code == "guard" and "已报送" in e.reason
    run.complete_all(t(27, 9, 0))
    run.report("final", t(30, 9, 30))
    run.fire("close", t(30, 10, 0))
    assert run.leaf == "closed" and run.state.closed
    assert run.effects[-1] == {"kind": "closed", "state": "closed"}
    assert run.open_deadlines() == []
    e = run.rejected("facts", t(30, 11, 0), "duty_officer", facts={"cases": 36})
    assert e.code == "closed" and "结案" in e.reason
    run.do("note", t(30, 11, 0), "duty_officer", text="归档")  # the timeline still takes notes

    # -- the recorded events replay to exactly the same state ------------------------------------
    assert_replays(run)
    assert replay(p, run.events) == run.state


def test_dismissal_path():
    p = plan(PLAN)
    run = Run(p, t(22, 20, 0), dict(cases=3, setting="household"))
    run.fire("dispatch", t(22, 20, 5), role="duty_officer")
    e = run.rejected_fire("dismiss", t(22, 20, 40), role="group_staff")
    assert e.code == "role"
    run.fire("dismiss", t(22, 20, 45), role="duty_officer")
    assert run.leaf == "dismissed" and run.state.closed
    assert run.open_deadlines() == []
    # what was still to do when the incident closed is recorded as such, not as cancelled: 未完成,
    # or missed when already past due (no deadline check ran in between here)
    ds = run.state.deadlines.values()
    assert {d["status"] for d in ds if d["due_at"] > t(22, 20, 45)} == {"unfinished"}
    assert {d["title"]: d["status"] for d in ds if d["due_at"] < t(22, 20, 45)} == {
        "接报登记并报告县食安办负责人": "missed", "赶赴现场核实": "missed"}
    assert {d["closed_at"] for d in ds} == {t(22, 20, 45)}
    assert run.state.tasks and all(x["status"] == "open" for x in run.state.tasks.values())
    assert replay(p, run.events) == run.state


def test_initial_judgement_ii_and_grading_straight_to_the_city():
    """150 ill, 2 dead: 初报 within 1 h, a phone warning to the city, and Ⅱ goes to the city at once."""
    p = plan(PLAN)
    r0 = t(22, 8, 0)
    run = Run(p, r0, dict(cases=150, deaths=2, spread="multi_county"))
    assert run.state.suggestion["level"] == "II"
    run.fire("dispatch", t(22, 8, 5), role="duty_officer")
    # issue #17 (format 2): 初判Ⅱ级以上 → the urgent chain, phone 30 min + written 1 h from receipt (B3 海南2017)
    urgent = {d["channel"]: d["due_at"] for d in run.state.open_deadlines() if d.get("report_kind") == "urgent"}
    assert urgent == {"phone": r0 + 30 * MIN, "document": r0 + HOUR}
    # the phone warning to the city became the chain's phone hop (to 福州市人民政府, the province in copy)
    assert not [n for n in run.new_notices() if n["kind"] == "warning"]
    run.fire("verified", t(22, 8, 40), role="duty_officer")
    run.conclude("grade", t(22, 9, 30), level="II")
    run.decide("II", t(22, 9, 35))
    e = run.rejected_fire("respond", t(22, 9, 36))
    assert e.code == "guard" and "当前级别为IV" in e.reason  # the county starts Ⅳ only
    run.fire("request_city", t(22, 9, 40))
    assert run.state.active == ("city_led", "responding", "handling")
    assert run.open_deadline("核报（报福州市人民政府、市市场监管局）")["due_at"] == t(22, 10, 40)  # Ⅰ/Ⅱ: 1 h
    [mat] = run.effects_of("materials")
    assert {"item": "KJ-004", "qty": 20} in mat["items"] and {"item": "FH-001", "qty": 100} in mat["items"]
    assert run.task("发布权威信息、开展舆情监测")["due_at"] == t(22, 14, 40)  # Ⅰ/Ⅱ: 5 h
    # a county cannot lower Ⅱ itself
    run.fire("propose_deescalation", t(23, 9, 0), role="deputy")
    run.conclude("de_escalate", t(23, 10, 0))
    e = run.rejected_fire("deescalate", t(23, 10, 5))
    assert e.code == "guard" and "当前级别为III" in e.reason
    run.fire("keep_level", t(23, 10, 6))
    assert run.leaf == "city_led"
    assert replay(p, run.events) == run.state


def test_override_to_iii_then_request_city_and_hand_back_to_the_county():
    p = plan(PLAN)
    run = Run(p, t(22, 8, 0), dict(cases=40))
    run.fire("dispatch", t(22, 8, 5), role="duty_officer")
    run.fire("verified", t(22, 8, 40), role="duty_officer")
    run.conclude("grade", t(22, 9, 30), level="IV")
    run.decide("IV", t(22, 9, 35))
    run.fire("respond", t(22, 9, 40))
    assert run.leaf == "disposal"
    e = run.rejected_fire("request_city", t(22, 12, 0))
    assert e.code == "guard"
    run.decide("III", t(22, 12, 0), reason="涉事食品已销往福州市区，县政府认定为较大事故", basis="政府认定")
    assert run.state.level_basis["suggested"] == "IV"
    run.fire("request_city", t(22, 12, 5))
    assert run.leaf == "city_led" and run.level == "III"
    assert run.open_deadline("核报（报福州市人民政府、市市场监管局）")["due_at"] == t(22, 14, 5)
    # keeping the level from the review returns to the city-led state, not the county's
    run.fire("propose_escalation", t(22, 15, 0), role="duty_officer")
    run.conclude("escalate", t(22, 16, 0), outcome="reject")
    e = run.rejected_fire("escalate", t(22, 16, 5))
    assert e.code == "guard" and "同意" in e.reason
    run.fire("keep_level", t(22, 16, 6))
    assert run.leaf == "city_led"
    # Ⅲ → Ⅳ: the city hands the incident back to the county after a consultation
    run.fire("propose_deescalation", t(24, 9, 0), role="deputy")
    assert run.leaf == "deescalation_review"
    run.conclude("de_escalate", t(24, 10, 0))
    # issue #17: a level change needs the 同级人民政府's approval (domain notes §1.4, A4)
    e = run.rejected_fire("deescalate", t(24, 10, 1))
    assert e.code == "guard" and "批准" in e.reason
    run.do("approval_decided", t(24, 10, 2), "commander", approval="adjust_gov", granted=True,
           doc_no="福政文〔2026〕3号")
    run.fire("deescalate", t(24, 10, 5))
    assert run.leaf == "disposal" and run.level == "IV"
    assert run.state.notices[-1]["text"].startswith("事故级别降为一般")
    # continue_response from the termination review returns by level
    run.fire("propose_termination", t(25, 9, 0), role="commander")
    run.fire("continue_response", t(25, 9, 30))
    assert run.leaf == "disposal"
    assert replay(p, run.events) == run.state


def test_routine_path_for_an_ungraded_incident():
    p = plan(PLAN)
    run = Run(p, t(22, 8, 0), dict(cases=12, setting="restaurant"))
    run.fire("dispatch", t(22, 8, 5), role="duty_officer")
    run.fire("verified", t(22, 8, 40), role="duty_officer")
    run.conclude("grade", t(22, 9, 30))
    e = run.rejected_fire("respond", t(22, 9, 35))
    assert e.code == "guard"
    run.fire("routine", t(22, 9, 40))
    assert run.leaf == "routine" and run.level is None
    assert run.new_tasks() == {"hazard": ["依法处置涉事单位（封存、责令整改）"]}
    assert run.open_deadline("处置情况报告")["due_at"] == t(23, 9, 40)
    e = run.rejected_fire("close", t(22, 18, 0))
    assert e.code == "guard" and "未完成任务数 = 0" in e.reason
    run.complete_all(t(23, 8, 0), unit="hazard")
    run.report("progress", t(23, 8, 30))
    run.fire("close", t(23, 9, 0))
    assert run.leaf == "closed" and run.state.closed
    assert replay(p, run.events) == run.state


# -- the shipped (format-2) county plan ------------------------------------------------------------

def test_format2_county_chain_lead_by_fact_windows_and_approval():
    """连江县 on the shipped plan: the unit's hop from discovery, the stage decides who controls the hazard,
    infectious illness waits for the longest incubation after the last case, and 县人民政府 approves."""
    p = plan(PLAN)
    r0 = t(22, 12, 30)
    run = Run(p, r0, dict(FACTS, stage="primary", discovered_at="2026-11-22T11:00:00+08:00"))
    # the unit's hop counts from discovery (A5 §4.2.2(1)(2): 2 h), not from receipt
    [unit] = [d for d in run.state.open_deadlines() if d.get("hop") == "unit"]
    assert unit["due_at"] == t(22, 13, 0) and "anchor_note" not in unit
    # missed: the unit reports at 13:10, late; the county hop is started by it (deferred until then)
    assert [d["hop"] for d in run.state.deferred if d.get("report") == unit["report"]]
    run.do("forward_report", t(22, 13, 10), "duty_officer", report=unit["report"], hop="unit")
    assert run.effects[0]["on_time"] is False
    run.fire("dispatch", t(22, 13, 12), role="duty_officer")
    run.fire("verified", t(22, 13, 40), role="duty_officer")
    run.conclude("grade", t(22, 14, 0), level="IV")
    run.decide("IV", t(22, 14, 5))
    run.fire("respond", t(22, 14, 10))
    # lead by fact: 种植养殖 → the agriculture bureau controls the hazard (A3 §5.2(3))
    assert run.task("封存可疑食品，责令召回或停止经营")["lead"] == "县农业农村局"
    assert unit_lead(p, run.state, "coordination") == "县食安办（县市场监管局）"
    run.facts(t(22, 15, 0), cases=36)  # a new case: last_case_at stamped now
    assert run.state.facts["last_case_at"] == t(22, 15, 0).isoformat()
    run.fire("propose_termination", t(24, 16, 0), role="deputy")
    run.conclude("terminate", t(24, 16, 30))
    run.facts(t(24, 16, 40), patients_treated=True, hazard_controlled=True, contamination_cleaned=True,
              secondary_cleared=True, stable_since="2026-11-23T12:00:00+08:00", infectious=True,
              max_incubation="PT72H")
    # 49 h 40 min after the last case: past 24 h, not past the 72 h incubation (B10)
    e = run.rejected("fire", t(24, 16, 40), "commander", event="request_termination")
    assert e.code == "guard" and "潜伏期" in e.reason
    run.fire("request_termination", t(25, 15, 0))
    assert run.state.approvals["terminate_gov"]["body"] == "连江县人民政府"
    e = run.rejected("approval_decided", t(25, 16, 0), "commander", approval="terminate_gov", granted=True)
    assert e.code == "no_doc_no"
    run.do("approval_decided", t(25, 16, 0), "commander", approval="terminate_gov", granted=True,
           doc_no="连政文〔2026〕8号")
    run.fire("terminate", t(25, 16, 5))
    assert run.leaf == "aftermath"
    assert_replays(run)
