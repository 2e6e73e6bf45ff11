"""The grading memo (suggestions keyed by fact bands) must agree with grading from scratch."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.plan.engine import _grade, suggest_level
from console.plan.loader import load_plan, load_plan_text

ROOT = Path(__file__).resolve().parents[2]
PLANS = sorted((ROOT / "plans").glob("*.yaml"))


def _facts_strategy(plan):
    """Random fact sets, numbers concentrated on and around the plan's thresholds."""
    fields = {}
    for name, decl in plan.facts.items():
        if decl.type in ("int", "number"):
            pts = sorted({p for n, ordered, _ in plan.grading_index._numeric if n == name for p in ordered})
            near = [v for p in pts for v in (p - 1, p, p + 1)] or [0]
            nums = st.integers(min_value=0, max_value=10_000) if decl.type == "int" else \
                st.floats(min_value=0, max_value=10_000, allow_nan=False)
            fields[name] = st.one_of(st.none(), st.sampled_from(near), nums)
        elif decl.type == "bool":
            fields[name] = st.one_of(st.none(), st.booleans())
        elif decl.type == "enum":
            fields[name] = st.one_of(st.none(), st.sampled_from(list(decl.values)))
    return st.fixed_dictionaries(fields).map(lambda d: {k: v for k, v in d.items() if v is not None})


@pytest.mark.parametrize("path", PLANS, ids=[p.stem for p in PLANS])
def test_shipped_plans_grade_by_facts_only_so_they_are_indexed(path):
    assert load_plan(path).grading_index is not None


@pytest.mark.parametrize("path", PLANS, ids=[p.stem for p in PLANS])
def test_memoised_suggestion_equals_grading_from_scratch(path):
    plan = load_plan(path)

    @settings(max_examples=400, deadline=None)
    @given(_facts_strategy(plan))
    def check(facts):
        state = SimpleNamespace(facts=facts)
        first = suggest_level(plan, state)   # may fill the memo
        again = suggest_level(plan, state)   # may read it
        assert first == again == _grade(plan, state)
        again["rules"].append("x")           # callers get their own lists
        assert suggest_level(plan, state) == _grade(plan, state)

    check()


def test_a_rule_looking_beyond_the_facts_disables_the_memo():
    # A grading rule that depends on the active state cannot be keyed by facts alone.
    text = (ROOT / "plans" / "food-county.yaml").read_text("utf-8")
    plan = load_plan(ROOT / "plans" / "food-county.yaml")
    rule = plan.rules[0]
    state_id = plan.initial_leaf
    lines = text.splitlines(keepends=True)
    # find the rule's `when:` line and replace its condition with an in_state guard
    for i, line in enumerate(lines):
        if line.strip() == f"- id: {rule.id}" or line.strip() == f"id: {rule.id}":
            for j in range(i, len(lines)):
                if lines[j].lstrip().startswith("when:"):
                    indent = lines[j][: len(lines[j]) - len(lines[j].lstrip())]
                    k = j + 1
                    while k < len(lines) and (lines[k].strip() == "" or
                                              len(lines[k]) - len(lines[k].lstrip()) > len(indent)):
                        k += 1
                    lines[j:k] = [f"{indent}when: {{in_state: {state_id}}}\n"]
                    break
            break
    else:
        pytest.fail("rule not found in the plan text")
    plan2 = load_plan_text("".join(lines).encode("utf-8"), "patched.yaml")
    assert plan2.grading_index is None
    state = SimpleNamespace(facts={}, active_set={state_id})
    assert suggest_level(plan2, state)["winner"] == rule.id
