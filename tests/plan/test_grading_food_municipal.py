"""Grading of the municipal food plan (plans/food-municipal.yaml): Template A, boundary cases."""

from __future__ import annotations

import pytest

from tests.plan import _food_grading as g

PLAN = "food-municipal"


@pytest.mark.parametrize(("facts", "level", "rule", "mods"), g.grading_params())
def test_suggested_level_and_winning_rule(facts, level, rule, mods):
    g.check_case(PLAN, facts, level, rule, mods)


def test_the_cases_exercise_every_rule():
    g.check_every_rule_is_matched(PLAN)


def test_human_override_is_recorded_with_its_reason():
    g.check_override_recorded(PLAN)


def test_decisions_without_reason_or_by_other_roles_are_rejected():
    g.check_decision_rejections(PLAN)


def test_facts_update_regrades_but_does_not_set_the_level():
    g.check_facts_update_regrades(PLAN)
