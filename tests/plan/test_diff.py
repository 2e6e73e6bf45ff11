"""``plan diff``: what changed between two versions of a plan, by meaning, in the domain's words,
each change at its line — on small variants of plans/food-municipal.yaml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import console.app  # noqa: F401 - the catalogue and division data the plan files are checked against
from console.app import Console
from console.cli import main
from console.clock import ManualClock
from console.plan.diagnostics import PlanError
from console.plan.diff import Change, diff_plans, diff_texts
from console.plan.loader import load_plan
from console.store import open_database
from tests.records_fixtures import T0

ROOT = Path(__file__).resolve().parents[2]
# The municipal plan as released in 2026.1: the variants below edit its text; the shipped plan became
# the format-2 encoding of the published sources (issue #17) and is checked by its own tests.
MUNICIPAL = ROOT / "tests" / "plan" / "fixtures" / "released-2026.1" / "food-municipal.yaml"
SOURCE = MUNICIPAL.read_text(encoding="utf-8")


def variant(tmp_path: Path, name: str, *replacements: tuple[str, str], source: str = SOURCE) -> Path:
    text = source
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    out = tmp_path / name
    out.write_text(text, encoding="utf-8")
    return out


def line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return i
    raise AssertionError(needle)


def diff_files(old: Path, new: Path):
    return diff_plans(load_plan(old), load_plan(new), old_text=old.read_text(encoding="utf-8"),
                      new_text=new.read_text(encoding="utf-8"), old_name=old.name, new_name=new.name)


def only(changes: tuple[Change, ...]) -> Change:
    assert len(changes) == 1, [c.title for c in changes]
    return changes[0]


def test_identical_plans_have_no_changes_even_when_the_text_is_laid_out_differently(tmp_path):
    same = diff_files(MUNICIPAL, MUNICIPAL)
    assert same.identical and same.changes == ()
    relaid = variant(tmp_path, "relaid.yaml",
                     ("# 濮阳市食品安全", "# 重新排版的副本\n# 濮阳市食品安全"),
                     ("{unit: coordination, title: 接报登记并报告带班领导, within: PT15M}",
                      "{within: PT15M, title: 接报登记并报告带班领导, unit: coordination}"),
                     ("when: {fact: cases, ge: 30}", "when:\n        fact: cases\n        ge: 30"))
    d = diff_files(MUNICIPAL, relaid)
    assert d.old.content_hash != d.new.content_hash
    assert d.identical, d.text()
    assert "没有变化" in d.text()


def test_a_changed_threshold_names_the_level_the_rule_and_the_fact(tmp_path):
    new = variant(tmp_path, "new.yaml", ("when: {fact: cases, ge: 30}", "when: {fact: cases, ge: 50}"))
    c = only(diff_files(MUNICIPAL, new).changes)
    assert c.area == "levels" and c.kind == "changed"
    assert c.title == "Ⅳ级（A-IV-2）：发病（中毒）人数 ≥ 30 → ≥ 50"
    assert (c.old_text, c.new_text) == ("发病（中毒）人数 ≥ 30", "发病（中毒）人数 ≥ 50")
    # the whole `when:` line: the plan has other 50-person rules (JS-II-school, JS-II-event, issue #17)
    assert c.old_loc == line_of(MUNICIPAL, "when: {fact: cases, ge: 30}")
    assert c.new_loc == line_of(new, "when: {fact: cases, ge: 50}")


def test_a_changed_deadline_reads_as_durations(tmp_path):
    new = variant(tmp_path, "new.yaml", ("title: 赶赴现场核实, within: PT30M", "title: 赶赴现场核实, within: PT1H"),
                  ("within: {I: PT1H, II: PT1H, default: PT2H}, from: received",
                   "within: {I: PT1H, II: PT1H, default: PT1H}, from: received"))
    d = diff_files(MUNICIPAL, new)
    titles = [c.title for c in d.changes]
    assert titles == ["［事件处置］初报（书面）时限 Ⅰ级1小时，Ⅱ级1小时，其他2小时 → Ⅰ级1小时，Ⅱ级1小时，其他1小时",
                      "［核实］任务「赶赴现场核实」时限 30分钟 → 1小时"]
    assert {c.area for c in d.changes} == {"deadlines"}
    assert d.changes[1].new_loc == line_of(new, "title: 赶赴现场核实")


def test_a_changed_unit_lead_and_members(tmp_path):
    new = variant(tmp_path, "new.yaml",
                  ("hazard: {title: 危害控制组, lead: 市市场监管局", "hazard: {title: 危害控制组, lead: 市卫生健康委"),
                  ("members: [市公安局, 市卫生健康委]", "members: [市公安局, 市农业农村局]"))
    d = diff_files(MUNICIPAL, new)
    assert [c.title for c in d.changes] == ["危害控制组 牵头：市市场监管局 → 市卫生健康委",
                                            "事件调查组 成员单位：增加 市农业农村局；减少 市卫生健康委"]
    assert {c.area for c in d.changes} == {"units"}
    assert d.changes[0].old_loc == line_of(MUNICIPAL, "hazard: {title: 危害控制组")


def test_an_added_state_and_its_transitions(tmp_path):
    new = variant(tmp_path, "new.yaml",
                  ("      - {event: close, to: closed, roles: [commander], when: {reports: {kind: final, ge: 1}}}",
                   "      - {event: close, to: closed, roles: [commander], when: {reports: {kind: final, ge: 1}}}\n"
                   "      - {event: keep_level, to: review, roles: [commander]}\n"
                   "  review:\n"
                   "    title: 总结复盘\n"
                   "    transitions:\n"
                   "      - {event: close, to: closed, roles: [commander, deputy]}"))
    d = diff_files(MUNICIPAL, new)
    by_kind = {(c.area, c.kind): c for c in d.changes}
    state = by_kind[("states", "added")]
    assert state.title.startswith("新增状态「总结复盘」（review）") and state.new_loc == line_of(new, "  review:")
    assert state.old_loc is None
    into = [c for c in d.changes if c.title.startswith("新增转移 「后期处置与总结」—维持当前级别→「总结复盘」")]
    assert into and into[0].area == "states"
    out = [c for c in d.changes if "「总结复盘」—结案→「结案」" in c.title]
    assert out and out[0].area == "termination" and "指挥长" in out[0].title and "副指挥长" in out[0].title


def test_a_removed_task_is_named_with_its_unit_and_old_line(tmp_path):
    new = variant(tmp_path, "new.yaml",
                  ("          - task: {unit: stability, title: 维护现场秩序, within: PT2H}\n", ""))
    c = only(diff_files(MUNICIPAL, new).changes)
    assert c.area == "tasks" and c.kind == "removed"
    assert c.title == "删除 ［应急响应］任务 · 维护稳定组：维护现场秩序（2小时内）"
    assert c.old_loc == line_of(MUNICIPAL, "维护现场秩序") and c.new_loc is None


def test_a_task_given_to_another_unit(tmp_path):
    new = variant(tmp_path, "new.yaml", ("task: {unit: testing, title: 采集样本并送检",
                                         "task: {unit: hazard, title: 采集样本并送检"))
    c = only(diff_files(MUNICIPAL, new).changes)
    assert c.area == "tasks" and c.title == "［评估与分级］任务「采集样本并送检」责任单位 检测评估组 → 危害控制组"


def test_termination_conditions_and_roles(tmp_path):
    new = variant(tmp_path, "new.yaml", ("{fact: stable_hours, ge: 24}", "{fact: stable_hours, ge: 48}"),
                  ("to: escalation_review, roles: [commander, deputy, duty_officer]}",
                   "to: escalation_review, roles: [commander, deputy]}"))
    d = diff_files(MUNICIPAL, new)
    term = [c for c in d.changes if c.area == "termination"]
    assert [c.title for c in term] == ["「终止评估」—终止响应→「后期处置与总结」 原患者病情稳定时长 ≥ 24 → ≥ 48"]
    roles = [c for c in d.changes if c.area == "states"]
    assert [c.title for c in roles] == [
        "「应急处置」—提请提升级别→「提级研判」 可执行角色 指挥长、副指挥长、值班员 → 指挥长、副指挥长"]


def test_a_guard_gains_a_condition_and_consultations_change(tmp_path):
    new = variant(tmp_path, "new.yaml",
                  ("when: {all: [{consultation: {question: grade}}, {level: {graded: true}}]}",
                   "when: {all: [{consultation: {question: grade}}, {level: {graded: true}},"
                   " {fact: cases, set: true}]}"),
                  ("specialties: [食品安全, 流行病学, 临床毒理], quorum: 3, within: PT2H}",
                   "specialties: [食品安全, 流行病学], quorum: 5, within: PT2H}"))
    d = diff_files(MUNICIPAL, new)
    titles = [c.title for c in d.changes]
    assert titles == [
        "「评估与分级」—启动响应→「应急响应」 增加条件 发病（中毒）人数已填写",
        "［评估与分级］专家会商「事件分级研判」法定人数 3 → 5",
        "［评估与分级］专家会商「事件分级研判」专业 食品安全、流行病学、临床毒理 → 食品安全、流行病学",
    ]
    assert [c.area for c in d.changes] == ["states", "consultations", "consultations"]


def test_materials_and_header(tmp_path):
    new = variant(tmp_path, "new.yaml", ('version: "2026.1"', 'version: "2026.2"'),
                  ("{item: KJ-004, qty: {I: 40, II: 30, III: 20, default: 10}}",
                   "{item: KJ-004, qty: {I: 60, II: 30, III: 20, default: 10}}"))
    d = diff_files(MUNICIPAL, new)
    assert [(c.area, c.title) for c in d.changes] == [
        ("header", "版本 2026.1 → 2026.2"),
        ("materials", "［应急响应］物资调用「启动响应调用应急物资」 KJ-004 数量 Ⅰ级40，Ⅱ级30，Ⅲ级20，其他10 → "
                      "Ⅰ级60，Ⅱ级30，Ⅲ级20，其他10"),
    ]


def test_format_1_against_2_shows_the_format_and_what_deadlines_now_do(tmp_path):
    old = variant(tmp_path, "v1.yaml", ("format: emergency-plan/2", "format: emergency-plan/1"))
    d = diff_files(old, MUNICIPAL)
    assert d.changes[0].area == "header" and d.changes[0].title.startswith("格式 emergency-plan/1 → emergency-plan/2")
    rest = d.changes[1:]
    assert rest and {c.area for c in rest} == {"deadlines"}
    assert all(c.title.endswith("期限 离开本阶段即取消 → 持续到完成") for c in rest)
    # periodic reports, consultations and timers end with their state in either format: not listed
    assert not any("续报" in c.title or "专家会商" in c.title for c in rest)
    assert any(c.title == "［接报］任务「接报登记并报告带班领导」期限 离开本阶段即取消 → 持续到完成" for c in rest)


def test_without_the_texts_guards_compare_by_their_words_and_lines_are_unknown(tmp_path):
    new = variant(tmp_path, "new.yaml", ("when: {fact: cases, ge: 30}", "when: {fact: cases, ge: 50}"))
    c = only(diff_plans(load_plan(MUNICIPAL), load_plan(new)).changes)
    assert c.title == "Ⅳ级（A-IV-2）：条件 发病（中毒）人数 ≥ 30 → 发病（中毒）人数 ≥ 50"
    assert c.old_loc is None and c.new_loc is None


def test_diff_texts_refuses_a_broken_text_located():
    with pytest.raises(PlanError) as exc:
        diff_texts(SOURCE, SOURCE.replace("to: verifying", "to: nowhere"), "old.yaml", "new.yaml")
    d = exc.value.errors[0]
    assert d.file == "new.yaml" and d.line == SOURCE.splitlines().index(
        next(x for x in SOURCE.splitlines() if "to: verifying" in x)) + 1


# -- the command line ------------------------------------------------------------------------------

def test_cli_exit_codes_text_and_json(tmp_path, capsys):
    assert main(["plan", "diff", str(MUNICIPAL), str(MUNICIPAL)]) == 0
    assert "没有变化" in capsys.readouterr().out
    new = variant(tmp_path, "new.yaml", ("when: {fact: cases, ge: 30}", "when: {fact: cases, ge: 50}"),
                  ("hazard: {title: 危害控制组, lead: 市市场监管局", "hazard: {title: 危害控制组, lead: 市卫生健康委"))
    assert main(["plan", "diff", str(MUNICIPAL), str(new)]) == 1
    out = capsys.readouterr().out
    assert "共 2 处变化" in out and "【级别与分级】（1）" in out and "【责任单位】（1）" in out
    assert out.index("【级别与分级】") < out.index("【责任单位】")
    line = line_of(new, "when: {fact: cases, ge: 50}")  # other rules have 50 too (issue #17)
    assert f"修改  Ⅳ级（A-IV-2）：发病（中毒）人数 ≥ 30 → ≥ 50  （第 {line} 行）" in out
    assert main(["plan", "diff", str(MUNICIPAL), str(new), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["identical"] is False and data["new"]["name"] == str(new)
    assert [c["area"] for c in data["changes"]] == ["levels", "units"]
    assert data["changes"][1] == {
        "area": "units", "key": "unit:hazard:lead", "kind": "changed",
        "title": "危害控制组 牵头：市市场监管局 → 市卫生健康委",
        "old_text": "市市场监管局", "new_text": "市卫生健康委", "old_loc": line_of(MUNICIPAL, "hazard: {"),
        "new_loc": line_of(new, "hazard: {"), "area_title": "责任单位"}


def test_cli_a_broken_file_is_a_located_error_exit_2(tmp_path, capsys):
    bad = variant(tmp_path, "bad.yaml", ("to: verifying", "to: nowhere"))
    assert main(["plan", "diff", str(MUNICIPAL), str(bad)]) == 2
    err = capsys.readouterr().err
    line = line_of(bad, "to: nowhere")
    assert f"{bad}:{line}:" in err and "未知的目标状态 `nowhere`" in err and "无法比较" in err
    assert main(["plan", "diff", str(MUNICIPAL), str(tmp_path / "missing.yaml")]) == 2
    assert "无法读取预案文件" in capsys.readouterr().err


def test_cli_compares_library_versions_by_hash(tmp_path, capsys):
    url = str(tmp_path / "c.sqlite3")
    new = variant(tmp_path, "new.yaml", ("within: PT30M, from: received", "within: PT20M, from: received"))
    db = open_database(f"sqlite:///{url}")
    lib = Console(db, ManualClock(T0)).library
    a = lib.add_file(MUNICIPAL, actor="管理员", role="admin")
    b = lib.add_file(new, actor="管理员", role="admin")
    db.close()
    assert main(["plan", "diff", a.content_hash[:8], b.content_hash[:8], "--db", url]) == 1
    out = capsys.readouterr().out
    assert "［核实］任务「赶赴现场核实」时限 30分钟 → 20分钟" in out and "预案库" in out
    assert main(["--db", url, "plan", "diff", a.content_hash[:8], str(MUNICIPAL)]) == 0
    capsys.readouterr()
    assert main(["--db", url, "plan", "diff", a.content_hash[:8], "abcdef0"]) == 2
    assert "预案库中没有内容哈希为 abcdef0" in capsys.readouterr().err


def test_a_task_renamed_in_place_is_one_change_and_two_new_tasks_are_additions(tmp_path):
    new = variant(tmp_path, "new.yaml", ("title: 保护现场、封存可疑食品及原料", "title: 保护现场、封存可疑食品"))
    c = only(diff_files(MUNICIPAL, new).changes)
    assert c.title == "［核实］任务名称「保护现场、封存可疑食品及原料」→「保护现场、封存可疑食品」"
    assert c.area == "tasks" and c.new_loc == line_of(new, "title: 保护现场、封存可疑食品, within")
    both = variant(tmp_path, "both.yaml",
                   ("          - task: {unit: medical, title: 组织救治伤病员, within: PT1H}\n",
                    "          - task: {unit: medical, title: 组织救治伤病员, within: PT1H}\n"
                    "          - task: {unit: testing, title: 调取监控与进货台账, within: PT2H}\n"))
    c = only(diff_files(MUNICIPAL, both).changes)
    assert c.kind == "added" and c.title == "新增 ［核实］任务 · 检测评估组：调取监控与进货台账（2小时内）"
    assert c.new_loc == line_of(both, "调取监控与进货台账")
