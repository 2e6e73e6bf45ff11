"""A group adverse event under plans/drug-group-adverse.yaml (濮阳市), driven by hand from 接报 to 结案.

某医院同一批号注射剂12人出现严重不良反应（四级）；当天增至25人（三级）并启动响应；次日增至31人，
经专家咨询委员会会商提升为二级；产品召回到位、患者稳定、观察期内无新发病例后终止响应，提交总结报告后结案。
"""

from __future__ import annotations

from datetime import datetime

from console.plan.engine import replay
from console.plan.loader import load_plan
from tests.plan._helpers import HOUR, MIN, Run, assert_replays, plan, t
from tests.plan._released import FIXTURES

PLAN = "drug-group-adverse"
FACTS = dict(affected=12, deaths=0, serious_event=True, product_type="drug", same_batch=True,
             batch_no="C20261003", product_name="注射用头孢曲松钠")


def dec(day: int, hour: int, minute: int = 0) -> datetime:
    return t(day, hour, minute).replace(month=12)


def test_group_adverse_event_from_receipt_to_closure():
    # The released 2026.1 drug plan (tests/plan/fixtures/released-2026.1): this walk-through pins its
    # deadlines step by step (reports as tasks, termination without approval). The shipped plan's format-2
    # path (the immediate chain, approvals, the observation window) is test_format2_drug_* below.
    p = load_plan(FIXTURES / f"{PLAN}.yaml")
    r0 = t(22, 8, 0)
    run = Run(p, r0, FACTS)
    assert run.leaf == "received" and run.level is None
    assert run.state.suggestion["level"] == "IV" and run.state.suggestion["winner"] == "OLD-4-1"
    # ADR group-event reporting starts at receipt (卫生部令第81号 §27/§29)
    assert run.open_deadlines() == [
        ("接报登记并报告带班领导", r0 + 15 * MIN),
        ("初次报告（电话/传真，立即）", r0 + HOUR),
        ("暂停使用涉事批号产品并封存，保存病历资料", r0 + 2 * HOUR),
        ("药品群体不良事件基本信息表（国家药品不良反应监测系统）", r0 + 24 * HOUR),
        ("开展调查与自查，完成调查报告并报所在地省级药监部门", t(29, 8, 0)),  # 7 days
    ]
    assert p.report_kinds["adr_group"]["phase"] == "adr_group"
    assert run.open_tasks_by_unit() == {
        "manufacturer": ["开展调查与自查，完成调查报告并报所在地省级药监部门"],
        "user": ["暂停使用涉事批号产品并封存，保存病历资料"],
        "coordination": ["接报登记并报告带班领导"],
    }

    e = run.rejected_fire("dispatch", t(22, 8, 5), role="group_staff")
    assert e.code == "role" and "工作组人员" in e.reason
    run.complete(run.task("接报登记并报告带班领导")["id"], t(22, 8, 8))
    run.fire("dispatch", t(22, 8, 10), role="duty_officer")
    assert run.leaf == "investigating"
    assert run.new_tasks() == {
        "distributor": ["暂停销售涉事批号产品，清点库存与流向"],
        "adr_center": ["收集病例报告表，开展关联性评价"],
        "testing": ["抽取涉事批号样品并开展应急检验"],
        "regulation": ["会同卫健部门赶赴现场调查"],
        "medical": ["组织救治患者，排查同批号产品使用情况"],
    }
    assert run.task("会同卫健部门赶赴现场调查")["due_at"] == r0 + 2 * HOUR
    assert run.task("抽取涉事批号样品并开展应急检验")["due_at"] == t(25, 8, 10)
    assert run.new_notices()[0]["audience"] == "市卫健委医政科、市药品不良反应监测中心"

    # -- 09:00 the phone report is late: recorded with its alert ------------------------------------
    [missed] = run.record_due(t(22, 9, 5))
    assert missed[0]["title"] == "初次报告（电话/传真，立即）" and missed[0]["due_at"] == r0 + HOUR
    assert missed[1]["kind"] == "alert" and missed[1]["text"] == "初次报告已超过1小时，请立即电话报告并说明原因"
    assert run.state.alerts[-1]["severity"] == "critical"
    run.complete(run.task("组织救治患者，排查同批号产品使用情况")["id"], t(22, 9, 8))
    run.report("initial", t(22, 9, 10))
    assert run.state.reports == {"initial": 1}
    assert run.effects[0]["deadline"] is None  # the missed deadline stays missed
    run.complete(run.task("会同卫健部门赶赴现场调查")["id"], t(22, 9, 30))
    run.complete(run.task("暂停使用涉事批号产品并封存，保存病历资料")["id"], t(22, 9, 40))
    assert run.effects[0]["on_time"] is True

    run.fire("verified", t(22, 11, 0), role="duty_officer")
    assert run.leaf == "assessing"
    c = run.state.consultations["grade"]
    assert c["title"] == "事件分级研判与关联性评价" and c["due_at"] == t(22, 15, 0)
    assert c["specialties"] == ["临床药学", "药品不良反应监测", "临床医学"]
    # the dispatch tasks outlive the investigation step (declared on `handling`)
    assert ("暂停销售涉事批号产品，清点库存与流向", t(22, 12, 10)) in run.open_deadlines()

    run.facts(t(22, 11, 30), affected=25)
    assert run.state.suggestion["level"] == "III" and run.state.suggestion["winner"] == "OLD-3-1"
    e = run.rejected_fire("respond", t(22, 12, 0))
    assert e.code == "guard"
    run.conclude("grade", t(22, 13, 0), level="III")
    run.decide("III", t(22, 13, 5), reason="专家咨询委员会评估：25人严重不良反应，同一批号，较大（三级）")
    run.fire("respond", t(22, 13, 10))
    assert run.state.active == ("disposal", "responding", "handling") and run.level == "III"
    assert run.new_tasks() == {
        "regulation": ["责令暂停生产、销售、使用涉事批号产品"],
        "manufacturer": ["召回涉事批号产品并报告召回进展"],
        "medical": ["集中救治患者、报告病例转归"],
        "investigation": ["调查事件原因"],
        "publicity": ["发布权威信息、开展舆情监测"],
    }
    assert run.open_deadline("分级报告（报省药品监督管理局）")["due_at"] == t(22, 15, 10)  # 三级: 2 h
    assert run.open_deadline("阶段报告")["due_at"] == t(23, 13, 10)
    [mat] = run.effects_of("materials")
    assert mat["level"] == "III"
    assert mat["items"] == [{"item": "FC-001", "qty": 100}, {"item": "FC-002", "qty": 50},
                            {"item": "WS-005", "qty": 50}, {"item": "LC-001", "qty": 2},
                            {"item": "FH-004", "qty": 200}, {"item": "FH-006", "qty": 200},
                            {"item": "FC-004", "qty": 2}]
    run.report("adr_group", t(22, 14, 0))
    assert run.state.deadlines[run.effects[0]["deadline"]]["title"].startswith("药品群体不良事件基本信息表")
    run.report("verified", t(22, 15, 0))
    for unit in ("regulation", "medical", "publicity", "distributor", "adr_center"):
        run.complete_all(t(22, 16, 0), unit=unit)

    # -- day 2: 31 people → suggestion 二级; escalate through the expert committee -----------------------
    run.facts(t(23, 9, 0), affected=31)
    assert run.state.suggestion["level"] == "II" and run.state.suggestion["winner"] == "OLD-2-1"
    run.report("progress", t(23, 9, 30))
    run.fire("propose_escalation", t(23, 9, 40), role="duty_officer")
    run.conclude("escalate", t(23, 10, 0), level="II")
    e = run.rejected_fire("escalate", t(23, 10, 2), role="deputy")
    assert e.code == "role"
    run.fire("escalate", t(23, 10, 5))
    assert run.leaf == "disposal" and run.level == "II"
    assert run.open_deadline("级别调整报告")["due_at"] == t(23, 11, 5)  # 二级: 1 h
    assert run.new_notices()[0]["audience"] == "濮阳市人民政府、河南省药品监督管理局"
    run.report("verified", t(23, 11, 0))

    # -- day 3: a proposal to lower the level is rejected by the experts ---------------------------------
    run.fire("propose_deescalation", t(24, 9, 0), role="deputy")
    run.conclude("de_escalate", t(24, 11, 0), outcome="reject")
    e = run.rejected_fire("deescalate", t(24, 11, 5))
    assert e.code == "guard"
    run.fire("keep_level", t(24, 11, 6))
    assert run.leaf == "disposal" and run.level == "II"

    # -- the manufacturer's investigation report within 7 days, the recall done --------------------------
    run.complete(run.task("召回涉事批号产品并报告召回进展")["id"], t(24, 18, 0))
    assert run.effects[0]["on_time"] is True
    run.complete(run.task("开展调查与自查，完成调查报告并报所在地省级药监部门")["id"], t(26, 16, 0))
    assert run.effects[0]["on_time"] is True

    # -- day 6: termination --------------------------------------------------------------------------
    run.fire("propose_termination", t(27, 9, 0), role="deputy")
    run.conclude("terminate", t(27, 11, 0))
    run.facts(t(27, 11, 10), product_controlled=True, patients_stable=True)
    e = run.rejected_fire("terminate", t(27, 11, 12))
    assert e.code == "guard" and "观察期内无新发病例" in e.reason
    run.facts(t(27, 11, 15), no_new_cases=True)
    run.fire("terminate", t(27, 11, 20))
    assert run.leaf == "aftermath"
    assert run.open_deadline("总结报告")["due_at"] == dec(7, 11, 20)
    e = run.rejected_fire("close", t(28, 9, 0))
    assert e.code == "guard"
    run.report("final", t(30, 9, 0))
    run.fire("close", t(30, 10, 0))
    assert run.leaf == "closed" and run.state.closed and run.open_deadlines() == []
    assert run.state.reports == {"initial": 1, "adr_group": 1, "verified": 2, "progress": 1, "final": 1}
    assert_replays(run)


