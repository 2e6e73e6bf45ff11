"""``log verify`` as a user runs it: exit 0 on an intact chain, 1 on a broken one."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from console.store import EventLog, NewEvent, open_database
from console.store.cli import main
from tests.store.conftest import tamper

REPO = Path(__file__).resolve().parents[2]


def _log_with_events(path: Path) -> str:
    url = f"sqlite:///{path}"
    db = open_database(url)
    EventLog(db).append(
        "s", 0, [NewEvent("t", datetime.now(UTC), "张伟", "r", {"i": i}) for i in range(3)]
    )
    db.close()
    return url


def test_verify_ok_and_broken(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    url = _log_with_events(tmp_path / "a.sqlite3")
    assert main(["log", "verify", "--db", url]) == 0
    assert "事件链完整：已校验 3 个事件" in capsys.readouterr().out

    db = open_database(url)
    tamper(db, ["UPDATE events SET actor = '李四' WHERE seq = 2"])
    db.close()
    assert main(["--db", url, "log", "verify"]) == 1
    assert "第 2 号事件的内容被改动" in capsys.readouterr().out


def test_verify_on_a_non_database_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"x" * 4096)
    assert main(["log", "verify", "--db", str(junk)]) == 2
    assert "不是有效的数据库" in capsys.readouterr().err


def test_standalone_module_entry_point(tmp_path: Path) -> None:
    url = _log_with_events(tmp_path / "b.sqlite3")
    run = subprocess.run(
        [sys.executable, "-m", "console.store.cli", "log", "verify", "--db", url],
        cwd=REPO, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0 and "已校验 3 个事件" in run.stdout
