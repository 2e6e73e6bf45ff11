"""The drill runner: injects by offset and trigger, auto-players, controller actions, the drill clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.drills.clock import DrillClock, DrillClockError
from console.drills.runner import DrillStateError
from tests.drills.conftest import KINDERGARTEN, SCHOOL, T0, virtual_run


def test_offset_injects_go_out_at_their_offset_and_triggers_follow_the_log(finished_school):
    run = finished_school
    rel = {i: st.released_at - run.t0 for i, st in run.injects.items()}
    assert rel["I01"] == timedelta(0) and rel["I09"] == timedelta(hours=2, minutes=30)
    f = run.fold
    # I02 fires 3 min after the state 现场核实 was entered; I14 when the 初报 chain's first hop (the unit's
    # 2-hour report) was missed; I20 (县人民政府同意提级) 5 min after the expected 提级会商 X11 was done
    assert run.injects["I02"].released_at == f.first("state:verifying") + timedelta(minutes=3)
    assert run.injects["I14"].released_at == f.first("deadline_missed:initial") is not None
    assert run.injects["I20"].released_at == f.first("consultation:escalate") + timedelta(minutes=5)
    assert run.injects["I14"].released_by == "trigger" and run.injects["I01"].released_by == "schedule"
    # the log has the releases and the drill's start and end
    types = [e.type for e in run.service.timeline(run.incident_id)]
    assert types.count("log.inject") == 20 and types[1] == "log.drill" and types[-1] == "log.drill"


def test_auto_players_drive_the_plan_to_escalation(finished_school):
    s = finished_school.fold.state
    assert s.level == "III" and s.leaf == "city_led"
    assert s.facts["setting"] == "school" and s.facts["cases"] == 46  # facts from I09 were applied
    pend = {p.expectation.id: p for p in finished_school.pending()}
    assert pend["X02"].status == "late"  # on site after 32 min against 25
    assert pend["X13"].status == "pending"  # nobody plays the publicity task (auto: false)
    assert pend["X01"].status == "done"


def test_pending_until_a_player_acts_then_done(tmp_path):
    run = virtual_run(KINDERGARTEN, tmp_path, auto=False)
    run.start()
    run.poll()
    (p,) = run.pending()
    assert p.expectation.id == "X01" and p.status == "pending"
    # a player on the normal console (another service on the same database) dispatches
    from console.incidents.service import IncidentService

    IncidentService(run.db, run.clock, mode="drill").command(run.incident_id, "fire", {"event": "dispatch"},
                                                             actor="值班员甲", role="duty_officer")
    run.clock.sleep_until(run.t0 + timedelta(minutes=6))
    run.poll()
    pend = {p.expectation.id: p for p in run.pending()}
    assert pend["X01"].status == "done"
    assert "X02" in pend  # I02 was triggered by entering 现场核实 five minutes earlier
    run.db.close()


def test_controller_pause_resume_speed_release_end(tmp_path):
    run = virtual_run(KINDERGARTEN, tmp_path, auto=False)
    with pytest.raises(DrillStateError):
        run.pause()
    run.start()
    run.pause()
    with pytest.raises(DrillStateError):
        run.release_now("I05")
    run.resume()
    run.set_speed(30)
    with pytest.raises(DrillClockError, match="×1 到 ×3600"):
        run.set_speed(5000)
    run.release_now("I05")
    assert run.injects["I05"].released_by == "hand"
    with pytest.raises(DrillStateError, match="已于"):
        run.release_now("I05")
    run.end()
    with pytest.raises(DrillStateError):
        run.end()
    acts = [d["action"] for d in run.fold.drill]
    assert acts == ["start", "pause", "resume", "speed", "end"]
    assert run.fold.state.facts["cases"] == 18  # the hand-released inject's facts
    run.db.close()


def test_drill_clock_maps_wall_time_and_pauses():
    wall = [100.0]
    c = DrillClock(T0, 10, wall=lambda: wall[0])
    c.start()
    wall[0] += 6  # 6 s at ×10 → 1 min
    assert c.now() == T0 + timedelta(minutes=1)
    c.pause()
    wall[0] += 100
    assert c.now() == T0 + timedelta(minutes=1)
    c.resume()
    c.set_speed(60)
    wall[0] += 1
    assert c.now() == T0 + timedelta(minutes=2)
    assert c.wall_seconds_until(T0 + timedelta(minutes=3)) == pytest.approx(1.0)
    with pytest.raises(DrillClockError):
        DrillClock(T0, 61)
    with pytest.raises(DrillClockError):
        c.set_speed(0)


def test_real_time_run_at_600(tmp_path):
    """The non-virtual path: ×600, forty drill minutes in about four seconds of wall time. The
    margins are in drill time (I02 comes 3 minutes after verifying, I04 at T+45), so a loaded
    machine that reacts late still releases I02 before the run stops and never I04."""
    from console.drills.clock import MAX_HEADLESS_SPEED
    from console.drills.runner import DrillRun
    from console.drills.scenario import load_scenario
    from console.drills.store import create_drill_database

    db = create_drill_database(tmp_path / "rt.sqlite3")
    run = DrillRun(load_scenario(SCHOOL), db, DrillClock(T0, 600, max_speed=MAX_HEADLESS_SPEED), auto_players=True)
    run.run_headless(until=timedelta(minutes=40))
    assert run.injects["I01"].released_at is not None and run.injects["I02"].released_at is not None
    assert run.injects["I04"].released_at is None  # due at T+45 min
    assert run.fold.first("event:dispatch") is not None
    assert run.injects["I02"].latency_s is not None and run.injects["I02"].latency_s >= 0
    db.close()


def test_a_refused_opening_leaves_the_drill_startable(tmp_path):
    from console.plan.engine import Rejected

    run = virtual_run(SCHOOL, tmp_path)
    run.scenario.incident["role"] = "controller"  # 导调 may not register an incident (console.auth.roles)
    with pytest.raises(Rejected):
        run.start()
    assert not run.started and run.incident_id is None
    run.scenario.incident["role"] = "duty_officer"
    assert run.start().startswith("D")
    run.db.close()


def test_auto_players_submit_reports_through_review_and_signature(finished_school):
    """A simulated player's report is drafted, reviewed, signed by the simulated commander and
    submitted — each step an event of the incident's log, like a real player's."""
    from console.reports.service import ReportService

    run = finished_school
    events = run.service.timeline(run.incident_id)
    submitted = [e for e in events if e.type == "submit_report"]
    assert submitted, "the school scenario's auto-players submit at least one report"
    rs = ReportService(run.db, run.clock, run.service)
    for ev in submitted:
        rid = ev.payload["data"]["report_id"]
        rec = rs.get(rid)
        assert rec.status == "submitted" and rec.signed_by == "指挥长（模拟）" and rec.reviewed_by
        assert rs.verify(rid)
        steps = [e.type for e in events if e.payload.get("data", {}).get("report_id") == rid]
        assert steps == ["log.report_reviewed", "log.report_signed", "submit_report"]
