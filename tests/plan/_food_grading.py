"""Template A grading cases shared by the municipal and the county food plans.

Each case: (id, facts, expected level, winning rule, modifiers applied). The first block is the
boundary table of the domain notes §5.4; the rest walk the edge of every threshold.

Issue #17 corrected the rules against the published texts (docs/plan-sources.md), and these cases with
them: Ⅰ(1) needs 「特别严重」 harm or the assessed branch (B8), 30+ deaths is Ⅰ (B5 四川), Ⅱ(1) has its
「经评估认为可能造成」 branch, the school / major-event raise is optional in the national text (A4 4.2.1) so
it is no longer a modifier, and schools / major events grade directly (B1 江苏 Ⅱ(4)(5), JS-collective Ⅲ).
"""

from __future__ import annotations

import pytest

from console.plan.engine import Event, Rejected, open_incident, step
from tests.plan._helpers import ACTORS, plan, suggestion, t

CASES = [
    # -- domain notes §5.4 ------------------------------------------------------------------
    ("5.4 35人0死 一个县", dict(cases=35, deaths=0, spread="county"), "IV", "A-IV-2", []),
    ("5.4 120人0死", dict(cases=120, deaths=0), "III", "A-III-2", []),
    ("5.4 20人1死", dict(cases=20, deaths=1), "III", "A-III-2", []),
    ("5.4 150人2死", dict(cases=150, deaths=2), "II", "A-II-3", []),
    ("5.4 12死", dict(cases=12, deaths=12), "II", "A-II-3", []),
    # kindergarten, 8 ill: below Ⅳ by numbers; the Jiangsu 2006 collective-unit rule (≥5) grades it
    # Ⅲ directly (较大), as that rule has it (before issue #17: Ⅳ raised by a school modifier).
    ("5.4 幼儿园8人", dict(cases=8, deaths=0, setting="kindergarten"), "III", "JS-collective", []),
    # Ⅰ needs 「特别严重健康损害后果」 (B8 Ⅰ(1)); 严重 harm across provinces is Ⅱ(1) (2个以上地市)
    ("5.4 3省特别严重损害", dict(cases=40, spread="multi_province", extreme_harm=True), "I", "A-I-1", []),
    ("3省严重损害（非特别严重）", dict(cases=40, spread="multi_province", serious_harm=True), "II", "A-II-1", []),
    ("5.4 29人 非级别", dict(cases=29, deaths=0), None, None, []),
    # -- cases: 29/30, 99/100 -----------------------------------------------------------------
    ("30人", dict(cases=30, deaths=0), "IV", "A-IV-2", []),
    ("99人", dict(cases=99, deaths=0), "IV", "A-IV-2", []),
    ("100人", dict(cases=100, deaths=0), "III", "A-III-2", []),
    ("99人1死", dict(cases=99, deaths=1), "III", "A-III-2", []),
    ("100人1死", dict(cases=100, deaths=1), "II", "A-II-3", []),
    # -- deaths: 0/1, 9/10 ----------------------------------------------------------------------
    ("5人0死", dict(cases=5, deaths=0), None, None, []),
    ("5人1死", dict(cases=5, deaths=1), "III", "A-III-2", []),
    ("9死", dict(cases=9, deaths=9), "III", "A-III-2", []),
    ("10死", dict(cases=10, deaths=10), "II", "A-II-3", []),
    # -- deaths: 29/30 (B5 四川2017: 30人以上死亡 Ⅰ, 10–29人 Ⅱ) ------------------------------------
    ("29死", dict(cases=29, deaths=29), "II", "A-II-3", []),
    ("30死", dict(cases=30, deaths=30), "I", "SC-I-deaths", []),
    # -- schools: 4/5, 49/50; the national raise is optional (A4 4.2.1), so no modifier applies --------
    ("学校4人", dict(cases=4, setting="school"), None, None, []),
    ("学校5人", dict(cases=5, setting="school"), "III", "JS-collective", []),
    ("幼儿园4人", dict(cases=4, setting="kindergarten"), None, None, []),
    ("学校49人", dict(cases=49, setting="school"), "III", "JS-collective", []),
    ("学校50人", dict(cases=50, setting="school"), "II", "JS-II-school", []),
    ("幼儿园60人 江苏Ⅱ(4)只言学校", dict(cases=60, setting="kindergarten"), "III", "JS-collective", []),
    ("学校120人", dict(cases=120, setting="school"), "II", "JS-II-school", []),
    ("学校150人2死 不自动提到Ⅰ", dict(cases=150, deaths=2, setting="school"), "II", "A-II-3", []),
    ("学校 境外特别严重 Ⅰ级", dict(cases=40, setting="school", spread="cross_border", extreme_harm=True),
     "I", "A-I-1", []),
    ("食堂8人 非集体单位", dict(cases=8, setting="canteen"), None, None, []),
    ("重大活动35人 不自动提高", dict(cases=35, setting="major_event"), "IV", "A-IV-2", []),
    ("重大活动49人", dict(cases=49, setting="major_event"), "IV", "A-IV-2", []),
    ("重大活动50人", dict(cases=50, setting="major_event"), "II", "JS-II-event", []),
    ("重大活动4人 不分级", dict(cases=4, setting="major_event"), None, None, []),
    # -- spread × serious harm ----------------------------------------------------------------
    ("跨省 无严重损害 5人", dict(cases=5, spread="multi_province", serious_harm=False), None, None, []),
    ("跨省 无严重损害 40人", dict(cases=40, spread="multi_province", serious_harm=False), "IV", "A-IV-2", []),
    ("跨省 严重损害未填", dict(cases=5, spread="multi_province"), None, None, []),
    ("境外 特别严重损害", dict(cases=3, spread="cross_border", extreme_harm=True), "I", "A-I-1", []),
    ("境外 严重损害（非特别严重）", dict(cases=3, spread="cross_border", serious_harm=True), "II", "A-II-1", []),
    ("2个以上地市 严重损害", dict(cases=3, spread="multi_city", serious_harm=True), "II", "A-II-1", []),
    ("2个以上地市 特别严重损害", dict(cases=3, spread="multi_city", extreme_harm=True), "II", "A-II-1", []),
    ("1个县 特别严重损害", dict(cases=3, spread="county", extreme_harm=True), "IV", "A-IV-1", []),
    # -- assessed branches (B8 Ⅰ(1) 「或经评估认为事故危害特别严重」, Ⅱ(1) 「或经评估认为可能造成」) ---------
    # format 2: 「经评估认为事故危害特别严重」 is a judgement rule (A-I-1b, 需认定), never matched from facts;
    # 「经评估认为可能造成」 is the assessed value of serious_harm (`assessable`, `or_assessed`): an
    # `assessed_` key below is sent as an assessed value in a `facts` event after opening
    ("经评估事故危害特别严重 需认定", dict(cases=3), None, None, []),
    ("2个以上地市 经评估可能严重损害", dict(cases=3, spread="multi_city", assessed_serious_harm=True),
     "II", "A-II-1", []),
    ("1个县 经评估可能严重损害", dict(cases=3, spread="county", assessed_serious_harm=True), None, None, []),
    ("2个以上地市 无严重损害", dict(cases=3, spread="multi_city", serious_harm=False), None, None, []),
    ("2个以上县 严重损害", dict(cases=3, spread="multi_county", serious_harm=True), "III", "A-III-1", []),
    ("1个县 严重损害", dict(cases=3, spread="county", serious_harm=True), "IV", "A-IV-1", []),
    # -- new contaminant -------------------------------------------------------------------------
    ("新污染物 严重 扩散", dict(cases=3, new_contaminant=True, serious_harm=True, spreading=True), "II", "A-II-2", []),
    ("新污染物 严重 不扩散", dict(cases=3, new_contaminant=True, serious_harm=True, spreading=False),
     "IV", "A-IV-1", []),
    ("新污染物 无严重损害", dict(cases=3, new_contaminant=True, serious_harm=False, spreading=True), None, None, []),
    ("新污染物 特别严重 扩散", dict(cases=3, new_contaminant=True, extreme_harm=True, spreading=True),
     "II", "A-II-2", []),
    # -- nothing known yet ------------------------------------------------------------------------
    ("尚无事实", dict(), None, None, []),
]