def test_ungraded_event_routine_handling_and_late_manufacturer_report():
    """12人一般不良反应（无严重事件）：不分级，按日常监测处置；企业调查报告逾期。"""
    p = plan(PLAN)
    r0 = t(22, 8, 0)
    run = Run(p, r0, dict(affected=12, serious_event=False, product_type="device", batch_no="D2026-07"))
    assert run.state.suggestion["level"] is None
    run.fire("dispatch", t(22, 8, 10), role="duty_officer")
    run.fire("verified", t(22, 11, 0), role="duty_officer")
    run.conclude("grade", t(22, 14, 0))
    run.fire("routine", t(22, 14, 10))
    assert run.leaf == "routine"
    run.complete_all(t(23, 9, 0), unit="regulation")
    e = run.rejected_fire("close", t(23, 10, 0))
    assert e.code == "guard" and "未完成任务数 = 0" in e.reason
    recorded = run.record_due(t(29, 8, 1))
    late = [m for m in recorded if m[0]["title"] == "开展调查与自查，完成调查报告并报所在地省级药监部门"]
    assert len(late) == 1 and late[0][0]["due_at"] == t(29, 8, 0)
    assert late[0][1] == {"kind": "alert", "text": "生产企业未在7日内提交调查报告", "severity": "critical",
                          "at": t(29, 8, 0)}
    run.complete_all(t(29, 15, 0), unit="manufacturer")
    assert run.effects[0]["on_time"] is False
    run.fire("close", t(29, 16, 0))
    assert run.leaf == "closed"
    assert replay(p, run.events) == run.state


