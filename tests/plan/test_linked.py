"""Linked incidents and hand-over in the plan layer: the ``linked`` guards at their window's edges,
the engine events, the hand-over effect, and the located errors of the static checks."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from console.plan import PlanError, load_plan_text
from console.plan.engine import Event, IncidentState, Rejected, open_incident, replay, step
from console.plan.loader import load_plan
from tests.plan.test_loader_errors import MINI, at, sub

ROOT = Path(__file__).resolve().parents[2]
FIX = Path(__file__).parent / "fixtures"
FOOD_PATH = FIX / "linked-food.yaml"
FOOD = FOOD_PATH.read_text("utf-8")
T0 = datetime.fromisoformat("2026-11-22T09:00:00+08:00")
H = timedelta(hours=1)
S = timedelta(seconds=1)
KNOWN = {"public-health-test"}


@pytest.fixture(scope="module")
def plan():
    return load_plan(FOOD_PATH, known_plans=KNOWN)


def _opened(plan, **facts: Any) -> IncidentState:
    s, _ = open_incident(plan, Event("open", T0, "王值班", "duty_officer", {"facts": facts}))
    return s


def _link(plan, s: IncidentState, other: str, offset: timedelta, **extra: Any) -> IncidentState:
    facts = extra.pop("facts", {})
    data = {"incident": other, "received_at": (T0 + offset).isoformat(), "facts": facts, "reason": "同一批次",
            **extra}
    s, _ = step(plan, s, Event("link_incident", max(s.now, T0), "李指挥", "commander", data))
    return s


def _guard(plan, text: str):
    """A guard compiled in the fixture plan's context (through a transition's ``when``)."""
    doc = FOOD.replace("when: {linked: {count: {ge: 3}, within: PT24H}}", f"when: {text}")
    p = load_plan_text(doc, "g.yaml", known_plans=KNOWN)
    tr = next(tr for tr in p.states["received"].transitions if tr.event == "cluster")
    return tr.guard


# (guard, this incident's cases, [(linked offset from this 接报, its cases, extra)], holds)
CASES = [
    ("{linked: {count: {ge: 2}, within: PT24H}}", 1, [], False),
    ("{linked: {count: {ge: 1}, within: PT24H}}", 1, [], True),  # this incident itself counts
    ("{linked: {count: {ge: 2}, within: PT24H}}", 1, [(24 * H, 1, {})], True),  # edge after: inside
    ("{linked: {count: {ge: 2}, within: PT24H}}", 1, [(24 * H + S, 1, {})], False),  # one second past
    ("{linked: {count: {ge: 2}, within: PT24H}}", 1, [(-24 * H, 1, {})], True),  # edge before: inside
    ("{linked: {count: {ge: 2}, within: PT24H}}", 1, [(-24 * H - S, 1, {})], False),
    ("{linked: {count: {ge: 2}}}", 1, [(-30 * 24 * H, 1, {})], True),  # no window: every link
    # a hand-over link is the same incident under another plan: never counted
    ("{linked: {count: {ge: 2}, within: PT24H}}", 1, [(H, 1, {"handover": "from"})], False),
    ("{linked: {count: {ge: 2}, within: PT24H}}", 1, [(H, 1, {"merged": True})], True),  # merged ones count
    ("{linked: {count: {eq: 3}, within: PT24H}}", 1, [(H, 1, {}), (-H, 1, {}), (25 * H, 1, {})], True),
    ("{linked: {count: {lt: 3}, within: PT24H}}", 1, [(H, 1, {}), (-H, 1, {})], False),
    ("{linked: {sum: cases, ge: 30, within: PT24H}}", 10, [(24 * H, 20, {})], True),
    ("{linked: {sum: cases, ge: 30, within: PT24H}}", 10, [(24 * H + S, 20, {})], False),
    ("{linked: {sum: cases, ge: 30, within: PT24H}}", 10, [(-24 * H, 20, {})], True),
    ("{linked: {sum: cases, ge: 30, within: PT24H}}", 10, [(-24 * H - S, 20, {})], False),
    ("{linked: {sum: cases, ge: 30, within: PT24H}}", 10, [(H, 19, {})], False),  # 29
    ("{linked: {sum: cases, ge: 30, within: PT24H}}", 10, [(H, None, {}), (2 * H, 20, {})], True),  # unknown adds 0
    ("{linked: {sum: cases, ge: 30, within: PT24H}}", 10, [(H, 20, {"handover": "to"})], False),
    ("{linked: {sum: cases, gt: 30, within: PT24H}}", 10, [(H, 20, {})], False),
    ("{linked: {sum: cases, ge: 30}}", 10, [(-40 * H, 20, {})], True),
]


@pytest.mark.parametrize(("text", "cases", "links", "holds"), CASES)
def test_linked_guard_table(plan, text, cases, links, holds):
    guard = _guard(plan, text)
    s = _opened(plan, cases=cases)
    for i, (offset, n, extra) in enumerate(links):
        s = _link(plan, s, f"X{i}", offset, facts={} if n is None else {"cases": n}, **extra)
    assert guard.test(s) is holds, guard.text


def test_guard_text_says_what_counts(plan):
    assert _guard(plan, "{linked: {sum: cases, ge: 30, within: PT24H}}").text == \
        "本事件及接报相隔 24小时 以内的关联事件发病人数合计 ≥ 30"
    assert _guard(plan, "{linked: {count: {ge: 3}}}").text == "本事件及关联事件共 ≥ 3 起"


def test_grading_by_linked_sum_is_never_memoised(plan):
    assert plan.grading_index is None  # a rule looks beyond the facts
    s = _opened(plan, cases=12)
    assert s.suggested_level == "IV"
    s = _link(plan, s, "B", 3 * H, facts={"cases": 15})
    assert s.suggested_level == "IV"  # 27
    s2, effects = step(plan, s, Event("linked_facts", T0 + H, "王值班", "system",
                                      {"incident": "B", "facts": {"cases": 18}}))
    assert s2.facts == s.facts and s2.suggested_level == "III"  # same facts, other suggestion: 30
    assert {"kind": "suggestion", "from": "IV", "to": "III", "rule": "r3-cluster"} in effects
    s3, _ = step(plan, s2, Event("unlink_incident", T0 + 2 * H, "李指挥", "commander",
                                 {"incident": "B", "reason": "不是同一批次"}))
    assert s3.suggested_level == "IV" and not s3.linked


def test_cluster_transition_needs_three_incidents_in_the_window(plan):
    s = _opened(plan, cases=3)
    s = _link(plan, s, "B", 2 * H)
    with pytest.raises(Rejected, match="本事件及接报相隔 24小时 以内的关联事件共 ≥ 3 起"):
        step(plan, s, Event("fire", T0 + H, "李指挥", "commander", {"event": "cluster"}))
    s = _link(plan, s, "C", -5 * H)
    s2, _ = step(plan, s, Event("fire", T0 + H, "李指挥", "commander", {"event": "cluster"}))
    assert s2.leaf == "clustered"


def test_link_events_refused_and_replayed(plan):
    s = _opened(plan, cases=3)
    ev = Event("linked_facts", T0, "x", "system", {"incident": "B", "facts": {"cases": 1}})
    with pytest.raises(Rejected, match="未与事件 B 关联"):
        step(plan, s, ev)
    with pytest.raises(Rejected, match="理由"):
        step(plan, s, Event("link_incident", T0, "x", "commander",
                            {"incident": "B", "received_at": T0.isoformat(), "reason": " "}))
    s = _link(plan, s, "B", H, merged=True)
    with pytest.raises(Rejected, match="不能取消关联"):
        step(plan, s, Event("unlink_incident", T0, "x", "commander", {"incident": "B", "reason": "误"}))
    events = [Event("open", T0, "王值班", "duty_officer", {"facts": {"cases": 3}}),
              Event("link_incident", T0 + H, "李指挥", "commander",
                    {"incident": "B", "received_at": (T0 + H).isoformat(), "facts": {"cases": 4}, "reason": "同批次",
                     "merged": True}),
              Event("merged_into", T0 + H, "李指挥", "commander", {"incident": "B", "reason": "并入"})]
    final = replay(plan, events)
    assert final.closed and final.linked["B"]["into"]
    assert all(t["status"] == "not_needed" and t["ended_reason"] == "并入事件 B" for t in final.tasks.values())
    assert IncidentState.from_json(final.to_json()) == final  # survives the projection's JSON
    with pytest.raises(Rejected, match="已结案"):
        step(plan, final, Event("link_incident", T0 + 2 * H, "x", "commander",
                                {"incident": "C", "received_at": T0.isoformat(), "reason": "r"}))


def test_entering_the_handover_state_yields_the_effect(plan):
    s = _opened(plan, cases=14, deaths=1, vehicle="凉拌菜")
    s2, effects = step(plan, s, Event("fire", T0 + H, "李指挥", "commander", {"event": "hand_over"}))
    assert s2.closed
    assert {"kind": "handover", "plan": "public-health-test", "title": "移交卫生健康部门（疑似传染病）",
            "state": "handed", "facts": {"cases": 14, "deaths": 1}} in effects
    # the hand-over link is recorded after the closing event; other links are not
    s3, _ = step(plan, s2, Event("link_incident", T0 + H, "李指挥", "commander",
                                 {"incident": "N", "received_at": (T0 + H).isoformat(), "reason": "移交",
                                  "handover": "to"}))
    assert s3.linked["N"]["handover"] == "to"
    opened, _ = open_incident(plan, Event("open", T0, "x", "duty_officer",
                                          {"facts": {}, "handed_from": {"incident": "A", "plan": "p", "state": "s"}}))
    assert opened.handed_from == {"incident": "A", "plan": "p", "state": "s"}


def test_a_format2_plan_without_the_additions_is_unchanged():
    """No linked/handover: the state's JSON has no ``linked``/``handed_from`` keys."""
    p = load_plan_text(MINI.replace("emergency-plan/1", "emergency-plan/2"), "m.yaml")
    s, _ = open_incident(p, Event("open", T0, "x", "duty_officer", {"facts": {"cases": 3}}))
    assert "linked" not in s.to_json() and "handed_from" not in s.to_json()
    assert all(st.handover is None for st in p.states.values())


