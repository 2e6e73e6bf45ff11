"""The console's rules over a plan with reporting chains (报告链): a 立即 deadline is never overdue by the
clock nor the list's next countdown; a missed hop is outstanding until it is reported (迟报)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from console.incidents.chain_view import report_chains
from console.incidents.rules import is_overdue, most_urgent, outstanding, overdue_deadlines
from console.plan import load_plan_text
from console.plan.engine import Event, due_events, open_incident, step

CHAINS = (Path(__file__).resolve().parents[1] / "plan" / "fixtures" / "food-chains.yaml").read_text("utf-8")
T0 = datetime(2026, 11, 22, 9, 0, tzinfo=timezone(timedelta(hours=8)))


def test_immediate_and_missed_hops_in_the_rules() -> None:
    plan = load_plan_text(CHAINS, "<chains>", catalogue=None)
    s, _ = open_incident(plan, Event("open", T0, "值班员", "duty_officer", {"facts": {"cases": 8}}))
    now = T0 + timedelta(hours=3)
    immediate = next(d for d in s.deadlines.values() if d.get("immediate"))
    assert outstanding(immediate, s) and not is_overdue(immediate, s, now)
    assert immediate not in overdue_deadlines(s, now)
    urgent = most_urgent(s)
    assert urgent is not None and not urgent.get("immediate")
    for e in due_events(s, now):
        s, _ = step(plan, s, e)
    hop = s.deadlines["R1.unit"]
    assert hop["status"] == "missed" and outstanding(hop, s) and is_overdue(hop, s, now)
    (chain,) = report_chains(plan, s, now)
    assert chain.hops[0].text == "已超时 1小时" and chain.hops[0].can_forward
    s, _ = step(plan, s, Event("forward_report", now, "值班员", "duty_officer", {"report": "R1", "hop": "unit"}))
    assert not outstanding(s.deadlines["R1.unit"], s)
    (chain,) = report_chains(plan, s, now)
    assert chain.hops[0].text == "已报送 11-22 12:00，迟报" and chain.hops[0].status == "late"
    assert chain.hops[0].note == "「发现时间」未填写，暂自接报时起算"
