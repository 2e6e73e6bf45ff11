"""Engine unit tests on small fixture plans (tests/plan/fixtures/engine.yaml, deadlines.yaml)."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.plan.engine import (
    Event,
    IncidentState,
    Rejected,
    available_events,
    due_events,
    open_incident,
    replay,
    step,
)
from console.plan.loader import load_plan
from console.plan.records import Alert, ConsultationRecord, Deadline, MaterialsRequest, Notice, Task

FIX = Path(__file__).parent / "fixtures"
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=timezone(timedelta(hours=8)))


@pytest.fixture(scope="module")
def eplan():
    return load_plan(FIX / "engine.yaml", catalogue=None)


@pytest.fixture(scope="module")
def dplan():
    return load_plan(FIX / "deadlines.yaml", catalogue=None)


def ev(type_: str, minutes: float = 0, role: str = "commander", **data) -> Event:
    return Event(type_, T0 + timedelta(minutes=minutes), "张三", role, data)


def fire(name: str, minutes: float = 0, role: str = "commander") -> Event:
    return ev("fire", minutes, role, event=name)


def trace(effects) -> list[str]:
    return [e["text"] for e in effects if e["kind"] == "alert"]


def opened(plan, **facts):
    s, effects = open_incident(plan, ev("open", 0, "duty_officer", facts=facts))
    return s, effects


# -- compound states ---------------------------------------------------------------


def test_open_enters_outermost_first(eplan):
    s, effects = opened(eplan)
    assert trace(effects) == ["enter outer", "enter a"]
    assert s.leaf == "a" and s.active == ("a", "outer")
    assert s.active_set == {"a", "outer"}


def test_enter_compound_goes_down_to_initial_child(eplan):
    s, _ = opened(eplan)
    s, effects = step(eplan, s, fire("go", 1))
    assert trace(effects) == ["exit a", "tr a->inner", "enter inner", "enter b"]
    assert s.leaf == "b" and s.active == ("b", "inner", "outer")


def test_exit_innermost_first_then_transition_effects_then_enter(eplan):
    s, _ = opened(eplan)
    s, _ = step(eplan, s, fire("go", 1))
    s, _ = step(eplan, s, fire("to_c", 2))
    s, effects = step(eplan, s, fire("back", 3))
    assert trace(effects) == ["exit c", "exit inner", "tr c->a", "enter a"]
    assert s.active == ("a", "outer")


def test_transition_to_parent_reenters_its_initial_child(eplan):
    s, _ = opened(eplan)
    s, _ = step(eplan, s, fire("go", 1))
    s, _ = step(eplan, s, fire("to_c", 2))
    s, effects = step(eplan, s, fire("up", 3))  # declared on `inner`, target its parent `outer`
    assert trace(effects) == ["exit c", "exit inner", "exit outer", "enter outer", "enter a"]
    assert s.leaf == "a"


def test_self_transition_reenters(eplan):
    s, _ = opened(eplan)
    s, effects = step(eplan, s, fire("self", 5))
    assert trace(effects) == ["exit a", "enter a"]
    assert s.entered["a"] == T0 + timedelta(minutes=5)
    # the task of the first entry was cancelled with its state, a new one is open
    tasks = sorted(s.tasks.values(), key=lambda t: t["id"])
    assert [s.deadlines[t["id"]]["status"] for t in tasks] == ["cancelled", "open"]


def test_compound_self_transition_declared_on_ancestor(eplan):
    s, _ = opened(eplan)
    s, _ = step(eplan, s, fire("go", 1))
    s, effects = step(eplan, s, fire("reset", 2))  # on `outer`, to `outer`
    assert trace(effects) == ["exit b", "exit inner", "exit outer", "enter outer", "enter a"]
    assert s.active == ("a", "outer")


def test_ancestor_transition_applies_in_children(eplan):
    s, _ = opened(eplan)
    s, _ = step(eplan, s, fire("go", 1))
    s, _ = step(eplan, s, fire("to_c", 2))
    s, _ = step(eplan, s, ev("consult_concluded", 3, question="terminate", outcome="approve"))
    s, effects = step(eplan, s, fire("finish", 4))
    assert trace(effects) == ["exit c", "exit inner", "exit outer"]
    assert s.closed and s.leaf == "done" and s.active == ("done",)
    assert effects[-1] == {"kind": "closed", "state": "done"}


def test_internal_transition_does_not_exit_or_enter(eplan):
    s, _ = opened(eplan)
    s, _ = step(eplan, s, fire("go", 1))
    before_entered = dict(s.entered)
    s2, effects = step(eplan, s, fire("mark", 2))
    assert trace(effects) == ["internal mark"]
    assert s2.active == s.active and s2.entered == before_entered
    assert effects[0] == {"kind": "transition", "event": "mark", "from": "b", "to": None}


# -- rejections --------------------------------------------------------------------


def test_role_rejection_names_allowed_roles(eplan):
    s, _ = opened(eplan)
    with pytest.raises(Rejected) as exc:
        step(eplan, s, fire("go", 1, role="analyst"))
    assert exc.value.code == "role"
    assert "分析员" in exc.value.reason and "值班员" in exc.value.reason and "指挥长" in exc.value.reason


def test_guard_rejection_states_condition(eplan):
    s, _ = opened(eplan, cases=5)
    with pytest.raises(Rejected) as exc:
        step(eplan, s, fire("guarded", 1))
    assert exc.value.code == "guard"
    assert "发病人数 ≥ 100" in exc.value.reason
    s, _ = step(eplan, s, ev("facts", 2, facts={"cases": 100}))
    s, _ = step(eplan, s, fire("guarded", 3))
    assert s.leaf == "b"


def test_event_in_wrong_state_rejected(eplan):
    s, _ = opened(eplan)
    with pytest.raises(Rejected) as exc:
        step(eplan, s, fire("to_c", 1))
    assert exc.value.code == "not_here"
    assert "状态A" in exc.value.reason
    with pytest.raises(Rejected) as exc:
        step(eplan, s, fire("no_such_event", 1))
    assert exc.value.code == "unknown_event"


def test_unknown_role_and_bad_input_rejected(eplan):
    s, _ = opened(eplan)
    for bad in (
        fire("go", 1, role="janitor"),
        ev("fire", 1),
        ev("complete_task", 1, task=["x"]),
        ev("submit_report", 1, kind={"a": 1}),
        ev("deadline_missed", 1, deadline=None),
        ev("facts", 1, facts={"cases": -1}),
        ev("facts", 1, facts={"cases": "many"}),
        ev("facts", 1, facts={"ratio": float("nan")}),
        ev("facts", 1, facts={"setting": "mall"}),
        ev("facts", 1, facts={"nope": 1}),
        ev("facts", 1, facts={}),
        ev("decide_level", 1, level="V", reason="x"),
        ev("decide_level", 1, level="III", reason=" "),
        ev("consult_concluded", 1, question="terminate", outcome="maybe"),
        ev("whatever", 1),
        ev("open", 1),
        Event("fire", datetime(2026, 3, 1, 9, 0), "张三", "commander", {"event": "go"}),  # naive time
    ):
        with pytest.raises(Rejected):
            step(eplan, s, bad)


def test_rejected_event_leaves_input_state_unchanged(eplan):
    s, _ = opened(eplan, cases=5)
    s, _ = step(eplan, s, fire("go", 1))
    before = json.dumps(s.to_json(), sort_keys=True)
    snapshot = copy.deepcopy(s.to_json())
    for bad in (fire("go", 2), fire("to_c", 2, role="nobody"), fire("finish", 2),
                ev("complete_task", 2, task="T999"), fire("to_c", 0.5)):
        with pytest.raises(Rejected):
            step(eplan, s, bad)
    assert json.dumps(s.to_json(), sort_keys=True) == before
    assert s.to_json() == snapshot
    # and a successful step does not touch its input either
    step(eplan, s, fire("to_c", 3))
    step(eplan, s, ev("facts", 3, facts={"cases": 500}))
    step(eplan, s, ev("complete_task", 3, task="T1"))
    assert s.to_json() == snapshot


def test_time_going_backwards_rejected(eplan):
    s, _ = opened(eplan)
    s, _ = step(eplan, s, fire("go", 10))
    with pytest.raises(Rejected) as exc:
        step(eplan, s, fire("to_c", 9))
    assert exc.value.code == "time_order"
    step(eplan, s, fire("to_c", 10))  # the same instant is fine


def test_available_events_explain(eplan):
    s, _ = opened(eplan)
    ev_by_name = {e["event"]: e for e in available_events(eplan, s, "analyst")}
    assert ev_by_name["go"]["allowed"] is False and "值班员" in ev_by_name["go"]["reason"]
    assert ev_by_name["self"]["allowed"] is True
    assert ev_by_name["finish"]["allowed"] is False


# -- deadlines ---------------------------------------------------------------------


def test_deadlines_measured_from_received_with_level_map(dplan):
    s, _ = opened(dplan, cases=500)  # suggested II, the level not decided yet: the suggestion counts
    d = next(d for d in s.deadlines.values() if d["kind"] == "report")
    assert d["due_at"] == T0 + timedelta(hours=1)  # II: PT1H from the suggestion
    s0, _ = opened(dplan, cases=1)  # no rule matches: neither level nor suggestion
    d0 = next(d for d in s0.deadlines.values() if d["kind"] == "report")
    assert d0["due_at"] == T0 + timedelta(hours=2)  # default
    s, _ = step(dplan, s, ev("decide_level", 5, level="II", reason="市政府认定"))
    s, _ = step(dplan, s, fire("dispatch", 20))
    recheck = next(d for d in s.deadlines.values() if d.get("task") and s.tasks[d["task"]]["plan_id"] == "recheck")
    assert recheck["due_at"] == T0 + timedelta(hours=3)  # II not in the map: default
    s2, _ = open_incident(dplan, ev("open", 0, facts={"cases": 2000}))
    s2, _ = step(dplan, s2, ev("decide_level", 1, level="I", reason="国务院认定"))
    s2, _ = step(dplan, s2, fire("dispatch", 40))
    recheck = next(d for d in s2.deadlines.values() if d.get("task") and s2.tasks[d["task"]]["plan_id"] == "recheck")
    assert recheck["due_at"] == T0 + timedelta(hours=1)  # from received, I: PT1H


def test_deadline_from_event_and_from_entry(dplan):
    s, _ = opened(dplan)
    onsite = s.tasks["T2"]
    assert onsite["due_at"] == T0 + timedelta(minutes=30)  # from entry (= received here)
    s, _ = step(dplan, s, fire("dispatch", 25))
    test = next(t for t in s.tasks.values() if t["plan_id"] == "test")
    assert test["due_at"] == T0 + timedelta(minutes=25, hours=2)  # from event:dispatch


def test_deadlines_cancelled_when_state_left(dplan):
    s, _ = opened(dplan)
    open_before = {d["id"] for d in s.open_deadlines()}
    s, _ = step(dplan, s, fire("dispatch", 10))
    for did in open_before:
        assert s.deadlines[did]["status"] == "cancelled"
        assert s.deadlines[did]["closed_at"] == T0 + timedelta(minutes=10)


def test_due_events_and_missed_deadline_alert_and_fire(dplan):
    s, _ = opened(dplan)
    assert due_events(s, T0 + timedelta(minutes=29)) == []
    due = due_events(s, T0 + timedelta(minutes=45))
    assert [e.data["deadline"] for e in due] == ["T2"]
    assert due[0].at == T0 + timedelta(minutes=30) and due[0].role == "system"
    s, effects = step(dplan, s, due[0])
    kinds = [e["kind"] for e in effects]
    assert kinds[:2] == ["deadline_missed", "alert"]
    assert effects[1]["text"] == "未按时到达现场" and effects[1]["severity"] == "critical"
    assert s.leaf == "urgent"  # on_miss.fire escalate_auto, by the system role
    assert s.tasks["T2"]["status"] == "open" and s.deadlines["T2"]["status"] == "missed"
    with pytest.raises(Rejected):
        step(dplan, s, ev("deadline_missed", 50, role="commander", deadline="T2"))


def test_missed_deadline_not_yet_due_rejected(dplan):
    s, _ = opened(dplan)
    with pytest.raises(Rejected) as exc:
        step(dplan, s, ev("deadline_missed", 10, deadline="T2"))
    assert exc.value.code == "not_due"


def test_fire_skipped_when_not_allowed(dplan):
    s, _ = opened(dplan)
    s, _ = step(dplan, s, fire("dispatch", 10))
    test = next(t for t in s.tasks.values() if t["plan_id"] == "test")
    # the test task's deadline fires `done`, whose guard needs no open lab tasks: skipped
    s, effects = step(dplan, s, ev("deadline_missed", 10 + 121, role="system", deadline=test["id"]))
    skipped = [e for e in effects if e["kind"] == "fire_skipped"]
    assert skipped and skipped[0]["event"] == "done" and "未完成任务数" in skipped[0]["reason"]
    assert s.leaf == "verifying"


def test_timer_fires_event(dplan):
    s, _ = opened(dplan)
    s, _ = step(dplan, s, ev("complete_task", 5, task="T2"))
    s, _ = step(dplan, s, ev("submit_report", 6, kind="initial"))
    due = due_events(s, T0 + timedelta(hours=5))
    assert [s.deadlines[e.data["deadline"]]["kind"] for e in due] == ["timer"]
    s, effects = step(dplan, s, due[0])
    assert s.deadlines[due[0].data["deadline"]]["status"] == "expired"
    assert s.closed and s.leaf == "closed"


def test_complete_task_meets_deadline_on_time_and_late(dplan):
    s, _ = opened(dplan)
    s1, effects = step(dplan, s, ev("complete_task", 30, role="duty_officer", task="T2"))
    assert effects == [{"kind": "task_done", "task": "T2", "on_time": True}]
    assert s1.deadlines["T2"]["status"] == "met" and s1.open_task_count("site") == 0
    with pytest.raises(Rejected):
        step(dplan, s1, ev("complete_task", 31, task="T2"))
    s2, effects = step(dplan, s, ev("complete_task", 31, task="T2"))  # late, not yet recorded missed
    assert effects[0]["on_time"] is False and s2.deadlines["T2"]["status"] == "met"
    miss = due_events(s, T0 + timedelta(minutes=40))[0]
    s3, _ = step(dplan, s, miss)
    s3, _ = step(dplan, s3, ev("complete_task", 41, task="T2"))  # still completable after a miss
    assert s3.tasks["T2"]["status"] == "done"


def test_periodic_report_every(dplan):
    s, _ = opened(dplan)
    s, _ = step(dplan, s, fire("dispatch", 0))
    rep = next(d for d in s.open_deadlines() if d.get("report_kind") == "progress")
    assert rep["due_at"] == T0 + timedelta(hours=6)
    s, effects = step(dplan, s, ev("submit_report", 60, kind="progress"))
    assert effects[0]["deadline"] == rep["id"] and s.deadlines[rep["id"]]["status"] == "met"
    nxt = next(d for d in s.open_deadlines() if d.get("report_kind") == "progress")
    assert nxt["due_at"] == T0 + timedelta(minutes=60, days=1)
    # a missed periodic report is due again one period after its due time
    miss = next(e for e in due_events(s, T0 + timedelta(days=3)) if e.data["deadline"] == nxt["id"])
    s, _ = step(dplan, s, miss)
    again = next(d for d in s.open_deadlines() if d.get("report_kind") == "progress")
    assert again["due_at"] == nxt["due_at"] + timedelta(days=1)
    assert s.reports_submitted("progress") == 1


def test_exit_effect_deadline_outlives_the_state(eplan):
    s, _ = opened(eplan)
    s, _ = step(eplan, s, fire("go", 1))
    s, _ = step(eplan, s, fire("to_c", 2))
    s, _ = step(eplan, s, fire("back", 3))  # leaving `inner` asks for a report within 1 h
    rep = [d for d in s.open_deadlines() if d["kind"] == "report"]
    assert len(rep) == 1 and rep[0]["due_at"] == T0 + timedelta(minutes=63) and rep[0]["scope"] == "outer"


def test_final_state_cancels_every_deadline(eplan):
    s, _ = opened(eplan)
    s, _ = step(eplan, s, ev("consult_concluded", 1, question="terminate", outcome="approve"))
    s, _ = step(eplan, s, fire("finish", 2))
    assert s.closed and s.open_deadlines() == []


# -- levels ------------------------------------------------------------------------


def level_after(eplan, start, event):
    s, _ = opened(eplan)
    if start is not None:
        s, _ = step(eplan, s, ev("decide_level", 0, level=start, reason="测试"))
    s, effects = step(eplan, s, fire(event, 1))
    return s.level


@pytest.mark.parametrize(
    ("start", "event", "expected"),
    [
        ("III", "raise1", "II"), ("II", "raise1", "I"), ("I", "raise1", "I"), ("IV", "raise3", "I"),
        ("III", "raise3", "I"), (None, "raise1", "IV"), (None, "raise3", "II"),
        ("III", "lower1", "IV"), ("IV", "lower1", "IV"), ("III", "lower2", "IV"), ("I", "lower2", "III"),
        (None, "lower1", None), ("I", "set_three", "III"), (None, "set_three", "III"),
    ],
)
def test_level_effects_clamp(eplan, start, event, expected):
    assert level_after(eplan, start, event) == expected


def test_level_set_suggested_and_grading(eplan):
    s, _ = opened(eplan, cases=150, setting="school")
    assert s.suggestion["base"] == "II" and s.suggestion["winner"] == "g2"
    # school raises one level, capped at II
    assert s.suggested_level == "II" and s.suggestion["modifiers"] == ["school"]
    s, effects = step(eplan, s, ev("facts", 1, facts={"cases": 40, "setting": "other"}))
    assert s.suggested_level == "III"
    assert {"kind": "suggestion", "from": "II", "to": "III", "rule": "g3"} in effects
    s, _ = step(eplan, s, fire("set_suggested", 2))
    assert s.level == "III" and s.level_basis["by"] == "plan"
    s, _ = step(eplan, s, ev("facts", 3, facts={"cases": None}))
    assert s.suggested_level is None and "cases" not in s.facts


def test_decide_level_override_recorded(eplan):
    s, _ = opened(eplan, cases=40)
    with pytest.raises(Rejected) as exc:
        step(eplan, s, ev("decide_level", 1, role="duty_officer", level="II", reason="x"))
    assert "指挥长" in exc.value.reason
    s, effects = step(eplan, s, ev("decide_level", 1, level="II", reason="经专家核定", basis="专家核定"))
    assert s.level == "II"
    assert s.level_basis["suggested"] == "III" and s.level_basis["reason"] == "经专家核定"
    assert s.level_basis["basis"] == "专家核定" and s.level_basis["actor"] == "张三"
    assert effects == [{"kind": "level", "from": None, "to": "II", "decision": True, "override": True}]
    s, effects = step(eplan, s, ev("decide_level", 2, level=None, reason="不构成分级事件"))
    assert s.level is None and effects[0]["override"] is True


# -- consultations -----------------------------------------------------------------


def test_consultation_visible_to_guards_and_reset_on_rerequest(eplan):
    s, _ = opened(eplan)
    s, _ = step(eplan, s, fire("go", 1))  # inner requests a terminate consultation
    assert s.consultations["terminate"]["status"] == "requested"
    with pytest.raises(Rejected) as exc:
        step(eplan, s, fire("finish", 2))
    assert "专家会商（终止响应）" in exc.value.reason
    s, _ = step(eplan, s, ev("consult_concluded", 3, question="terminate", outcome="reject"))
    with pytest.raises(Rejected):
        step(eplan, s, fire("finish", 4))
    s, _ = step(eplan, s, ev("consult_concluded", 5, question="terminate", outcome="approve", level="III"))
    c = s.consultations["terminate"]
    assert c["status"] == "concluded" and c["outcome"] == "approve" and c["level"] == "III"
    assert s.deadlines[c["id"]]["status"] == "met"
    # leave and re-enter inner: a new consultation is requested, the old conclusion no longer counts
    s, _ = step(eplan, s, fire("up", 6))
    s, _ = step(eplan, s, fire("go", 7))
    assert s.consultations["terminate"]["status"] == "requested"
    with pytest.raises(Rejected):
        step(eplan, s, fire("finish", 8))


# -- closed incidents --------------------------------------------------------------


def test_closed_incident_rejects_everything_but_notes(eplan):
    s, _ = opened(eplan)
    s, _ = step(eplan, s, ev("consult_concluded", 1, question="terminate", outcome="approve"))
    s, _ = step(eplan, s, fire("finish", 2))
    for bad in (fire("go", 3), ev("facts", 3, facts={"cases": 1}),
                ev("decide_level", 3, level="I", reason="x"), ev("submit_report", 3, kind="final")):
        with pytest.raises(Rejected) as exc:
            step(eplan, s, bad)
        assert exc.value.code == "closed"
    s2, effects = step(eplan, s, ev("note", 4, text="补记"))
    assert effects == [] and s2.now == T0 + timedelta(minutes=4)
    step(eplan, s, ev("log.call", 4))
    assert available_events(eplan, s, "commander") == [] or all(
        not e["allowed"] for e in available_events(eplan, s, "commander"))


# -- serialisation and determinism -------------------------------------------------


def _busy_state(dplan):
    s, _ = opened(dplan, cases=120)
    events = [
        ev("decide_level", 1, level="II", reason="认定"),
        fire("dispatch", 2),
        ev("submit_report", 3, kind="initial"),
        ev("complete_task", 4, task="T4"),
        ev("submit_report", 70, kind="progress"),
        ev("consult_concluded", 71, question="technical", outcome="approve", summary="摘要"),
        ev("note", 72, text="备注"),
    ]
    for e in events:
        s, _ = step(dplan, s, e)
    return s


def test_to_json_from_json_round_trip(dplan, eplan):
    s = _busy_state(dplan)
    data = json.loads(json.dumps(s.to_json(), ensure_ascii=False))
    back = IncidentState.from_json(data)
    assert back == s and back.to_json() == s.to_json()
    assert back.active_set == s.active_set and isinstance(back.active, tuple)
    assert back.received_at == s.received_at and back.tasks == s.tasks and back.deadlines == s.deadlines
    # the restored state keeps working exactly like the original
    e = ev("complete_task", 80, task="T5")
    assert step(dplan, back, e) == step(dplan, s, e)
    # text facts that look like times stay text
    s2, _ = opened(eplan, note_text="2026-03-01T08:00:00+08:00")
    assert IncidentState.from_json(json.loads(json.dumps(s2.to_json()))).facts == s2.facts


def _random_walk(plan, choices: list[int]) -> list[Event]:
    """Turn a list of integers into a valid event sequence by always picking an allowed event."""
    s, _ = open_incident(plan, ev("open", 0, facts={"cases": 12}))
    events = [ev("open", 0, facts={"cases": 12})]
    minute = 0.0
    for c in choices:
        minute += 1 + c % 97
        at = T0 + timedelta(minutes=minute)
        cands: list[Event] = list(due_events(s, at))
        for role in ("commander", "duty_officer"):
            for a in available_events(plan, s, role):
                if a["allowed"]:
                    cands.append(Event("fire", at, "李四", role, {"event": a["event"]}))
        cands += [Event("complete_task", at, "王五", "duty_officer", {"task": t})
                  for t, rec in s.tasks.items() if rec["status"] == "open"]
        cands += [Event("facts", at, "王五", "duty_officer", {"facts": {"cases": c % 1500}}),
                  Event("consult_concluded", at, "专家", "commander",
                        {"question": "terminate", "outcome": ("approve", "reject")[c % 2]}),
                  Event("submit_report", at, "王五", "duty_officer",
                        {"kind": sorted(plan.report_kinds)[c % len(plan.report_kinds)]}),
                  Event("decide_level", at, "李四", "commander",
                        {"level": (None, *plan.level_ids)[c % 5], "reason": "研判"})]
        e = cands[c % len(cands)]
        try:
            s, _ = step(plan, s, e)
        except Rejected:
            continue
        events.append(e)
        if s.closed:
            break
    return events


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choices=st.lists(st.integers(min_value=0, max_value=10_000), max_size=40), which=st.booleans())
def test_replay_is_deterministic_and_equals_folding_step(eplan, dplan, choices, which):
    plan = eplan if which else dplan
    events = _random_walk(plan, choices)
    a = replay(plan, events)
    b = replay(plan, list(events))
    assert a == b
    s, _ = open_incident(plan, events[0])
    for e in events[1:]:
        s, _ = step(plan, s, e)
    assert s == a
    # replaying from a mid-way snapshot gives the same end state
    mid = len(events) // 2 or 1
    snap = replay(plan, events[:mid])
    snap = IncidentState.from_json(json.loads(json.dumps(snap.to_json())))
    assert replay(plan, events[mid:], snap) == a


# -- the records' keys ---------------------------------------------------------------


def _keys_match(record: dict, typed: type) -> None:
    keys = set(record)
    assert typed.__required_keys__ <= keys <= typed.__required_keys__ | typed.__optional_keys__, (
        typed.__name__, sorted(keys ^ (typed.__required_keys__ | typed.__optional_keys__)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choices=st.lists(st.integers(min_value=0, max_value=10_000), max_size=40), which=st.booleans())
def test_records_have_exactly_the_keys_of_their_types(eplan, dplan, choices, which):
    """The engine writes every task, deadline, materials request, consultation, notice and alert
    with the keys console.plan.records declares (what the readers are type-checked against)."""
    plan = eplan if which else dplan
    s = replay(plan, _random_walk(plan, choices))
    busy = _busy_state(dplan)
    for state in (s, busy, _shipped_with_materials(), IncidentState.from_json(json.loads(json.dumps(s.to_json())))):
        for t in state.tasks.values():
            _keys_match(t, Task)
        for d in state.deadlines.values():
            _keys_match(d, Deadline)
            # the shipped county plan now reports by chain hops and asks approvals (format 2)
            assert d["kind"] in ("task", "report", "consult", "materials", "timer", "approval", "report_hop")
        for m in state.materials:
            _keys_match(m, MaterialsRequest)
        for c in state.consultations.values():
            _keys_match(c, ConsultationRecord)
        for n in state.notices:
            _keys_match(n, Notice)
        for a in state.alerts:
            _keys_match(a, Alert)


def _shipped_with_materials() -> IncidentState:
    """A shipped plan driven until it has requested materials, notices and alerts; one delivered."""
    plan = load_plan(Path(__file__).resolve().parents[2] / "plans" / "food-county.yaml", catalogue=None)
    s, _ = open_incident(plan, ev("open", 0, "duty_officer", facts={"cases": 40}))
    s, _ = step(plan, s, fire("dispatch", 1))
    s, _ = step(plan, s, fire("verified", 2))
    s, _ = step(plan, s, ev("decide_level", 3, level="IV", reason="认定"))
    s, _ = step(plan, s, ev("consult_concluded", 4, question="grade", outcome="approve", level="IV"))
    s, _ = step(plan, s, fire("respond", 5))
    minute = 5
    assert s.materials and s.notices
    s, _ = step(plan, s, ev("materials_delivered", minute + 1, "duty_officer", request=s.materials[0]["id"],
                            note="送达", dispatch="RQ-1"))
    for e in due_events(s, T0 + timedelta(days=3)):
        s, _ = step(plan, s, e)
    assert s.alerts or any(d["status"] == "missed" for d in s.deadlines.values())
    return s