# -- the static checks: located errors ------------------------------------------------------

def _errors(text: str, known=KNOWN) -> list[str]:
    with pytest.raises(PlanError) as e:
        load_plan_text(text, "p.yaml", known_plans=known)
    return [str(d) for d in e.value.diagnostics]


def _one(text: str, fragment: str, pos: tuple[int, int], known=KNOWN) -> None:
    errs = _errors(text, known)
    hit = [x for x in errs if fragment in x]
    assert hit, errs
    assert hit[0].startswith(f"p.yaml:{pos[0]}:{pos[1]}: error: "), hit[0]


def test_unknown_handover_plan_is_located():
    _one(FOOD, "未知的预案 `public-health-test`", at(FOOD, "handover:", "public-health-test"), known={"food-municipal"})
    # not checked when no list of known plans is given (a pinned text)
    assert load_plan_text(FOOD, "p.yaml", known_plans=None).states["handed"].handover is not None


def test_handover_on_a_state_that_is_not_final():
    text = sub("    title: 聚集性事件处置\n",
               "    title: 聚集性事件处置\n    handover: {plan: public-health-test}\n", FOOD)
    _one(text, "只有终止状态才能移交", at(text, "handover: {plan: public-health-test}", "handover"))


def test_handover_of_an_undeclared_fact():
    text = FOOD.replace("facts: [cases, deaths, setting]", "facts: [cases, onset]")
    _one(text, "未声明的事实 `onset`", at(text, "handover:", "onset"))


