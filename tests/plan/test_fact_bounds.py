"""Numeric facts keep to a limit the storage can hold: the plan's ``max``/``min``, else
±1,000,000; a plan may not declare a limit beyond ±1,000,000,000,000 (``plan check`` says so)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from console.errors import ValueOutOfBounds
from console.plan import PlanError, load_plan_text
from console.plan.bounds import number_text
from console.plan.engine import Event, Rejected, open_incident, replay, step

ROOT = Path(__file__).resolve().parents[2]
FIX = Path(__file__).parent / "fixtures"
MINI = (FIX / "mini.yaml").read_text("utf-8")
CASES_LINE = "  cases: {type: int, min: 0, label: 发病人数}"
T = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


class Catalogue:
    def resolve(self, ref: str):
        return ref if ref.startswith("KJ-") else None


def plan_with(line: str):
    assert CASES_LINE in MINI
    return load_plan_text(MINI.replace(CASES_LINE, line), "p.yaml", catalogue=Catalogue())


@pytest.mark.parametrize("limit", ["max: 18446744073709551616", "max: .inf", "min: -1.0e+13", "max: .nan"])
def test_plan_check_refuses_a_limit_beyond_the_safe_range(limit):
    with pytest.raises(PlanError) as ei:
        plan_with(("  cases: {type: int, min: 0, " + limit + ", label: 发病人数}").replace("min: 0, min", "min"))
    assert any("超出可存储的范围" in d.message and "1,000,000,000,000" in d.message for d in ei.value.errors)


def test_plan_check_cli_exit_code(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text(MINI.replace(CASES_LINE, "  cases: {type: int, min: 0, max: 1.0e+20, label: 发病人数}"), "utf-8")
    r = subprocess.run([sys.executable, "-m", "console", "plan", "check", str(f)], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "超出可存储的范围" in r.stdout + r.stderr
    assert "Traceback" not in r.stdout + r.stderr


def test_default_maximum_without_a_plan_max():
    plan = plan_with(CASES_LINE)  # min 0, no max
    s, _ = open_incident(plan, Event("open", T, "王", "duty_officer", {"facts": {"cases": 3}}))
    with pytest.raises(Rejected) as ei:
        step(plan, s, Event("facts", T, "王", "duty_officer", {"facts": {"cases": 2 ** 64}}))
    assert isinstance(ei.value, ValueOutOfBounds) and ei.value.field == "发病人数"
    assert "「发病人数」不能大于 1,000,000" in ei.value.reason
    s2, _ = step(plan, s, Event("facts", T, "王", "duty_officer", {"facts": {"cases": 1_000_000}}))
    assert s2.facts["cases"] == 1_000_000
    # what was accepted replays
    evs = [Event("open", T, "王", "duty_officer", {"facts": {"cases": 3}}),
           Event("facts", T, "王", "duty_officer", {"facts": {"cases": 1_000_000}})]
    assert replay(plan, evs) == s2


def test_plan_limit_is_used_when_given():
    plan = plan_with("  cases: {type: int, min: 0, max: 5000000, label: 发病人数}")
    s, _ = open_incident(plan, Event("open", T, "王", "duty_officer", {"facts": {"cases": 4_000_000}}))
    with pytest.raises(Rejected, match="不能大于 5,000,000"):
        step(plan, s, Event("facts", T, "王", "duty_officer", {"facts": {"cases": 5_000_001}}))


def test_number_text():
    assert [number_text(x) for x in (1_000_000, 1e6, 0.5, -10, 10000.0)] == \
        ["1,000,000", "1,000,000", "0.5", "-10", "10,000"]


DEATHS_LINE = "  deaths: {type: int, min: 0, label: 死亡人数}"


def plan_relating(line: str):
    assert DEATHS_LINE in MINI
    return load_plan_text(MINI.replace(DEATHS_LINE, line), "p.yaml", catalogue=Catalogue())


def test_a_fact_bounded_by_another_is_checked_on_open_and_on_every_change():
    plan = plan_relating("  deaths: {type: int, min: 0, label: 死亡人数, at_most: cases}")
    with pytest.raises(Rejected) as ei:
        open_incident(plan, Event("open", T, "王", "duty_officer", {"facts": {"cases": 12, "deaths": 15}}))
    assert ei.value.reason == "「死亡人数」（15）不能大于「发病人数」（12）"
    s, _ = open_incident(plan, Event("open", T, "王", "duty_officer", {"facts": {"cases": 12, "deaths": 2}}))
    with pytest.raises(Rejected):  # raising the deaths past the cases
        step(plan, s, Event("facts", T, "王", "duty_officer", {"facts": {"deaths": 13}}))
    with pytest.raises(Rejected):  # or lowering the cases below the deaths
        step(plan, s, Event("facts", T, "王", "duty_officer", {"facts": {"cases": 1}}))
    s2, _ = step(plan, s, Event("facts", T, "王", "duty_officer", {"facts": {"cases": 20, "deaths": 20}}))
    assert s2.facts == {"cases": 20, "deaths": 20}


@pytest.mark.parametrize("target", ["nobody", "setting", "deaths"])
def test_at_most_must_name_another_numeric_fact(target):
    with pytest.raises(PlanError) as ei:
        plan_relating(f"  deaths: {{type: int, min: 0, label: 死亡人数, at_most: {target}}}")
    assert any("at_most 须指向另一个已声明的数值事实" in d.message and ":18:" in str(d) for d in ei.value.errors)
