"""Plan format 2 §B at run time: 需认定 rules and the decision citing one, assessed facts, optional
raises, unit leads by level and by fact, roles by level, the raise at Ⅰ, and a format-2 plan
that uses none of it behaving exactly as before."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from console.plan.engine import Event, IncidentState, Rejected, _grade, open_incident, replay, step, suggest_level
from console.plan.judgement import judge_rules, optional_text
from console.plan.leads import unit_lead
from console.plan.loader import load_plan, load_plan_text

FIX = Path(__file__).parent / "fixtures"
TZ = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 22, 9, 0, tzinfo=TZ)


@pytest.fixture(scope="module")
def plan():
    return load_plan(FIX / "grading2.yaml", catalogue=None)


class Run:
    def __init__(self, plan, **facts):
        self.plan = plan
        self.at = T0
        self.events = [Event("open", T0, "值班员", "duty_officer", {"facts": facts})]
        self.state, self.effects = open_incident(plan, self.events[0])

    def do(self, type_, role="commander", **data):
        self.at += timedelta(minutes=5)
        ev = Event(type_, self.at, role, role, data)
        self.state, self.effects = step(self.plan, self.state, ev)
        self.events.append(ev)
        return self.effects

    def refused(self, type_, role="commander", **data):
        before = self.state.to_json()
        with pytest.raises(Rejected) as exc:
            step(self.plan, self.state, Event(type_, self.at + timedelta(minutes=1), role, role, data))
        assert self.state.to_json() == before
        return exc.value


# -- 需认定 rules ---------------------------------------------------------------------------------

def test_judgement_rules_are_listed_never_matched(plan):
    r = Run(plan, cases=5)
    sug = r.state.suggestion
    assert sug["level"] == "IV" and sug["winner"] == "A-IV-1"
    assert "A-I-3" not in sug["rules"]           # never matched by the facts
    assert sug["judge"] == ["A-I-3"]              # A.II.2 needs cases ≥ 30 first
    r.do("facts", facts={"cases": 30})
    assert r.state.suggestion["judge"] == ["A-I-3", "A.II.2"]
    assert [j.id for j in judge_rules(plan, r.state.suggestion)] == ["A-I-3", "A.II.2"]


def test_an_ungraded_incident_still_lists_unconditional_judgements(plan):
    r = Run(plan)
    assert r.state.suggestion["level"] is None and r.state.suggestion["judge"] == ["A-I-3"]
    assert "optional" not in r.state.suggestion


def test_decide_level_citing_a_rule(plan):
    r = Run(plan, cases=5)
    eff = r.do("decide_level", level="I", reason="国务院认定", basis="国务院认定", rule="A-I-3")
    assert r.state.level == "I"
    assert r.state.level_basis["rule"] == "A-I-3" and r.state.level_basis["basis"] == "国务院认定"
    assert eff == [{"kind": "level", "from": None, "to": "I", "decision": True, "override": True}]


def test_a_decision_without_a_rule_records_none(plan):
    r = Run(plan, cases=5)
    r.do("decide_level", level="III", reason="经专家核定")
    assert "rule" not in r.state.level_basis


@pytest.mark.parametrize(("data", "role", "code", "words"), [
    ({"level": "II", "rule": "A-I-3"}, "commander", "rule_level",
     "认定的是特别重大（I级），不能据此认定为重大（II级）"),
    ({"level": "I", "rule": "A-I-3"}, "deputy", "role", "无权依规则 A-I-3 认定级别（需要：指挥长）"),
    ({"level": "I", "rule": "A-I-9"}, "commander", "bad_rule",
     "没有需认定的规则「A-I-9」（可引用：A-I-3、A.II.2）"),
    ({"level": "I", "rule": "A-I-1"}, "commander", "bad_rule", "A-I-1"),  # a facts rule is not judged
    ({"level": "I"}, "deputy", "role", "无权认定级别"),                       # decision_roles without a rule
])
def test_decide_level_rule_refusals(plan, data, role, code, words):
    r = Run(plan, cases=40)
    exc = r.refused("decide_level", role, reason="认定", **data)
    assert exc.code == code and words in exc.reason


def test_judged_by_names_who_may_judge_even_outside_decision_roles(plan):
    r = Run(plan, cases=40)
    r.do("decide_level", "deputy", level="II", reason="省政府认定", rule="A.II.2")
    assert r.state.level == "II" and r.state.level_basis["role"] == "deputy"


# -- assessed facts ------------------------------------------------------------------------------

def test_assessed_value_grades_with_or_assessed_and_is_stored(plan):
    r = Run(plan, cases=40)
    assert r.state.suggestion["level"] == "III"
    eff = r.do("facts", "duty_officer", assessed={"cases": 150})
    assert r.state.assessed == {"cases": 150} and r.state.facts == {"cases": 40}
    assert r.state.suggestion["level"] == "II" and r.state.suggestion["winner"] == "5.2.1"
    assert eff[0] == {"kind": "facts", "changed": [], "assessed": ["cases"]}
    assert eff[1] == {"kind": "suggestion", "from": "III", "to": "II", "rule": "5.2.1"}
    assert r.state.to_json()["assessed"] == {"cases": 150}
    assert IncidentState.from_json(r.state.to_json()) == r.state
    r.do("facts", "duty_officer", facts={"cases": 41}, assessed={"cases": None})  # cleared
    assert r.state.assessed == {} and r.state.suggestion["level"] == "III"
    assert "assessed" not in r.state.to_json()
    assert replay(plan, r.events) == r.state


@pytest.mark.parametrize(("assessed", "code"), [
    ({"deaths": 3}, "not_assessable"),
    ({"nobody": 3}, "unknown_fact"),
    ({"cases": "多"}, "bad_fact"),
    ({"cases": -1}, "bad_fact"),
    ({}, "bad_fact"),
    ("150", "bad_fact"),
])
def test_assessed_values_are_checked(plan, assessed, code):
    r = Run(plan, cases=40)
    assert r.refused("facts", "duty_officer", assessed=assessed).code == code


def test_index_agrees_with_grading_from_scratch_over_assessed_values(plan):
    assert plan.grading_index is not None
    values = [None, 0, 29, 30, 99, 100, 101]
    for cases, assessed, deaths, sensitive in itertools.product(values, values, [None, 0, 30], [None, True, False]):
        facts = {k: v for k, v in (("cases", cases), ("deaths", deaths), ("sensitive", sensitive)) if v is not None}
        if deaths and (cases or 0) < deaths:
            continue
        s = SimpleNamespace(facts=facts, assessed={} if assessed is None else {"cases": assessed})
        assert suggest_level(plan, s) == _grade(plan, s) == suggest_level(plan, s), (facts, assessed)


def test_index_key_tells_assessed_bands_apart(plan):
    idx = plan.grading_index
    assert idx.key({"cases": 5}, {"cases": 99}) != idx.key({"cases": 5}, {"cases": 100})
    assert idx.key({"cases": 5}, {"cases": 120}) == idx.key({"cases": 5}, {"cases": 150})
    assert idx.key({"cases": 5}, {"cases": 100}) != idx.key({"cases": 5}, {"cases": 150})  # on a threshold
    assert idx.key({"cases": 5}, {}) == idx.key({"cases": 5}, None)
    assert idx.key({"cases": 5}, {}) != idx.key({"cases": 5}, {"cases": 0})


# -- optional raises -----------------------------------------------------------------------------

def test_optional_raise_is_suggested_never_applied(plan):
    r = Run(plan, cases=40, sensitive=True)
    sug = r.state.suggestion
    assert sug["level"] == "III" and sug["modifiers"] == []
    assert sug["optional"] == [{"modifier": "5.4.1", "up_to": 1}]
    assert optional_text(plan, sug) == "可相应提高响应级别（至多一级）：敏感时期"
    r.do("facts", "duty_officer", facts={"sensitive": False})
    assert "optional" not in r.state.suggestion and optional_text(plan, r.state.suggestion) == ""


def test_a_plain_raise_still_raises():
    text = (FIX / "grading2.yaml").read_text("utf-8").replace("raise: {up_to: 1}", "raise: 1")
    p = load_plan_text(text, "g.yaml", catalogue=None)
    r = Run(p, cases=40, sensitive=True)
    assert r.state.suggestion["level"] == "II" and r.state.suggestion["modifiers"] == ["5.4.1"]
    assert "optional" not in r.state.suggestion


# -- leads -----------------------------------------------------------------------------------------

def test_task_leads_follow_the_level_and_the_facts(plan):
    r = Run(plan, cases=40, stage="production")
    r.do("fire", event="verify")
    tasks = {t["unit"]: t for t in r.state.tasks.values()}
    assert r.state.level == "III"
    assert "lead" not in tasks["site"]                      # a plain lead is not resolved per task
    assert tasks["office"]["lead"] == "市食安办"            # III: default
    assert tasks["trace"]["lead"] == "农业农村部门"          # stage = production
    r.do("decide_level", level="II", reason="省政府认定")
    assert unit_lead(plan, r.state, "office") == "省食安办"  # now
    assert tasks["office"]["lead"] == "市食安办"             # the task keeps the lead it was given
    r.do("facts", "duty_officer", facts={"stage": "catering"})
    assert unit_lead(plan, r.state, "trace") == "市场监管部门"  # a value not listed: default
    assert unit_lead(plan, r.state, "site") == "市市场监管局"


def test_lead_before_any_decision_follows_the_suggestion(plan):
    r = Run(plan, cases=40, deaths=30)
    assert r.state.level is None and r.state.suggestion["level"] == "I"
    assert unit_lead(plan, r.state, "office") == "国务院食安办"
    r2 = Run(plan)
    assert unit_lead(plan, r2.state, "office") == "市食安办" and unit_lead(plan, r2.state, "trace") == "市场监管部门"


# -- roles by level --------------------------------------------------------------------------------

def test_roles_by_level(plan):
    r = Run(plan, cases=40, deaths=0)
    r.do("decide_level", level="I", reason="国务院认定", rule="A-I-3")
    exc = r.refused("fire", "deputy", event="terminate")
    assert exc.code == "role" and exc.reason == "角色「副指挥长」无权执行「终止响应」（需要：指挥长）"
    r.do("decide_level", level="II", reason="降级")
    r.do("fire", "deputy", event="terminate")
    assert r.state.closed


def test_roles_default_for_an_ungraded_incident(plan):
    r = Run(plan, cases=1, deaths=0)
    exc = r.refused("fire", "duty_officer", event="terminate")
    assert exc.reason.endswith("（需要：指挥长、副指挥长）")
    # the role may fire it, the guard refuses, naming only the failing clause
    exc = r.refused("fire", "deputy", event="terminate")
    assert exc.code == "guard" and exc.reason == "「终止响应」的条件尚未满足：当前级别已定级"


# -- the raise at Ⅰ -------------------------------------------------------------------------------

def test_raise_at_the_top_level_says_nothing_changed(plan):
    r = Run(plan, cases=40)
    r.do("decide_level", level="II", reason="省政府认定")
    assert {"kind": "level", "from": "II", "to": "I"} in r.do("fire", event="escalate")
    eff = r.do("fire", event="escalate")
    assert r.state.level == "I"
    assert [e["kind"] for e in eff] == ["transition", "level_unchanged"]
    assert eff[1]["text"] == "已是最高级别（Ⅰ级），级别未变"


# -- a format-2 plan that uses none of it -------------------------------------------------------

def test_a_plain_format_2_plan_grades_and_serialises_as_before():
    mini = (FIX / "mini.yaml").read_text("utf-8")
    p1 = load_plan_text(mini, "m1.yaml", catalogue=None)
    p2 = load_plan_text(mini.replace("emergency-plan/1", "emergency-plan/2"), "m2.yaml", catalogue=None)
    for facts in ({}, {"cases": 40}, {"cases": 120, "deaths": 2, "setting": "school"}, {"deaths": 31, "cases": 40}):
        s1, _ = open_incident(p1, Event("open", T0, "a", "duty_officer", {"facts": facts}))
        s2, _ = open_incident(p2, Event("open", T0, "a", "duty_officer", {"facts": facts}))
        assert s1.suggestion == s2.suggestion
        assert set(s2.suggestion) == {"level", "rules", "winner", "modifiers", "base"}
        assert "assessed" not in s2.to_json()
