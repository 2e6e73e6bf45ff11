"""Approvals (报请批准) and time windows through the incident service and ``python -m console``,
on a real database (SQLite file and PostgreSQL) and in a real subprocess."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from console.changes import Topic
from console.incidents import IncidentService
from console.plan.engine import Rejected
from console.timeline.wording import describe
from tests.incidents.conftest import ROOT

PLAN = ROOT / "tests" / "plan" / "fixtures" / "approvals.yaml"
H = timedelta(hours=1)


def _run(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "console", "--db", db, *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_service_rounds_on_a_real_database(db, clock):
    svc = IncidentService(db, clock)
    r = svc.open(PLAN, title="学校食堂聚集性腹泻", actor="王值班", role="duty_officer", facts={"cases": 4})
    iid = r.incident_id
    svc.command(iid, "fire", {"event": "respond"}, actor="李指挥", role="commander")
    clock.advance(20 * H)
    with pytest.raises(Rejected) as refused:
        svc.command(iid, "fire", {"event": "request_end"}, actor="李指挥", role="commander")
    assert "距最后发病时间已满 24 小时" in refused.value.reason
    clock.advance(4 * H)  # 24 hours since the last case: the command's own time opens the window
    r = svc.command(iid, "fire", {"event": "request_end"}, actor="李指挥", role="commander")
    assert r.state.approvals["terminate_gov"]["status"] == "requested"
    with pytest.raises(Rejected) as no_doc:
        svc.command(iid, "approval_decided", {"approval": "terminate_gov", "granted": True},
                    actor="李指挥", role="commander")
    assert "批准文号" in no_doc.value.reason
    with pytest.raises(Rejected):  # the role layer: an expert never records a government's answer
        svc.command(iid, "approval_decided", {"approval": "terminate_gov", "granted": True, "doc_no": "x"},
                    actor="陈专家", role="expert")
    r = svc.command(iid, "approval_decided", {"approval": "terminate_gov", "granted": True,
                                              "by": "市人民政府", "doc_no": "濮政文〔2026〕12号"},
                    actor="张值班", role="duty_officer")
    assert r.changes.touches(Topic.STATE, incident=iid) and "approval_decided" in r.changes.event_types
    svc.command(iid, "fire", {"event": "terminate"}, actor="李指挥", role="commander")
    state = svc.state(iid)
    assert state.closed and state.approvals["terminate_gov"]["doc_no"] == "濮政文〔2026〕12号"
    assert svc.check_projection(iid) == []  # the log replays to the same approvals and stamps
    plan = svc.plan_for(iid)
    line = next(describe(plan, e.type, e.payload.get("data", {}), official=True)
                for e in svc.timeline(iid) if e.type == "approval_decided")
    assert line == "市人民政府批准「终止应急响应报同级人民政府批准」（文号：濮政文〔2026〕12号）"
    assert "terminate_gov" not in line


def test_cli_approve_and_windows(tmp_path: Path):
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    r = _run(db, "incident", "open", "--plan", str(PLAN), "--title", "学校食堂聚集性腹泻", "--fact", "cases=4",
             "--at", "2026-11-22T09:00+08:00")
    assert r.returncode == 0, r.stderr
    iid = "20261122-001"

    def step(*args: str) -> subprocess.CompletedProcess[str]:
        return _run(db, "incident", *args[:1], iid, *args[1:], "--backfill")

    assert step("fire", "respond", "--role", "commander", "--at", "2026-11-22T09:05+08:00").returncode == 0
    early = step("fire", "request_end", "--role", "commander", "--at", "2026-11-22T20:00+08:00")
    assert early.returncode == 1 and "距最后发病时间已满 24 小时" in early.stderr
    asked = step("fire", "request_end", "--role", "commander", "--at", "2026-11-23T10:00+08:00")
    assert asked.returncode == 0, asked.stderr
    assert "＋报请批准：终止应急响应报同级人民政府批准（批准机关：市人民政府，时限 11-23 22:00）" in asked.stdout
    show = _run(db, "incident", "show", iid)
    assert "报请批准：终止应急响应报同级人民政府批准：待市人民政府批复" in show.stdout
    bad = step("approve", "--approval", "terminate_gov", "--refused", "--role", "commander",
               "--at", "2026-11-23T11:00+08:00")
    assert bad.returncode == 1 and "须写明理由" in bad.stderr and "Traceback" not in bad.stderr
    unknown = step("approve", "--approval", "nothing", "--granted", "--doc-no", "x", "--role", "commander",
                   "--at", "2026-11-23T11:00+08:00")
    assert unknown.returncode == 1 and "预案中没有审批事项「nothing」" in unknown.stderr
    no = step("approve", "--approval", "terminate_gov", "--refused", "--reason", "仍有疑似病例待排除",
              "--by", "市人民政府", "--role", "commander", "--at", "2026-11-23T12:00+08:00")
    assert no.returncode == 0 and "市人民政府不批准（理由：仍有疑似病例待排除）" in no.stdout
    again = step("fire", "request_end", "--role", "commander", "--at", "2026-11-23T13:00+08:00")
    assert "时限 11-23 19:00" in again.stdout  # round 2: the effect's own 6 hours
    yes = step("approve", "--approval", "terminate_gov", "--granted", "--by", "市人民政府",
               "--doc-no", "濮政文〔2026〕12号", "--role", "duty_officer", "--at", "2026-11-23T14:00+08:00")
    assert yes.returncode == 0 and "市人民政府批准（文号 濮政文〔2026〕12号）" in yes.stdout
    show = _run(db, "incident", "show", iid)
    assert "市人民政府批准（濮政文〔2026〕12号，11-23 14:00）（第 2 次报请）" in show.stdout
    assert "上级批复 terminate_gov：批准 濮政文〔2026〕12号" in _run(db, "incident", "timeline", iid).stdout
    actions = _run(db, "incident", "actions", iid, "--role", "commander")
    assert "✓ terminate" in actions.stdout
    assert step("fire", "terminate", "--role", "commander", "--at", "2026-11-23T15:00+08:00").returncode == 0
    review = _run(db, "review", iid)
    assert review.returncode == 0, review.stderr
    assert "报请批准：终止应急响应报同级人民政府批准：市人民政府批准" in review.stdout
    assert _run(db, "replay", iid).returncode == 0


def test_cli_shows_a_window_still_running(tmp_path: Path):
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    _run(db, "incident", "open", "--plan", str(PLAN), "--title", "测试", "--fact", "cases=4")  # received now
    iid = _run(db, "incident", "list").stdout.split()[0]
    assert _run(db, "incident", "fire", iid, "respond", "--role", "commander").returncode == 0
    show = _run(db, "incident", "show", iid).stdout
    assert "时间窗口（提请终止响应）：最后发病时间 已过 0 分钟 / 需 24 小时，未满足" in show
    actions = _run(db, "incident", "actions", iid, "--role", "commander").stdout
    assert "✗ request_end" in actions and "距最后发病时间已满 24 小时" in actions
