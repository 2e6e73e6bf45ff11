"""A final state ends every open task (plan format 2): 排除 marks each 不再需要 with the reason,
nothing of the incident counts down any more, 完成 is refused, and the review prints
不再需要（原因）. Incidents pinned to a format-1 plan keep the old rule (their tasks stay as
they were: tests/incidents/test_release_replay.py replays the release fixtures unchanged)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.incidents.rules import most_urgent, overdue_deadlines
from console.plan.engine import Rejected
from console.review.service import RunReview
from tests.room.conftest import open_new


def test_dismissing_ends_every_open_task_with_the_reason(console, clock) -> None:  # noqa: ANN001
    iid = open_new(console)
    svc = console.incidents
    clock.advance(timedelta(minutes=5))
    svc.command(iid, "fire", {"event": "dispatch"}, actor="值班员甲", role="duty_officer")
    done = next(iter(svc.state(iid).tasks))
    clock.advance(timedelta(minutes=5))
    svc.command(iid, "complete_task", {"task": done}, actor="值班员甲", role="duty_officer")
    assert any(t["status"] == "open" for t in svc.state(iid).tasks.values())
    clock.advance(timedelta(minutes=5))
    svc.command(iid, "fire", {"event": "dismiss", "reason": "系自制腌菜所致，与涉事超市无关"},
                actor="张指挥", role="commander")
    s = svc.state(iid)
    assert s.closed
    tasks = s.tasks.values()
    assert {t["status"] for t in tasks if t["id"] != done} == {"not_needed"}
    assert s.tasks[done]["status"] == "done"  # what was done stays done
    assert {t["ended_reason"] for t in tasks if t["status"] == "not_needed"} == {
        "事件已排除：系自制腌菜所致，与涉事超市无关"}
    # nothing counts down or alarms, even long after the deadlines
    clock.advance(timedelta(days=3))
    assert most_urgent(s) is None and overdue_deadlines(s, clock.now()) == []
    assert not [a for a in console.room.alarms.current() if a.incident_id == iid]
    with pytest.raises(Rejected, match="已结案"):
        svc.command(iid, "complete_task", {"task": next(t["id"] for t in tasks if t["status"] == "not_needed")},
                    actor="值班员甲", role="duty_officer")
    # the log replays to the same state, and the review says 不再需要（原因）
    assert svc.check_projection(iid) == []
    task_metrics = [m for m in RunReview(console.db, iid).metrics() if m.kind == "task"]
    ended = [m for m in task_metrics if m.status == "not_needed"]
    assert ended and all(m.status_zh == "不再需要（事件已排除：系自制腌菜所致，与涉事超市无关）" for m in ended)
    assert any("不再需要" in v for _, v in RunReview(console.db, iid).headline())


def test_without_a_reason_the_transition_title_is_the_reason(console, clock) -> None:  # noqa: ANN001
    iid = open_new(console)
    clock.advance(timedelta(minutes=5))
    console.incidents.command(iid, "fire", {"event": "dismiss"}, actor="值班员甲", role="duty_officer")
    reasons = {t.get("ended_reason") for t in console.incidents.state(iid).tasks.values()}
    assert reasons == {"事件已排除：经核实不属于食品安全事件"}


def test_the_log_records_the_ending_and_the_timeline_says_so(console, clock) -> None:  # noqa: ANN001
    from console.timeline.model import load_timeline

    iid = open_new(console)
    clock.advance(timedelta(minutes=5))
    console.incidents.command(iid, "fire", {"event": "dismiss"}, actor="值班员甲", role="duty_officer")
    types = [e.type for e in console.log.read(iid)]
    assert types[-2:] == ["fire", "end_tasks"]  # written together, with the closing command
    titles = [i.title for i in load_timeline(console.incidents, iid).items]
    assert any("不再需要" in t and "事件已排除" in t for t in titles), titles


def test_a_format_1_plan_ends_no_task() -> None:
    from datetime import datetime

    from console.clock import CHINA_TZ
    from console.plan import load_plan_text
    from console.plan.engine import Event, closing_reason, open_incident, step
    from tests.incidents.conftest import ROOT

    text = (ROOT / "tests" / "plan" / "fixtures" / "deadlines.yaml").read_text("utf-8")
    t0 = datetime(2026, 3, 1, 8, 0, tzinfo=CHINA_TZ)
    for fmt, ends in (("1", False), ("2", True)):
        plan = load_plan_text(text.replace("emergency-plan/1", f"emergency-plan/{fmt}"), "<deadlines>")
        s, _ = open_incident(plan, Event("open", t0, "甲", "duty_officer", {"facts": {}}))
        ev = Event("fire", t0 + timedelta(minutes=5), "甲", "commander", {"event": "timeout"})
        s, effects = step(plan, s, ev)
        assert s.closed
        assert (closing_reason(plan, s, ev, effects) is not None) is ends
