"""Engine problems found while testing the shipped plans, now fixed: each test states the
behaviour that was missing (they were strict xfails until the engine was corrected)."""

from __future__ import annotations

import json

from console.plan.engine import IncidentState, due_events
from tests.plan._helpers import Run, plan, t


def _responding_county_run() -> Run:
    run = Run(plan("food-county"), t(22, 12, 30), dict(cases=35))
    run.fire("dispatch", t(22, 12, 36), role="duty_officer")
    run.fire("verified", t(22, 13, 20), role="duty_officer")
    run.conclude("grade", t(22, 14, 0))
    run.decide("IV", t(22, 14, 5))
    run.fire("respond", t(22, 14, 10))
    return run


def test_notify_effect_is_reported_as_notify():
    run = _responding_county_run()
    kinds = [e["kind"] for e in run.effects]
    assert "notify" in kinds
    assert "notice" not in kinds


def test_refusal_messages_name_units_and_reports_in_chinese():
    run = Run(plan("food-county"), t(22, 8, 0), dict(cases=12))
    run.fire("dispatch", t(22, 8, 5), role="duty_officer")
    run.fire("verified", t(22, 8, 40), role="duty_officer")
    run.conclude("grade", t(22, 9, 30))
    run.fire("routine", t(22, 9, 40))
    e = run.rejected_fire("close", t(22, 10, 0))
    assert "危害控制组" in e.reason and "hazard" not in e.reason


def test_checklist_prints_level_dependent_quantities_readably():
    from console.plan.checklist import checklist_text

    text = checklist_text(plan("food-county"))
    assert "{'" not in text


def test_a_materials_request_can_be_fulfilled_on_time():
    run = _responding_county_run()
    [req] = run.effects_of("materials")
    d = run.state.deadlines[req["id"]]
    assert d["status"] == "open"
    assert req["status"] == "requested"
    effects = run.do("materials_delivered", t(22, 15, 0), "group_staff", request=req["id"], note="物资已送达现场")
    assert {"kind": "materials_delivered", "request": req["id"], "on_time": True} in effects
    assert run.state.deadlines[req["id"]]["status"] == "met"
    [m] = run.state.materials
    assert m["status"] == "delivered" and m["delivered_at"] == t(22, 15, 0)
    assert all(ev.data["deadline"] != req["id"] for ev in due_events(run.state, t(22, 16, 30)))
    # The delivery survives the projection's JSON round trip (times stay times).
    back = IncidentState.from_json(json.loads(json.dumps(run.state.to_json())))
    assert back == run.state and back.materials[0]["delivered_at"] == t(22, 15, 0)
    again = run.rejected("materials_delivered", t(22, 15, 5), "group_staff", request=req["id"])
    assert "已于" in again.reason and "不能重复" in again.reason
    unknown = run.rejected("materials_delivered", t(22, 15, 5), "group_staff", request="M999")
    assert "M999" in unknown.reason


def test_a_late_delivery_stays_missed():
    run = _responding_county_run()
    [req] = run.effects_of("materials")
    late = req["due_at"] + (req["due_at"] - req["created_at"])
    for ev in due_events(run.state, late):
        run.apply(ev)
    assert run.state.deadlines[req["id"]]["status"] == "missed"
    effects = run.do("materials_delivered", late, "group_staff", request=req["id"])
    assert {"kind": "materials_delivered", "request": req["id"], "on_time": False} in effects
    assert run.state.deadlines[req["id"]]["status"] == "missed"
