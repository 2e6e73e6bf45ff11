"""Record the golden replays of the released 2026.1 plans (NOT run by the tests).

    PYTHONPATH=. python -m tests.plan.record_released            # writes the golden files that are missing
    PYTHONPATH=. python -m tests.plan.record_released --force    # re-records every one (see below)
    PYTHONPATH=. python -m tests.plan.record_released --check    # says which would differ; writes nothing

The goldens are what the engine of release 2026.1 (commit c30a74a) did with these plans; the test
(tests/plan/test_released_plans.py) proves today's engine still does exactly that. Re-recording with
``--force`` therefore throws away the proof: do it only for a deliberate, reviewed change of behaviour
of plans that use none of the new constructs, and say so in the commit.

Each script is written here as the commands an operator (and the clock) would give; every command is
run as it is written, so a command expected to be refused must be refused (``expect=``) and every other
one accepted — a script that no longer runs fails here rather than recording nonsense.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from console.plan.engine import IncidentState
from console.plan.loader import load_plan_with_warnings
from console.plan.model import Plan
from tests.plan._released import FIXTURES, GOLDEN, TICK, plain, run_command, run_script

TZ = ZoneInfo("Asia/Shanghai")
RECORDED_WITH = "c30a74a"
ACTORS = {
    "commander": "指挥长王强",
    "deputy": "副指挥长李敏",
    "duty_officer": "值班员张伟",
    "group_staff": "工作组刘洋",
    "expert": "专家陈静",
    "observer": "观察员赵磊",
}


def t(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=TZ)


class Script:
    """A script being written: each command runs at once (on the engine of today)."""

    def __init__(self, plan: Plan, at: datetime, facts: dict[str, Any], role: str = "duty_officer"):
        self.plan = plan
        self.commands: list[dict[str, Any]] = []
        self.state: IncidentState | None = None
        self._do("open", at, role, None, facts=facts)

    # -- commands ---------------------------------------------------------------------------
    def _do(self, type_: str, at: datetime, role: str, expect: str | None, **data: Any) -> dict[str, Any]:
        cmd = {"type": type_, "at": at.isoformat(), "actor": ACTORS.get(role, "system"), "role": role,
               "data": plain(data)}
        self.state, result = run_command(self.plan, self.state, cmd)
        got = result.get("rejected")
        assert got == expect, (cmd, got, expect)
        self.commands.append(cmd)
        return result

    def fire(self, event: str, at: datetime, role: str = "commander", expect: str | None = None,
             **extra: Any) -> None:
        self._do("fire", at, role, expect, event=event, **extra)

    def facts(self, at: datetime, role: str = "duty_officer", expect: str | None = None, **facts: Any) -> None:
        self._do("facts", at, role, expect, facts=facts)

    def decide(self, level: str | None, at: datetime, reason: str, basis: str = "专家核定",
               role: str = "commander", expect: str | None = None) -> None:
        self._do("decide_level", at, role, expect, level=level, reason=reason, basis=basis)

    def conclude(self, question: str, at: datetime, outcome: str = "approve", level: str | None = None) -> None:
        self._do("consult_concluded", at, "expert", None, question=question, outcome=outcome, level=level,
                 summary="专家组会商意见", consultation=f"会商-{question}")

    def report(self, kind: str, at: datetime, role: str = "duty_officer") -> None:
        self._do("submit_report", at, role, None, kind=kind, report_id=f"RPT-{kind}-{len(self.commands)}")

    def complete(self, title: str, at: datetime, role: str = "group_staff", expect: str | None = None) -> None:
        self._do("complete_task", at, role, expect, task=self.task(title), note="已完成")

    def ack(self, title: str, at: datetime, by: str | None = None, expect: str | None = None) -> None:
        data = {"task": self.task(title)} | ({"by": by} if by else {})
        self._do("acknowledge_task", at, "duty_officer", expect, **data)

    def reopen(self, title: str, at: datetime, reason: str, expect: str | None = None) -> None:
        self._do("reopen_task", at, "duty_officer", expect, task=self.task(title, "done"), reason=reason)

    def deliver(self, title: str, at: datetime, expect: str | None = None) -> None:
        assert self.state is not None
        [rid] = [m["id"] for m in self.state.materials if m["title"] == title and m["status"] == "requested"]
        self._do("materials_delivered", at, "group_staff", expect, request=rid, note="已送达现场",
                 dispatch="调拨单 2026-117")

    def note(self, at: datetime, text: str) -> None:
        self._do("note", at, "duty_officer", None, text=text)

    def reject(self, type_: str, at: datetime, role: str, code: str, **data: Any) -> None:
        self._do(type_, at, role, code, **data)

    def tick(self, at: datetime) -> list[str]:
        """The clock: every due deadline recorded missed; the titles of those recorded."""
        assert self.state is not None
        cmd = {"type": TICK, "at": at.isoformat()}
        self.state, result = run_command(self.plan, self.state, cmd)
        self.commands.append(cmd)
        return [e["title"] for e in result["effects"] if e["kind"] == "deadline_missed"]

    # -- reading ----------------------------------------------------------------------------
    def task(self, title: str, status: str = "open") -> str:
        assert self.state is not None
        found = [x["id"] for x in self.state.tasks.values() if x["title"] == title and x["status"] == status]
        assert len(found) == 1, (title, status, [(x["title"], x["status"]) for x in self.state.tasks.values()])
        return found[0]

    def complete_open(self, at: datetime, *titles: str) -> None:
        for title in titles:
            self.complete(title, at)

    @property
    def leaf(self) -> str:
        assert self.state is not None
        return self.state.leaf


# ---------------------------------------------------------------------------------------------
# food-municipal (format 2, and the same plan in format 1)
# ---------------------------------------------------------------------------------------------

def municipal_full(p: Plan) -> Script:
    """食堂40人发病（Ⅳ级）→ 次日105人，提级研判先否后同意（Ⅲ级）→ 降级（Ⅳ级）→ 终止评估先继续响应再终止 → 结案。"""
    s = Script(p, t(22, 14, 15), dict(cases=40, deaths=0, spread="single_unit", setting="canteen",
                                       suspect_food="午餐卤菜"))
    s.fire("dispatch", t(22, 14, 16), role="expert", expect="role")
    s.fire("verified", t(22, 14, 16), role="duty_officer", expect="not_here")
    s.fire("no_such_event", t(22, 14, 16), expect="unknown_event")
    s.reject("fire", t(22, 14, 0), "duty_officer", "time_order", event="dispatch")
    s.note(t(22, 14, 16), "食堂负责人来电，称已停止供餐")
    s.ack("接报登记并报告带班领导", t(22, 14, 17), by="综合协调组李娜")
    s.ack("接报登记并报告带班领导", t(22, 14, 18), expect="task_acked")
    s.complete("接报登记并报告带班领导", t(22, 14, 20))
    s.reject("complete_task", t(22, 14, 21), "group_staff", "task_done", task=s.task("接报登记并报告带班领导", "done"))
    s.reject("complete_task", t(22, 14, 21), "group_staff", "no_task", task="T99")
    s.fire("dispatch", t(22, 14, 22), role="duty_officer")
    s.ack("赶赴现场核实", t(22, 14, 23))
    s.complete("赶赴现场核实", t(22, 14, 30))
    s.reject("reopen_task", t(22, 14, 31), "duty_officer", "no_reason", task=s.task("赶赴现场核实", "done"), reason=" ")
    s.reopen("赶赴现场核实", t(22, 14, 32), reason="误点完成，现场组尚未到达")
    s.reject("reopen_task", t(22, 14, 33), "duty_officer", "task_open", task=s.task("赶赴现场核实"), reason="再撤销")
    s.complete("赶赴现场核实", t(22, 14, 40))
    s.complete("组织救治伤病员", t(22, 15, 0))
    assert s.tick(t(22, 15, 21)) == []
    assert s.tick(t(22, 15, 30)) == ["保护现场、封存可疑食品及原料"]
    s.complete("保护现场、封存可疑食品及原料", t(22, 15, 40))  # late
    s.fire("verified", t(22, 15, 45), role="duty_officer")
    assert s.tick(t(22, 16, 16)) == ["初报（书面）"]
    s.report("initial", t(22, 16, 20))
    s.facts(t(22, 16, 30), hospitalized=12)
    s.facts(t(22, 16, 31), deaths=50, expect="bad_fact")  # more deaths than cases
    s.facts(t(22, 16, 32), cases=-1, expect="bad_fact")
    s.fire("respond", t(22, 16, 35), expect="guard")
    s.conclude("grade", t(22, 17, 0), level="IV")
    s.fire("respond", t(22, 17, 1), expect="guard")  # the level is not decided
    s.decide("IV", t(22, 17, 2), reason="专家核定", role="duty_officer", expect="role")
    s.decide("IV", t(22, 17, 3), reason=" ", expect="no_reason")
    s.decide("IV", t(22, 17, 5), reason="专家组核定为一般（Ⅳ级）")
    s.fire("routine", t(22, 17, 6), expect="guard")
    s.fire("respond", t(22, 17, 10))
    s.deliver("启动响应调用应急物资", t(22, 18, 30))
    s.reject("materials_delivered", t(22, 18, 31), "group_staff", "delivered", request=s.state.materials[0]["id"])
    s.reject("materials_delivered", t(22, 18, 31), "group_staff", "no_request", request="M99")
    s.complete_open(t(22, 19, 0), "集中救治伤病员、报告病例情况", "封存可疑食品，责令召回或停止经营", "维护现场秩序",
                    "采集样本并送检")
    s.complete("发布权威信息、开展舆情监测", t(23, 8, 0))
    s.ack("开展流行病学调查与应急检验检测", t(23, 8, 5), by="检测评估组李工")
    # -- day 2: 105 cases; the first escalation review says no, the second yes ------------------
    s.facts(t(23, 9, 0), cases=105)
    s.fire("propose_escalation", t(23, 9, 10), role="deputy")
    s.conclude("escalate", t(23, 10, 0), outcome="reject")
    s.fire("escalate", t(23, 10, 5), expect="guard")
    s.fire("keep_level", t(23, 10, 6))
    s.fire("propose_escalation", t(23, 11, 0), role="duty_officer")
    s.conclude("escalate", t(23, 12, 0), level="III")
    s.fire("escalate", t(23, 12, 5))
    s.report("verified", t(23, 12, 50))
    s.report("progress", t(23, 16, 0))
    assert s.tick(t(23, 18, 0)) == ["开展流行病学调查与应急检验检测"]
    # -- day 3: cases revised down; de-escalated to Ⅳ, the adjustment report not sent in time ----
    s.facts(t(24, 8, 30), cases=98, hospitalized=None)
    s.fire("propose_deescalation", t(24, 9, 0), role="commander")
    s.conclude("de_escalate", t(24, 10, 0), level="IV")
    s.fire("deescalate", t(24, 10, 5))
    assert s.tick(t(24, 12, 10)) == ["级别调整报告"]
    s.complete("开展流行病学调查与应急检验检测", t(24, 14, 0))
    s.decide("IV", t(24, 15, 0), reason="市政府认定维持一般（Ⅳ级）", basis="政府认定")
    # -- day 4: termination ----------------------------------------------------------------------
    assert s.tick(t(25, 9, 0)) == ["续报"]
    s.fire("propose_termination", t(25, 9, 5), role="deputy")
    s.conclude("terminate", t(25, 10, 0))
    s.facts(t(25, 10, 5), hazard_controlled=True, stable_hours=20)
    s.fire("terminate", t(25, 10, 10), expect="guard")
    s.fire("continue_response", t(25, 10, 12))
    s.fire("propose_termination", t(25, 10, 20), role="commander")
    s.conclude("terminate", t(25, 10, 40))
    s.facts(t(25, 10, 45), stable_hours=24)
    s.fire("terminate", t(25, 10, 50))
    assert s.leaf == "aftermath"
    s.fire("close", t(28, 9, 0), expect="guard")
    s.complete("监督销毁受污染食品、解除控制措施", t(28, 9, 30))
    s.ack("善后处置与总结评估", t(28, 9, 40), by="综合协调组李娜")
    s.report("final", t(29, 9, 0))
    s.fire("close", t(29, 10, 0))
    assert s.leaf == "closed"
    s.fire("dispatch", t(29, 10, 5), role="duty_officer", expect="closed")
    s.note(t(29, 10, 6), "结案后补记：卷宗已归档")
    s.tick(t(12, 10, 0, month=12))
    return s


def municipal_routine_upgrade(p: Plan) -> Script:
    """22人发病，未达分级标准，核定不分级 → 非级别处置；复核31人后认定Ⅳ级转入应急响应；后经复核排除（带理由）。"""
    s = Script(p, t(22, 10, 0), dict(cases=22, setting="restaurant"))
    s.fire("dispatch", t(22, 10, 5), role="duty_officer")
    s.complete_open(t(22, 10, 20), "接报登记并报告带班领导", "赶赴现场核实")
    s.fire("verified", t(22, 10, 50), role="duty_officer")
    s.conclude("grade", t(22, 12, 0))
    s.decide(None, t(22, 12, 5), reason="经专家核定未达到分级标准")
    s.fire("routine", t(22, 12, 10))
    s.fire("upgrade_routine", t(22, 15, 0), expect="guard")
    s.facts(t(22, 16, 0), cases=31)
    s.decide("IV", t(22, 16, 5), reason="复核发病31人，达到一般级")
    s.fire("upgrade_routine", t(22, 16, 10))
    assert s.leaf == "disposal"
    assert {"集中救治伤病员、报告病例情况", "维护现场秩序", "启动响应调用应急物资"} <= set(s.tick(t(22, 18, 30)))
    s.deliver("启动响应调用应急物资", t(22, 18, 40))  # late
    s.fire("dismiss", t(22, 19, 0), role="observer", expect="role")
    s.fire("dismiss", t(22, 19, 5), reason="经复核为诺如病毒感染性腹泻，不属于食品安全事件")
    assert s.leaf == "dismissed"
    return s


def municipal_routine_close(p: Plan) -> Script:
    """家庭聚餐6人发病，不分级 → 非级别处置 → 结案。"""
    s = Script(p, t(22, 10, 0), dict(cases=6, setting="household"))
    s.fire("dispatch", t(22, 10, 5), role="duty_officer")
    s.fire("verified", t(22, 10, 50), role="duty_officer")
    s.conclude("grade", t(22, 12, 0))
    s.fire("routine", t(22, 12, 10))
    s.fire("close", t(22, 13, 0), expect="guard")
    s.complete("依法处置涉事单位（封存、责令整改）", t(23, 9, 0))
    s.report("progress", t(23, 9, 30))
    s.fire("close", t(23, 10, 0))
    return s


def municipal_school_dismiss(p: Plan) -> Script:
    """小学6人发病（江苏标准Ⅳ级，学校提高一级为Ⅲ级）；一人不计，场所改正；核实后排除。"""
    s = Script(p, t(22, 11, 0), dict(cases=6, setting="school", suspect_food="课间牛奶"))
    s.facts(t(22, 11, 10), cases=4)
    s.facts(t(22, 11, 12), setting=None, suspect_food=None)
    s.facts(t(22, 11, 15), setting="major_event", cases=35)
    s.fire("dispatch", t(22, 11, 20), role="duty_officer")
    s.fire("verified", t(22, 12, 0), role="duty_officer")
    s.fire("dismiss", t(22, 12, 5), role="duty_officer")
    return s


# ---------------------------------------------------------------------------------------------
# food-county
# ---------------------------------------------------------------------------------------------

def county_full(p: Plan) -> Script:
    """农村家宴45人（Ⅳ级，县级响应）→ 提级为Ⅲ级报请福州市 → 降回Ⅳ级交县级 → 终止 → 结案。"""
    s = Script(p, t(22, 12, 30), dict(cases=45, deaths=0, spread="township", setting="household",
                                       suspect_food="家宴凉拌菜"))
    s.fire("dispatch", t(22, 12, 33), role="observer", expect="role")
    s.fire("respond", t(22, 12, 33), expect="not_here")
    s.complete("接报登记并报告县食安办负责人", t(22, 12, 34))
    s.fire("dispatch", t(22, 12, 36), role="duty_officer")
    assert s.tick(t(22, 13, 1)) == ["赶赴现场核实"]
    s.complete("赶赴现场核实", t(22, 13, 5))
    s.fire("verified", t(22, 13, 20), role="duty_officer")
    s.report("initial", t(22, 13, 30))
    s.complete("事发单位向县市场监管局、县卫健局书面报告事故情况", t(22, 14, 0))
    s.conclude("grade", t(22, 14, 0), level="IV")
    s.fire("request_city", t(22, 14, 2), expect="guard")
    s.decide("IV", t(22, 14, 5), reason="经县食品安全专家组研判，按一般（Ⅳ级）事故处置")
    s.fire("respond", t(22, 14, 10))
    s.ack("维护现场秩序", t(22, 14, 12), by="县公安局治安大队")
    s.deliver("启动响应调用县级应急物资", t(22, 17, 0))  # late
    assert "集中救治伤病员、报告病例情况" in s.tick(t(22, 17, 1))
    s.complete_open(t(22, 18, 0), "保护现场、封存可疑食品及原料", "组织救治伤病员", "组织先期处置、稳定群众情绪",
                    "集中救治伤病员、报告病例情况", "维护现场秩序", "封存可疑食品，责令召回或停止经营",
                    "采集样本并送检")
    # -- day 2: spread to a second county; escalated to Ⅲ, the city leads -------------------------
    s.facts(t(23, 9, 0), cases=112, spread="multi_county", serious_harm=True)
    s.fire("propose_escalation", t(23, 9, 10), role="duty_officer")
    s.conclude("escalate", t(23, 10, 0), level="III")
    s.fire("escalate", t(23, 10, 10))
    assert s.leaf == "city_led"
    s.report("verified", t(23, 11, 0))
    s.deliver("提级追加应急物资", t(23, 12, 0))
    s.complete("对接市级工作组，移交现场信息并配合处置", t(23, 12, 5))
    s.report("progress", t(23, 13, 0))
    # -- day 3: back to Ⅳ, the county leads again -------------------------------------------------
    s.fire("propose_deescalation", t(24, 9, 0))
    s.conclude("de_escalate", t(24, 11, 0))
    s.fire("deescalate", t(24, 11, 5))
    assert s.leaf == "disposal"
    s.complete_open(t(24, 12, 0), "开展流行病学调查与应急检验检测", "发布权威信息、开展舆情监测",
                    "调查事故原因、追溯源头")
    s.tick(t(24, 14, 0))
    # -- day 4: termination ----------------------------------------------------------------------
    s.fire("propose_termination", t(25, 9, 0), role="deputy")
    s.conclude("terminate", t(25, 10, 0))
    s.facts(t(25, 10, 5), hazard_controlled=True, stable_hours=30, no_new_cases=False)
    s.fire("terminate", t(25, 10, 10), expect="guard")
    s.facts(t(25, 10, 15), no_new_cases=True)
    s.fire("terminate", t(25, 10, 20))
    assert s.leaf == "aftermath"
    s.complete_open(t(26, 9, 0), "监督销毁受污染食品、解除控制措施", "总结评估")
    s.report("final", t(27, 9, 0))
    s.fire("close", t(27, 10, 0))
    assert s.leaf == "closed"
    return s


def county_grave_city(p: Plan) -> Script:
    """120人发病、2人死亡（初判Ⅱ级：初报1小时）→ 分级Ⅱ级报请福州市；终止评估未同意，继续响应。"""
    s = Script(p, t(22, 8, 0), dict(cases=120, deaths=2, spread="county"))
    s.fire("dispatch", t(22, 8, 5), role="duty_officer")
    assert "初报（书面，初判Ⅱ级以上）" in s.tick(t(22, 9, 5))
    s.report("initial", t(22, 9, 10))
    s.fire("verified", t(22, 9, 30), role="duty_officer")
    s.conclude("grade", t(22, 10, 30), level="II")
    s.decide("II", t(22, 10, 35), reason="经专家研判达到重大（Ⅱ级）", basis="专家核定")
    s.fire("respond", t(22, 10, 40), expect="guard")
    s.fire("request_city", t(22, 10, 45))
    assert s.leaf == "city_led"
    s.fire("propose_termination", t(23, 9, 0))
    s.conclude("terminate", t(23, 11, 0), outcome="reject")
    s.fire("terminate", t(23, 11, 5), expect="guard")
    s.fire("continue_response", t(23, 11, 10))
    assert s.leaf == "city_led"
    s.fire("propose_escalation", t(23, 12, 0))
    s.conclude("escalate", t(23, 13, 0))
    s.fire("escalate", t(23, 13, 10))
    s.tick(t(24, 9, 0))
    return s


def county_routine_to_city(p: Plan) -> Script:
    """25人发病不分级 → 非级别处置；政府认定Ⅲ级（与建议不同）报请福州市；市级降为Ⅳ级交回县级。"""
    s = Script(p, t(22, 9, 0), dict(cases=25, setting="restaurant"))
    s.fire("dispatch", t(22, 9, 5), role="duty_officer")
    s.fire("verified", t(22, 9, 40), role="duty_officer")
    s.conclude("grade", t(22, 11, 0))
    s.fire("routine", t(22, 11, 5))
    s.fire("request_city", t(22, 12, 0), expect="guard")
    s.decide("III", t(22, 14, 0), reason="涉及重大活动保障，县政府认定按较大处置", basis="政府认定")
    s.fire("request_city", t(22, 14, 5))
    assert s.leaf == "city_led"
    s.fire("propose_deescalation", t(23, 9, 0))
    s.conclude("de_escalate", t(23, 10, 0))
    s.fire("deescalate", t(23, 10, 5))
    assert s.leaf == "disposal"
    s.tick(t(23, 18, 0))
    return s


def county_dismiss(p: Plan) -> Script:
    s = Script(p, t(22, 10, 0), dict(cases=3, setting="other"))
    s.fire("dismiss", t(22, 10, 20), role="duty_officer", reason="电话核实为误报，无人发病")
    return s


# ---------------------------------------------------------------------------------------------
# drug-group-adverse
# ---------------------------------------------------------------------------------------------

DRUG_FACTS = dict(affected=12, deaths=0, serious_event=True, product_type="drug", same_batch=True,
                  batch_no="C20261003", product_name="注射用头孢曲松钠")


def drug_full(p: Plan) -> Script:
    """同一批号注射剂12人严重不良反应（四级）→ 25人（三级）启动响应 → 二级 → 降回三级 → 终止 → 结案。"""
    s = Script(p, t(22, 8, 0), DRUG_FACTS)
    s.fire("dispatch", t(22, 8, 5), role="group_staff", expect="role")
    s.complete("接报登记并报告带班领导", t(22, 8, 8))
    s.fire("dispatch", t(22, 8, 10), role="duty_officer")
    assert s.tick(t(22, 9, 5)) == ["初次报告（电话/传真，立即）"]
    s.complete("组织救治患者，排查同批号产品使用情况", t(22, 9, 8))
    s.report("initial", t(22, 9, 10))
    s.complete("会同卫健部门赶赴现场调查", t(22, 9, 30))
    s.ack("暂停使用涉事批号产品并封存，保存病历资料", t(22, 9, 35), by="市人民医院药剂科")
    s.complete("暂停使用涉事批号产品并封存，保存病历资料", t(22, 9, 40))
    s.fire("verified", t(22, 11, 0), role="duty_officer")
    s.facts(t(22, 12, 0), affected=25)
    s.conclude("grade", t(22, 13, 0), level="III")
    s.decide("III", t(22, 13, 5), reason="专家咨询委员会核定为较大（三级）")
    s.fire("respond", t(22, 13, 10))
    s.report("adr_group", t(22, 14, 0))
    s.report("verified", t(22, 14, 30))
    s.deliver("启动响应调用应急物资", t(22, 15, 0))
    s.complete_open(t(22, 16, 0), "暂停销售涉事批号产品，清点库存与流向", "集中救治患者、报告病例转归",
                    "责令暂停生产、销售、使用涉事批号产品")
    assert "收集病例报告表，开展关联性评价" in s.tick(t(23, 8, 15))
    s.facts(t(23, 9, 0), affected=31, deaths=1)
    s.fire("propose_escalation", t(23, 9, 10), role="duty_officer")
    s.conclude("escalate", t(23, 11, 0), level="II")
    s.fire("escalate", t(23, 11, 10))
    s.report("verified", t(23, 11, 50))
    s.report("progress", t(23, 13, 0))
    s.complete("收集病例报告表，开展关联性评价", t(23, 13, 10))
    s.fire("propose_deescalation", t(24, 9, 0), role="deputy")
    s.conclude("de_escalate", t(24, 10, 0), outcome="reject")
    s.fire("deescalate", t(24, 10, 5), expect="guard")
    s.fire("keep_level", t(24, 10, 10))
    s.fire("propose_deescalation", t(25, 9, 0))
    s.conclude("de_escalate", t(25, 10, 0), level="III")
    s.fire("deescalate", t(25, 10, 5))
    s.tick(t(25, 14, 0))
    s.complete_open(t(25, 15, 0), "抽取涉事批号样品并开展应急检验", "召回涉事批号产品并报告召回进展",
                    "发布权威信息、开展舆情监测")
    s.fire("propose_termination", t(26, 9, 0))
    s.conclude("terminate", t(26, 10, 0))
    s.facts(t(26, 10, 5), product_controlled=True, patients_stable=True, no_new_cases=True)
    s.fire("terminate", t(26, 10, 10))
    assert s.leaf == "aftermath"
    s.report("final", t(28, 9, 0))
    s.fire("close", t(28, 10, 0), expect="guard")  # the manufacturer's investigation report is not in
    s.complete("开展调查与自查，完成调查报告并报所在地省级药监部门", t(28, 11, 0))
    s.fire("close", t(28, 12, 0))
    assert s.leaf == "closed"
    return s


def drug_routine_close(p: Plan) -> Script:
    s = Script(p, t(22, 9, 0), dict(affected=6, product_type="device", product_name="一次性输液器"))
    s.fire("dispatch", t(22, 9, 10), role="duty_officer")
    s.complete("会同卫健部门赶赴现场调查", t(22, 9, 50))
    s.fire("verified", t(22, 10, 0), role="duty_officer")
    s.conclude("grade", t(22, 12, 0))
    s.fire("routine", t(22, 12, 5))
    s.complete("依法处置涉事产品（暂停销售使用、监督检查）", t(22, 16, 0))
    s.fire("close", t(22, 16, 5), expect="guard")
    s.complete("开展调查与自查，完成调查报告并报所在地省级药监部门", t(25, 9, 0))
    s.tick(t(25, 9, 30))
    s.fire("close", t(25, 10, 0))
    return s


def drug_dismiss(p: Plan) -> Script:
    s = Script(p, t(22, 9, 0), dict(affected=4, product_type="cosmetic"))
    s.fire("dispatch", t(22, 9, 10), role="duty_officer")
    s.fire("dismiss", t(22, 11, 0), role="commander")
    return s


SCRIPTS: dict[str, dict[str, Callable[[Plan], Script]]] = {
    "food-municipal": {"full": municipal_full, "routine-upgrade": municipal_routine_upgrade,
                       "routine-close": municipal_routine_close, "school-dismiss": municipal_school_dismiss},
    "food-municipal-format1": {"full": municipal_full, "routine-upgrade": municipal_routine_upgrade,
                               "routine-close": municipal_routine_close, "school-dismiss": municipal_school_dismiss},
    "food-county": {"full": county_full, "grave-city": county_grave_city, "routine-to-city": county_routine_to_city,
                    "dismiss": county_dismiss},
    "drug-group-adverse": {"full": drug_full, "routine-close": drug_routine_close, "dismiss": drug_dismiss},
}


def record(fixture: str, name: str, make: Callable[[Plan], Script]) -> dict[str, Any]:
    path = FIXTURES / f"{fixture}.yaml"
    plan, warnings = load_plan_with_warnings(path)
    assert not warnings, [str(w) for w in warnings]
    script = make(plan)
    final, results = run_script(plan, script.commands)  # once more from the start: what the test does
    assert final == script.state
    return {
        "plan": path.name,
        "plan_sha256": plan.content_hash,
        "script": name,
        "about": (make.__doc__ or "").strip(),
        "recorded_with": RECORDED_WITH,
        "steps": [{"command": c, **r} for c, r in zip(script.commands, results, strict=True)],
        "final": plain(final.to_json()),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--force", action="store_true", help="re-record the golden files that exist")
    ap.add_argument("--check", action="store_true", help="only say which golden files would differ")
    args = ap.parse_args(argv)
    GOLDEN.mkdir(parents=True, exist_ok=True)
    differ = 0
    for fixture, scripts in SCRIPTS.items():
        for name, make in scripts.items():
            out = GOLDEN / f"{fixture}--{name}.json"
            text = json.dumps(record(fixture, name, make), ensure_ascii=False, indent=1) + "\n"
            old = out.read_text(encoding="utf-8") if out.exists() else None
            if old == text:
                print(f"same       {out.name}")
                continue
            differ += 1
            if args.check or (old is not None and not args.force):
                print(f"{'differs' if old is not None else 'missing'}    {out.name}")
                continue
            out.write_text(text, encoding="utf-8")
            print(f"recorded   {out.name}")
    return 1 if args.check and differ else 0


if __name__ == "__main__":
    sys.exit(main())
