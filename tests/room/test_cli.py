"""``python -m console instruct …`` and ``room …`` on a real SQLite file (and PostgreSQL): send,
acknowledge, report back, list, seats, alarms, assign, the queue, verify (exit 1 on a row
changed behind the chain); under accounts, the logged-in account is the sender and the
recipient."""

from __future__ import annotations

import io

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text

from console.auth.accounts import AccountService
from console.cli import main
from console.store import open_database
from tests.records_fixtures import MUNICIPAL

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True)
def config_home(tmp_path, monkeypatch):  # noqa: ANN001, ANN201
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def cli(monkeypatch, capsys, url: str, *args: str, stdin: str = "") -> tuple[int, str, str]:  # noqa: ANN001
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["--db", url, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_instruct_and_room_commands(db_url, monkeypatch, capsys) -> None:  # noqa: ANN001
    code, out, err = cli(monkeypatch, capsys, db_url, "incident", "open", "--plan", str(MUNICIPAL), "--title",
                         "某小学食物中毒", "--fact", "cases=12", "--actor", "值班员甲")
    assert code == 0, err
    db = open_database(db_url)
    with db.reading() as conn:
        iid = conn.execute(text("SELECT id FROM incidents")).scalar_one()
    db.close()
    code, out, err = cli(monkeypatch, capsys, db_url, "instruct", "send", "立即派员核实", "--to", "李四",
                         "--incident", iid, "--kind", "批示", "--actor", "张指挥", "--role", "commander")
    assert code == 0 and out.startswith("已下达 #1") and "张指挥（指挥长）批示（→ 李四）：立即派员核实" in out, err
    code, _, err = cli(monkeypatch, capsys, db_url, "instruct", "ack", "1", "--actor", "王五", "--role", "group_staff")
    assert code == 1 and "不是给您的" in err and "Traceback" not in err
    code, out, _ = cli(monkeypatch, capsys, db_url, "instruct", "feedback", "1", "已到现场", "--actor", "李四",
                       "--role", "group_staff")
    assert code == 0 and "已签收" in out
    code, out, _ = cli(monkeypatch, capsys, db_url, "instruct", "list")
    assert "李四：签收" in out and "反馈" in out and "已到现场" in out and "共 1 条" in out
    code, out, _ = cli(monkeypatch, capsys, db_url, "room", "alarms")
    assert f"received:{iid}" in out and "未确认" in out
    code, out, _ = cli(monkeypatch, capsys, db_url, "room", "ack", f"received:{iid}", "--actor", "值班员乙")
    assert code == 0 and "已确认" in out
    code, out, _ = cli(monkeypatch, capsys, db_url, "room", "assign", iid, "李四", "--note", "牵头",
                       "--actor", "张指挥", "--role", "commander")
    assert code == 0 and "已分派 #1" in out
    code, out, _ = cli(monkeypatch, capsys, db_url, "room", "queue", "李四")
    assert f"事件 {iid}" in out and "待办 1 项" in out
    code, out, _ = cli(monkeypatch, capsys, db_url, "room", "verify")
    assert code == 0 and "一致" in out
    db = open_database(db_url)
    with db.connect() as conn:
        conn.execute(text("UPDATE room_instructions SET text = '无需核实'"))
    db.close()
    code, out, _ = cli(monkeypatch, capsys, db_url, "room", "verify")
    assert code == 1 and "记录被改动" in out


def test_under_accounts_the_login_sends_and_acknowledges(tmp_path, monkeypatch, capsys) -> None:  # noqa: ANN001
    url = f"sqlite:///{tmp_path / 'acc.sqlite3'}"
    db = open_database(url)
    svc = AccountService(db, hasher=FAST)
    admin = svc.create("admin", "admin-pass-1", role="admin", display_name="管理员", by=None)
    svc.create("zhang", "zhang-pass-1", role="commander", display_name="张指挥", by=admin)
    svc.create("li", "li-pass-1234", role="group_staff", display_name="李四", unit="现场核查组", by=admin)
    db.close()
    code, out, err = cli(monkeypatch, capsys, url, "instruct", "send", "封存留样", "--unit", "现场核查组",
                         "--user", "zhang", "--password-stdin", stdin="zhang-pass-1\n")
    assert code == 0, err
    code, _, err = cli(monkeypatch, capsys, url, "instruct", "ack", "1", "--user", "li", "--password-stdin",
                       "--actor", "zhang", stdin="li-pass-1234\n")
    assert code == 1  # the account is the actor: another name is refused
    code, out, err = cli(monkeypatch, capsys, url, "instruct", "ack", "1", "--user", "li", "--password-stdin",
                         stdin="li-pass-1234\n")
    assert code == 0 and "已签收" in out, err


def test_separate_processes_send_acknowledge_and_verify(tmp_path) -> None:  # noqa: ANN001
    """Real processes, as at separate seats: one sends, another acknowledges and reports back, a
    third lists and verifies."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    url = f"sqlite:///{tmp_path / 'seats.sqlite3'}"
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), PYTHONPATH=str(root))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "console", "--db", url, *args], cwd=root, env=env,
                              capture_output=True, text=True, timeout=120)

    r = run("instruct", "send", "各组报告到位情况", "--actor", "张指挥", "--role", "deputy")
    assert r.returncode == 0, r.stderr
    r = run("instruct", "feedback", "1", "现场核查组已到位", "--actor", "李四", "--role", "group_staff")
    assert r.returncode == 0 and "已签收" in r.stdout, r.stderr
    r = run("instruct", "list")
    assert "李四：签收" in r.stdout and "现场核查组已到位" in r.stdout
    r = run("room", "verify")
    assert r.returncode == 0 and "一致" in r.stdout
