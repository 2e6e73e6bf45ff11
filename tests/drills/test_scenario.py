"""Scenario files: the shipped ones check clean; mistakes are reported located, in Chinese."""

from __future__ import annotations

import re

import pytest

from console.cli import main
from console.drills.scenario import ScenarioError, load_scenario, load_scenario_text
from tests.drills.conftest import KINDERGARTEN, ROOT, SCHOOL


@pytest.mark.parametrize("path", [KINDERGARTEN, SCHOOL])
def test_shipped_scenarios_check_clean(path):
    s = load_scenario(path)
    assert 12 <= len(s.injects) <= 24
    assert s.evaluation and s.objectives
    assert any(i.when is not None for i in s.injects) and any(i.at is not None for i in s.injects)


def test_kindergarten_is_a_four_part_tabletop():
    s = load_scenario(KINDERGARTEN)
    assert s.type == "tabletop" and s.type_title == "桌面演练"
    assert list(s.parts.values()) == ["初始应对", "全面应对", "扩大应急", "应急终止"]
    assert {i.part for i in s.injects} == set(s.parts)


def test_school_is_functional_on_the_county_plan_and_escalates():
    s = load_scenario(SCHOOL)
    assert s.type == "functional" and s.plan.id == "food-county"
    actions = [e.action for e in s.expectations()]
    assert {"decide_level": {"level": "IV", "reason": actions[5]["decide_level"]["reason"],
                             "basis": "专家核定"}} in actions
    assert {"fire": "escalate"} in actions


def _mutate(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _errors(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as ei:
        load_scenario_text(text, "s.yaml", base=ROOT / "scenarios")
    return [str(d) for d in ei.value.diagnostics]


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("old,new,needle,words", [
    ("{fire: dispatch}", "{fire: dispatchx}", "dispatchx", "没有事件"),
    ("to: duty_officer\n    channel: phone\n    content:\n      kind: call",
     "to: nobody\n    channel: phone\n    content:\n      kind: call", "nobody", "不是预案中的角色"),
    ("when: {state: verifying}", "when: {state: verifyingx}", "verifyingx", "没有的状态"),
    ("facts: {cases: 12, hospitalized: 4}", "facts: {cases: -3, hospitalized: 4}", "cases: -3", "不能小于"),
    ("within: PT10M, auto_after: PT4M", "within: PT10X, auto_after: PT4M", "PT10X", "无效的时长"),
    ("part: P3\n    title: 全面排查", "part: P9\n    title: 全面排查", "P9", "未声明的演练阶段"),
    ("{task: onsite}, role: group_staff", "{task: onsitex}, role: group_staff", "onsitex", "没有 id 为"),
    # the scenario-format extension: model answers, quality checks, objectives of injects
    ("负责人。, state: verifying}",
     "负责人。, state: onsitex}",
     "onsitex", "参考答案引用了预案中没有的状态"),
    ("check: {report_fields: initial}", "check: {report_fields: initialx}", "initialx", "没有报告类型"),
    ("check: {answer: X12}", "check: {answer: X99}", "X99", "不存在的预期行动"),
    ("objective: O3\n    points: [是否对同一供货单位", "objective: O8\n    points: [是否对同一供货单位", "O8",
     "未声明的演练目标"),
    ("{id: E01, title: 接报后决定派员核实, objective: O1, check: {decision: X01}}",
     "{id: E01, title: 接报后决定派员核实, objective: O1, check: {decision: X01}, measure: {received: true}}",
     "E01", "只能有一项"),
    ("objective: O4, measure: {consultation: terminate}", "objective: O7, measure: {consultation: terminate}",
     "O7", "未声明的演练目标"),
    ("channel: radio", "channel: pigeon", "pigeon", "取值"),
])
def test_mistakes_are_located(old, new, needle, words):
    text = _mutate(KINDERGARTEN.read_text("utf-8"), old, new)
    errs = _errors(text)
    line = _line_of(text, needle)
    assert any(e.startswith(f"s.yaml:{line}:") and words in e for e in errs), errs


def test_duplicate_ids_and_both_timings():
    text = KINDERGARTEN.read_text("utf-8")
    dup = _mutate(text, "id: I02", "id: I01")
    assert any("重复的编号 `I01`" in e and "第一次出现" in e for e in _errors(dup))
    both = _mutate(text, "when: {state: verifying}\n    after: PT5M",
                   "when: {state: verifying}\n    at: PT5M")
    assert any("只能有一个发出时机" in e for e in _errors(both))


def test_trigger_cycle_is_an_error():
    text = _mutate(KINDERGARTEN.read_text("utf-8"), "at: PT3H30M", "when: {inject: I11}")
    assert any("形成循环" in e for e in _errors(text))


def test_missing_plan_file():
    text = _mutate(KINDERGARTEN.read_text("utf-8"), "../plans/food-municipal.yaml", "../plans/nope.yaml")
    errs = _errors(text)
    assert len(errs) == 1 and re.match(r"s\.yaml:\d+:\d+: error: 找不到预案文件", errs[0])


def test_check_command(tmp_path, capsys):
    assert main(["drill", "check", str(KINDERGARTEN), str(SCHOOL)]) == 0
    out = capsys.readouterr().out
    assert "桌面演练" in out and "功能演练（综合·检验性）" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text(_mutate(KINDERGARTEN.read_text("utf-8"), "../plans/", str(ROOT / "plans") + "/")
                   .replace("{fire: dispatch}", "{fire: nowhere}"), "utf-8")
    assert main(["drill", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert re.search(rf"{re.escape(str(bad))}:\d+:\d+: error: 预案中没有事件 `nowhere`", err)
    assert "Traceback" not in err
