"""Incidents written by earlier releases replay to exactly their stored projections.

Their plans are pinned as the text they ran on, in plan format 1, whose deadlines end with
their state: the engine keeps that rule for them (format 2 keeps a deadline until it is done).
So ``replay`` reports no difference for any of them, a command on one still passes the
projection check, and ``python -m console replay ID`` says they agree.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from console.clock import ManualClock
from console.incidents import IncidentService
from console.store import open_database
from tests.incidents.conftest import ROOT

RELEASES = ROOT / "tests" / "store" / "releases"
DATABASES = sorted(RELEASES.glob("release-*[0-9].sqlite3.gz"))


def _unzip(src: Path, dest: Path) -> Path:
    with gzip.open(src, "rb") as fin, dest.open("wb") as fout:
        shutil.copyfileobj(fin, fout)
    return dest


@pytest.mark.parametrize("packed", DATABASES, ids=[p.name for p in DATABASES])
def test_every_incident_of_an_earlier_release_replays_without_difference(packed: Path, tmp_path: Path) -> None:
    path = _unzip(packed, tmp_path / packed.name.removesuffix(".gz"))
    db = open_database(f"sqlite:///{path}")
    try:
        svc = IncidentService(db)
        incidents = svc.list()
        assert len(incidents) >= 10
        formats = set()
        for s in incidents:
            assert svc.check_projection(s.id) == [], s.id
            fmt = svc.plan_for(s.id).format_version
            formats.add(fmt)
            state = svc.state(s.id)
            # closed before a final state ended the open tasks (an ``end_tasks`` record): they stay as written
            assert "not_needed" not in {t["status"] for t in state.tasks.values()}
            if fmt == 1:  # the old rule: a deadline left open by its state was cancelled, nothing reinterpreted
                assert all("cancel_on_exit" not in d for d in state.deadlines.values())
                assert "unfinished" not in {d["status"] for d in state.deadlines.values()}
        assert formats <= {1, 2}  # release 0008 ran on the format-2 plans
        # a command on an old incident still passes the projection check and replays the same way
        live = next(s for s in incidents if s.status == "open")
        svc.clock = ManualClock(max(live.updated_at, svc.state(live.id).now) + timedelta(minutes=1))
        svc.command(live.id, "note", {"text": "升级后的值守记录"}, actor="zhang", role="duty_officer")
        assert svc.check_projection(live.id) == []
    finally:
        db.close()


def test_the_replay_command_agrees_on_an_old_incident(tmp_path: Path) -> None:
    path = _unzip(DATABASES[-1], tmp_path / "old.sqlite3")
    db = open_database(f"sqlite:///{path}")
    try:
        closed = next(s for s in IncidentService(db).list() if s.status == "closed")
    finally:
        db.close()
    r = subprocess.run([sys.executable, "-m", "console", "--db", f"sqlite:///{path}", "replay", closed.id],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "一致" in r.stdout
