"""``user lock|unlock|units``, ``--unit`` checked against the plans in the database, and the
order of the passwords on stdin as ``--help`` states it (real subprocess, real SQLite file)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from console.app import Console
from console.store.db import open_database

REPO = Path(__file__).resolve().parents[2]


def console(db: str, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CONFIG_HOME": str(Path(db.removeprefix("sqlite:///")).parent / "config")}
    return subprocess.run([sys.executable, "-m", "console", "--db", db, *args], cwd=REPO, input=stdin,
                          capture_output=True, text=True, timeout=60, env=env)


def test_help_says_which_stdin_line_is_whose_password() -> None:
    r = console("sqlite:///unused.sqlite3", "", "user", "add", "--help")
    text = " ".join(r.stdout.split())
    assert "第 1 行：新账号的密码" in text and "第 2 行：--by 管理员自己的密码" in text
    r = console("sqlite:///unused.sqlite3", "", "user", "lock", "--help")
    text = " ".join(r.stdout.split())
    assert "第 1 行：--by 管理员自己的密码" in text and "--reason" in text


def test_lock_unlock_and_units_on_the_command_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    c = Console(open_database(db))
    c.incidents.plans.register_file(REPO / "plans" / "food-municipal.yaml")
    c.close()
    r = console(db, "admin-pass-1\n", "user", "add", "admin", "--role", "admin", "--name", "管理员",
                "--password-stdin")
    assert r.returncode == 0, r.stderr
    r = console(db, "", "user", "units")
    assert "危害控制组\thazard" in r.stdout.splitlines()
    # --unit: a unit the plans do not name is refused, with the ones they do
    r = console(db, "li-pass-1234\nadmin-pass-1\n", "user", "add", "li", "--role", "group_staff", "--name", "李四",
                "--unit", "消防组", "--by", "admin", "--password-stdin")
    assert r.returncode == 1 and "未知的工作组「消防组」" in r.stderr and "危害控制组（hazard）" in r.stderr
    assert "Traceback" not in r.stderr
    r = console(db, "li-pass-1234\nadmin-pass-1\n", "user", "add", "li", "--role", "group_staff", "--name", "李四",
                "--unit", "hazard", "--by", "admin", "--password-stdin")
    assert r.returncode == 0, r.stderr
    r = console(db, "admin-pass-1\n", "user", "role", "li", "--role", "group_staff", "--unit", "no-such",
                "--by", "admin", "--password-stdin")
    assert r.returncode == 1 and "未知的工作组「no-such」" in r.stderr
    # lock: the login is refused with the reason until unlock
    r = console(db, "admin-pass-1\n", "user", "lock", "li", "--reason", "调离岗位", "--by", "admin",
                "--password-stdin")
    assert r.returncode == 0 and "已锁定账号 li" in r.stdout, r.stderr
    r = console(db, "", "user", "list")
    li = next(line.split("\t") for line in r.stdout.splitlines() if line.startswith("li\t"))
    assert li[3:] == ["危害控制组", "锁定", "管理员锁定：调离岗位"]
    r = console(db, "li-pass-1234\n", "login", "--user", "li", "--password-stdin")
    assert r.returncode == 1 and "该账号已被管理员锁定：调离岗位" in r.stderr
    r = console(db, "admin-pass-1\n", "user", "lock", "admin", "--reason", "x", "--by", "admin", "--password-stdin")
    assert r.returncode == 1 and "不能锁定自己的账号" in r.stderr
    r = console(db, "admin-pass-1\n", "user", "unlock", "li", "--by", "admin", "--password-stdin")
    assert r.returncode == 0 and "已解锁账号 li" in r.stdout, r.stderr
    r = console(db, "li-pass-1234\n", "login", "--user", "li", "--password-stdin")
    assert r.returncode == 0, r.stderr
    r = console(db, "", "log", "verify")
    assert r.returncode == 0, r.stdout + r.stderr
