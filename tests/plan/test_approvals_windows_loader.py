"""Approvals and time windows in plan files: every mistake a located Chinese error."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.plan import PlanError, load_plan_text
from console.plan.checklist import checklist_text
from console.plan.diff import diff_texts
from tests.plan.test_loader_errors import at

FIX = Path(__file__).parent / "fixtures"
PLAN = (FIX / "approvals.yaml").read_text("utf-8")
MINI = (FIX / "mini.yaml").read_text("utf-8")
HINT = "需要 format: emergency-plan/2（可用 python -m console plan upgrade 升级）"


def sub(old: str, new: str, text: str = PLAN) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def errors(text: str) -> list[tuple[int, int, str]]:
    with pytest.raises(PlanError) as exc:
        load_plan_text(text, "p.yaml")
    return [(d.line, d.col, d.message) for d in exc.value.errors]


def one(text: str, fragment: str) -> tuple[int, int]:
    found = [(line, col) for line, col, msg in errors(text) if fragment in msg]
    assert found, (fragment, errors(text))
    return found[0]


def test_the_fixture_loads_and_format_2_without_the_new_keys_is_unchanged() -> None:
    plan = load_plan_text(PLAN, "p.yaml")
    assert set(plan.approvals) == {"terminate_gov"}
    plain = load_plan_text(MINI.replace("emergency-plan/1", "emergency-plan/2"), "m.yaml")
    assert plain.approvals == {} and all(f.stamp is None and f.input for f in plain.facts.values())


def test_format_1_refuses_every_new_key() -> None:
    v1 = PLAN.replace("format: emergency-plan/2", "format: emergency-plan/1")
    msgs = [m for _, _, m in errors(v1)]
    for key in ("approvals", "type: duration", "stamp", "input", "since", "approval"):
        assert any(m.startswith(f"{key} {HINT}") for m in msgs), (key, msgs)
    assert one(v1, f"approvals {HINT}") == at(v1, "approvals:")
    assert one(v1, f"stamp {HINT}") == at(v1, "last_case_at: {", "stamp")


def test_no_role_can_record_the_decision() -> None:
    empty = sub("recorded_by: [commander, duty_officer]", "recorded_by: []")
    assert one(empty, "没有任何角色可以登记批复") == at(empty, "recorded_by: []", "recorded_by")
    unknown = sub("recorded_by: [commander, duty_officer]", "recorded_by: [commander, mayor]")
    assert one(unknown, "未知的角色 `mayor`") == at(unknown, "recorded_by:", "mayor")


def test_unknown_approval_ids_and_levels() -> None:
    eff = sub("- approval: {id: terminate_gov}", "- approval: {id: terminate_city}")
    assert one(eff, "未声明的审批事项 `terminate_city`") == at(eff, "{id: terminate_city}", "terminate_city")
    g = sub("when: {approval: {id: terminate_gov, status: granted}}", "when: {approval: {id: other, status: granted}}")
    assert one(g, "未声明的审批事项 `other`") == at(g, "{id: other", "other")
    body = sub("body: {I: 国务院, II: 省人民政府, default: 市人民政府}", "body: {I: 国务院, V: 省人民政府}")
    assert one(body, "未知的级别 `V`") == at(body, "body: {I", "V:")


def test_a_guard_on_an_approval_never_requested() -> None:
    text = sub("    enter:\n      - approval: {id: terminate_gov}\n", "")
    text = text.replace("effects: [{approval: {id: terminate_gov, within: PT6H}}]", "effects: []")
    msg = "从未被任何 approval 效果报请"
    assert one(text, msg) == at(text, "status: granted", "terminate_gov")


def test_window_mistakes() -> None:
    on_count = sub("when: {since: last_case_at, at_least: PT24H}", "when: {since: cases, at_least: PT24H}")
    assert one(on_count, "since 须指向时间（datetime）事实") == at(on_count, "since: cases", "cases")
    never = sub("stamp: cases, input: false", "input: false")
    assert one(never, "永远不会有值") == at(never, "since: last_case_at, at_least: PT24H", "last_case_at")
    times = sub("{fact: incubation, times: 2}", "{fact: deaths, times: 2}")
    assert one(times, "times 须乘以时长（duration）事实") == at(times, "{fact: deaths, times: 2}", "2")
    bad = sub("at_least: PT24H}", "at_least: P1M}")
    assert one(bad, "无效的时长") == at(bad, "at_least: P1M", "P1M")


def test_stamp_mistakes() -> None:
    not_dt = sub("incubation: {type: duration, label: 最长潜伏期}",
                 "incubation: {type: duration, label: 最长潜伏期, stamp: cases}")
    assert one(not_dt, "只有时间（datetime）事实才能有 stamp") == at(not_dt, "incubation: {", "stamp")
    to_text = sub("stamp: cases,", "stamp: incubation,")
    assert one(to_text, "stamp 须指向一个已声明的数值事实") == at(to_text, "stamp: incubation", "incubation")


def test_checklist_shows_approvals_and_windows() -> None:
    text = checklist_text(load_plan_text(PLAN, "p.yaml"))
    assert "报请批准 · 终止应急响应报同级人民政府批准（批准机关：I级国务院，II级省人民政府，其他市人民政府；" \
           "由指挥长、值班员登记批复，12小时内批复）" in text
    assert "条件：距最后发病时间已满 24 小时" in text
    assert "三、报请批准事项" in text and "报请于：报请终止" in text


def test_diff_names_approval_and_window_changes() -> None:
    new = sub("within: PT12H", "within: PT6H")
    new = new.replace("body: {I: 国务院, II: 省人民政府, default: 市人民政府}", "body: 市人民政府")
    new = new.replace("when: {since: last_case_at, at_least: PT24H}", "when: {since: last_case_at, at_least: PT48H}")
    new = new.replace("stamp: cases, input: false", "stamp: deaths, input: false")
    titles = [c.title for c in diff_texts(PLAN, new).changes]
    joined = "\n".join(titles)
    assert "报请批准「终止应急响应报同级人民政府批准」批复时限 12小时 → 6小时" in joined
    assert "报请批准「终止应急响应报同级人民政府批准」批准机关 Ⅰ级国务院，Ⅱ级省人民政府，其他市人民政府 → 市人民政府" \
        in joined
    assert "距最后发病时间已满 24 小时 → 距最后发病时间已满 48 小时" in joined
    assert "事实「最后发病时间」自动记录 发病人数增加时 → 死亡人数增加时" in joined
    assert joined.count("6小时") == 1  # the effect that takes the declaration's time limit is not named twice
    gone = PLAN.replace("  terminate_gov:\n", "  terminate_road:\n")
    gone = gone.replace("{id: terminate_gov", "{id: terminate_road")
    joined = "\n".join(c.title for c in diff_texts(PLAN, gone).changes)
    assert "删除报请批准事项「终止应急响应报同级人民政府批准」" in joined
    assert "新增报请批准事项「终止应急响应报同级人民政府批准」" in joined


def test_graph_labels_name_windows_and_approvals() -> None:
    from console.plan.graph import state_graph, to_dot

    plan = load_plan_text(PLAN, "p.yaml")
    dot = to_dot(plan)
    assert '"responding" -> "ending" [label="提请终止响应\\n距最后发病时间已满 24 小时"' in dot
    assert '"ending" -> "closed" [label="终止响应\\n「终止应急响应报同级人民政府批准」已获批准"' in dot
    assert '"ending" -> "ending" [label="提请终止响应\\n「终止应急响应报同级人民政府批准」未获批准"' in dot
    titles = {d["event"]: d["title"] for _, _, d in state_graph(plan).edges(data=True)}
    assert titles["stand_down"] == "解除观察\n距最后发病时间已满最长潜伏期的 2 倍"
