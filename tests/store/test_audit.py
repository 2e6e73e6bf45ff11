"""A log export a reviewer can verify offline: intact passes, any change is named."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from console.store import EventLog, NewEvent
from console.store.audit import ExportError, export_log, verify_export

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def _fill(log: EventLog) -> None:
    text = "id: demo-plan\n"
    log.save_plan_source(hashlib.sha256(text.encode()).hexdigest(), "demo-plan", "1", "演示预案", text)
    for s in ("inc-1", "inc-2"):
        for i in range(5):
            log.append(s, i, [NewEvent("note", NOW, "王值班", "duty_officer", {"data": {"text": f"{s} 记录 {i}"}})])


def _lines(path: Path) -> list[str]:
    return path.read_text("utf-8").splitlines(keepends=True)


def test_export_verifies_offline_on_both_backends(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    log = EventLog(db)
    _fill(log)
    out = tmp_path / "log.jsonl"
    summary = export_log(db, out, now=NOW)
    assert summary.events == 10 and (summary.head_seq, summary.head_hash) == log.head()
    report, header = verify_export(out)
    assert report.ok, report.message
    assert report.checked == 10 and header["head"]["hash"] == log.head()[1]
    assert not out.with_name(out.name + ".part").exists()


@pytest.mark.parametrize("change, problem, seq", [
    (lambda ls: ls.__setitem__(3, ls[3].replace("记录 2", "记录 X")), "altered", 3),
    (lambda ls: ls.__delitem__(4), "missing", 4),
    (lambda ls: ls.insert(2, ls.pop(3)), "missing", 2),  # seq 3 before seq 2
    (lambda ls: ls.__delitem__(10), "head", 10),  # the last event cut off
])
def test_any_change_to_the_export_is_named(db, tmp_path, change, problem, seq) -> None:  # type: ignore[no-untyped-def]
    _fill(EventLog(db))
    out = tmp_path / "log.jsonl"
    export_log(db, out, now=NOW)
    lines = _lines(out)
    change(lines)
    out.write_text("".join(lines), "utf-8")
    report, _ = verify_export(out)
    assert not report.ok
    assert report.problem == problem and report.first_bad_seq == seq, report.message


def test_altered_plan_text_fails_verification(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    log = EventLog(db)
    text = "id: demo-plan\n"
    log.save_plan_source(hashlib.sha256(text.encode()).hexdigest(), "demo-plan", "1", "演示预案", text)
    log.append("inc-1", 0, [NewEvent("note", NOW, "王值班", "duty_officer", {"data": {}})])
    out = tmp_path / "log.jsonl"
    export_log(db, out, now=NOW)
    assert verify_export(out)[0].ok
    out.write_text(out.read_text("utf-8").replace("id: demo-plan", "id: other-plan"), "utf-8")
    report, _ = verify_export(out)
    assert not report.ok and "预案原文" in report.message


def test_not_an_export_is_a_located_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "x.jsonl"
    bad.write_text("hello\n", "utf-8")
    with pytest.raises(ExportError, match=r"x\.jsonl:1:"):
        verify_export(bad)
    bad.write_text(json.dumps({"format": "fds-event-log/1", "head": {"seq": 1, "hash": "0" * 64}}) + "\n{broken\n",
                   "utf-8")
    with pytest.raises(ExportError, match=r"x\.jsonl:2:"):
        verify_export(bad)


def test_cli_export_and_offline_verify(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from console.store import open_database

    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    db = open_database(url)
    _fill(EventLog(db))
    db.close()
    out = tmp_path / "log.jsonl"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "console", *args], cwd=REPO, capture_output=True, text=True,
                              timeout=60)

    r = run("--db", url, "log", "export", "-o", str(out))
    assert r.returncode == 0 and "已导出 10 个事件" in r.stdout, r.stderr
    r = run("log", "verify", "--file", str(out))
    assert r.returncode == 0 and "事件链完整" in r.stdout
    out.write_text(out.read_text("utf-8").replace("记录 1", "记录 9", 1), "utf-8")
    r = run("log", "verify", "--file", str(out))
    assert r.returncode == 1 and "被改动" in r.stdout and "Traceback" not in r.stderr
