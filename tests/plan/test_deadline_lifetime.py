"""How long a deadline lives (plan format 2): until what it asks for is done, unless the plan
says that leaving its state cancels it (``cancel_on_exit: true``); timers and periodic reports
end with their state; closing the incident records what was still to do as 未完成 (unfinished),
never as cancelled. Format-1 plans (incidents pinned to them) keep the old rule.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from console.plan import PlanError, load_plan_text
from console.plan.engine import Event, IncidentState, Rejected, due_events, open_incident, replay, step
from console.plan.model import Plan

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=timezone(timedelta(hours=8)))
V1 = (Path(__file__).parent / "fixtures" / "deadlines.yaml").read_text("utf-8")
# the same plan in format 2, with one task whose deadline the plan ends with its state
V2 = V1.replace("format: emergency-plan/1", "format: emergency-plan/2").replace(
    "      - timer: {id: auto_close, title: 四小时自动结束, within: PT4H, fire: timeout}\n",
    "      - timer: {id: auto_close, title: 四小时自动结束, within: PT4H, fire: timeout}\n"
    "      - task: {id: brief, unit: site, title: 电话简报, within: PT20M, cancel_on_exit: true}\n")


def ev(type_: str, minutes: float, role: str = "commander", **data: object) -> Event:
    return Event(type_, T0 + timedelta(minutes=minutes), "张三", role, dict(data))


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


class Run:
    def __init__(self, text: str):
        self.plan: Plan = load_plan_text(text, "<deadlines>")
        self.events = [ev("open", 0, "duty_officer", facts={})]
        self.state, _ = open_incident(self.plan, self.events[0])
        self.effects: list[dict[str, object]] = []

    def do(self, e: Event) -> IncidentState:
        self.state, self.effects = step(self.plan, self.state, e)
        self.events.append(e)
        return self.state

    def record_due(self, minutes: float) -> None:
        for e in due_events(self.state, at(minutes)):
            self.do(e)

    def task(self, plan_id: str) -> str:
        return next(t["id"] for t in self.state.tasks.values() if t["plan_id"] == plan_id)

    def deadline(self, plan_id: str) -> dict[str, object]:
        return dict(self.state.deadlines[self.task(plan_id)])


def test_format_is_read_and_defaults_resolved() -> None:
    assert load_plan_text(V1, "<v1>").format_version == 1
    p = load_plan_text(V2, "<v2>")
    assert p.format_version == 2
    effects = {e.params.get("id") or e.kind: e.cancel_on_exit
               for st in p.states.values() for e in st.enter}
    # tasks and one-off reports last until done; timers and periodic reports end with their state
    assert effects == {"report": True, "onsite": False, "auto_close": True, "brief": True,
                       "test": False, "recheck": False}
    initial = next(e for e in p.states["received"].enter if e.kind == "report")
    assert initial.cancel_on_exit is False  # the 初报 is due whichever step the incident is at
    assert all(e.cancel_on_exit is None for st in load_plan_text(V1, "<v1>").states.values() for e in st.enter)


def test_a_task_still_open_when_its_state_is_left_stays_open_and_is_met_later() -> None:
    run = Run(V2)
    run.do(ev("fire", 10, event="dispatch"))
    onsite = run.deadline("onsite")
    assert onsite["status"] == "open" and onsite["due_at"] == at(30)
    assert run.deadline("brief")["status"] == "cancelled"  # the plan said so
    timer = next(d for d in run.state.deadlines.values() if d["kind"] == "timer")
    assert timer["status"] == "cancelled" and timer["closed_at"] == at(10)  # timers end with their state
    assert run.state.deadlines["R1"]["status"] == "open"  # the 初报 too
    run.do(ev("complete_task", 25, "duty_officer", task=run.task("onsite")))
    assert run.effects[-1] == {"kind": "task_done", "task": run.task("onsite"), "on_time": True}
    assert run.deadline("onsite")["status"] == "met" and run.deadline("onsite")["closed_at"] == at(25)
    assert replay(run.plan, run.events) == run.state


def test_a_task_still_open_when_its_state_is_left_is_missed_when_its_time_passes() -> None:
    run = Run(V2)
    run.do(ev("fire", 10, event="dispatch"))
    run.record_due(45)
    onsite = run.deadline("onsite")
    assert onsite["status"] == "missed" and onsite["closed_at"] == at(30)
    # the miss alerts; its on_miss transition no longer applies in 核实 and is skipped, saying why
    assert {"text": "未按时到达现场", "severity": "critical", "at": at(30)} in run.state.alerts
    assert run.state.leaf == "verifying"
    run.do(ev("complete_task", 50, "duty_officer", task=run.task("onsite")))
    assert run.effects[-1]["on_time"] is False
    assert replay(run.plan, run.events) == run.state


def test_closing_records_what_was_still_to_do_as_unfinished() -> None:
    run = Run(V2)
    run.do(ev("fire", 10, event="dispatch"))
    run.do(ev("complete_task", 20, "duty_officer", task=run.task("onsite")))
    run.do(ev("fire", 60, event="finish"))
    assert run.state.closed
    by_title = {d["title"]: (d["status"], d["closed_at"]) for d in run.state.deadlines.values()}
    assert by_title["赶赴现场"] == ("met", at(20))
    assert by_title["初报"] == ("unfinished", at(60))
    assert by_title["检测"] == ("unfinished", at(60))
    assert by_title["复核"] == ("unfinished", at(60))
    assert by_title["续报"] == ("cancelled", at(60))  # periodic: it lasts while its state does
    assert by_title["电话简报"] == ("cancelled", at(10))
    assert by_title["四小时自动结束"] == ("cancelled", at(10))
    assert replay(run.plan, run.events) == run.state


def test_a_format_1_plan_keeps_cancelling_on_exit_and_its_records_are_unchanged() -> None:
    run = Run(V1)
    run.do(ev("fire", 10, event="dispatch"))
    assert run.deadline("onsite")["status"] == "cancelled"
    assert all("cancel_on_exit" not in d for d in run.state.deadlines.values())
    run.do(ev("fire", 60, event="finish"))
    assert {d["status"] for d in run.state.deadlines.values()} == {"cancelled"}


def test_a_state_snapshot_round_trips_the_new_keys() -> None:
    run = Run(V2)
    run.do(ev("fire", 10, event="dispatch"))
    run.do(ev("acknowledge_task", 11, "duty_officer", task=run.task("test"), by="检测组李工"))
    back = IncidentState.from_json(run.state.to_json())
    assert back == run.state
    assert back.tasks[run.task("test")]["acked_at"] == at(11)


# -- 撤销完成 and 签收 ---------------------------------------------------------------------------

def test_a_mistaken_completion_is_withdrawn_and_the_deadline_is_open_again() -> None:
    run = Run(V2)
    tid = run.task("onsite")
    run.do(ev("complete_task", 5, "duty_officer", task=tid))
    assert run.deadline("onsite")["status"] == "met"
    with pytest.raises(Rejected, match="必须写明理由"):
        step(run.plan, run.state, ev("reopen_task", 6, "duty_officer", task=tid, reason="  "))
    run.do(ev("reopen_task", 6, "duty_officer", task=tid, reason="误点完成，现场组尚未到达"))
    task = run.state.tasks[tid]
    assert task["status"] == "open" and task["done_at"] is None
    assert task["reopened_at"] == at(6) and task["reopen_reason"] == "误点完成，现场组尚未到达"
    assert run.deadline("onsite")["status"] == "open" and run.deadline("onsite")["closed_at"] is None
    assert run.effects[-1] == {"kind": "task_reopened", "task": tid, "deadline": "open",
                               "reason": "误点完成，现场组尚未到达"}
    with pytest.raises(Rejected, match="尚未完成"):
        step(run.plan, run.state, ev("reopen_task", 7, "duty_officer", task=tid, reason="再撤销"))
    # past due now: it is missed when the deadline check runs, then done late
    run.record_due(40)
    assert run.deadline("onsite")["status"] == "missed"
    run.do(ev("complete_task", 41, "duty_officer", task=tid))
    assert run.effects[-1]["on_time"] is False
    assert [e.type for e in run.events].count("complete_task") == 2  # the log keeps both
    assert replay(run.plan, run.events) == run.state


def test_withdrawing_a_late_completion_leaves_the_deadline_missed() -> None:
    run = Run(V2)
    tid = run.task("onsite")
    run.record_due(31)
    run.do(ev("complete_task", 35, "duty_officer", task=tid))
    run.do(ev("reopen_task", 36, "duty_officer", task=tid, reason="记错任务"))
    assert run.deadline("onsite")["status"] == "missed"
    assert run.effects[-1]["deadline"] == "missed"


def test_acknowledgement_records_who_and_when_once() -> None:
    run = Run(V2)
    tid = run.task("onsite")
    run.do(ev("acknowledge_task", 3, "duty_officer", task=tid, by="现场核查组王磊"))
    t = run.state.tasks[tid]
    assert (t["acked_at"], t["acked_by"], t["ack_recorded_by"]) == (at(3), "现场核查组王磊", "张三")
    assert run.effects[-1] == {"kind": "task_acknowledged", "task": tid, "by": "现场核查组王磊"}
    with pytest.raises(Rejected, match="已于 03-01 08:03 由现场核查组王磊签收"):
        step(run.plan, run.state, ev("acknowledge_task", 4, "duty_officer", task=tid))
    other = run.task("brief")
    run.do(ev("acknowledge_task", 5, "duty_officer", task=other))
    assert run.state.tasks[other]["acked_by"] == "张三"  # no name given: the account that recorded it
    run.do(ev("complete_task", 6, "duty_officer", task=other))
    with pytest.raises(Rejected, match="已完成，无需签收"):
        step(run.plan, run.state, ev("acknowledge_task", 7, "duty_officer", task=other))
    with pytest.raises(Rejected, match="没有任务"):
        step(run.plan, run.state, ev("acknowledge_task", 7, "duty_officer", task="T99"))


def test_a_plan_may_set_how_soon_a_task_is_to_be_acknowledged() -> None:
    text = V2.replace("title: 赶赴现场, within: PT30M,", "title: 赶赴现场, within: PT30M, ack_within: PT5M,")
    run = Run(text)
    assert run.state.tasks[run.task("onsite")]["ack_within"] == 300
    assert "ack_within" not in run.state.tasks[run.task("brief")]


# -- the checker -------------------------------------------------------------------------------

def _error(text: str) -> tuple[int, int, str]:
    with pytest.raises(PlanError) as exc:
        load_plan_text(text, "p.yaml")
    [d] = exc.value.diagnostics
    return d.line, d.col, d.message


def _pos(text: str, token: str, plus: int = 0) -> tuple[int, int]:
    for n, line in enumerate(text.splitlines(), 1):
        if token in line:
            return n, line.index(token) + 1 + plus
    raise AssertionError(token)


VALUE = len("cancel_on_exit: ")  # the error points at the value written


def test_cancel_on_exit_needs_format_2_and_is_located() -> None:
    text = V1.replace("title: 检测, within: PT2H,", "title: 检测, within: PT2H, cancel_on_exit: true,")
    line, col, msg = _error(text)
    assert (line, col) == _pos(text, "cancel_on_exit", VALUE)
    assert "emergency-plan/2" in msg


def test_cancel_on_exit_on_a_timer_or_without_a_deadline_is_an_error() -> None:
    text = V2.replace("within: PT4H, fire: timeout}", "within: PT4H, fire: timeout, cancel_on_exit: false}")
    line, col, msg = _error(text)
    assert (line, col) == _pos(text, "cancel_on_exit: false", VALUE) and "计时器总是随所在状态结束而取消" in msg
    text = V2.replace("- {event: escalate_auto, to: urgent, roles: [commander]}",
                      "- {event: escalate_auto, to: urgent, roles: [commander],"
                      " effects: [{task: {unit: lab, title: 无期限, cancel_on_exit: true}}]}")
    line, col, msg = _error(text)
    assert (line, col) == _pos(text, "cancel_on_exit: true}}]}", VALUE) and "没有期限（within）" in msg


def test_cancel_on_exit_must_be_true_or_false() -> None:
    text = V2.replace("cancel_on_exit: true", "cancel_on_exit: 是")
    line, col, msg = _error(text)
    assert (line, col) == _pos(text, "是}")
    assert "是/否" in msg


def test_an_unknown_format_is_located() -> None:
    text = V2.replace("emergency-plan/2", "emergency-plan/3")
    line, col, msg = _error(text)
    assert (line, col) == _pos(text, "emergency-plan/3") and "emergency-plan/2" in msg


def test_the_checklist_says_which_deadline_ends_with_its_stage() -> None:
    from console.plan.checklist import checklist_text

    text = checklist_text(load_plan_text(V2, "<v2>"))
    assert "任务 · 现场核查组：电话简报（20分钟内，离开本阶段即取消）" in text  # by stage
    assert "［接报］电话简报（20分钟内，离开本阶段即取消）" in text  # by unit
    assert text.count("离开本阶段即取消") == 2  # only the task the plan marked; a timer goes without saying
