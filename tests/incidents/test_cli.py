"""The headless core flows through ``python -m console`` in a real subprocess."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.incidents.conftest import MUNICIPAL, ROOT


def run(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "console", "--db", db, *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_headless_incident_flow(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    r = run(db, "incident", "open", "--plan", str(MUNICIPAL), "--title", "幼儿园午餐后多名幼儿腹痛",
            "--fact", "cases=8", "--fact", "setting=kindergarten", "--actor", "王值班",
            "--at", "2026-11-22T16:00+08:00")
    assert r.returncode == 0, r.stderr
    assert "20261122-001" in r.stdout and "较大（III级）" in r.stdout  # 8 ill in a kindergarten → Ⅲ
    iid = "20261122-001"
    steps = [
        ("fire", iid, "dispatch", "--at", "2026-11-22T16:05+08:00", "--backfill"),
        ("fire", iid, "verified", "--at", "2026-11-22T16:50+08:00", "--backfill"),
        ("consult", iid, "--question", "grade", "--outcome", "approve", "--level", "III", "--role", "commander",
         "--at", "2026-11-22T17:20+08:00", "--backfill"),
        ("decide", iid, "--level", "III", "--reason", "经专家核定", "--role", "commander",
         "--at", "2026-11-22T17:25+08:00", "--backfill"),
        ("fire", iid, "respond", "--role", "commander", "--at", "2026-11-22T17:30+08:00", "--backfill"),
    ]
    for s in steps:
        r = run(db, "incident", *s)
        assert r.returncode == 0, (s, r.stdout, r.stderr)
    assert "应急处置" in r.stdout and "KJ-004×20" in r.stdout  # Ⅲ-level quantities
    [request] = re.findall(r"物资调用 (M\d+)：", r.stdout)
    r = run(db, "incident", "delivered", iid, request, "--note", "快检箱已送达现场", "--role", "group_staff",
            "--at", "2026-11-22T17:50+08:00", "--backfill")
    assert r.returncode == 0, r.stderr
    r = run(db, "incident", "delivered", iid, request, "--role", "group_staff", "--at", "2026-11-22T17:51+08:00",
            "--backfill")
    assert r.returncode == 1 and "不能重复登记" in r.stderr and "Traceback" not in r.stderr
    assert f"物资送达 {request}" in run(db, "incident", "timeline", iid).stdout
    r = run(db, "incident", "deadlines", iid, "--at", "2026-11-22T17:31+08:00")
    assert "已逾期" in r.stdout and "赶赴现场核实" in r.stdout  # arrived after 30 min
    # the 初报's first hop (format 2 chain, issue #17): the unit's 2 h, from receipt while 发现时间 is unknown
    assert "初报（逐级报告） 事发单位" in r.stdout and "剩余 29 分钟" in r.stdout
    r = run(db, "incident", "tasks", iid)
    assert "医疗救治组" in r.stdout and "T8" in r.stdout
    r = run(db, "incident", "timeline", iid)
    # back-filled: the deadline passed at 16:30, recorded when the back-filled 16:50 event was written
    # (赶赴现场核实 is T3: the unit's report is a hop of the 初报 chain since format 2, issue #17)
    [missed] = [line for line in r.stdout.splitlines() if "逾期 T3" in line]
    assert "发生 11-22 16:30 · 记录 " in missed and "记录 11-22 16:50" not in missed
    r = run(db, "replay", iid)
    assert r.returncode == 0 and "一致" in r.stdout
    r = run(db, "log", "verify")
    assert r.returncode == 0, r.stdout


def test_refusals_are_one_clear_line(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    run(db, "incident", "open", "--plan", str(MUNICIPAL), "--title", "测试", "--fact", "cases=3",
        "--at", "2026-11-22T16:00+08:00")
    cases = [
        (("incident", "facts", "20261122-001", "--set", "cases=abc"), "不是整数"),
        (("incident", "facts", "20261122-001", "--set", "colour=red"), "没有声明事实"),
        (("incident", "fire", "20261122-001", "respond", "--role", "commander"), "不能执行「启动响应」"),
        (("incident", "decide", "20261122-001", "--level", "III", "--reason", "x"), "无权认定级别"),
        (("incident", "show", "20990101-001"), "没有编号为"),
        (("incident", "fire", "20261122-001", "dispatch", "--role", "pilot"), "不在预案的角色表中"),
    ]
    for args, needle in cases:
        r = run(db, *args)
        assert r.returncode == 1, (args, r.stdout, r.stderr)
        assert needle in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.stderr + r.stdout
    r = run(db, "incident", "timeline", "20261122-001")
    written = [line for line in r.stdout.splitlines() if "system（system）" not in line]
    assert len(written) == 1  # the open event (plus deadlines that really passed): nothing refused was written


def test_hostile_inputs_are_refused_in_one_line_and_write_nothing(tmp_path):
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import func, select

    from console.store.db import open_database
    from console.store.models import events_table, incidents_table

    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    now = datetime.now(UTC).replace(microsecond=0)
    r = run(db, "incident", "open", "--plan", str(MUNICIPAL), "--title", "测试", "--fact", "cases=3",
            "--lat", "35.76", "--lon", "115.03", "--at", (now - timedelta(days=2)).isoformat())
    assert r.returncode == 0, r.stderr
    iid = r.stdout.split("：", 1)[1].split("「", 1)[0]

    def written() -> tuple[int, list[tuple]]:
        d = open_database(db)
        try:
            with d.reading() as conn:
                return (conn.execute(select(func.count()).select_from(events_table)).scalar_one(),
                        [tuple(x) for x in conn.execute(select(incidents_table).order_by(incidents_table.c.id))])
        finally:
            d.close()

    before = written()
    cases = [
        (("incident", "fire", iid, "dispatch", "--at", "9999-12-31T23:00+08:00"), "晚于现在"),
        (("incident", "note", iid, "补记", "--at", (now - timedelta(days=1)).isoformat()), "--backfill"),
        (("incident", "note", iid, "补记", "--at", (now - timedelta(days=3)).isoformat(), "--backfill"), "不能倒流"),
        (("incident", "facts", iid, "--set", "hospitalized=18446744073709551616"), "不能大于 1,000,000"),
        (("incident", "facts", iid, "--set", "cases=1000001"), "不能大于 1,000,000"),
        (("incident", "note", iid, "记" * 4001), "上限 4,000 字"),
        (("incident", "open", "--plan", str(MUNICIPAL), "--title", "测试", "--fact", "cases=3", "--lat", "nan",
          "--lon", "115"), "纬度"),
        (("incident", "open", "--plan", str(MUNICIPAL), "--title", "测试", "--fact", "cases=3", "--lat", "200",
          "--lon", "115"), "-90 到 90"),
        (("incident", "open", "--plan", str(MUNICIPAL), "--title", "标" * 201, "--fact", "cases=3"), "上限 200 字"),
        (("incident", "open", "--plan", str(MUNICIPAL), "--title", "测试", "--fact", "cases=3",
          "--at", "9999-12-31T00:00+08:00"), "接报时间"),
    ]
    for args, needle in cases:
        r = run(db, *args)
        assert r.returncode == 1, (args, r.stdout, r.stderr)
        assert needle in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.stderr + r.stdout and r.stderr.strip().count("\n") == 0, r.stderr
    assert written() == before
    r = run(db, "incident", "note", iid, "补记", "--at", (now - timedelta(days=1)).isoformat(), "--backfill")
    assert r.returncode == 0, r.stderr
    from console.store.eventlog import EventLog

    d = open_database(db)
    last = list(EventLog(d).read(iid))[-1]
    d.close()
    assert last.type == "note" and last.payload["backfilled"] is True  # deadlines before it recorded first