def test_linked_sum_on_an_undeclared_or_text_fact():
    text = FOOD.replace("{linked: {sum: cases, ge: 30", "{linked: {sum: patients, ge: 30")
    _one(text, "未声明的事实 `patients`", at(text, "r3-cluster", "patients"))
    text = FOOD.replace("{linked: {sum: cases, ge: 30", "{linked: {sum: vehicle, ge: 30")
    _one(text, "不是数值，不能合计", at(text, "r3-cluster", "vehicle"))


def test_a_format1_file_may_use_neither():
    one = FOOD.replace("emergency-plan/2", "emergency-plan/1")
    errs = _errors(one)
    want = "需要 format: emergency-plan/2（可用 python -m console plan upgrade 升级）"
    linked = [x for x in errs if x.split(": error: ")[1].startswith("linked " + want)]
    handover = [x for x in errs if x.split(": error: ")[1].startswith("handover " + want)]
    line, col = at(one, "r3-cluster", "{sum", plus=0)
    assert linked and linked[0].startswith(f"p.yaml:{line}:"), errs
    line, col = at(one, "handover:", "handover")
    assert handover and handover[0].startswith(f"p.yaml:{line}:{col}:"), errs


def test_schema_refuses_a_malformed_linked_guard():
    text = FOOD.replace("{linked: {count: {ge: 3}, within: PT24H}}", "{linked: {count: 3}}")
    _one(text, "应为映射，而这里是 3", at(text, "event: cluster", "3}}"))
    text = FOOD.replace("{linked: {count: {ge: 3}, within: PT24H}}", "{linked: {count: {ge: 3}, within: 24h}}")
    _one(text, "应为ISO-8601 时长", at(text, "event: cluster", "24h"))


