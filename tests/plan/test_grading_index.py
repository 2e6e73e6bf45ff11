"""The grading memo (suggestions keyed by fact bands) must agree with grading from scratch."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.plan.engine import _grade, suggest_level
from console.plan.guards import build_grading_index
from console.plan.loader import load_plan, load_plan_text
from console.plan.model import FactDecl

ROOT = Path(__file__).resolve().parents[2]
# The public-health plan grades on linked incidents too (B9's 24-hour aggregation rule), so by design
# it is not memoised by fact bands (docs/plan-format.md, linked guards); every other shipped plan is.
PLANS = sorted(p for p in (ROOT / "plans").glob("*.yaml") if p.stem != "public-health-infectious")


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


# -- the memo's contract on small hand-made guards ------------------------------------

_FACTS = {
    "cases": FactDecl("cases", "int", "发病人数"),
    "ratio": FactDecl("ratio", "number", "阳性率"),
    "setting": FactDecl("setting", "enum", "发生场所", values=("school", "other")),
    "food": FactDecl("food", "text", "可疑食品"),
}
_NODES = [
    {"fact": "cases", "ge": 30},
    {"any": [{"fact": "cases", "in": [100, 200]}, {"not": {"fact": "ratio", "gt": 0.5}}]},
    {"all": [{"not": {"fact": "setting", "eq": "school"}}, {"fact": "food", "set": True}]},
    {"all": [{"fact": "cases", "not_in": [7]}, {"fact": "cases", "set": True}]},
]


def test_values_in_one_band_share_a_key_and_other_bands_do_not():
    index = build_grading_index(_NODES, _FACTS)
    assert index is not None
    key = index.key
    # cases is compared with 7, 30, 100 and 200 ("set" adds no threshold):
    # bands (…7) 7 (7…30) 30 (30…100) 100 (100…200) 200 (200…), and unset
    assert key({"cases": 31}) == key({"cases": 99}) == key({"cases": 31, "other": 1})
    assert key({"cases": 201}) == key({"cases": 5000})
    assert key({"cases": 0}) == key({"cases": 6})
    assert key({"cases": 8}) == key({"cases": 29})
    bands = [key({"cases": n}) for n in (6, 7, 8, 30, 31, 100, 101, 200, 201)] + [key({})]
    assert len(set(bands)) == len(bands)
    assert key({"ratio": 0.5}) != key({"ratio": 0.51}) != key({"ratio": 0.49})
    assert key({"ratio": 0.6}) == key({"ratio": 9.0})
    # non-numeric facts are keyed by their value; "set" looks at presence only
    assert key({"setting": "school"}) != key({"setting": "other"}) != key({})
    assert key({"food": "豆角"}) != key({"food": "米粉"}) != key({})
    # a value that is not a number (refused by the engine) is keyed by itself, never merged
    # with a number or with "unset"
    assert key({"cases": True}) != key({"cases": 1})
    assert key({"cases": "many"}) != key({}) != key({"cases": True})


@pytest.mark.parametrize("guard", [
    {"in_state": "received"}, {"level": {"at_least": "II"}}, {"suggested": {"graded": True}},
    {"consultation": {"question": "grade"}}, {"open_tasks": {"eq": 0}}, {"reports": {"kind": "initial", "ge": 1}},
    {"not": {"in_state": "received"}}, {"all": [{"fact": "cases", "ge": 1}, {"level": {"eq": "I"}}]},
    {"any": [{"fact": "cases", "ge": 1}, {"open_tasks": {"eq": 0}}]}, "cases",
], ids=str)
def test_a_guard_beyond_the_facts_gets_no_index(guard):
    assert build_grading_index([{"fact": "cases", "ge": 1}, guard], _FACTS) is None
    assert build_grading_index([{"fact": "cases", "ge": 1}], _FACTS) is not None


def _graded(level):
    return {"level": level, "rules": ["r"], "winner": "r", "modifiers": ["m"], "base": level}


def test_memo_computes_once_per_band_and_hands_out_copies():
    index = build_grading_index(_NODES, _FACTS)
    calls = []

    def compute():
        calls.append(1)
        return _graded("III")

    first = index.lookup({"cases": 31}, compute)
    first["rules"].append("x")
    first["modifiers"].append("y")
    again = index.lookup({"cases": 99}, compute)
    assert len(calls) == 1
    assert again == _graded("III")
    index.lookup({"cases": 100}, compute)
    assert len(calls) == 2


def test_memo_is_bounded():
    index = build_grading_index(_NODES, _FACTS)
    index.MAX_ENTRIES = 2
    calls = []

    def compute():
        calls.append(1)
        return _graded("IV")

    for n in (1, 31, 101):  # three bands; the third empties the full memo
        index.lookup({"cases": n}, compute)
    assert len(calls) == 3
    index.lookup({"cases": 101}, compute)  # kept after the clearing
    assert len(calls) == 3
    index.lookup({"cases": 1}, compute)  # forgotten
    assert len(calls) == 4


def test_an_unhashable_value_is_graded_directly():
    index = build_grading_index(_NODES, _FACTS)
    calls = []

    def compute():
        calls.append(1)
        return _graded("II")

    assert index.lookup({"setting": ["school"]}, compute) == _graded("II")
    assert index.lookup({"setting": ["school"]}, compute) == _graded("II")
    assert len(calls) == 2


def test_a_plan_grading_on_linked_incidents_is_not_indexed():
    assert load_plan(ROOT / "plans" / "public-health-infectious.yaml").grading_index is None
