"""``log verify --file`` on a file that is not an export: refused naming the line, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from console.store import EventLog, NewEvent
from console.store.audit import MAX_LINE_BYTES, ExportError, export_log, verify_export

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
HEADER = json.dumps({"format": "fds-event-log/1", "head": {"seq": 1, "hash": "0" * 64}}) + "\n"
EVENT = {"seq": 1, "stream": "inc-1", "version": 1, "type": "note", "occurred_us": 0, "recorded_us": 0,
         "actor": "王值班", "role": "duty_officer", "mode": "real", "payload": "{}", "prev_hash": "0" * 64,
         "hash": "0" * 64}


def _event(**change: object) -> str:
    return json.dumps({"event": {**EVENT, **change}}, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("content, says", [
    (b"", r"x\.jsonl:1: 文件是空的"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)), r"x\.jsonl:1: 含有二进制内容"),
    (json.dumps({"format": "fds-event-log/1", "source": "某市"}, ensure_ascii=False).encode("gbk") + b"\n",
     r"x\.jsonl:1: 不是 UTF-8 文本"),
    (b"\xef\xbb\xbf" + HEADER.encode(), r"x\.jsonl:1: 不是事件日志导出文件"),
    (json.dumps({"format": "fds-event-log/1", "head": "seq 1"}).encode() + b"\n", r"x\.jsonl:1: 文件头的链头记录"),
    (HEADER.encode() + b"[1, 2]\n", r"x\.jsonl:2: 该行不是 JSON 对象"),
    (HEADER.encode() + b"[" * 100_000 + b"\n", r"x\.jsonl:2: 该行不是有效的 JSON"),
    (HEADER.encode() + b"1" * 5000 + b"\n", r"x\.jsonl:2: 该行不是有效的 JSON"),
    (HEADER.encode() + b'{"event": [1]}\n', r"x\.jsonl:2: 事件记录应为 JSON 对象"),
    (HEADER.encode() + _event(seq="1").encode(), r"x\.jsonl:2: 事件记录的字段 seq 应为整数"),
    (HEADER.encode() + _event(occurred_us=10**30).encode(), r"x\.jsonl:2: 事件记录的字段 occurred_us 应为整数"),
    (HEADER.encode() + _event(payload={"a": 1}).encode(), r"x\.jsonl:2: 事件记录的字段 payload 应为文本"),
    (HEADER.encode() + json.dumps({"event": {"seq": 1}}).encode() + b"\n", r"x\.jsonl:2: 事件记录缺少字段 stream"),
    (HEADER.encode() + b'{"plan": "x"}\n', r"x\.jsonl:2: 预案记录应为 JSON 对象"),
])
def test_a_file_that_is_not_an_export_is_refused_naming_the_line(tmp_path: Path, content: bytes, says: str) -> None:
    bad = tmp_path / "x.jsonl"
    bad.write_bytes(content)
    with pytest.raises(ExportError, match=says):
        verify_export(bad)


def test_an_overlong_line_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    bad = tmp_path / "x.jsonl"
    with bad.open("wb") as fh:
        fh.write(HEADER.encode())
        fh.write(b'{"event": "' + b"a" * (MAX_LINE_BYTES + 10) + b'"}\n')
    with pytest.raises(ExportError, match=r"x\.jsonl:2: 该行超过 16 MB"):
        verify_export(bad)


def test_a_damaged_line_in_a_real_export_is_named(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    log = EventLog(db)
    for i in range(3):
        log.append("inc-1", i, [NewEvent("note", NOW, "王值班", "duty_officer", {"data": {"text": f"记录 {i}"}})])
    out = tmp_path / "log.jsonl"
    export_log(db, out, now=NOW)
    assert verify_export(out)[0].ok
    lines = out.read_bytes().splitlines(keepends=True)
    lines[2] = lines[2].replace("记录 1".encode(), "记录 1".encode("gbk"))
    out.write_bytes(b"".join(lines))
    with pytest.raises(ExportError, match=r"log\.jsonl:3: 不是 UTF-8 文本"):
        verify_export(out)


def test_cli_refuses_a_binary_file_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "x.jsonl"
    bad.write_bytes(bytes(range(256)) * 64)
    r = subprocess.run([sys.executable, "-m", "console", "log", "verify", "--file", str(bad)], cwd=REPO,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stdout == ""  # 2: the file could not be checked (1: the chain is broken)
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert r.stderr.startswith("错误：") and "x.jsonl:1:" in r.stderr and "不是事件日志导出文件" in r.stderr
