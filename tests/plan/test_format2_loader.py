"""Plan format 2 §B in the loader: what compiles, and every mistake as a located Chinese error
(``file:line:col``), including any of the new keys in an emergency-plan/1 file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from console.plan import PlanError, load_plan_text
from console.plan.leads import LeadSpec, level_body
from console.plan.loader import load_plan_with_warnings
from tests.plan.test_loader_errors import at, sub

FIX = Path(__file__).parent / "fixtures"
G2 = (FIX / "grading2.yaml").read_text("utf-8")
MINI = (FIX / "mini.yaml").read_text("utf-8")
V1 = "format: emergency-plan/1"
NEEDS_2 = "需要 format: emergency-plan/2（可用 python -m console plan upgrade 升级）"


def load(text: str):
    return load_plan_with_warnings(FIX / "grading2.yaml", catalogue=None) if text is G2 else \
        (load_plan_text(text, "g2.yaml", catalogue=None), None)


def test_the_fixture_compiles_everything_of_section_b():
    plan, warnings = load_plan_with_warnings(FIX / "grading2.yaml", catalogue=None)
    # the only warning: 提升级别 whose guard does not exclude Ⅰ, pointed at `raise`
    assert [(w.line, w.col) for w in warnings] == [at(G2, "event: escalate", "1}}]")]
    assert "级别可能已是Ⅰ级" in warnings[0].message and "{level: {ne: I}}" in warnings[0].message
    assert [lv.starts for lv in plan.levels] == ["国家食安委", "省食安委", "市食安委", None]
    assert level_body(plan, "III") == "Ⅲ级：市人民政府领导，市食安委启动，市食安办组织实施"
    assert level_body(plan, "IV") == "Ⅳ级：县级人民政府领导"
    assert level_body(plan, None) == ""
    assert plan.leads["office"] == LeadSpec(by_level={"I": "国务院食安办", "II": "省食安办"}, default="市食安办")
    assert plan.leads["trace"].fact == "stage" and plan.leads["trace"].values["production"] == "农业农村部门"
    assert "site" not in plan.leads and plan.units["site"]["lead"] == "市市场监管局"
    assert plan.units["office"]["lead"] == "市食安办"  # readers of units see the usual lead as text
    assert [j.id for j in plan.judgements] == ["A-I-3", "A.II.2"]
    assert plan.judgements[0].when is None and plan.judgements[1].when is not None
    assert plan.judgements[1].judged_by == {"commander", "deputy"}
    assert [r.id for r in plan.rules] == ["A-I-1", "5.2.1", "A-III-1", "A-IV-1"]
    assert [(m.id, m.raise_by, m.optional) for m in plan.modifiers] == [("5.4.1", 1, True)]
    assert plan.facts["cases"].assessable and not plan.facts["deaths"].assessable
    term = next(t for t in plan.states["open"].transitions if t.event == "terminate")
    assert term.roles == {"commander", "deputy"}
    assert term.roles_at("I") == {"commander"} and term.roles_at("II") == {"commander", "deputy"}
    assert term.roles_at(None) == {"commander", "deputy"}
    assert plan.grading_index is not None  # or_assessed extends the index key


def test_national_jurisdiction_level():
    plan, _ = load(sub("level: city}", "level: national}", G2))
    assert plan.jurisdiction_level == "national"


def test_a_format_2_plan_without_section_b_has_none_of_it():
    plan = load_plan_text(MINI.replace(V1, "format: emergency-plan/2"), "m.yaml", catalogue=None)
    assert plan.judgements == () and plan.leads == {}
    assert all(not m.optional for m in plan.modifiers)
    assert all(tr.roles_by_level is None for st in plan.states.values() for tr in st.transitions)


@dataclass
class Case:
    name: str
    text: str
    message: str
    pos: tuple[int, int]


def _cases() -> list[Case]:
    c: list[Case] = []
    t = sub("when: {fact: deaths, ge: 30}", "when: {fact: deaths, ge: 30, or_assessed: true}", G2)
    c.append(Case("or_assessed_on_non_assessable_fact", t, "不可评估", at(t, "A-I-1", "or_assessed")))
    t = sub("judged_by: [commander, deputy]", "judged_by: [commander, governor]", G2)
    c.append(Case("judged_by_unknown_role", t, "未知的角色 `governor`", at(t, "A.II.2", "governor")))
    t = sub("{I: 国务院食安办, II: 省食安办", "{I: 国务院食安办, V: 省食安办", G2)
    c.append(Case("lead_level_map_unknown_level", t, "未知的级别 `V`", at(t, "综合协调组", "V:")))
    t = sub("{fact: stage, values", "{fact: phase, values", G2)
    c.append(Case("lead_fact_map_undeclared_fact", t, "未声明的事实 `phase`", at(t, "溯源组", "phase")))
    t = sub("{fact: stage, values", "{fact: cases, values", G2)
    c.append(Case("lead_fact_map_non_enum_fact", t, "只能用枚举事实", at(t, "溯源组", "cases")))
    t = sub("values: {production: 农业", "values: {farming: 农业", G2)
    c.append(Case("lead_fact_map_unknown_value", t, "`farming` 不是事实 `stage` 的可选值", at(t, "溯源组", "farming")))
    t = sub(", processing: 市场监管部门}, default: 市场监管部门}", ", processing: 市场监管部门}}", G2)
    c.append(Case("lead_fact_map_without_default", t, "需要 default", at(t, "溯源组", "lead")))
    t = sub("roles: {I: [commander], default", "roles: {V: [commander], default", G2)
    c.append(Case("roles_map_unknown_level", t, "未知的级别 `V`", at(t, "roles: {V", "V:")))
    t = sub("roles: {I: [commander], default: [commander, deputy]}", "roles: {I: [commander]}", G2)
    c.append(Case("roles_map_without_default", t, "需要 default", at(t, "roles: {I: [commander]}", "roles")))
    t = sub("roles: {I: [commander], default", "roles: {I: [governor], default", G2)
    c.append(Case("roles_map_unknown_role", t, "未知的角色 `governor`", at(t, "roles: {I", "governor")))
    t = sub("    - {id: A-IV-1, level: IV, title: 发病1人以上, when: {fact: cases, ge: 1}}",
            "    - {id: A-IV-1, level: IV, title: 发病1人以上}", G2)
    c.append(Case("rule_without_when_or_judged_by", t, "缺少必填项 `when`", at(t, "id: A-IV-1", "{id")))
    t = sub("raise: {up_to: 1}", "raise: {up_to: 5}", G2)
    c.append(Case("optional_raise_beyond_three", t, "不能大于 3", at(t, "up_to", "5}")))
    t = sub('id: "5.2.1"', 'id: "5..2 1"', G2)
    c.append(Case("rule_id_with_a_space", t, "规则标识", at(t, "5..2 1", '"5..2 1"')))
    t = sub("level: city}", "level: nation}", G2)
    c.append(Case("jurisdiction_level_not_known", t, "national", at(t, "level: nation}", "nation")))
    # any of them in an emergency-plan/1 file: 「<key> 需要 format: emergency-plan/2（…plan upgrade…）」
    one = G2.replace("format: emergency-plan/2", V1)
    for name, marker, token in [
        ("assessable", "cases: {type: int", "assessable"),
        ("or_assessed", "5.2.1", "or_assessed"),
        ("judged_by", "A-I-3", "judged_by"),
        ("lead", "综合协调组", "lead"),
        ("roles", "roles: {I", "roles"),
        ("starts", "国家食安委", "starts"),
        ("runs", "国家食安委", "runs"),
        ("raise: {up_to", "up_to", "raise"),
        ("规则标识", "5.2.1", '"5.2.1"'),
    ]:
        c.append(Case(f"format_1_{name}", one, NEEDS_2, at(one, marker, token)))
    t = sub("level: city}", "level: national}", one)
    c.append(Case("format_1_national", t, "national " + NEEDS_2, at(t, "level: national}", "national")))
    return c


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c.name)
def test_mistakes_are_located_chinese_errors(case: Case):
    with pytest.raises(PlanError) as exc:
        load_plan_text(case.text, "g2.yaml", catalogue=None)
    hits = [d for d in exc.value.errors if case.message in d.message]
    assert hits, [str(d) for d in exc.value.diagnostics]
    assert case.pos in {(d.line, d.col) for d in hits}, [str(d) for d in exc.value.diagnostics]
    assert all(str(d).startswith(f"g2.yaml:{d.line}:{d.col}: error: ") for d in hits)


def test_raise_guarded_against_the_top_level_does_not_warn():
    t = sub("{event: escalate, roles: [commander], effects",
            "{event: escalate, roles: [commander], when: {level: {ne: I}}, effects", G2)
    _, warnings = load_plan_text_w(t)
    assert warnings == []


@pytest.mark.parametrize(("when", "warns"), [
    ("{level: {at_most: II}}", False),
    ("{level: {eq: III}}", False),
    ("{level: {eq: I}}", True),
    ("{level: {ne: II}}", True),
    ("{level: {in: [II, III]}}", False),
    ("{level: {in: [I, II]}}", True),
    ("{level: {graded: false}}", False),
    ("{level: {graded: true}}", True),
    ("{level: {at_least: II}}", True),
    ("{all: [{fact: cases, ge: 1}, {level: {ne: I}}]}", False),
    ("{all: [{fact: cases, ge: 1}, {level: {ne: II}}]}", True),
    ("{any: [{level: {ne: I}}, {level: {eq: II}}]}", False),
    ("{any: [{level: {ne: I}}, {fact: cases, ge: 1}]}", True),
    ("{not: {level: {eq: I}}}", True),  # not analysed: warns (a warning, never an error)
])
def test_raise_warning_follows_the_guard(when, warns):
    t = sub("{event: escalate, roles: [commander], effects",
            f"{{event: escalate, roles: [commander], when: {when}, effects", G2)
    _, warnings = load_plan_text_w(t)
    assert bool(warnings) is warns


def test_a_format_1_plan_never_gets_the_raise_warning():
    assert "level: {raise: 1}" in MINI
    _, warnings = load_plan_text_w(MINI)
    assert warnings == []


def load_plan_text_w(text: str):
    from console.plan.loader import load_plan_text_with_warnings

    return load_plan_text_with_warnings(text, "g2.yaml", catalogue=None)
