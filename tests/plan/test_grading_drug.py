"""Grading of the drug/device group-adverse-event plan (plans/drug-group-adverse.yaml).

Old template (domain notes §2.2(b)) plus the Ⅰ criterion of the current template (§2.2(a)).
Every threshold is walked at its edge, with and without a serious event.
"""

from __future__ import annotations

import pytest

from console.plan.engine import Event, Rejected, open_incident, step
from tests.plan._helpers import ACTORS, plan, suggestion, t

PLAN = "drug-group-adverse"
S = dict(serious_event=True)
NS = dict(serious_event=False)

CASES = [
    # -- domain notes §5.4 -------------------------------------------------------------------
    ("5.4 同批25人 罕见非预期 有严重", dict(affected=25, same_batch=True, unexpected=True, **S), "III", "OLD-3-1"),
    ("5.4 同批25人 罕见非预期 无严重", dict(affected=25, same_batch=True, unexpected=True, **NS), None, None),
    ("5.4 12人 有严重", dict(affected=12, **S), "IV", "OLD-4-1"),
    ("5.4 12人 无严重", dict(affected=12, **NS), None, None),
    # -- 9/10 ----------------------------------------------------------------------------------
    ("9人 有严重", dict(affected=9, **S), None, None),
    ("10人 有严重", dict(affected=10, **S), "IV", "OLD-4-1"),
    ("10人 无严重", dict(affected=10, **NS), None, None),
    ("10人 严重未填", dict(affected=10), None, None),
    # -- 19/20 ---------------------------------------------------------------------------------
    ("19人 有严重", dict(affected=19, **S), "IV", "OLD-4-1"),
    ("20人 有严重", dict(affected=20, **S), "III", "OLD-3-1"),
    ("20人 无严重", dict(affected=20, **NS), None, None),
    # -- 29/30 ---------------------------------------------------------------------------------
    ("29人 有严重", dict(affected=29, **S), "III", "OLD-3-1"),
    ("30人 有严重", dict(affected=30, **S), "II", "OLD-2-1"),
    ("30人 无严重", dict(affected=30, **NS), None, None),
    # -- 49/50/51 ------------------------------------------------------------------------------
    ("49人 有严重", dict(affected=49, **S), "II", "OLD-2-1"),
    ("50人 有严重", dict(affected=50, **S), "I", "OLD-1-1"),
    ("51人 有严重", dict(affected=51, **S), "I", "OLD-1-1"),
    ("49人 无严重", dict(affected=49, **NS), None, None),
    ("50人 无严重", dict(affected=50, **NS), None, None),
    ("51人 无严重", dict(affected=51, **NS), None, None),
    # -- abuse stands in for a serious event at every level -------------------------------------
    ("10人 滥用", dict(affected=10, abuse=True, **NS), "IV", "OLD-4-1"),
    ("20人 滥用", dict(affected=20, abuse=True), "III", "OLD-3-1"),
    ("30人 滥用", dict(affected=30, abuse=True), "II", "OLD-2-1"),
    ("50人 滥用", dict(affected=50, abuse=True), "I", "OLD-1-1"),
    ("9人 滥用", dict(affected=9, abuse=True), None, None),
    # -- current template Ⅰ: ≥50 same batch, similar rare/unexpected events ----------------------
    ("新模板 49人同批罕见", dict(affected=49, same_batch=True, unexpected=True, **NS), None, None),
    ("新模板 50人同批罕见", dict(affected=50, same_batch=True, unexpected=True, **NS), "I", "NEW-I-1"),
    ("新模板 50人同批罕见且严重", dict(affected=50, same_batch=True, unexpected=True, **S), "I", "NEW-I-1"),
    ("新模板 50人非同批", dict(affected=50, same_batch=False, unexpected=True, **NS), None, None),
    ("新模板 50人同批 已知反应", dict(affected=50, same_batch=True, unexpected=False, **NS), None, None),
    ("新模板 49人同批罕见且严重", dict(affected=49, same_batch=True, unexpected=True, **S), "II", "OLD-2-1"),
    # -- deaths 0/1, 2/3 -----------------------------------------------------------------------
    ("0死", dict(affected=3, deaths=0), None, None),
    ("1死", dict(affected=3, deaths=1), "II", "OLD-2-3"),
    ("2死", dict(affected=3, deaths=2), "II", "OLD-2-3"),
    ("3死", dict(affected=3, deaths=3), "I", "OLD-1-2"),
    ("12人有严重 1死", dict(affected=12, deaths=1, **S), "II", "OLD-2-3"),
    # -- rate multiple 2.0 / 2.1 -----------------------------------------------------------------
    ("发生率2.0倍", dict(affected=5, rate_multiple=2.0), None, None),
    ("发生率2倍（整数）", dict(affected=5, rate_multiple=2), None, None),
    ("发生率2.1倍", dict(affected=5, rate_multiple=2.1), "II", "OLD-2-2"),
    ("发生率3倍 且25人严重", dict(affected=25, rate_multiple=3, **S), "II", "OLD-2-2"),
    # -- nothing known ----------------------------------------------------------------------------
    ("尚无事实", dict(), None, None),
]


