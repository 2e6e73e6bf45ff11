"""Projections checked against the log (SQLite and PostgreSQL): a row changed behind the
console's back is caught by the next command, by the timer and by replay, and rebuilt from
the log; the forged value is never carried forward."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

import console.incidents.service as service_module
from console.app import Console
from console.changes import Topic
from console.errors import ProjectionMismatch
from console.plan.engine import Rejected
from console.store.models import events_table, incidents_table
from tests.incidents.conftest import MUNICIPAL, ROOT

M = timedelta(minutes=1)
I = incidents_table.c  # noqa: E741


@pytest.fixture
def app(db, clock) -> Console:
    return Console(db, clock)


@pytest.fixture
def iid(app, clock) -> str:
    svc = app.incidents
    r = svc.open(MUNICIPAL, title="某小学食堂疑似食物中毒", actor="王值班", role="duty_officer",
                 facts={"cases": 12, "setting": "school"}, lat=35.76, lon=115.03, place="华龙区")
    clock.advance(5 * M)
    svc.command(r.incident_id, "fire", {"event": "dispatch"}, actor="王值班", role="duty_officer")
    return r.incident_id


def forge(db, iid: str, **values) -> None:
    with db.connect() as conn:
        conn.execute(update(incidents_table).where(I.id == iid).values(**values))


def row(db, iid: str):
    with db.reading() as conn:
        return conn.execute(select(incidents_table).where(I.id == iid)).one()


def events(db) -> int:
    with db.reading() as conn:
        return conn.execute(select(func.count()).select_from(events_table)).scalar_one()


def test_projection_records_the_last_event(app, db, iid):
    r = row(db, iid)
    last = list(app.log.read(iid))[-1]
    assert (r.last_seq, r.last_hash, r.version) == (last.seq, last.hash, last.version)
    assert app.incidents.check_projection(iid) == []


@pytest.mark.parametrize(("column", "forged"), [("level", "I"), ("status", "closed")])
def test_forged_column_is_refused_rebuilt_and_announced(app, db, clock, iid, column, forged):
    svc = app.incidents
    good = row(db, iid)
    forge(db, iid, **{column: forged})
    # replay names the column and both values
    diffs = svc.check_projection(iid)
    assert [(d.column, d.projected, d.logged) for d in diffs] == [(column, forged, getattr(good, column))]
    seen = []
    app.changes.subscribe(seen.append)
    n = events(db)
    clock.advance(M)
    with pytest.raises(ProjectionMismatch) as ei:
        svc.command(iid, "note", {"text": "核对"}, actor="王值班", role="duty_officer")
    assert isinstance(ei.value, Rejected)  # the windows and services that catch Rejected show it
    assert "事件投影与日志不符（第 2 号事件之后被改动）：已按日志重建，请核对后重试" in ei.value.reason
    assert column in ei.value.reason
    assert events(db) == n  # nothing written
    assert getattr(row(db, iid), column) == getattr(good, column)  # rebuilt from the log
    assert seen and seen[-1].touches(Topic.INCIDENTS, incident=iid)  # the windows redraw
    assert svc.check_projection(iid) == []
    # the retry runs, on the logged state: the forged value is not carried forward
    r = svc.command(iid, "note", {"text": "核对"}, actor="王值班", role="duty_officer")
    assert (row(db, iid).level, row(db, iid).status) == (good.level, good.status) == \
        (r.state.level, "open")


def test_forged_state_and_level_together_are_caught(app, db, clock, iid):
    """A forger who keeps the row consistent with itself is still caught: the state comes from the log."""
    state = json.loads(row(db, iid).state)
    state["level"] = "I"
    forge(db, iid, level="I", state=json.dumps(state, ensure_ascii=False))
    with pytest.raises(ProjectionMismatch):
        app.incidents.command(iid, "note", {"text": "x"}, actor="王值班", role="duty_officer")
    assert row(db, iid).level is None and json.loads(row(db, iid).state)["level"] is None


def test_forged_title_place_and_position_are_named(app, db, iid):
    forge(db, iid, title="别的事件", lat=1.0, place="别处")
    names = {d.column: d for d in app.incidents.check_projection(iid)}
    assert set(names) == {"title", "lat", "place"}
    assert str(names["title"]) == "title：投影为 '别的事件'，日志为 '某小学食堂疑似食物中毒'"


def test_timer_catches_a_forged_row(app, db, clock, iid):
    forge(db, iid, status="closed")
    clock.advance(2 * 60 * M)  # deadlines have passed
    n = events(db)
    with pytest.raises(ProjectionMismatch):
        app.incidents.tick(iid)
    assert events(db) == n and row(db, iid).status == "open"
    forge(db, iid, level="I")
    assert app.incidents.tick_all() != []  # rebuilt, looked again, recorded what was due
    assert row(db, iid).level is None and app.incidents.check_projection(iid) == []


def test_rows_written_before_this_release_are_filled_not_forged(app, db, clock, iid):
    forge(db, iid, last_seq=None, last_hash=None)
    assert app.incidents.check_projection(iid) == []
    clock.advance(M)
    app.incidents.command(iid, "note", {"text": "x"}, actor="王值班", role="duty_officer")
    assert row(db, iid).last_seq is not None
    forge(db, iid, last_seq=None, last_hash=None)
    assert app.incidents.rebuild() == 1
    last = list(app.log.read(iid))[-1]
    assert (row(db, iid).last_seq, row(db, iid).last_hash) == (last.seq, last.hash)


def test_a_row_behind_the_log_is_caught(app, db, iid):
    forge(db, iid, version=1, last_seq=1)
    diffs = {d.column for d in app.incidents.check_projection(iid)}
    assert {"version", "last_seq"} <= diffs


def test_snapshot_path_checks_too(app, db, clock, iid, monkeypatch):
    """Long incidents fold from the latest snapshot: the check holds there as well."""
    monkeypatch.setattr(service_module, "SNAPSHOT_EVERY", 3)
    svc = app.incidents
    for i in range(5):
        clock.advance(M)
        svc.command(iid, "note", {"text": f"记录 {i}"}, actor="王值班", role="duty_officer")
    assert app.log.latest_snapshot(iid) is not None
    logged = svc.fold_log(iid)
    assert logged.state == svc.fold_log(iid, from_start=True).state
    forge(db, iid, level="II")
    with pytest.raises(ProjectionMismatch):
        svc.command(iid, "note", {"text": "x"}, actor="王值班", role="duty_officer")
    assert row(db, iid).level is None


def run(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "console", "--db", db, *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_cli_replay_names_the_forged_column_and_the_next_command_refuses(tmp_path):
    from console.store.db import open_database

    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    r = run(url, "incident", "open", "--plan", str(MUNICIPAL), "--title", "测试", "--fact", "cases=8",
            "--fact", "setting=kindergarten")
    assert r.returncode == 0, r.stderr
    iid = r.stdout.split("：", 1)[1].split("「", 1)[0]
    assert "一致" in run(url, "replay", iid).stdout
    db = open_database(url)
    forge(db, iid, level="I")
    db.close()
    r = run(url, "replay", iid)
    assert r.returncode == 1 and "level：投影为 'I'，日志为 空" in r.stdout, r.stdout
    r = run(url, "incident", "note", iid, "核对")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.strip().count("\n") == 0 and "事件投影与日志不符" in r.stderr
    assert run(url, "replay", iid).returncode == 0  # rebuilt from the log


def test_forged_state_names_the_fields(app, db, iid):
    state = json.loads(row(db, iid).state)
    state["facts"]["cases"] = 999
    forge(db, iid, state=json.dumps(state, ensure_ascii=False))
    [d] = app.incidents.check_projection(iid)
    assert str(d) == "state：投影的状态与日志不同（不同的字段：facts）"