def grading_params():
    return [pytest.param(f, lv, rule, mods, id=name) for name, f, lv, rule, mods in CASES]


def _suggest(plan_name: str, facts):
    """The suggestion for these facts; ``assessed_X`` keys are assessed values (经评估可能) of X."""
    actual = {k: v for k, v in facts.items() if not k.startswith("assessed_")}
    assessed = {k[len("assessed_"):]: v for k, v in facts.items() if k.startswith("assessed_")}
    if not assessed:
        return suggestion(plan(plan_name), **actual)
    p = plan(plan_name)
    s, _ = open_incident(p, Event("open", t(22, 9), ACTORS["duty_officer"], "duty_officer", {"facts": actual}))
    s, _ = step(p, s, Event("facts", t(22, 10), ACTORS["duty_officer"], "duty_officer", {"assessed": assessed}))
    return s.suggestion


def check_case(plan_name: str, facts, level, rule, mods) -> None:
    s = _suggest(plan_name, facts)
    assert s["level"] == level
    assert s["winner"] == rule
    assert s["modifiers"] == mods
    if rule is not None:
        assert rule in s["rules"]
        # 就高不就低: the winner is the most severe of the rules that matched
        p = plan(plan_name)
        by_id = {r.id: r for r in p.rules}
        assert all(p.rank(by_id[r].level) >= p.rank(by_id[rule].level) for r in s["rules"])
    else:
        assert s["rules"] == []


def check_every_rule_is_matched(plan_name: str) -> None:
    winners = {c[3] for c in CASES} | {r for c in CASES for r in _suggest(plan_name, c[1])["rules"]}
    assert {r.id for r in plan(plan_name).rules} <= winners


# -- human decisions ---------------------------------------------------------------------------

def _opened(plan_name: str, **facts):
    p = plan(plan_name)
    s, _ = open_incident(p, Event("open", t(22, 9), ACTORS["duty_officer"], "duty_officer", {"facts": facts}))
    return p, s