@pytest.mark.parametrize(("facts", "level", "rule"),
                         [pytest.param(f, lv, r, id=n) for n, f, lv, r in CASES])
def test_suggested_level_and_winning_rule(facts, level, rule):
    s = suggestion(plan(PLAN), **facts)
    assert s["level"] == level
    assert s["winner"] == rule
    assert s["modifiers"] == []  # the drug plan has no modifiers: nothing is raised
    assert s["base"] == level
    if rule is None:
        assert s["rules"] == []
    else:
        p = plan(PLAN)
        by_id = {r.id: r for r in p.rules}
        assert all(p.rank(by_id[r].level) >= p.rank(level) for r in s["rules"])


def test_all_matching_rules_are_listed_most_severe_wins():
    s = suggestion(plan(PLAN), affected=60, deaths=4, same_batch=True, unexpected=True, rate_multiple=2.5, **S)
    assert s["level"] == "I"
    assert s["winner"] == "NEW-I-1"  # the first Ⅰ rule in file order
    assert s["rules"] == ["NEW-I-1", "OLD-1-1", "OLD-1-2", "OLD-2-1", "OLD-2-2", "OLD-2-3", "OLD-3-1", "OLD-4-1"]


def test_the_cases_exercise_every_rule():
    winners = {c[3] for c in CASES}
    assert {r.id for r in plan(PLAN).rules} <= winners


def test_uncertain_thresholds():
    """Ⅱ–Ⅳ stay 待核实 until the official annex is read (notes §5 item 3), and so does the ≥50 reading."""
    p = plan(PLAN)
    uncertain = {r.id for r in p.rules if r.uncertain}
    assert uncertain == {"OLD-1-1", "OLD-2-1", "OLD-2-2", "OLD-2-3", "OLD-3-1", "OLD-4-1"}
    for r in p.rules:
        assert r.basis
        assert ("待核实" in r.basis) == r.uncertain, r.id
    assert not p.modifiers


def test_facts_are_typed():
    p = plan(PLAN)
    assert {k: p.facts[k].type for k in ("affected", "deaths", "serious_event", "abuse", "rate_multiple",
                                         "same_batch", "product_type", "batch_no")} == {
        "affected": "int", "deaths": "int", "serious_event": "bool", "abuse": "bool", "rate_multiple": "number",
        "same_batch": "bool", "product_type": "enum", "batch_no": "text"}
    assert p.facts["product_type"].values == ("drug", "device", "vaccine", "cosmetic")
    s, _ = open_incident(p, Event("open", t(22, 9), ACTORS["duty_officer"], "duty_officer", {"facts": {}}))
    for bad, msg in [({"serious_event": "是"}, "出现严重不良事件"),
                     ({"rate_multiple": "2倍"}, "发生率为已知发生率的倍数"),
                     ({"product_type": "food"}, "产品类别"), ({"affected": 2.5}, "群体不良事件人数")]:
        with pytest.raises(Rejected) as exc:
            step(p, s, Event("facts", t(22, 10), ACTORS["duty_officer"], "duty_officer", {"facts": bad}))
        assert msg in exc.value.reason
    s2, _ = step(p, s, Event("facts", t(22, 10), ACTORS["duty_officer"], "duty_officer",
                             {"facts": {"batch_no": "20261101", "product_type": "vaccine", "rate_multiple": 2.1}}))
    assert s2.facts["batch_no"] == "20261101" and s2.suggestion["winner"] == "OLD-2-2"


def test_human_override_is_recorded_with_its_reason():
    p = plan(PLAN)
    s, _ = open_incident(p, Event("open", t(22, 9), ACTORS["duty_officer"], "duty_officer",
                                  {"facts": {"affected": 12, "serious_event": False}}))
    assert s.suggested_level is None
    s2, eff = step(p, s, Event("decide_level", t(22, 11), ACTORS["commander"], "commander",
                               {"level": "IV", "reason": "同批号疫苗12人异常反应，经省局认定按四级处置",
                                "basis": "省局认定"}))
    assert s2.level == "IV"
    assert s2.level_basis["reason"] == "同批号疫苗12人异常反应，经省局认定按四级处置"
    assert s2.level_basis["basis"] == "省局认定" and s2.level_basis["suggested"] is None
    assert s2.level_basis["role"] == "commander" and s2.level_basis["by"] == "decision"
    assert eff[0]["override"] is True


def test_decisions_without_reason_or_by_other_roles_are_rejected():
    p = plan(PLAN)
    s, _ = open_incident(p, Event("open", t(22, 9), ACTORS["duty_officer"], "duty_officer",
                                  {"facts": {"affected": 25, "serious_event": True}}))
    before = s.to_json()
    for role, data, code in [("commander", {"level": "III"}, "no_reason"),
                             ("commander", {"level": "III", "reason": ""}, "no_reason"),
                             ("expert", {"level": "III", "reason": "专家意见"}, "role"),
                             ("duty_officer", {"level": "III", "reason": "值班员意见"}, "role")]:
        with pytest.raises(Rejected) as exc:
            step(p, s, Event("decide_level", t(22, 10), ACTORS[role], role, data))
        assert exc.value.code == code
        assert ("理由" if code == "no_reason" else "无权认定级别") in exc.value.reason
        assert s.to_json() == before
