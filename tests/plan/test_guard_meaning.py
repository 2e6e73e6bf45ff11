"""What a plan guard MEANS: every guard kind × small incident states → truth value.

The loader's tests check that guards compile (or are refused, located); the engine's tests run
whole scenarios. This module pins the evaluated meaning of each guard kind on hand-made states,
with the boundary and decoy cases that a wrong guard would get wrong: each level boundary on
both sides, the ungraded incident, suggested vs decided level, a task of another unit, a report
of another kind, a pending or rejected consultation, an unset fact, values in and out of lists,
and nested not/all/any. It also pins the Chinese text a refusal shows for each guard.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.plan.engine import Event, IncidentState, Rejected, open_incident, step
from console.plan.guards import GuardContext, compile_guard
from console.plan.loader import load_plan
from console.plan.model import CompiledGuard, FactDecl

LEVELS = ("I", "II", "III", "IV")  # I is the most severe
FACTS = {
    "cases": FactDecl("cases", "int", "发病人数", min=0),
    "ratio": FactDecl("ratio", "number", "阳性率"),
    "confirmed": FactDecl("confirmed", "bool", "已确认"),
    "setting": FactDecl("setting", "enum", "发生场所", values=("school", "kindergarten", "other"),
                        labels={"school": "学校", "kindergarten": "幼儿园"}),
    "food": FactDecl("food", "text", "可疑食品"),
}
UNITS = {"site": "现场核查组", "lab": "检验检测组"}
REPORT_KINDS = {"initial": "初报", "final": "终报"}
STATE_IDS = {"active", "received", "responding", "closed"}


def _ctx(errors: list[tuple[list[Any], str]]) -> GuardContext:
    return GuardContext(facts=FACTS, level_ids=LEVELS, state_ids=STATE_IDS, units=UNITS,
                        report_kinds=REPORT_KINDS, error=lambda p, m: errors.append((p, m)),
                        state_titles={"received": "接报", "responding": "应急响应"})


def compiled(node: Any) -> CompiledGuard:
    errors: list[tuple[list[Any], str]] = []
    g = compile_guard(node, _ctx(errors), ["when"])
    assert errors == [] and g is not None, errors
    return g


def refused(node: Any) -> list[tuple[list[Any], str]]:
    errors: list[tuple[list[Any], str]] = []
    assert compile_guard(node, _ctx(errors), ["when"]) is None
    return errors


def state(*, facts: dict[str, Any] | None = None, level: str | None = None,
          suggested: str | None = None, active: tuple[str, ...] = ("received", "active"),
          tasks: tuple[tuple[str, str], ...] = (), reports: dict[str, int] | None = None,
          consultations: dict[str, dict[str, Any]] | None = None) -> IncidentState:
    """A small incident state with only what guards read; ``tasks`` is ((unit, status), …)."""
    s = IncidentState.__new__(IncidentState)
    s.facts = dict(facts or {})
    s.level = level
    s.suggestion = {"level": suggested} if suggested is not None else {}
    s.active = active
    s.active_set = frozenset(active)
    s.tasks = {f"T{i}": {"id": f"T{i}", "unit": u, "status": st_} for i, (u, st_) in enumerate(tasks, 1)}
    s.reports = dict(reports or {})
    s.consultations = dict(consultations or {})
    return s


def consult(status: str, outcome: str | None = None, level: str | None = None) -> dict[str, Any]:
    return {"status": status, "outcome": outcome, "level": level}


BLANK = state()


def cases(n: Any) -> IncidentState:
    return state(facts={"cases": n})


def lv(level: str | None, suggested: str | None = None) -> IncidentState:
    return state(level=level, suggested=suggested)


def sg(suggested: str | None, level: str | None = None) -> IncidentState:
    return state(level=level, suggested=suggested)


def cons(question: str, *args: Any) -> IncidentState:
    return state(consultations={question: consult(*args)})


# (id, guard, [(case id, state, expected truth value), …])
TABLE: list[tuple[str, Any, list[tuple[str, IncidentState, bool]]]] = [
    # -- comparisons on an int fact: each boundary on both sides, and unset ----------------
    ("cases-eq", {"fact": "cases", "eq": 30},
     [("29", cases(29), False), ("30", cases(30), True), ("31", cases(31), False), ("unset", BLANK, False)]),
    ("cases-ne", {"fact": "cases", "ne": 30},
     [("29", cases(29), True), ("30", cases(30), False), ("31", cases(31), True), ("unset", BLANK, False)]),
    ("cases-lt", {"fact": "cases", "lt": 30},
     [("29", cases(29), True), ("30", cases(30), False), ("31", cases(31), False), ("unset", BLANK, False)]),
    ("cases-le", {"fact": "cases", "le": 30},
     [("29", cases(29), True), ("30", cases(30), True), ("31", cases(31), False), ("unset", BLANK, False)]),
    ("cases-gt", {"fact": "cases", "gt": 30},
     [("29", cases(29), False), ("30", cases(30), False), ("31", cases(31), True), ("unset", BLANK, False)]),
    ("cases-ge", {"fact": "cases", "ge": 30},
     [("29", cases(29), False), ("30", cases(30), True), ("31", cases(31), True), ("unset", BLANK, False),
      ("other-fact-set", state(facts={"ratio": 99.0}), False)]),
    ("cases-le-0", {"fact": "cases", "le": 0},  # 0 is a value, not "unset"
     [("0", cases(0), True), ("1", cases(1), False), ("unset", BLANK, False)]),
    ("ratio-ge", {"fact": "ratio", "ge": 0.5},
     [("0.49", state(facts={"ratio": 0.49}), False), ("0.5", state(facts={"ratio": 0.5}), True),
      ("int-1", state(facts={"ratio": 1}), True)]),
    # -- in / not_in: values in and out, unset is in no list and outside none --------------
    ("cases-in", {"fact": "cases", "in": [10, 20]},
     [("10", cases(10), True), ("20", cases(20), True), ("15", cases(15), False), ("unset", BLANK, False)]),
    ("cases-not_in", {"fact": "cases", "not_in": [10, 20]},
     [("10", cases(10), False), ("20", cases(20), False), ("15", cases(15), True), ("unset", BLANK, False)]),
    ("setting-in", {"fact": "setting", "in": ["school", "kindergarten"]},
     [("school", state(facts={"setting": "school"}), True),
      ("kindergarten", state(facts={"setting": "kindergarten"}), True),
      ("other", state(facts={"setting": "other"}), False), ("unset", BLANK, False)]),
    ("setting-not_in", {"fact": "setting", "not_in": ["school"]},
     [("school", state(facts={"setting": "school"}), False),
      ("other", state(facts={"setting": "other"}), True), ("unset", BLANK, False)]),
    ("setting-eq", {"fact": "setting", "eq": "school"},
     [("school", state(facts={"setting": "school"}), True),
      ("other", state(facts={"setting": "other"}), False), ("unset", BLANK, False)]),
    ("setting-ne", {"fact": "setting", "ne": "school"},
     [("school", state(facts={"setting": "school"}), False),
      ("other", state(facts={"setting": "other"}), True), ("unset", BLANK, False)]),
    # -- bool and text facts: False is a value, not "unset" ---------------------------------
    ("confirmed-eq-true", {"fact": "confirmed", "eq": True},
     [("true", state(facts={"confirmed": True}), True), ("false", state(facts={"confirmed": False}), False),
      ("unset", BLANK, False)]),
    ("confirmed-eq-false", {"fact": "confirmed", "eq": False},
     [("true", state(facts={"confirmed": True}), False), ("false", state(facts={"confirmed": False}), True),
      ("unset", BLANK, False)]),
    ("confirmed-ne-true", {"fact": "confirmed", "ne": True},
     [("false", state(facts={"confirmed": False}), True), ("unset", BLANK, False)]),
    ("food-eq", {"fact": "food", "eq": "豆角"},
     [("same", state(facts={"food": "豆角"}), True), ("other", state(facts={"food": "米粉"}), False),
      ("unset", BLANK, False)]),
    # -- set: filled in (even with 0 or False) or not ----------------------------------------
    ("cases-set", {"fact": "cases", "set": True},
     [("0", cases(0), True), ("31", cases(31), True), ("unset", BLANK, False),
      ("other-fact-set", state(facts={"ratio": 0.1}), False)]),
    ("cases-unset", {"fact": "cases", "set": False},
     [("0", cases(0), False), ("31", cases(31), False), ("unset", BLANK, True)]),
    ("confirmed-set", {"fact": "confirmed", "set": True},
     [("false", state(facts={"confirmed": False}), True), ("unset", BLANK, False)]),
    # -- the decided level: I is the most severe; an ungraded incident ranks below IV --------
    ("level-at_least-III", {"level": {"at_least": "III"}},
     [("I", lv("I"), True), ("II", lv("II"), True), ("III", lv("III"), True), ("IV", lv("IV"), False),
      ("ungraded", lv(None), False), ("ungraded-suggested-I", lv(None, "I"), False)]),
    ("level-at_least-I", {"level": {"at_least": "I"}},
     [("I", lv("I"), True), ("II", lv("II"), False), ("ungraded", lv(None), False)]),
    ("level-at_least-IV", {"level": {"at_least": "IV"}},
     [("III", lv("III"), True), ("IV", lv("IV"), True), ("ungraded", lv(None), False)]),
    ("level-at_most-III", {"level": {"at_most": "III"}},
     [("I", lv("I"), False), ("II", lv("II"), False), ("III", lv("III"), True), ("IV", lv("IV"), True),
      ("ungraded", lv(None), False), ("ungraded-suggested-IV", lv(None, "IV"), False)]),
    ("level-at_most-I", {"level": {"at_most": "I"}},
     [("I", lv("I"), True), ("IV", lv("IV"), True), ("ungraded", lv(None), False)]),
    ("level-at_most-IV", {"level": {"at_most": "IV"}},
     [("III", lv("III"), False), ("IV", lv("IV"), True), ("ungraded", lv(None), False)]),
    ("level-eq-III", {"level": {"eq": "III"}},
     [("II", lv("II"), False), ("III", lv("III"), True), ("IV", lv("IV"), False),
      ("ungraded", lv(None), False), ("suggested-III", lv("II", "III"), False)]),
    ("level-eq-null", {"level": {"eq": None}},
     [("ungraded", lv(None), True), ("IV", lv("IV"), False), ("ungraded-suggested-IV", lv(None, "IV"), True)]),
    ("level-ne-III", {"level": {"ne": "III"}},
     [("III", lv("III"), False), ("II", lv("II"), True), ("ungraded", lv(None), True)]),
    ("level-ne-null", {"level": {"ne": None}},
     [("ungraded", lv(None), False), ("IV", lv("IV"), True)]),
    ("level-in", {"level": {"in": ["II", "III"]}},
     [("I", lv("I"), False), ("II", lv("II"), True), ("III", lv("III"), True), ("IV", lv("IV"), False),
      ("ungraded", lv(None), False)]),
    ("level-in-null", {"level": {"in": [None, "IV"]}},
     [("ungraded", lv(None), True), ("IV", lv("IV"), True), ("III", lv("III"), False)]),
    ("level-graded", {"level": {"graded": True}},
     [("ungraded", lv(None), False), ("IV", lv("IV"), True), ("I", lv("I"), True),
      ("only-suggested", lv(None, "II"), False)]),
    ("level-ungraded", {"level": {"graded": False}},
     [("ungraded", lv(None), True), ("I", lv("I"), False), ("only-suggested", lv(None, "II"), True)]),
    # -- the suggested level, never confused with the decided one ----------------------------
    ("suggested-at_least-II", {"suggested": {"at_least": "II"}},
     [("I", sg("I"), True), ("II", sg("II"), True), ("III", sg("III"), False), ("none", sg(None), False),
      ("decided-I-suggested-IV", sg("IV", level="I"), False), ("decided-IV-suggested-I", sg("I", level="IV"), True)]),
    ("suggested-at_most-III", {"suggested": {"at_most": "III"}},
     [("II", sg("II"), False), ("III", sg("III"), True), ("IV", sg("IV"), True), ("none", sg(None), False),
      ("decided-IV-suggested-I", sg("I", level="IV"), False), ("decided-I-suggested-IV", sg("IV", level="I"), True)]),
    ("suggested-eq", {"suggested": {"eq": "II"}},
     [("II", sg("II"), True), ("decided-II", sg(None, level="II"), False), ("III", sg("III"), False)]),
    ("suggested-ne", {"suggested": {"ne": "II"}},
     [("II", sg("II"), False), ("decided-II", sg(None, level="II"), True)]),
    ("suggested-in", {"suggested": {"in": ["I", "II"]}},
     [("I", sg("I"), True), ("III", sg("III"), False), ("decided-I", sg("III", level="I"), False)]),
    ("suggested-graded", {"suggested": {"graded": True}},
     [("II", sg("II"), True), ("none", sg(None), False), ("decided-only", sg(None, level="II"), False)]),
    ("suggested-ungraded", {"suggested": {"graded": False}},
     [("none", sg(None), True), ("decided-only", sg(None, level="II"), True), ("II", sg("II"), False)]),
    # -- the active state (any active state counts, the leaf's ancestors too) ---------------
    ("in_state-received", {"in_state": "received"},
     [("received", state(active=("received", "active")), True),
      ("responding", state(active=("responding", "active")), False)]),
    ("in_state-active", {"in_state": "active"},
     [("received", state(active=("received", "active")), True),
      ("responding", state(active=("responding", "active")), True),
      ("closed", state(active=("closed",)), False)]),
    # -- consultations: concluded only, on this question, with this outcome and level --------
    ("consult-terminate", {"consultation": {"question": "terminate"}},
     [("none", BLANK, False), ("requested", cons("terminate", "requested"), False),
      ("approved", cons("terminate", "concluded", "approve"), True),
      ("rejected", cons("terminate", "concluded", "reject"), True),
      ("other-question", cons("escalate", "concluded", "approve"), False)]),
    ("consult-terminate-approve", {"consultation": {"question": "terminate", "outcome": "approve"}},
     [("none", BLANK, False), ("requested", cons("terminate", "requested"), False),
      ("pending-with-outcome", cons("terminate", "requested", "approve"), False),
      ("approved", cons("terminate", "concluded", "approve"), True),
      ("rejected", cons("terminate", "concluded", "reject"), False),
      ("other-question-approved", cons("escalate", "concluded", "approve"), False)]),
    ("consult-terminate-reject", {"consultation": {"question": "terminate", "outcome": "reject"}},
     [("approved", cons("terminate", "concluded", "approve"), False),
      ("rejected", cons("terminate", "concluded", "reject"), True)]),
    ("consult-grade-level", {"consultation": {"question": "grade", "level": {"at_least": "II"}}},
     [("I", cons("grade", "concluded", "approve", "I"), True),
      ("II", cons("grade", "concluded", "approve", "II"), True),
      ("III", cons("grade", "concluded", "approve", "III"), False),
      ("no-level", cons("grade", "concluded", "approve", None), False),
      ("pending", cons("grade", "requested", None, "I"), False),
      ("incident-level-I", state(level="I", consultations={"grade": consult("concluded", "approve", "III")}),
       False)]),
    ("consult-grade-approve-eq", {"consultation": {"question": "grade", "outcome": "approve",
                                                   "level": {"eq": "III"}}},
     [("approve-III", cons("grade", "concluded", "approve", "III"), True),
      ("reject-III", cons("grade", "concluded", "reject", "III"), False),
      ("approve-II", cons("grade", "concluded", "approve", "II"), False)]),
    # -- open tasks: open ones only, of this unit when a unit is named -----------------------
    ("open_tasks-eq-0", {"open_tasks": {"eq": 0}},
     [("none", BLANK, True), ("site-open", state(tasks=(("site", "open"),)), False),
      ("lab-open", state(tasks=(("lab", "open"),)), False),
      ("all-done", state(tasks=(("site", "done"), ("lab", "cancelled"))), True)]),
    ("open_tasks-site-eq-0", {"open_tasks": {"unit": "site", "eq": 0}},
     [("none", BLANK, True), ("site-open", state(tasks=(("site", "open"),)), False),
      ("lab-open", state(tasks=(("lab", "open"),)), True),
      ("site-done-lab-open", state(tasks=(("site", "done"), ("lab", "open"))), True)]),
    ("open_tasks-site-ge-2", {"open_tasks": {"unit": "site", "ge": 2}},
     [("site1-lab1", state(tasks=(("site", "open"), ("lab", "open"))), False),
      ("site2", state(tasks=(("site", "open"), ("site", "open"))), True),
      ("site1-done1", state(tasks=(("site", "open"), ("site", "done"))), False)]),
    ("open_tasks-lab-gt-0", {"open_tasks": {"unit": "lab", "gt": 0}},
     [("lab1", state(tasks=(("lab", "open"),)), True), ("site1", state(tasks=(("site", "open"),)), False)]),
    ("open_tasks-lt-2", {"open_tasks": {"lt": 2}},
     [("1", state(tasks=(("site", "open"),)), True),
      ("2-units", state(tasks=(("site", "open"), ("lab", "open"))), False)]),
    ("open_tasks-le-1", {"open_tasks": {"le": 1}},
     [("1", state(tasks=(("lab", "open"),)), True),
      ("2-units", state(tasks=(("site", "open"), ("lab", "open"))), False)]),
    ("open_tasks-ne-0", {"open_tasks": {"ne": 0}},
     [("none", BLANK, False), ("1", state(tasks=(("lab", "open"),)), True)]),
    # -- reports submitted: of this kind only -------------------------------------------------
    ("reports-initial-ge-1", {"reports": {"kind": "initial", "ge": 1}},
     [("none", BLANK, False), ("initial-1", state(reports={"initial": 1}), True),
      ("initial-2", state(reports={"initial": 2}), True),
      ("final-3", state(reports={"final": 3}), False)]),
    ("reports-final-eq-0", {"reports": {"kind": "final", "eq": 0}},
     [("none", BLANK, True), ("initial-2", state(reports={"initial": 2}), True),
      ("final-1", state(reports={"final": 1}), False)]),
    ("reports-initial-lt-2", {"reports": {"kind": "initial", "lt": 2}},
     [("1", state(reports={"initial": 1}), True), ("2", state(reports={"initial": 2}), False),
      ("final-5", state(reports={"final": 5}), True)]),
    ("reports-initial-gt-1", {"reports": {"kind": "initial", "gt": 1}},
     [("1", state(reports={"initial": 1}), False), ("2", state(reports={"initial": 2}), True)]),
    ("reports-initial-le-1", {"reports": {"kind": "initial", "le": 1}},
     [("1", state(reports={"initial": 1}), True), ("2", state(reports={"initial": 2}), False)]),
    ("reports-initial-ne-1", {"reports": {"kind": "initial", "ne": 1}},
     [("0", BLANK, True), ("1", state(reports={"initial": 1}), False)]),
    # -- not / all / any, nested ---------------------------------------------------------------
    ("not-ge", {"not": {"fact": "cases", "ge": 30}},
     [("29", cases(29), True), ("30", cases(30), False), ("unset", BLANK, True)]),
    ("not-not", {"not": {"not": {"fact": "cases", "ge": 30}}},
     [("29", cases(29), False), ("30", cases(30), True)]),
    ("not-level", {"not": {"level": {"at_least": "II"}}},
     [("I", lv("I"), False), ("III", lv("III"), True), ("ungraded", lv(None), True)]),
    ("all", {"all": [{"fact": "cases", "ge": 30}, {"fact": "setting", "eq": "school"}]},
     [("both", state(facts={"cases": 30, "setting": "school"}), True),
      ("first-only", state(facts={"cases": 30, "setting": "other"}), False),
      ("second-only", state(facts={"cases": 29, "setting": "school"}), False),
      ("neither", state(facts={"cases": 1, "setting": "other"}), False)]),
    ("all-one", {"all": [{"fact": "cases", "ge": 30}]},
     [("30", cases(30), True), ("29", cases(29), False)]),
    ("any", {"any": [{"fact": "cases", "ge": 30}, {"fact": "setting", "eq": "school"}]},
     [("both", state(facts={"cases": 30, "setting": "school"}), True),
      ("first-only", state(facts={"cases": 30, "setting": "other"}), True),
      ("second-only", state(facts={"cases": 29, "setting": "school"}), True),
      ("neither", state(facts={"cases": 1, "setting": "other"}), False)]),
    ("any-one", {"any": [{"fact": "cases", "ge": 30}]},
     [("30", cases(30), True), ("29", cases(29), False)]),
    # not (cases ≥ 100 or (level ≥ II and not terminate concluded))
    ("nested", {"not": {"any": [{"fact": "cases", "ge": 100},
                                {"all": [{"level": {"at_least": "II"}},
                                         {"not": {"consultation": {"question": "terminate"}}}]}]}},
     [("quiet", state(facts={"cases": 5}, level="III"), True),
      ("many-cases", state(facts={"cases": 100}, level="III"), False),
      ("serious", state(facts={"cases": 5}, level="II"), False),
      ("serious-but-terminated", state(facts={"cases": 5}, level="II",
                                       consultations={"terminate": consult("concluded", "approve")}), True)]),
    ("all-of-any", {"all": [{"any": [{"in_state": "received"}, {"in_state": "responding"}]},
                            {"not": {"open_tasks": {"unit": "site", "gt": 0}}},
                            {"reports": {"kind": "initial", "ge": 1}}]},
     [("ready", state(reports={"initial": 1}, tasks=(("lab", "open"),)), True),
      ("closed", state(active=("closed",), reports={"initial": 1}), False),
      ("site-task-open", state(reports={"initial": 1}, tasks=(("site", "open"),)), False),
      ("no-report", state(tasks=(("lab", "open"),)), False)]),
]

ROWS = [pytest.param(node, s, want, id=f"{gid}:{cid}") for gid, node, cases_ in TABLE for cid, s, want in cases_]


@pytest.mark.parametrize(("node", "s", "want"), ROWS)
def test_guard_meaning(node, s, want):
    got = compiled(node).test(s)
    assert got is want


def test_every_guard_kind_is_in_the_table():
    kinds = set()

    def walk(node):
        for k, v in node.items():
            if k in ("all", "any"):
                kinds.add(k)
                for g in v:
                    walk(g)
            elif k == "not":
                kinds.add(k)
                walk(v)
            elif k == "fact":
                kinds.update(f"fact.{op}" for op in node if op != "fact")
            elif k in ("level", "suggested"):
                kinds.update(f"{k}.{op}" for op in v)
            elif k == "consultation":
                kinds.add(k + (".outcome" if "outcome" in v else "") + (".level" if "level" in v else ""))
            else:
                kinds.add(k)

    for _, node, rows in TABLE:
        walk(node)
        assert {want for _, _, want in rows} == {True, False} or len(rows) == 1, node
    ops = ("eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "set")
    lvl = ("eq", "ne", "at_least", "at_most", "in", "graded")
    assert kinds >= {"all", "any", "not", "in_state", "open_tasks", "reports", "consultation",
                     "consultation.outcome", "consultation.level", "consultation.outcome.level",
                     *(f"fact.{op}" for op in ops), *(f"level.{op}" for op in lvl),
                     *(f"suggested.{op}" for op in lvl)}


# -- the text a refusal shows names the clause ------------------------------------------

TEXTS = [
    ({"fact": "cases", "eq": 30}, "发病人数 = 30"),
    ({"fact": "cases", "ne": 30}, "发病人数 ≠ 30"),
    ({"fact": "cases", "lt": 30}, "发病人数 < 30"),
    ({"fact": "cases", "le": 30}, "发病人数 ≤ 30"),
    ({"fact": "cases", "gt": 30}, "发病人数 > 30"),
    ({"fact": "cases", "ge": 30}, "发病人数 ≥ 30"),
    ({"fact": "setting", "eq": "school"}, "发生场所 = 学校"),
    ({"fact": "setting", "eq": "other"}, "发生场所 = other"),  # no label: the value itself
    ({"fact": "setting", "in": ["school", "kindergarten"]}, "发生场所属于［学校、幼儿园］"),
    ({"fact": "setting", "not_in": ["school", "other"]}, "发生场所不属于［学校、other］"),
    ({"fact": "cases", "in": [10, 20]}, "发病人数属于［10、20］"),
    ({"fact": "confirmed", "eq": True}, "已确认：是"),
    ({"fact": "confirmed", "eq": False}, "已确认：否"),
    ({"fact": "confirmed", "ne": True}, "已确认：否"),
    ({"fact": "confirmed", "ne": False}, "已确认：是"),
    ({"fact": "cases", "set": True}, "发病人数已填写"),
    ({"fact": "cases", "set": False}, "发病人数未填写"),
    ({"not": {"fact": "cases", "ge": 30}}, "非发病人数 ≥ 30"),
    ({"all": [{"fact": "cases", "ge": 30}, {"in_state": "received"}]}, "（发病人数 ≥ 30 且 处于「接报」阶段）"),
    ({"any": [{"fact": "cases", "ge": 30}, {"fact": "cases", "set": False}]}, "（发病人数 ≥ 30 或 发病人数未填写）"),
    ({"not": {"all": [{"fact": "cases", "lt": 3}]}}, "非（发病人数 < 3）"),
    ({"level": {"at_least": "III"}}, "当前级别不低于III级"),
    ({"level": {"at_most": "III"}}, "当前级别不高于III级"),
    ({"level": {"eq": "II"}}, "当前级别为II"),
    ({"level": {"eq": None}}, "当前级别为未分级"),
    ({"level": {"ne": "II"}}, "当前级别不为II"),
    ({"level": {"ne": None}}, "当前级别不为未分级"),
    ({"level": {"in": ["II", "III"]}}, "当前级别属于［II、III］"),
    ({"level": {"graded": True}}, "当前级别已定级"),
    ({"level": {"graded": False}}, "当前级别未定级"),
    ({"suggested": {"at_least": "II"}}, "建议级别不低于II级"),
    ({"suggested": {"graded": True}}, "建议级别已定级"),
    ({"in_state": "responding"}, "处于「应急响应」阶段"),
    ({"in_state": "active"}, "处于「active」阶段"),  # a state the context has no title for: its id
    ({"consultation": {"question": "terminate"}}, "专家会商（终止响应）已形成结论"),
    ({"consultation": {"question": "terminate", "outcome": "approve"}},
     "专家会商（终止响应）已形成结论且结论为「同意」"),
    ({"consultation": {"question": "escalate", "outcome": "reject"}},
     "专家会商（提升级别）已形成结论且结论为「不同意」"),
    ({"consultation": {"question": "grade"}}, "专家会商（分级研判）已形成结论"),
    ({"consultation": {"question": "de_escalate"}}, "专家会商（降低级别）已形成结论"),
    ({"consultation": {"question": "technical"}}, "专家会商（技术会商）已形成结论"),
    ({"open_tasks": {"eq": 0}}, "未完成任务数 = 0"),
    ({"open_tasks": {"unit": "site", "eq": 0}}, "「现场核查组」未完成任务数 = 0"),
    ({"open_tasks": {"unit": "lab", "lt": 2}}, "「检验检测组」未完成任务数 < 2"),
    ({"reports": {"kind": "initial", "ge": 1}}, "已报送「初报」≥ 1 份"),
    ({"reports": {"kind": "final", "eq": 0}}, "已报送「终报」= 0 份"),
]


@pytest.mark.parametrize(("node", "text"), TEXTS, ids=[t for _, t in TEXTS])
def test_guard_text_names_the_clause(node, text):
    assert compiled(node).text == text


def test_refusal_through_the_engine_names_the_unmet_clause():
    # mini.yaml: terminate needs {consultation: {question: terminate, outcome: approve}}
    plan = load_plan(Path(__file__).parent / "fixtures" / "mini.yaml", catalogue=None)
    t0 = datetime(2026, 3, 1, 8, 0, tzinfo=timezone(timedelta(hours=8)))

    def ev(type_: str, minutes: int, **data: Any) -> Event:
        return Event(type_, t0 + timedelta(minutes=minutes), "张三", "commander", data)

    s, _ = open_incident(plan, Event("open", t0, "李四", "duty_officer", {"facts": {}}))
    s, _ = step(plan, s, ev("consult_concluded", 1, question="terminate", outcome="reject"))
    with pytest.raises(Rejected) as exc:
        step(plan, s, ev("fire", 2, event="terminate"))
    assert exc.value.code == "guard"
    assert exc.value.reason.endswith("的条件尚未满足：专家会商（终止响应）已形成结论且结论为「同意」")
    s, _ = step(plan, s, ev("consult_concluded", 3, question="terminate", outcome="approve"))
    s, _ = step(plan, s, ev("fire", 4, event="terminate"))
    assert s.closed and s.leaf == "closed"


# -- compile-time refusals: located on the offending clause ------------------------------

REFUSALS = [
    ([], ["when"], "条件必须是一个映射，例如 {fact: cases, ge: 100}"),
    ({}, ["when"], "条件必须是一个映射，例如 {fact: cases, ge: 100}"),
    ("cases", ["when"], "条件必须是一个映射，例如 {fact: cases, ge: 100}"),
    ({"frobnicate": 1, "zap": 2}, ["when"], "无法识别的条件：['frobnicate', 'zap']"),
    ({"all": [{"fact": "cases", "ge": 1}, {"fact": "nope", "ge": 1}]}, ["when", "all", 1, "fact"],
     "未声明的事实 `nope`（先在 facts 中声明）"),
    ({"any": [{"in_state": "nowhere"}]}, ["when", "any", 0, "in_state"], "未知的状态 `nowhere`"),
    ({"not": {"level": {"at_least": "V"}}}, ["when", "not", "level", "at_least"],
     "未知的级别 `V`（可用：I, II, III, IV）"),
    ({"fact": "cases", "ge": 1, "le": 9}, ["when"], "一个事实条件只能有一个比较，例如 {fact: cases, ge: 100}"),
    ({"fact": "cases"}, ["when"], "一个事实条件只能有一个比较，例如 {fact: cases, ge: 100}"),
    ({"fact": "cases", "ge": "many"}, ["when", "ge"],
     "类型不匹配：事实 `cases` 是整数，不能与 'many'（str）比较"),
    ({"fact": "cases", "eq": True}, ["when", "eq"], "类型不匹配：事实 `cases` 是整数，不能与 True（bool）比较"),
    ({"fact": "cases", "in": [1, 2.5]}, ["when", "in", 1],
     "类型不匹配：事实 `cases` 是整数，不能与 2.5（float）比较"),
    ({"fact": "ratio", "ge": False}, ["when", "ge"], "类型不匹配：事实 `ratio` 是数值，不能与 False（bool）比较"),
    ({"fact": "ratio", "not_in": [1, "x"]}, ["when", "not_in", 1],
     "类型不匹配：事实 `ratio` 是数值，不能与 'x'（str）比较"),
    ({"fact": "confirmed", "eq": 1}, ["when", "eq"], "类型不匹配：事实 `confirmed` 是是/否，不能与 1（int）比较"),
    ({"fact": "setting", "eq": 3}, ["when", "eq"], "类型不匹配：事实 `setting` 是枚举，不能与 3（int）比较"),
    ({"fact": "food", "eq": 3}, ["when", "eq"], "类型不匹配：事实 `food` 是文本，不能与 3（int）比较"),
    ({"fact": "setting", "ge": "school"}, ["when", "ge"],
     "事实 `setting`（枚举）不能做大小比较，只能用 eq/ne/in/not_in"),
    ({"fact": "confirmed", "lt": True}, ["when", "lt"],
     "事实 `confirmed`（是/否）不能做大小比较，只能用 eq/ne/in/not_in"),
    ({"fact": "food", "gt": "a"}, ["when", "gt"], "事实 `food`（文本）不能做大小比较，只能用 eq/ne/in/not_in"),
    ({"fact": "setting", "le": "a"}, ["when", "le"], "事实 `setting`（枚举）不能做大小比较，只能用 eq/ne/in/not_in"),
    ({"fact": "setting", "in": ["school", "hospital"]}, ["when", "in", 1],
     "`hospital` 不是事实 `setting` 的可选值（school, kindergarten, other）"),
    ({"fact": "setting", "eq": "hospital"}, ["when", "eq"],
     "`hospital` 不是事实 `setting` 的可选值（school, kindergarten, other）"),
    ({"level": {"at_least": "II", "at_most": "IV"}}, ["when", "level"], "级别条件只能有一个比较，例如 {at_least: III}"),
    ({"suggested": {"eq": "V"}}, ["when", "suggested", "eq"], "未知的级别 `V`（可用：I, II, III, IV）"),
    ({"level": {"in": ["II", "V"]}}, ["when", "level", "in"], "未知的级别 `V`（可用：I, II, III, IV）"),
    ({"level": {"at_least": None}}, ["when", "level", "at_least"], "at_least/at_most 需要一个级别"),
    ({"suggested": {"at_most": None}}, ["when", "suggested", "at_most"], "at_least/at_most 需要一个级别"),
    ({"consultation": {"question": "grade", "level": {"eq": "V"}}}, ["when", "consultation", "level", "eq"],
     "未知的级别 `V`（可用：I, II, III, IV）"),
    ({"open_tasks": {"unit": "kitchen", "eq": 0}}, ["when", "open_tasks", "unit"], "未知的责任单位 `kitchen`"),
    ({"open_tasks": {"unit": "site"}}, ["when", "open_tasks"], "open_tasks 需要且只能有一个比较，例如 {eq: 0}"),
    ({"open_tasks": {"eq": 0, "lt": 3}}, ["when", "open_tasks"], "open_tasks 需要且只能有一个比较，例如 {eq: 0}"),
    ({"reports": {"kind": "weekly", "ge": 1}}, ["when", "reports", "kind"], "未知的报告类型 `weekly`"),
    ({"reports": {"kind": "initial"}}, ["when", "reports"], "reports 需要且只能有一个比较，例如 {ge: 1}"),
    ({"reports": {"kind": "initial", "ge": 1, "le": 3}}, ["when", "reports"],
     "reports 需要且只能有一个比较，例如 {ge: 1}"),
]


# ids without brackets, so that a test id can be given back on the command line (mutmut does)
@pytest.mark.parametrize(("node", "path", "message"), REFUSALS,
                         ids=[m[:24] + "@" + ".".join(map(str, p)) for _, p, m in REFUSALS])
def test_bad_guard_is_refused_at_the_clause(node, path, message):
    assert refused(node) == [(path, message)]


def test_graded_needs_no_known_level_and_level_null_is_allowed_for_eq_ne_in():
    assert compiled({"level": {"graded": True}}).test(lv("II"))
    for node in ({"level": {"eq": None}}, {"level": {"ne": None}}, {"suggested": {"in": [None]}}):
        compiled(node)


# -- algebra over every guard of the table and every state of it ------------------------

GUARDS = [node for _, node, _ in TABLE]
STATES = [s for _, _, rows in TABLE for _, s, _ in rows]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.sampled_from(GUARDS), st.sampled_from(GUARDS), st.sampled_from(STATES))
def test_not_all_any_follow_boolean_algebra(g, h, s):
    a, b = compiled(g).test(s), compiled(h).test(s)
    assert compiled({"not": g}).test(s) is (not a)
    assert compiled({"all": [g, h]}).test(s) is (a and b)
    assert compiled({"any": [g, h]}).test(s) is (a or b)
    # De Morgan
    assert compiled({"not": {"all": [g, h]}}).test(s) is compiled({"any": [{"not": g}, {"not": h}]}).test(s)
