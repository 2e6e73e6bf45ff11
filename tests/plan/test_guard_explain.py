"""Guards, format 2 §B: ``or_assessed`` (the actual OR the assessed value) and ``explain`` (the
clauses that fail). Table tests: guard × state → expected value / explanation."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from console.plan.guards import GuardContext, compile_guard
from console.plan.model import FactDecl
from console.plan.schema import KeyRef

FACTS = {
    "cases": FactDecl("cases", "int", "发病人数", assessable=True),
    "deaths": FactDecl("deaths", "int", "死亡人数"),
    "stage": FactDecl("stage", "enum", "发生环节", values=("production", "catering"),
                      labels={"production": "生产", "catering": "餐饮"}, assessable=True),
    "spread": FactDecl("spread", "bool", "跨省", assessable=True),
}


def guard(text: str, version: int = 2) -> Any:
    errors: list[tuple[list[Any], str]] = []
    ctx = GuardContext(FACTS, ("I", "II", "III", "IV"), {"a"}, {}, {}, lambda p, m: errors.append((p, m)),
                       format_version=version)
    g = compile_guard(yaml.safe_load(text), ctx, ["when"])
    return g if g is not None else errors


def state(facts: dict[str, Any] | None = None, assessed: dict[str, Any] | None = None,
          level: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(facts=facts or {}, assessed=assessed or {}, level=level, suggestion={},
                           active_set=frozenset())


# guard, actual facts, assessed facts, expected value
OR_ASSESSED = [
    ("{fact: cases, ge: 100, or_assessed: true}", {}, {}, False),
    ("{fact: cases, ge: 100, or_assessed: true}", {"cases": 100}, {}, True),          # actual alone
    ("{fact: cases, ge: 100, or_assessed: true}", {"cases": 99}, {}, False),
    ("{fact: cases, ge: 100, or_assessed: true}", {"cases": 99}, {"cases": 100}, True),  # assessed alone
    ("{fact: cases, ge: 100, or_assessed: true}", {}, {"cases": 150}, True),          # actual unset
    ("{fact: cases, ge: 100, or_assessed: true}", {"cases": 20}, {"cases": 99}, False),
    ("{fact: cases, ge: 100, or_assessed: true}", {"cases": 20}, {"deaths": 500}, False),  # other fact assessed
    ("{fact: cases, ge: 100}", {"cases": 20}, {"cases": 150}, False),                  # without the option
    ("{fact: cases, ge: 100, or_assessed: false}", {"cases": 20}, {"cases": 150}, False),
    ("{fact: cases, gt: 100, or_assessed: true}", {"cases": 100}, {"cases": 100}, False),
    ("{fact: cases, gt: 100, or_assessed: true}", {"cases": 1}, {"cases": 101}, True),
    ("{fact: cases, lt: 10, or_assessed: true}", {"cases": 50}, {"cases": 9}, True),
    ("{fact: cases, lt: 10, or_assessed: true}", {"cases": 50}, {"cases": 10}, False),
    ("{fact: cases, le: 10, or_assessed: true}", {"cases": 50}, {"cases": 10}, True),
    ("{fact: cases, eq: 7, or_assessed: true}", {"cases": 6}, {"cases": 7}, True),
    ("{fact: cases, ne: 7, or_assessed: true}", {"cases": 7}, {"cases": 7}, False),
    ("{fact: cases, ne: 7, or_assessed: true}", {"cases": 7}, {"cases": 8}, True),
    ("{fact: stage, eq: production, or_assessed: true}", {"stage": "catering"}, {"stage": "production"}, True),
    ("{fact: stage, in: [production], or_assessed: true}", {"stage": "catering"}, {"stage": "catering"}, False),
    ("{fact: stage, not_in: [production], or_assessed: true}", {"stage": "production"}, {"stage": "catering"}, True),
    ("{fact: spread, eq: true, or_assessed: true}", {"spread": False}, {"spread": True}, True),
    ("{fact: spread, eq: true, or_assessed: true}", {"spread": False}, {}, False),
    ("{fact: cases, set: true, or_assessed: true}", {}, {"cases": 3}, True),
    ("{fact: cases, set: true, or_assessed: true}", {}, {}, False),
    ("{not: {fact: cases, ge: 100, or_assessed: true}}", {"cases": 5}, {"cases": 200}, False),
    ("{all: [{fact: cases, ge: 100, or_assessed: true}, {fact: deaths, ge: 1}]}", {"deaths": 1}, {"cases": 100}, True),
    ("{all: [{fact: cases, ge: 100, or_assessed: true}, {fact: deaths, ge: 1}]}", {"deaths": 0}, {"cases": 100}, False),
]


@pytest.mark.parametrize(("text", "facts", "assessed", "want"), OR_ASSESSED)
def test_or_assessed_table(text, facts, assessed, want):
    assert guard(text).test(state(facts, assessed)) is want


def test_or_assessed_reads_a_state_without_assessed_values():
    g = guard("{fact: cases, ge: 100, or_assessed: true}")
    assert g.test(SimpleNamespace(facts={"cases": 100})) is True
    assert g.test(SimpleNamespace(facts={"cases": 1})) is False


def test_or_assessed_text_says_so():
    assert guard("{fact: cases, ge: 100, or_assessed: true}").text == "发病人数 ≥ 100（含经评估可能）"
    assert guard("{fact: cases, ge: 100}").text == "发病人数 ≥ 100"


@pytest.mark.parametrize(("text", "version", "where", "words"), [
    ("{fact: deaths, ge: 1, or_assessed: true}", 2, ["when", KeyRef("or_assessed")], "不可评估"),
    ("{fact: cases, ge: 1, or_assessed: true}", 1, ["when", KeyRef("or_assessed")], "需要 format: emergency-plan/2"),
    ("{fact: cases, ge: 1, le: 3, or_assessed: true}", 2, ["when"], "只能有一个比较"),
    ("{fact: nobody, ge: 1, or_assessed: true}", 2, ["when", "fact"], "未声明的事实"),
])
def test_or_assessed_errors(text, version, where, words):
    errors = guard(text, version)
    assert isinstance(errors, list) and len(errors) == 1
    path, msg = errors[0]
    assert path == where and words in msg


# guard, facts, level, expected value, expected explanation (a failing clause is named by what it requires)
A, B, C = "{fact: cases, ge: 30}", "{fact: deaths, ge: 1}", "{level: {graded: true}}"
EXPLAIN = [
    (A, {"cases": 1}, None, False, "发病人数 ≥ 30"),
    (A, {"cases": 30}, None, True, "发病人数 ≥ 30"),
    (f"{{all: [{A}, {B}]}}", {"cases": 30, "deaths": 0}, None, False, "死亡人数 ≥ 1"),
    (f"{{all: [{A}, {B}]}}", {"cases": 1, "deaths": 1}, None, False, "发病人数 ≥ 30"),
    (f"{{all: [{A}, {B}]}}", {"cases": 1, "deaths": 0}, None, False, "（发病人数 ≥ 30 且 死亡人数 ≥ 1）"),
    (f"{{all: [{A}, {B}]}}", {"cases": 30, "deaths": 1}, None, True, "（发病人数 ≥ 30 且 死亡人数 ≥ 1）"),
    (f"{{all: [{A}, {B}, {C}]}}", {"cases": 30, "deaths": 1}, None, False, "当前级别已定级"),
    (f"{{any: [{A}, {B}]}}", {"cases": 1, "deaths": 0}, None, False, "（发病人数 ≥ 30 或 死亡人数 ≥ 1）"),
    (f"{{any: [{A}, {B}]}}", {"cases": 30, "deaths": 0}, None, True, "（发病人数 ≥ 30 或 死亡人数 ≥ 1）"),
    # nested: an ``any`` inside an ``all`` explains each of its parts the same way
    (f"{{all: [{C}, {{any: [{A}, {{all: [{B}, {C}]}}]}}]}}", {"cases": 1, "deaths": 0}, "III", False,
     "（发病人数 ≥ 30 或 死亡人数 ≥ 1）"),
    (f"{{all: [{C}, {{any: [{A}, {{all: [{B}, {C}]}}]}}]}}", {"cases": 1, "deaths": 0}, None, False,
     "（当前级别已定级 且 （发病人数 ≥ 30 或 （死亡人数 ≥ 1 且 当前级别已定级）））"),
    (f"{{not: {A}}}", {"cases": 40}, None, False, "非发病人数 ≥ 30"),
    (f"{{all: [{{not: {A}}}, {B}]}}", {"cases": 40, "deaths": 2}, None, False, "非发病人数 ≥ 30"),
]


@pytest.mark.parametrize(("text", "facts", "level", "holds", "why"), EXPLAIN)
def test_explain_table(text, facts, level, holds, why):
    g = guard(text)
    s = state(facts, level=level)
    assert g.test(s) is holds
    assert g.explain(s) == why


def test_all_and_any_keep_their_parts_single_clauses_do_not():
    g = guard(f"{{all: [{A}, {{any: [{B}, {C}]}}]}}")
    assert g.joiner == "all" and [p.joiner for p in g.parts] == ["", "any"]
    assert len(g.parts[1].parts) == 2
    assert guard(A).parts == () and guard(f"{{not: {A}}}").joiner == ""
