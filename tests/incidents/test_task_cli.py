"""撤销完成 and 签收 from the command line, in a real subprocess, as any other incident command."""

from __future__ import annotations

import re

from tests.incidents.conftest import MUNICIPAL
from tests.incidents.test_cli import run


def test_acknowledge_complete_and_withdraw_a_task(tmp_path):
    db = f"sqlite:///{tmp_path / 'tasks.sqlite3'}"
    r = run(db, "incident", "open", "--plan", str(MUNICIPAL), "--title", "某饭店聚餐后多人呕吐",
            "--fact", "cases=12", "--actor", "王值班", "--at", "2026-11-22T16:00+08:00")
    assert r.returncode == 0, r.stderr
    [task] = re.findall(r"＋任务 (T\d+)［综合协调组］接报登记", r.stdout)
    iid = "20261122-001"
    r = run(db, "incident", "task-ack", iid, task, "--by", "综合协调组李娜", "--actor", "王值班",
            "--at", "2026-11-22T16:03+08:00", "--backfill")
    assert r.returncode == 0, r.stderr
    assert f"任务 {task} 已由综合协调组李娜签收" in r.stdout
    r = run(db, "incident", "task-ack", iid, task, "--actor", "王值班", "--at", "2026-11-22T16:04+08:00",
            "--backfill")
    assert r.returncode == 1 and "已于 11-22 16:03 由综合协调组李娜签收" in r.stderr
    assert "Traceback" not in r.stderr
    r = run(db, "incident", "task-done", iid, task, "--actor", "王值班", "--at", "2026-11-22T16:05+08:00",
            "--backfill")
    assert r.returncode == 0 and f"完成任务 {task}，按时" in r.stdout
    r = run(db, "incident", "task-reopen", iid, task, "--actor", "王值班", "--at", "2026-11-22T16:06+08:00",
            "--backfill", "--reason", " ")
    assert r.returncode == 1 and "必须写明理由" in r.stderr
    r = run(db, "incident", "task-reopen", iid, task, "--reason", "误点完成，尚未报告带班领导", "--actor", "王值班",
            "--at", "2026-11-22T16:07+08:00", "--backfill")
    assert r.returncode == 0, r.stderr
    assert f"已撤销任务 {task} 的完成（理由：误点完成，尚未报告带班领导）" in r.stdout
    r = run(db, "incident", "tasks", iid)
    line = next(x for x in r.stdout.splitlines() if task in x)
    assert line.strip().startswith("□") and "综合协调组李娜签收" in line
    timeline = run(db, "incident", "timeline", iid).stdout
    assert f"签收任务 {task}（综合协调组李娜）" in timeline and f"完成任务 {task}" in timeline
    assert f"撤销完成 {task}：误点完成，尚未报告带班领导" in timeline
    r = run(db, "incident", "deadlines", iid, "--at", "2026-11-22T16:08+08:00")
    assert re.search(rf"{task}\s.*未到期", r.stdout)  # open again
    assert run(db, "replay", iid).returncode == 0


def test_a_report_is_not_submitted_around_its_approval(tmp_path):
    """``incident report`` once recorded a bare 报送; a report now goes 拟稿 → 审核 → 签发 → 报送."""
    db = f"sqlite:///{tmp_path / 'report.sqlite3'}"
    r = run(db, "incident", "open", "--plan", str(MUNICIPAL), "--title", "某饭店聚餐后多人呕吐",
            "--fact", "cases=12", "--actor", "王值班", "--at", "2026-11-22T16:00+08:00")
    assert r.returncode == 0, r.stderr
    before = run(db, "incident", "timeline", "20261122-001").stdout
    r = run(db, "incident", "report", "20261122-001", "--kind", "initial", "--actor", "王值班")
    assert r.returncode == 1 and "须先审核、签发再报送" in r.stderr and "report draft 20261122-001" in r.stderr
    assert "Traceback" not in r.stderr
    assert run(db, "incident", "timeline", "20261122-001").stdout == before  # nothing written