def test_plan_check_knows_the_plans_checked_together():
    run = [sys.executable, "-m", "console", "plan", "check"]
    alone = subprocess.run([*run, str(FOOD_PATH)], capture_output=True, text=True, cwd=ROOT)
    assert alone.returncode == 1
    line, col = at(FOOD, "handover:", "public-health-test")
    assert f"linked-food.yaml:{line}:{col}: error: 未知的预案 `public-health-test`" in alone.stdout
    together = subprocess.run([*run, str(FOOD_PATH), str(FIX / "public-health.yaml")], capture_output=True,
                              text=True, cwd=ROOT)
    assert together.returncode == 0, together.stdout + together.stderr


def test_checklist_graph_and_diff_show_the_handover(plan):
    from console.plan.checklist import checklist_text
    from console.plan.diff import diff_texts
    from console.plan.graph import to_dot

    line = "  · 移交至预案 public-health-test：移交卫生健康部门（疑似传染病）（移交事实：发病人数、死亡人数、发生场所）"
    assert line in checklist_text(plan).splitlines()
    assert '"handed" [label="已移交卫生健康部门（移交：public-health-test）", shape=doubleoctagon];' in to_dot(plan)
    fewer = diff_texts(FOOD, FOOD.replace("facts: [cases, deaths, setting]", "facts: [cases]"))
    (change,) = fewer.changes
    assert change.area == "termination" and change.title.startswith("终止状态「已移交卫生健康部门」的移交")
    assert change.new_text == "移交至预案 public-health-test：移交卫生健康部门（疑似传染病）（移交事实：发病人数）"
    handover = next(ln for ln in FOOD.splitlines(keepends=True) if "handover:" in ln)
    gone = diff_texts(FOOD, FOOD.replace(handover, ""))
    assert [c.new_text for c in gone.changes] == ["不移交"]
    wider = diff_texts(FOOD, FOOD.replace("{linked: {sum: cases, ge: 30, within: PT24H}}",
                                          "{linked: {sum: cases, ge: 30, within: PT48H}}"))
    assert [c.new_text for c in wider.changes] == ["本事件及接报相隔 48小时 以内的关联事件发病人数合计 ≥ 30"]
