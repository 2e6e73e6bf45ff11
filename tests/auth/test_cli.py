"""``user`` commands as an administrator runs them (real subprocess, real SQLite file)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run(db: str, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    # a configuration directory of its own: no session of the person running the tests applies
    env = {**os.environ, "XDG_CONFIG_HOME": str(Path(db.removeprefix("sqlite:///")).parent / "config")}
    return subprocess.run([sys.executable, "-m", "console", "--db", db, "user", *args, "--password-stdin"],
                          cwd=REPO, input=stdin, capture_output=True, text=True, timeout=60, env=env)


def test_first_admin_then_accounts_by_the_admin(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    r = run(db, "admin-pass-1\n", "add", "admin", "--role", "admin", "--name", "系统管理员")
    assert r.returncode == 0 and "已创建账号 admin" in r.stdout, r.stderr
    r = run(db, "wang-pass-123\nadmin-pass-1\n", "add", "wang", "--role", "duty_officer", "--name", "王值班",
            "--by", "admin")
    assert r.returncode == 0, r.stderr
    r = run(db, "li-pass-1234\nwrong-admin\n", "add", "li", "--role", "commander", "--name", "李指挥", "--by", "admin")
    assert r.returncode == 1 and "登录名或密码不正确" in r.stderr and "Traceback" not in r.stderr
    r = run(db, "x\n", "add", "zhao", "--role", "observer", "--name", "赵")
    assert r.returncode == 1 and "请先 python -m console login，或用 --by 指定管理员" in r.stderr
    r = subprocess.run([sys.executable, "-m", "console", "--db", db, "user", "list"], cwd=REPO,
                       capture_output=True, text=True, timeout=60)
    assert [line.split("\t")[0] for line in r.stdout.splitlines()] == ["admin", "wang"]
