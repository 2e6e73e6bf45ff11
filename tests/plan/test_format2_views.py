"""Plan format 2 §B in the plan's views: ``plan diff`` names changes of leads, 启动/组织实施 bodies,
需认定 rules, optional raises, assessable facts and roles by level in Chinese; ``plan checklist``
lists the leads per level; the timeline words assessed facts, rule-cited decisions and the raise
at Ⅰ."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from console.plan.checklist import checklist_text
from console.plan.diff import diff_texts
from console.plan.loader import load_plan
from console.timeline.model import build_timeline
from console.timeline.wording import describe

FIX = Path(__file__).parent / "fixtures"
G2 = (FIX / "grading2.yaml").read_text("utf-8")
MINI = (FIX / "mini.yaml").read_text("utf-8")
TZ = ZoneInfo("Asia/Shanghai")


def titles(old: str, new: str) -> list[str]:
    return [c.title for c in diff_texts(old, new).changes]


@pytest.mark.parametrize(("old", "new", "want"), [
    ("II: 省食安办, default", "II: 省卫健委, default",
     "综合协调组 牵头：Ⅰ级：国务院食安办；Ⅱ级：省食安办；其他：市食安办 → "
     "Ⅰ级：国务院食安办；Ⅱ级：省卫健委；其他：市食安办"),
    ("default: 市场监管部门}}", "default: 市市场监管局}}",
     "溯源组 牵头：按发生环节：production：农业农村部门；processing：市场监管部门；其他：市场监管部门 → "
     "按发生环节：production：农业农村部门；processing：市场监管部门；其他：市市场监管局"),
    ("lead: 市市场监管局}", "lead: {III: 市市场监管局, default: 县市场监管局}}",
     "现场核查组 牵头：市市场监管局 → Ⅲ级：市市场监管局；其他：县市场监管局"),
    ("starts: 市食安委", "starts: 市人民政府", "Ⅲ级 启动响应的机构 市食安委 → 市人民政府"),
    ("runs: 省食安办", "runs: 省市场监管局", "Ⅱ级 组织实施的机构 省食安办 → 省市场监管局"),
    ("judged_by: [commander]", "judged_by: [deputy]", "需认定规则（A-I-3）认定角色 指挥长 → 副指挥长"),
    ("judged_by: [commander, deputy], when: {fact: cases, ge: 30}", "judged_by: [commander, deputy]",
     "需认定规则（A.II.2）前提 发病人数 ≥ 30 → （无）"),
    ("raise: {up_to: 1}", "raise: 1", "级别调整（5.4.1）：可相应提高（至多1级） → 提高1级"),
    ("label: 死亡人数, at_most", "label: 死亡人数, assessable: true, at_most",
     "事实「死亡人数」可评估（经评估可能） 否 → 是"),
    ("roles: {I: [commander], default", "roles: {II: [commander], default",
     "「处置中」—终止响应→「结案」 可执行角色 Ⅰ级：指挥长；其他：指挥长、副指挥长 → "
     "Ⅱ级：指挥长；其他：指挥长、副指挥长"),
])
def test_diff_names_each_change_in_chinese(old, new, want):
    assert G2.count(old) == 1
    assert titles(G2, G2.replace(old, new)) == [want]


def test_diff_names_added_and_removed_judgement_rules():
    rule = ("    - {id: A-I-3, level: I, title: 国务院认定的其他特别重大食品安全事故, judged_by: [commander], "
            "basis: 国家预案1.3}\n")
    what = "Ⅰ级（A-I-3）：国务院认定的其他特别重大食品安全事故（由指挥长认定）"
    assert rule in G2
    assert titles(G2, G2.replace(rule, "")) == [f"删除需认定规则 {what}"]
    assert titles(G2.replace(rule, ""), G2) == [f"新增需认定规则 {what}"]


def test_identical_plans_have_no_changes():
    assert titles(G2, G2) == []


def test_checklist_lists_leads_per_level():
    text = checklist_text(load_plan(FIX / "grading2.yaml", catalogue=None))
    tail = text.split("三、按级别", 1)[1]
    assert "■ Ⅲ级：市人民政府领导，市食安委启动，市食安办组织实施" in tail
    assert tail.index("■ Ⅰ级") < tail.index("国务院食安办牵头") < tail.index("■ Ⅱ级") < tail.index("省食安办牵头")
    assert "需认定（A-I-3）：国务院认定的其他特别重大食品安全事故（由指挥长认定）" in tail
    assert "需认定（A.II.2）：省政府认定的其他重大事故（由指挥长、副指挥长认定；前提：发病人数 ≥ 30）" in tail
    assert "■ 综合协调组（牵头：Ⅰ级：国务院食安办；Ⅱ级：省食安办；其他：市食安办）" in text
    assert "终止响应 → 结案（Ⅰ级：指挥长；其他：指挥长、副指挥长；条件：" in text


def test_a_plan_without_section_b_has_no_level_section():
    from console.plan.loader import load_plan_text

    assert "三、按级别" not in checklist_text(load_plan_text(MINI, "m.yaml", catalogue=None))


def test_timeline_words():
    plan = load_plan(FIX / "grading2.yaml", catalogue=None)
    assert describe(plan, "facts", {"facts": {}, "assessed": {"cases": 150}}) == "经评估可能：发病人数：150"
    assert describe(plan, "facts", {"facts": {"cases": 40}, "assessed": {"cases": None}}) == \
        "更新事实：发病人数：40；经评估可能：发病人数：清除"
    data = {"level": "I", "reason": "国务院认定", "basis": "政府认定", "rule": "A-I-3"}
    assert describe(plan, "decide_level", data) == (
        "认定级别：特别重大（I级）（政府认定，依据规则 A-I-3「国务院认定的其他特别重大食品安全事故」，"
        "理由：国务院认定）")


def test_timeline_says_a_raise_at_the_top_changed_nothing():
    plan = load_plan(FIX / "grading2.yaml", catalogue=None)
    t = [datetime(2026, 11, 22, 9, m, tzinfo=TZ) for m in range(6)]

    def ev(i, type_, role, **data):
        payload = {"data": data}
        return SimpleNamespace(type=type_, occurred_at=t[i], recorded_at=t[i], actor=role, role=role,
                               payload=payload, version=i + 1, seq=i + 1, mode="real")
    events = [ev(0, "open", "duty_officer", title="测试", facts={"cases": 40}),
              ev(1, "decide_level", "commander", level="II", reason="认定"),
              ev(2, "fire", "commander", event="escalate"),
              ev(3, "fire", "commander", event="escalate")]
    items = [i.title for i in build_timeline(plan, events).items]
    assert "级别：重大（II级） → 特别重大（I级）" in items
    assert "级别：已是最高级别（Ⅰ级），级别未变" in items
    assert items.index("级别：已是最高级别（Ⅰ级），级别未变") > items.index("级别：重大（II级） → 特别重大（I级）")
