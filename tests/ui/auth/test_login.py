"""The login dialog against real accounts: wrong password inline, lockout said, success returns the user."""

from __future__ import annotations

from argon2 import PasswordHasher

from console.auth import AccountService
from console.clock import ManualClock
from console.store import open_database
from tests.incidents.conftest import T0
from ui.auth.login import LoginDialog


def test_login_dialog(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = open_database(f"sqlite:///{tmp_path / 'l.sqlite3'}")
    accounts = AccountService(db, ManualClock(T0), hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    admin = accounts.create("admin", "admin-pass-1", role="admin", display_name="管理员", by=None)
    accounts.create("wang", "wang-pass-123", role="duty_officer", display_name="王值班", by=admin)
    dlg = LoginDialog(accounts, database="l.sqlite3")
    qtbot.addWidget(dlg)
    dlg.try_login()
    assert dlg.error.text() == "请输入登录名和密码" and dlg.result() == 0
    dlg.username.setText("wang")
    dlg.password.setText("wrong")
    dlg.try_login()
    assert "登录名或密码不正确" in dlg.error.text() and dlg.password.text() == "" and dlg.user is None
    for _ in range(4):
        dlg.password.setText("wrong")
        dlg.try_login()
    assert "已锁定至" in dlg.error.text()
    accounts.clock.advance(__import__("datetime").timedelta(minutes=20))
    dlg.password.setText("wang-pass-123")
    dlg.try_login()
    assert dlg.user is not None and dlg.user.role == "duty_officer" and dlg.result() == 1
    db.close()


def test_an_account_with_several_roles_picks_one(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = open_database(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    accounts = AccountService(db, ManualClock(T0), hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    admin = accounts.create("admin", "admin-pass-1", role="admin", display_name="管理员", by=None)
    accounts.create("wang", "wang-pass-123", role="duty_officer", display_name="王值班", by=admin, also=("deputy",))
    dlg = LoginDialog(accounts)
    qtbot.addWidget(dlg)
    dlg.username.setText("wang")
    dlg.password.setText("wang-pass-123")
    dlg.try_login()
    assert dlg.result() == 0 and dlg.roles.isVisibleTo(dlg) and dlg.roles.count() == 2
    dlg.roles.setCurrentIndex(1)
    dlg.try_login()
    assert dlg.result() == 1 and dlg.role == "deputy" and dlg.login is not None
    assert dlg.login.username == "wang" and dlg.login.signer().public_key == accounts.get("wang").public_key
    db.close()