def test_dismissal_path():
    p = plan(PLAN)
    run = Run(p, t(22, 8, 0), dict(affected=3, product_type="cosmetic"))
    run.fire("dispatch", t(22, 8, 10), role="duty_officer")
    run.fire("dismiss", t(22, 10, 0), role="duty_officer")
    assert run.leaf == "dismissed" and run.state.closed and run.open_deadlines() == []
    e = run.rejected("submit_report", t(22, 10, 5), "duty_officer", kind="final")
    assert e.code == "closed"
    assert replay(p, run.events) == run.state


# -- the shipped (format-2) drug plan ----------------------------------------------------------------

def test_format2_drug_immediate_hop_approval_refused_then_granted_and_observation_window():
    """The unit's 81号令 §27 report is 立即 (immediate: due at discovery, never auto-missed); the county's
    1 h hop waits for it; termination needs the observation period after the last case and the approval."""
    p = plan(PLAN)
    r0 = t(22, 8, 0)
    run = Run(p, r0, dict(affected=12, deaths=0, serious_event=True, product_type="drug", same_batch=True,
                          discovered_at="2026-11-22T07:30:00+08:00"))
    [unit] = [d for d in run.state.open_deadlines() if d.get("hop") == "unit"]
    assert unit["immediate"] is True and unit["due_at"] == t(22, 7, 30)
    assert run.state.open_deadlines()[0]["id"] == unit["id"]  # 立即 sorts first
    assert [m for m in run.record_due(t(22, 8, 5)) if m[0].get("deadline") == unit["id"]] == []  # never missed
    run.do("forward_report", t(22, 8, 10), "duty_officer", report=unit["report"], hop="unit")
    [county] = [d for d in run.state.open_deadlines() if d.get("hop") == "county"]
    assert county["due_at"] == t(22, 9, 10)  # municipal drug plan: 初次报告 1 h
    run.fire("dispatch", t(22, 8, 20), role="duty_officer")
    run.fire("verified", t(22, 9, 0), role="duty_officer")
    assert run.state.suggestion["level"] == "IV"
    assert "OLD-4-2" in run.state.suggestion["judge"]
    run.conclude("grade", t(22, 10, 0), level="IV")
    run.decide("IV", t(22, 10, 5))
    run.fire("respond", t(22, 10, 10))
    run.facts(t(22, 11, 0), affected=14)  # on_change: an immediate 阶段报告
    change = run.open_deadline("阶段报告（情况变化）")
    assert change["immediate"] is True and change["due_at"] == t(22, 11, 0)
    run.fire("propose_termination", t(24, 9, 0))
    run.conclude("terminate", t(24, 10, 0))
    run.facts(t(24, 10, 5), product_controlled=True, patients_stable=True, observation_period="P3D")
    e = run.rejected("fire", t(24, 10, 5), "commander", event="request_termination")
    assert e.code == "guard" and "观察期" in e.reason
    run.fire("request_termination", t(25, 11, 0))  # 3 days after the last case (22 11:00)
    run.do("approval_decided", t(25, 12, 0), "duty_officer", approval="terminate_gov", granted=False,
           reason="召回尚未完成")
    assert run.state.approvals["terminate_gov"]["status"] == "refused"
    e = run.rejected_fire("terminate", t(25, 12, 5))
    assert e.code == "guard"
    run.fire("request_termination", t(26, 9, 0))
    run.do("approval_decided", t(26, 10, 0), "duty_officer", approval="terminate_gov", granted=True,
           doc_no="濮政文〔2026〕20号")
    run.fire("terminate", t(26, 10, 5))
    assert run.leaf == "aftermath"
    assert_replays(run)
