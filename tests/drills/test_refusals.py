"""Refused player attempts (被拒绝的操作): recorded in a drill's log, never in a real incident's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from docx import Document

from console.app import DRILL, Console
from console.clock import ManualClock
from console.drills.clock import MAX_HEADLESS_SPEED, DrillClock
from console.drills.evaluation import assess, submitted_reports
from console.drills.refusals import REFUSED, by_objective
from console.drills.report import write_drill_document
from console.drills.runner import DrillRun
from console.drills.scenario import load_scenario
from console.drills.store import create_drill_database
from console.plan.engine import Rejected
from console.review.service import RunReview
from console.store.db import open_database
from console.timeline.wording import describe
from tests.drills.conftest import ROOT, T0

OPINION = ROOT / "scenarios" / "opinion-tabletop.yaml"


def _until_new_case(run: DrillRun) -> None:
    """Play the drill (auto-players) until the new case (I12) has come in during the termination review."""
    run.start()
    for _ in range(500):
        run.poll()
        if run.injects["I12"].released_at is not None:
            return
        run.clock.sleep_until(run.next_due(deadlines=False))  # type: ignore[arg-type]
    raise AssertionError("I12 never went out")


@pytest.fixture
def drill(tmp_path):
    db = create_drill_database(tmp_path / "drill.sqlite3")
    clock = DrillClock(T0, 60, max_speed=MAX_HEADLESS_SPEED, virtual=True)
    app = Console(db, clock, mode=DRILL)  # the players' console on the drill database
    run = DrillRun(load_scenario(OPINION), db, clock, auto_players=True, incidents=app.incidents)
    yield app, run
    db.close()


def test_an_early_termination_refused_in_a_drill_is_in_its_log_and_the_evaluation_report(drill, tmp_path):
    app, run = drill
    _until_new_case(run)
    iid = run.incident_id
    assert app.incidents.state(iid).leaf == "termination_review"
    before = len(app.incidents.timeline(iid))
    # the commander at the players' console terminates before the consultation and the stability window
    with pytest.raises(Rejected, match="条件尚未满足") as refused:
        app.incidents.command(iid, "fire", {"event": "terminate"}, actor="林建国", role="commander")
    log = app.incidents.timeline(iid)
    assert len(log) == before + 1 and log[-1].type == REFUSED
    entry = log[-1].payload["data"]
    assert entry["command"] == "fire" and entry["event"] == "terminate" and entry["what"] == "终止响应"
    assert entry["reason"] == refused.value.reason and entry["role"] == "commander" and entry["actor"] == "林建国"
    assert log[-1].actor == "林建国" and log[-1].mode == "drill"
    # the timeline's words
    line = describe(run.plan, REFUSED, entry)
    assert line.startswith("尝试「终止响应」被拒绝：「终止响应」的条件尚未满足")
    # a refused passive entry does not stop the drill: the state is unchanged and the script plays on
    assert app.incidents.state(iid).leaf == "termination_review"
    run.run_headless()
    assert run.fold.state.leaf == "aftermath"  # terminated later, when the conditions were met
    (attempt,) = run.fold.refused
    assert attempt.actor == "林建国" and attempt.what == "终止响应"
    # counted in the evaluation, under the objective whose item concerns 终止响应 (E11: before termination)
    a = assess(run.scenario, run.fold, submitted_reports(run.db, iid))
    assert [x.what for x in a.refused] == ["终止响应"]
    assert {o.id: len(o.refused) for o in a.objectives} == {"O1": 0, "O2": 0, "O3": 1, "O4": 0}
    assert list(by_objective(run.scenario, run.fold.refused)) == ["O3"]
    # …and in the 演练评估报告
    out = write_drill_document(RunReview(run.db, iid), "evaluation", tmp_path / "评估.docx", clock=run.clock)
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "被拒绝的操作" in text
    assert "尝试「终止响应」被拒绝：「终止响应」的条件尚未满足" in text and "林建国" in text
    assert "终止前经专家终止评估" in text.split("被拒绝的操作")[1]  # the item it concerns, by its title
    for internal in ("terminate", "E11", "O3", "guard", "commander"):
        assert internal not in text.split("附件")[0].replace("演练 DRILL", "")


def test_the_same_refusal_on_a_real_database_writes_nothing(drill, tmp_path):
    """The players' commands of the drill replayed on a real database up to the same moment: the
    same 终止响应 is refused with the same reason, and the real log stays as it was."""
    _app, run = drill
    _until_new_case(run)
    with pytest.raises(Rejected) as in_drill:
        run.service.command(run.incident_id, "fire", {"event": "terminate"}, actor="林建国", role="commander")
    drill_events = run.service.timeline(run.incident_id)
    real_db = open_database(f"sqlite:///{tmp_path / 'real.sqlite3'}")
    clock = ManualClock(T0)
    real = Console(real_db, clock)  # mode real
    opened = drill_events[0]
    d = opened.payload["data"]
    clock.set(opened.occurred_at)
    iid = real.incidents.open(run.plan, title="某午托机构学生疑似食物中毒", actor="值班员", role="duty_officer",
                              facts=d["facts"], lat=d["location"]["lat"], lon=d["location"]["lon"],
                              place=d["location"]["place"], received_at=opened.occurred_at).incident_id
    for ev in drill_events[1:]:
        if ev.type.startswith("log.") or ev.role == "system" or ev.type == "note":
            continue
        clock.set(ev.occurred_at)
        real.incidents.command(iid, ev.type, ev.payload["data"], actor=ev.actor, role=ev.role)
    clock.set(drill_events[-1].occurred_at + timedelta(minutes=1))
    assert real.incidents.state(iid).leaf == "termination_review"
    real.incidents.tick(iid)
    length = len(real.incidents.timeline(iid))
    with pytest.raises(Rejected) as in_real:
        real.incidents.command(iid, "fire", {"event": "terminate"}, actor="林建国", role="commander")
    assert in_real.value.reason == in_drill.value.reason
    assert len(real.incidents.timeline(iid)) == length  # the real log's rule: a refusal writes nothing
    assert not any(e.type == REFUSED for e in real.incidents.timeline(iid))
    real_db.close()


def test_only_players_attempts_are_recorded(drill):
    app, run = drill
    run.start()
    run.poll()
    iid = run.incident_id
    n = len(app.incidents.timeline(iid))
    # a malformed entry is not an attempt; nor is an observer's or the controller's command
    with pytest.raises(Rejected):
        app.incidents.command(iid, "decide_level", {"level": "III"}, actor="林建国", role="commander")  # no reason
    with pytest.raises(Rejected):
        app.incidents.command(iid, "fire", {"event": "terminate"}, actor="旁观者", role="observer")
    with pytest.raises(Rejected):
        app.incidents.command(iid, "fire", {"event": "dispatch"}, actor="导调", role="controller")
    assert len(app.incidents.timeline(iid)) == n
    # a role the role table refuses (工作组人员 may not decide the level) is an attempt
    with pytest.raises(Rejected, match="不能执行此操作|无权"):
        app.incidents.command(iid, "decide_level", {"level": "III", "reason": "人数多"}, actor="张组员",
                              role="group_staff")
    last = app.incidents.timeline(iid)[-1]
    assert last.type == REFUSED and last.payload["data"]["what"].startswith("认定级别为")
    assert last.payload["data"]["role"] == "group_staff"


def test_the_incident_decides_not_the_console(drill):
    """A console opened on the drill database in the default mode (the command line's `--db DRILL.sqlite3`)
    records the refusal too: the incident is a drill's."""
    _app, run = drill
    run.start()
    run.poll()
    cli = Console(run.db, run.clock)  # mode real, on the drill database
    n = len(cli.incidents.timeline(run.incident_id))
    with pytest.raises(Rejected):
        cli.incidents.command(run.incident_id, "fire", {"event": "terminate"}, actor="林建国", role="commander")
    log = cli.incidents.timeline(run.incident_id)
    assert len(log) == n + 1 and log[-1].type == REFUSED and log[-1].payload["data"]["code"] == "not_here"
