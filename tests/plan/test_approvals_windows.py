"""Plan format 2: approvals (报请批准) and time windows (连续 24 小时无新发病例).

Guards are checked as tables (guard × state): each row would fail if a comparison were flipped
(≥ for ≤, granted for refused). The engine is driven through whole rounds of an approval.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from console.plan.engine import IncidentState, replay
from console.plan.guards import GuardContext, compile_guard
from console.plan.loader import load_plan
from console.plan.model import CompiledGuard, Plan
from console.plan.windows import time_windows
from tests.plan._helpers import Run, t

FIX = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(FIX / "approvals.yaml", divisions=None)


def guard(plan: Plan, node: dict[str, Any]) -> CompiledGuard:
    errors: list[str] = []
    ctx = GuardContext(facts=dict(plan.facts), level_ids=plan.level_ids, state_ids=set(plan.states),
                       units={}, report_kinds={}, error=lambda _p, m: errors.append(m),
                       approvals={k: a.title for k, a in plan.approvals.items()}, format_version=2)
    g = compile_guard(node, ctx, [])
    assert g is not None and not errors, errors
    return g


def at(state: IncidentState, when: datetime) -> IncidentState:
    """The state as a guard sees it when an event at ``when`` is evaluated."""
    s = state.copy()
    s.now = when
    return s


# -- time windows: guard × elapsed --------------------------------------------------------------------

SINCE_ROWS = [
    # (guard, hours since the last case, holds)
    ({"since": "last_case_at", "at_least": "PT24H"}, 23.99, False),
    ({"since": "last_case_at", "at_least": "PT24H"}, 24, True),
    ({"since": "last_case_at", "at_least": "PT24H"}, 30, True),
    ({"since": "last_case_at", "at_most": "PT24H"}, 0, True),
    ({"since": "last_case_at", "at_most": "PT24H"}, 24, True),
    ({"since": "last_case_at", "at_most": "PT24H"}, 24.01, False),
    # incubation PT12H × 2 = 24 hours
    ({"since": "last_case_at", "at_least": {"fact": "incubation", "times": 2}}, 23.5, False),
    ({"since": "last_case_at", "at_least": {"fact": "incubation", "times": 2}}, 24, True),
    ({"since": "last_case_at", "at_most": {"fact": "incubation", "times": 2}}, 23.5, True),
    ({"since": "last_case_at", "at_most": {"fact": "incubation", "times": 2}}, 25, False),
    ({"since": "last_case_at", "at_least": {"fact": "incubation", "times": 0.5}}, 6, True),
    ({"since": "last_case_at", "at_least": {"fact": "incubation", "times": 0.5}}, 5.5, False),
]


@pytest.mark.parametrize(("node", "hours", "expected"), SINCE_ROWS)
def test_since_guard_table(plan: Plan, node: dict[str, Any], hours: float, expected: bool) -> None:
    r = Run(plan, t(22, 9), {"cases": 3, "incubation": "PT12H"})
    assert r.state.facts["last_case_at"] == t(22, 9).isoformat()
    g = guard(plan, node)
    assert g.test(at(r.state, t(22, 9) + timedelta(hours=hours))) is expected


def test_since_guard_is_false_while_its_facts_are_unset(plan: Plan) -> None:
    r = Run(plan, t(22, 9), {})  # no cases: no last case, no incubation
    assert "last_case_at" not in r.state.facts
    later = at(r.state, t(25, 9))
    for node in ({"since": "last_case_at", "at_least": "PT24H"}, {"since": "last_case_at", "at_most": "PT24H"}):
        assert guard(plan, node).test(later) is False
    r2 = Run(plan, t(22, 9), {"cases": 1})  # a last case, but no incubation to multiply
    assert guard(plan, {"since": "last_case_at", "at_least": {"fact": "incubation", "times": 2}}).test(
        at(r2.state, t(25, 9))) is False


def test_since_guard_words(plan: Plan) -> None:
    assert guard(plan, {"since": "last_case_at", "at_least": "PT24H"}).text == "距最后发病时间已满 24 小时"
    assert guard(plan, {"since": "last_case_at", "at_most": "PT6H"}).text == "距最后发病时间不超过 6 小时"
    assert guard(plan, {"since": "last_case_at", "at_least": {"fact": "incubation", "times": 2}}).text \
        == "距最后发病时间已满最长潜伏期的 2 倍"


def test_stamp_follows_increases_only(plan: Plan) -> None:
    r = Run(plan, t(22, 9), {"cases": 3})
    assert r.state.stamps == {"last_case_at": t(22, 9)}
    r.facts(t(22, 12), cases=5)  # a new case: the window restarts
    assert r.state.facts["last_case_at"] == t(22, 12).isoformat()
    assert r.state.stamps["last_case_at"] == t(22, 12)
    r.facts(t(22, 14), cases=4)  # a correction downwards is no new case
    r.facts(t(22, 15), deaths=1)  # another fact
    assert r.state.facts["last_case_at"] == t(22, 12).isoformat()
    r.facts(t(22, 16), cases=6, last_case_at=t(22, 10).isoformat())  # given explicitly: that value stands
    assert r.state.facts["last_case_at"] == t(22, 10).isoformat()
    assert replay(plan, r.events) == r.state
    back = IncidentState.from_json(r.state.to_json())
    assert back == r.state and back.stamps["last_case_at"] == t(22, 12)


def test_window_is_measured_at_the_event_not_the_last_one(plan: Plan) -> None:
    r = Run(plan, t(22, 9), {"cases": 3})
    r.fire("respond", t(22, 9, 5))
    refused = r.rejected_fire("request_end", t(23, 8, 59))
    assert refused.code == "guard" and "距最后发病时间已满 24 小时" in refused.reason
    # nothing happened since 09:05 the day before; the event itself brings the time
    r.fire("request_end", t(23, 9))
    assert r.leaf == "ending"


def test_duration_facts_are_checked(plan: Plan) -> None:
    r = Run(plan, t(22, 9), {"incubation": "P3D"})
    bad = r.rejected("facts", t(22, 10), "duty_officer", facts={"incubation": "72小时"})
    assert "最长潜伏期" in bad.reason and "PT72H" in bad.reason


def test_time_windows_list_the_current_state_s_windows(plan: Plan) -> None:
    r = Run(plan, t(22, 9), {"cases": 3, "incubation": "PT48H"})
    r.fire("respond", t(22, 9))
    ws = time_windows(plan, r.state, t(23, 3))
    assert [(w.event, w.met) for w in ws] == [("request_end", False), ("stand_down", False)]
    first = ws[0]
    assert first.label == "最后发病时间" and first.elapsed == timedelta(hours=18)
    assert first.needed == timedelta(hours=24)
    assert first.text == "已过 18 小时 / 需 24 小时"
    assert ws[1].needed == timedelta(hours=96) and ws[1].text == "已过 18 小时 / 需 4 天"
    later = time_windows(plan, r.state, t(23, 9))
    assert [w.met for w in later] == [True, False]
    r.fire("request_end", t(23, 9))
    assert time_windows(plan, r.state, t(23, 10)) == []  # the approval state has no window


# -- approvals: guard × record --------------------------------------------------------------------------

def _with_approval(plan: Plan, status: str | None) -> IncidentState:
    r = Run(plan, t(22, 9), {"cases": 3})
    r.fire("respond", t(22, 9))
    if status is None:
        return r.state
    r.fire("request_end", t(23, 10))
    if status == "granted":
        r.do("approval_decided", t(23, 11), "commander", approval="terminate_gov", granted=True,
             doc_no="濮政文〔2026〕12号")
    elif status == "refused":
        r.do("approval_decided", t(23, 11), "commander", approval="terminate_gov", granted=False,
             reason="仍有疑似病例待排除")
    return r.state


APPROVAL_ROWS = [
    # record status (None: never requested) → which guard statuses hold
    (None, {"requested": False, "pending": False, "granted": False, "refused": False}),
    ("requested", {"requested": True, "pending": True, "granted": False, "refused": False}),
    ("granted", {"requested": True, "pending": False, "granted": True, "refused": False}),
    ("refused", {"requested": True, "pending": False, "granted": False, "refused": True}),
]


@pytest.mark.parametrize(("record", "expected"), APPROVAL_ROWS)
def test_approval_guard_table(plan: Plan, record: str | None, expected: dict[str, bool]) -> None:
    s = _with_approval(plan, record)
    got = {st: guard(plan, {"approval": {"id": "terminate_gov", "status": st}}).test(s) for st in expected}
    assert got == expected


def test_approval_rounds(plan: Plan) -> None:
    r = Run(plan, t(22, 9), {"cases": 3})
    r.fire("respond", t(22, 9))
    no = r.rejected("approval_decided", t(22, 10), "commander", approval="terminate_gov", granted=True, doc_no="x")
    assert no.code == "not_requested"
    effects = r.fire("request_end", t(23, 10))
    asked = next(e for e in effects if e["kind"] == "approval")
    assert asked["body"] == "市人民政府" and asked["round"] == 1 and asked["due_at"] == t(23, 22)
    rec = r.state.approvals["terminate_gov"]
    assert rec["status"] == "requested" and rec["deadline"] is not None
    d = r.state.deadlines[rec["deadline"]]
    assert d["kind"] == "approval" and d["approval"] == "terminate_gov" and d["status"] == "open"
    assert r.rejected_fire("terminate", t(23, 11)).code == "guard"

    # who and what the decision needs
    assert r.rejected("approval_decided", t(23, 11), "deputy", approval="terminate_gov", granted=False,
                      reason="x").code == "role"
    assert r.rejected("approval_decided", t(23, 11), "commander", approval="terminate_gov",
                      granted=True).code == "no_doc_no"
    assert r.rejected("approval_decided", t(23, 11), "commander", approval="terminate_gov", granted=False,
                      reason="  ").code == "no_reason"
    assert r.rejected("approval_decided", t(23, 11), "commander", approval="nope", granted=True,
                      doc_no="x").code == "no_approval"
    assert r.rejected("approval_decided", t(23, 11), "commander", approval="terminate_gov",
                      granted="yes", doc_no="x").code == "bad_approval"

    out = r.do("approval_decided", t(23, 12), "duty_officer", approval="terminate_gov", granted=False,
               by="市人民政府办公室", reason="仍有疑似病例待排除")
    assert out[-1] == {"kind": "approval_decided", "approval": "terminate_gov",
                       "title": "终止应急响应报同级人民政府批准", "status": "refused", "by": "市人民政府办公室",
                       "doc_no": None, "reason": "仍有疑似病例待排除",
                       "on_time": True}
    assert r.state.deadlines[rec["deadline"]]["status"] == "met"
    again = r.rejected("approval_decided", t(23, 13), "commander", approval="terminate_gov", granted=True,
                       doc_no="濮政文〔2026〕12号")
    assert again.code == "decided" and "不予批准" in again.reason
    assert r.rejected_fire("terminate", t(23, 13)).code == "guard"

    # a new request after the refusal: round 2, the effect's own time limit
    effects = r.fire("request_end", t(24, 9))
    asked = next(e for e in effects if e["kind"] == "approval")
    assert asked["round"] == 2 and asked["due_at"] == t(24, 15)
    rec2 = r.state.approvals["terminate_gov"]
    assert rec2["status"] == "requested" and [x["status"] for x in rec2["earlier"]] == ["refused"]
    assert rec2["earlier"][0]["reason"] == "仍有疑似病例待排除"
    # asking again while pending changes nothing
    assert r.rejected_fire("request_end", t(24, 10)).code == "guard"

    r.do("approval_decided", t(24, 11), "commander", approval="terminate_gov", granted=True,
         doc_no="濮政文〔2026〕12号")
    assert r.state.approvals["terminate_gov"]["doc_no"] == "濮政文〔2026〕12号"
    r.fire("terminate", t(24, 12))
    assert r.state.closed
    assert replay(plan, r.events) == r.state
    back = IncidentState.from_json(r.state.to_json())
    assert back == r.state
    assert back.approvals["terminate_gov"]["decided_at"] == t(24, 11)
    assert back.approvals["terminate_gov"]["earlier"][0]["decided_at"] == t(23, 12)


def test_approval_deadline_missed_then_decided_late(plan: Plan) -> None:
    r = Run(plan, t(22, 9), {"cases": 3})
    r.fire("respond", t(22, 9))
    r.fire("request_end", t(23, 10))
    r.record_due(t(23, 23))
    rec = r.state.approvals["terminate_gov"]
    assert r.state.deadlines[rec["deadline"]]["status"] == "missed"
    assert rec["status"] == "requested"
    out = r.do("approval_decided", t(24, 8), "commander", approval="terminate_gov", granted=True, doc_no="文1")
    assert out[-1]["on_time"] is False


def test_approval_body_follows_the_level(plan: Plan) -> None:
    r = Run(plan, t(22, 9), {"cases": 3})
    r.fire("respond", t(22, 9))
    r.decide("II", t(22, 10))
    r.fire("request_end", t(23, 10))
    assert r.state.approvals["terminate_gov"]["body"] == "省人民政府"


def test_a_stability_window_counts_as_stable_and_a_window_since_the_last_case_as_time_passed() -> None:
    from console.plan.windows import WindowSpec, window_status
    from tests.plan._helpers import PLANS_DIR

    shipped = load_plan(PLANS_DIR / "food-municipal.yaml")
    facts = {"stable_since": "2026-11-22T09:00:00+08:00", "last_case_at": "2026-11-22T09:00:00+08:00"}
    now = datetime.fromisoformat("2026-11-23T03:00:00+08:00")
    stable = window_status(shipped, facts, WindowSpec("stable_since", "at_least", timedelta(hours=24)),
                           "request_termination", now)
    last = window_status(shipped, facts, WindowSpec("last_case_at", "at_least", timedelta(hours=24)),
                         "request_termination", now)
    assert stable.text == "已稳定 18 小时 / 需 24 小时" and not stable.met
    assert last.text == "已过 18 小时 / 需 24 小时" and last.label == "末例患者出现时间"
