"""Guards tested by meaning, where mutation testing (``mutmut`` on console/plan/guards.py, see
docs/architecture.md) found them untested: windows nested under all/any/not, or_assessed's
mistakes, durations never compared by size, and the grading memo's treatment of assessed values
(经评估可能): the same actual facts with a different assessed value must grade differently."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from console.plan import PlanError, load_plan_text
from console.plan.engine import suggest_level
from console.plan.guards import GuardContext, build_grading_index, compile_guard
from console.plan.model import FactDecl
from console.plan.windows import time_windows
from tests.plan._helpers import Run, t

FIX = Path(__file__).parent / "fixtures"
APPROVALS = (FIX / "approvals.yaml").read_text("utf-8")

FACTS = {
    "cases": FactDecl("cases", "int", "发病人数", assessable=True),
    "deaths": FactDecl("deaths", "int", "死亡人数"),
    "stage": FactDecl("stage", "enum", "发生环节", values=("production", "catering"), assessable=True),
    "incubation": FactDecl("incubation", "duration", "最长潜伏期"),
}


def compile_text(text: str, version: int = 2) -> Any:
    errors: list[tuple[list[Any], str]] = []
    ctx = GuardContext(FACTS, ("I", "II", "III", "IV"), {"a"}, {}, {}, lambda p, m: errors.append((p, m)),
                       format_version=version)
    g = compile_guard(yaml.safe_load(text), ctx, ["when"])
    return g, errors


# -- time windows under all / any / not are still listed ------------------------------------------

@pytest.mark.parametrize("wrap", [
    "{all: [{since: last_case_at, at_least: PT24H}, {fact: cases, ge: 0}]}",
    "{any: [{since: last_case_at, at_least: PT24H}, {fact: deaths, ge: 1000}]}",
    "{not: {since: last_case_at, at_most: PT24H}}",
    "{all: [{not: {since: last_case_at, at_most: PT24H}}]}",
], ids=["all", "any", "not", "all-not"])
def test_a_window_inside_a_combined_guard_is_listed(wrap: str) -> None:
    text = APPROVALS.replace("when: {since: last_case_at, at_least: PT24H}", f"when: {wrap}")
    assert text != APPROVALS
    plan = load_plan_text(text, "approvals.yaml", divisions=None)
    r = Run(plan, t(22, 9), {"cases": 3, "incubation": "PT12H"})
    r.fire("respond", t(22, 9), role="commander")
    windows = {w.event: w for w in time_windows(plan, r.state, t(22, 9) + timedelta(hours=18))}
    assert "request_end" in windows, windows
    assert windows["request_end"].needed == timedelta(hours=24)
    w = windows["request_end"]
    # the window itself (18 of 24 hours), whatever the guard around it makes of it
    assert (w.op, w.met) == (("at_most", True) if "at_most" in wrap else ("at_least", False)), w


# -- or_assessed: mistakes are located, never a traceback ------------------------------------------

def test_or_assessed_in_format_1_names_the_key() -> None:
    g, errors = compile_text("{fact: cases, ge: 100, or_assessed: true}", version=1)
    assert g is None
    assert [m for _, m in errors] == [
        "or_assessed 需要 format: emergency-plan/2（可用 python -m console plan upgrade 升级）"]


@pytest.mark.parametrize(("text", "where", "words"), [
    ("{fact: cases, ge: '100', or_assessed: true}", ["when", "ge"], "类型不匹配"),
    ("{fact: stage, eq: retail, or_assessed: true}", ["when", "eq"], "不是事实 `stage` 的可选值"),
    ("{fact: stage, in: [production, retail], or_assessed: true}", ["when", "in", 1], "不是事实 `stage` 的可选值"),
    ("{fact: stage, ge: production, or_assessed: true}", ["when", "ge"], "不能做大小比较"),
], ids=["type", "enum-value", "enum-in-value", "enum-by-size"])
def test_or_assessed_with_a_bad_comparison_is_located(text: str, where: list[Any], words: str) -> None:
    g, errors = compile_text(text)
    assert g is None
    assert len(errors) == 1 and errors[0][0] == where and words in errors[0][1], errors


def test_or_assessed_bad_comparison_in_a_plan_file_is_a_located_error() -> None:
    text = (FIX / "grading2.yaml").read_text("utf-8").replace(
        "when: {fact: cases, ge: 100, or_assessed: true}", "when: {fact: cases, ge: '100', or_assessed: true}")
    with pytest.raises(PlanError) as exc:
        load_plan_text(text, "grading2.yaml")
    (err,) = exc.value.errors
    assert (err.line, "类型不匹配" in err.message) == (34, True), str(err)


# -- durations are never compared by size ---------------------------------------------------------

@pytest.mark.parametrize("op", ["lt", "le", "gt", "ge"])
def test_a_duration_fact_cannot_be_compared_by_size(op: str) -> None:
    g, errors = compile_text(f"{{fact: incubation, {op}: PT24H}}")
    assert g is None
    assert errors == [(["when", op], "事实 `incubation`（时长）不能做大小比较，只能用 eq/ne/in/not_in")]


@pytest.mark.parametrize(("op", "value", "holds"), [("eq", "PT24H", True), ("ne", "PT24H", False),
                                                    ("in", ["P1D", "PT24H"], True), ("not_in", ["P1D"], True)])
def test_a_duration_fact_compares_by_value(op: str, value: Any, holds: bool) -> None:
    g, errors = compile_text(yaml.safe_dump({"fact": "incubation", op: value}))
    assert not errors
    assert g.test(SimpleNamespace(facts={"incubation": "PT24H"})) is holds


# -- the grading memo and assessed values ---------------------------------------------------------

def _grading2(**replace: str) -> Any:
    text = (FIX / "grading2.yaml").read_text("utf-8")
    for old, new in replace.items():
        text = text.replace(old, new)
    return load_plan_text(text, "grading2.yaml")


def _suggested(plan: Any, facts: dict[str, Any], assessed: dict[str, Any]) -> str | None:
    s = SimpleNamespace(facts=facts, assessed=assessed, level=None, suggestion={}, active_set=frozenset(),
                        linked={})
    return suggest_level(plan, s)["level"]


@pytest.mark.parametrize("rule", [
    "{fact: cases, ge: 100, or_assessed: true}",
    "{all: [{fact: cases, ge: 100, or_assessed: true}, {fact: deaths, ge: 0}]}",
    "{any: [{fact: deaths, ge: 1000}, {fact: cases, ge: 100, or_assessed: true}]}",
    "{not: {fact: cases, lt: 100, or_assessed: true}}",
], ids=["plain", "all", "any", "not"])
def test_the_memo_grades_by_the_assessed_value_too(rule: str) -> None:
    plan = _grading2(**{"{fact: cases, ge: 100, or_assessed: true}": rule})
    assert plan.grading_index is not None  # facts only: memoised
    facts = {"cases": 40, "deaths": 0}
    # same actual facts, assessed values on either side of 100: graded apart, in either order
    if rule.startswith("{not"):  # not (cases < 100 or assessed < 100): both must be ≥ 100
        assert _suggested(plan, {"cases": 150, "deaths": 0}, {"cases": 99}) == "III"
        assert _suggested(plan, {"cases": 150, "deaths": 0}, {"cases": 150}) == "II"
        return
    assert _suggested(plan, facts, {"cases": 99}) == "III"
    assert _suggested(plan, facts, {"cases": 100}) == "II"
    assert _suggested(plan, facts, {"cases": 99}) == "III"
    assert _suggested(plan, facts, {}) == "III"


def test_the_memo_keys_an_assessed_enum_fact_by_its_value() -> None:
    nodes = [{"fact": "stage", "eq": "production", "or_assessed": True}, {"fact": "cases", "ge": 30}]
    index = build_grading_index(nodes, FACTS)
    assert index is not None
    k1 = index.key({"cases": 1}, {"stage": "production"})
    k2 = index.key({"cases": 1}, {"stage": "catering"})
    assert k1 != k2
    assert index.key({"cases": 1}, {"stage": "production"}) == k1
    assert index.key({"cases": 1}, None) == index.key({"cases": 1}, {})


def test_the_memo_keys_an_assessed_number_by_its_band() -> None:
    index = build_grading_index([{"all": [{"fact": "cases", "ge": 100, "or_assessed": True}]}], FACTS)
    assert index is not None
    below, at, above = (index.key({}, {"cases": n}) for n in (99, 100, 150))
    assert below != at and at != above  # at the constant / past it
    assert index.key({}, {"cases": 120}) == above  # same band


def test_a_memoised_suggestion_is_a_copy() -> None:
    index = build_grading_index([{"fact": "cases", "ge": 1}], FACTS)
    assert index is not None
    hit = {"level": "IV", "rules": ["r"], "winner": "r", "modifiers": [], "base": "IV",
           "optional": [{"modifier": "m", "up_to": 1}]}
    first = index.lookup({"cases": 5}, lambda: hit)
    first["optional"][0]["up_to"] = 99
    first["rules"].append("x")
    again = index.lookup({"cases": 5}, lambda: pytest.fail("recomputed"))
    assert again["optional"] == [{"modifier": "m", "up_to": 1}] and again["rules"] == ["r"]