def check_override_recorded(plan_name: str) -> None:
    p, s = _opened(plan_name, cases=29, deaths=0)
    assert s.suggested_level is None and s.level is None
    ev = Event("decide_level", t(22, 10), ACTORS["commander"], "commander",
               {"level": "IV", "reason": "29人均为同一学校学生，社会关注度高，经县政府认定按一般事故处置",
                "basis": "政府认定"})
    s2, eff = step(p, s, ev)
    assert s2.level == "IV"
    assert s2.level_basis == {"by": "decision", "at": t(22, 10), "actor": ACTORS["commander"], "role": "commander",
                              "reason": "29人均为同一学校学生，社会关注度高，经县政府认定按一般事故处置",
                              "basis": "政府认定", "suggested": None}
    assert eff == [{"kind": "level", "from": None, "to": "IV", "decision": True, "override": True}]
    # agreeing with the suggestion is a decision too, not an override
    p, s = _opened(plan_name, cases=120)
    s2, eff = step(p, s, Event("decide_level", t(22, 10), ACTORS["commander"], "commander",
                               {"level": "III", "reason": "经专家核定", "basis": "专家核定"}))
    assert s2.level == "III" and s2.level_basis["suggested"] == "III" and s2.level_basis["basis"] == "专家核定"
    assert eff[0]["override"] is False
    # and a commander may record "not graded" against a suggestion
    s3, eff = step(p, s2, Event("decide_level", t(22, 11), ACTORS["commander"], "commander",
                                {"level": None, "reason": "复核发病人数为误报，实际18人"}))
    assert s3.level is None and s3.level_basis["reason"] == "复核发病人数为误报，实际18人"
    assert s3.level_basis["basis"] == "政府认定"  # the default basis
    assert eff[0]["override"] is True


def check_decision_rejections(plan_name: str) -> None:
    p, s = _opened(plan_name, cases=120)
    before = s.to_json()
    cases = [
        ("commander", {"level": "II", "basis": "政府认定"}, "no_reason", "认定级别必须写明理由"),
        ("commander", {"level": "II", "reason": "   "}, "no_reason", "认定级别必须写明理由"),
        ("duty_officer", {"level": "II", "reason": "值班员认为较重"}, "role", "无权认定级别"),
        ("deputy", {"level": "II", "reason": "副指挥长认为较重"}, "role", "无权认定级别"),
        ("expert", {"level": "II", "reason": "专家认为较重"}, "role", "无权认定级别"),
        ("commander", {"level": "V", "reason": "笔误"}, "bad_level", "未知的级别"),
    ]
    for role, data, code, msg in cases:
        with pytest.raises(Rejected) as exc:
            step(p, s, Event("decide_level", t(22, 10), ACTORS[role], role, data))
        assert exc.value.code == code, (role, data)
        assert msg in exc.value.reason
        assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.value.reason)
        assert s.to_json() == before
        assert s.level is None and s.level_basis is None
    # the message names who may decide
    with pytest.raises(Rejected) as exc:
        step(p, s, Event("decide_level", t(22, 10), ACTORS["duty_officer"], "duty_officer",
                         {"level": "II", "reason": "x"}))
    assert "指挥长" in exc.value.reason and "值班员" in exc.value.reason


def check_facts_update_regrades(plan_name: str) -> None:
    """Suggestion follows the facts; the level does not move until someone decides."""
    p, s = _opened(plan_name, cases=29)
    assert s.suggestion["level"] is None
    s, eff = step(p, s, Event("facts", t(22, 9, 30), ACTORS["duty_officer"], "duty_officer", {"facts": {"cases": 30}}))
    assert s.suggestion["level"] == "IV" and s.level is None
    assert {"kind": "suggestion", "from": None, "to": "IV", "rule": "A-IV-2"} in eff
    s, eff = step(p, s, Event("facts", t(22, 9, 40), ACTORS["duty_officer"], "duty_officer", {"facts": {"deaths": 1}}))
    assert s.suggestion["level"] == "III" and s.suggestion["winner"] == "A-III-2"
    # clearing a fact (None) regrades downwards
    s, eff = step(p, s, Event("facts", t(22, 9, 50), ACTORS["duty_officer"], "duty_officer",
                              {"facts": {"deaths": None}}))
    assert "deaths" not in s.facts and s.suggestion["level"] == "IV"
    # a bad value is refused with the field's label, nothing changes
    before = s.to_json()
    with pytest.raises(Rejected) as exc:
        step(p, s, Event("facts", t(22, 10), ACTORS["duty_officer"], "duty_officer", {"facts": {"cases": -1}}))
    assert "发病（中毒）人数" in exc.value.reason and "不能小于" in exc.value.reason
    with pytest.raises(Rejected) as exc:
        step(p, s, Event("facts", t(22, 10), ACTORS["duty_officer"], "duty_officer", {"facts": {"setting": "mall"}}))
    assert "发生场所" in exc.value.reason and "幼儿园" in exc.value.reason
    assert s.to_json() == before
