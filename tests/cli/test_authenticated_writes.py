"""Writes from the command line on a database with accounts: a session or a password, the account's
own roles, the account's name in the log; a database without accounts works as before."""

from __future__ import annotations

import io
import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from console.auth.accounts import AccountService
from console.auth.sessions import NO_LOGIN, session_path, write_token_file
from console.cli import main
from console.clock import ManualClock, SystemClock
from console.store import EventLog, open_database

PLAN = str(Path(__file__).resolve().parents[2] / "plans" / "food-municipal.yaml")
FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True)
def config_home(tmp_path, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    """Token files go to a configuration directory of the test's own."""
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


def cli(monkeypatch, capsys, url: str, *args: str, stdin: str = "") -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["--db", url, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def accounts(url: str) -> None:
    db = open_database(url)
    svc = AccountService(db, hasher=FAST)
    admin = svc.create("admin", "admin-pass-1", role="admin", display_name="系统管理员", by=None)
    svc.create("wang", "wang-pass-1", role="duty_officer", display_name="王值班", by=admin, also=("deputy",))
    db.close()


def head(url: str) -> int:
    db = open_database(url)
    try:
        return EventLog(db).head()[0]
    finally:
        db.close()


def last_event(url: str):  # type: ignore[no-untyped-def]
    db = open_database(url)
    try:
        return list(EventLog(db).read())[-1]
    finally:
        db.close()


OPEN = ("incident", "open", "--plan", PLAN, "--title", "某小学食物中毒")


def test_writes_need_a_login_once_accounts_exist(db_url, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    accounts(db_url)
    n = head(db_url)
    code, _out, err = cli(monkeypatch, capsys, db_url, *OPEN)
    assert code == 1 and err.strip() == f"错误：{NO_LOGIN}" and head(db_url) == n
    code, _out, err = cli(monkeypatch, capsys, db_url, *OPEN, "--actor", "anyone", "--role", "commander")
    assert code == 1 and NO_LOGIN in err and head(db_url) == n
    code, _out, err = cli(monkeypatch, capsys, db_url, "duty", "note", "交班前检查", "--user", "wang",
                          "--password-stdin", stdin="wrong-pass\n")
    assert code == 1 and "登录名或密码不正确" in err and "Traceback" not in err


def test_a_session_writes_as_the_account_in_its_own_roles(db_url, monkeypatch, capsys, config_home) -> None:  # type: ignore[no-untyped-def]
    accounts(db_url)
    code, out, err = cli(monkeypatch, capsys, db_url, "login", "--user", "wang", "--password-stdin", "--hours", "2",
                         stdin="wang-pass-1\n")
    assert code == 0, err
    files = list((config_home / "fds-emergency-console" / "sessions").glob("*.json"))
    assert len(files) == 1 and stat.S_IMODE(os.stat(files[0]).st_mode) == 0o600
    assert "wang-pass-1" not in files[0].read_text(encoding="utf-8")
    code, out, _ = cli(monkeypatch, capsys, db_url, "whoami")
    assert code == 0 and "wang（王值班）" in out and "副指挥长（deputy）" in out
    code, out, err = cli(monkeypatch, capsys, db_url, *OPEN)
    assert code == 0, err
    ev = last_event(db_url)
    assert (ev.type, ev.actor, ev.role) == ("open", "wang", "duty_officer")
    incident = ev.stream
    code, _, err = cli(monkeypatch, capsys, db_url, "incident", "note", incident, "副指挥长到场", "--role", "deputy")
    assert code == 0, err
    assert (last_event(db_url).actor, last_event(db_url).role) == ("wang", "deputy")
    n = head(db_url)
    code, _, err = cli(monkeypatch, capsys, db_url, "incident", "note", incident, "越权", "--role", "commander")
    assert code == 1 and "没有角色「指挥长」" in err and head(db_url) == n
    code, _, err = cli(monkeypatch, capsys, db_url, "incident", "note", incident, "冒名", "--actor", "li")
    assert code == 1 and "不能以「li」的名义操作" in err and head(db_url) == n
    code, out, _ = cli(monkeypatch, capsys, db_url, "logout")
    assert code == 0 and "已注销 wang" in out and not files[0].exists()
    code, _, err = cli(monkeypatch, capsys, db_url, "incident", "note", incident, "注销后", "--role", "deputy")
    assert code == 1 and NO_LOGIN in err and head(db_url) == n
    # --user with a password works without a session
    code, _, err = cli(monkeypatch, capsys, db_url, "incident", "note", incident, "带密码", "--user", "wang",
                       "--password-stdin", stdin="wang-pass-1\n")
    assert code == 0, err
    assert last_event(db_url).actor == "wang"


def test_an_expired_session_is_refused(db_url, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    accounts(db_url)
    db = open_database(db_url)
    earlier = ManualClock(SystemClock().now() - timedelta(hours=3))
    svc = AccountService(db, earlier, hasher=FAST)
    write_token_file(db, svc.open_session(svc.login("wang", "wang-pass-1"), hours=2))
    assert session_path(db).exists()
    db.close()
    n = head(db_url)
    code, _, err = cli(monkeypatch, capsys, db_url, *OPEN)
    assert code == 1 and "会话已过期，请重新 login" in err and head(db_url) == n


def test_user_administration_by_the_session_of_an_administrator(db_url, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    accounts(db_url)
    code, _, err = cli(monkeypatch, capsys, db_url, "login", "--user", "admin", "--password-stdin",
                       stdin="admin-pass-1\n")
    assert code == 0, err
    code, out, err = cli(monkeypatch, capsys, db_url, "user", "add", "li", "--role", "commander", "--also",
                         "expert", "--name", "李指挥", "--password-stdin", stdin="li-pass-1234\n")
    assert code == 0 and "指挥长、专家" in out, err
    code, out, _ = cli(monkeypatch, capsys, db_url, "user", "list")
    assert "li\t李指挥\t指挥长、专家" in out
    ev = last_event(db_url)
    assert ev.type == "admin.key_registered" and ev.actor == "admin"


def test_without_accounts_the_free_actor_still_writes(db_url, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli(monkeypatch, capsys, db_url, *OPEN, "--actor", "张三")
    assert code == 0, err
    assert last_event(db_url).actor == "张三"
    code, out, _ = cli(monkeypatch, capsys, db_url, "log", "verify")
    assert code == 0 and "其中 1 个事件写入时数据库尚无账号（未认证）" in out
    accounts(db_url)
    code, out, _ = cli(monkeypatch, capsys, db_url, "log", "verify")
    assert code == 0 and "其中 1 个事件写入时数据库尚无账号（未认证）" in out
