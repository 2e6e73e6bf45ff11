"""Grading of the county food plan (plans/food-county.yaml): the same Template A as the city."""

from __future__ import annotations

import pytest

from tests.plan import _food_grading as g
from tests.plan._helpers import plan

PLAN = "food-county"


@pytest.mark.parametrize(("facts", "level", "rule", "mods"), g.grading_params())
def test_suggested_level_and_winning_rule(facts, level, rule, mods):
    g.check_case(PLAN, facts, level, rule, mods)


def test_the_cases_exercise_every_rule():
    g.check_every_rule_is_matched(PLAN)


def test_same_rules_as_the_municipal_plan():
    county, city = plan(PLAN), plan("food-municipal")
    assert [(r.id, r.level) for r in county.rules] == [(r.id, r.level) for r in city.rules]
    assert [(m.id, m.raise_by, m.max_level) for m in county.modifiers] == \
           [(m.id, m.raise_by, m.max_level) for m in city.modifiers]
    assert [r.id for r in county.rules if r.uncertain] == [r.id for r in city.rules if r.uncertain]
    assert [(r.id, r.when.text) for r in county.rules if r.id != "A-II-1" and r.id != "A-III-1"] == \
           [(r.id, r.when.text) for r in city.rules if r.id != "A-II-1" and r.id != "A-III-1"]


def test_county_plan_is_fujian_county_level():
    p = plan(PLAN)
    assert (p.jurisdiction_name, p.jurisdiction_code, p.jurisdiction_level) == ("连江县", "350122", "county")
    assert "食品安全事故" in p.title and "突发事件" not in p.title
    assert p.level("IV").authority == "连江县人民政府"
    assert p.level("III").authority == "福州市人民政府"
    leads = {u.get("lead") for u in p.units.values()}
    assert {"县卫健局", "县疾控中心", "县公安局", "事发地乡镇人民政府"} <= leads
    assert any("县市场监管局" in (lead or "") for lead in leads)


def test_human_override_is_recorded_with_its_reason():
    g.check_override_recorded(PLAN)


def test_decisions_without_reason_or_by_other_roles_are_rejected():
    g.check_decision_rejections(PLAN)


def test_facts_update_regrades_but_does_not_set_the_level():
    g.check_facts_update_regrades(PLAN)
