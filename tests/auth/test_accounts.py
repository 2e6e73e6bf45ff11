"""Accounts: argon2 hashes, lockout after five wrong passwords, admin actions in the chained log."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.auth import AccountService, LoginFailed
from console.plan.engine import Rejected
from console.store import EventLog


def _svc(db, clock, fast_hasher) -> AccountService:  # type: ignore[no-untyped-def]
    return AccountService(db, clock, hasher=fast_hasher)


def test_first_admin_then_users_created_by_the_admin(db, clock, fast_hasher) -> None:  # type: ignore[no-untyped-def]
    svc = _svc(db, clock, fast_hasher)
    with pytest.raises(Rejected, match="第一个账号必须是管理员"):
        svc.create("wang", "password123", role="duty_officer", display_name="王值班", by=None)
    admin = svc.create("admin", "admin-pass-1", role="admin", display_name="系统管理员", by=None)
    with pytest.raises(Rejected, match="须由管理员创建"):
        svc.create("li", "password123", role="commander", display_name="李指挥", by=None)
    wang = svc.create("wang", "password123", role="duty_officer", display_name="王值班", by=admin)
    with pytest.raises(Rejected, match="无权管理用户账号"):
        svc.create("zhao", "password123", role="observer", display_name="赵观察", by=wang)
    with pytest.raises(Rejected, match="已存在"):
        svc.create("wang", "password123", role="duty_officer", display_name="王", by=admin)
    with pytest.raises(Rejected, match="至少 8 位"):
        svc.create("zhou", "short", role="expert", display_name="周专家", by=admin)
    with pytest.raises(Rejected, match="未知的角色"):
        svc.create("zhou", "password123", role="boss", display_name="周", by=admin)
    assert [u.username for u in svc.list()] == ["admin", "wang"]
    # The hash is argon2, never the password, and neither appears in the log.
    events = list(EventLog(db).read("admin"))
    assert [e.type for e in events] == ["admin.user_created", "admin.key_registered"] * 2
    assert events[2].actor == "admin" and events[2].payload["data"]["role"] == "duty_officer"
    assert all("password123" not in str(e.payload) and "argon2" not in str(e.payload) for e in events)


def test_login_and_lockout_after_five_failures(db, clock, fast_hasher) -> None:  # type: ignore[no-untyped-def]
    svc = _svc(db, clock, fast_hasher)
    admin = svc.create("admin", "admin-pass-1", role="admin", display_name="系统管理员", by=None)
    svc.create("wang", "password123", role="duty_officer", display_name="王值班", by=admin)
    assert svc.login("wang", "password123").role == "duty_officer"
    with pytest.raises(LoginFailed, match="登录名或密码不正确") as unknown:
        svc.login("nobody", "password123")
    for _ in range(4):
        with pytest.raises(LoginFailed, match="登录名或密码不正确") as wrong:
            svc.login("wang", "wrong-password")
        assert wrong.value.reason == unknown.value.reason  # no hint whether the name exists
    with pytest.raises(LoginFailed, match="已锁定至"):
        svc.login("wang", "wrong-password")
    with pytest.raises(LoginFailed, match="已锁定至"):
        svc.login("wang", "password123")  # even the right password, while locked
    clock.advance(timedelta(minutes=16))
    assert svc.login("wang", "password123").username == "wang"
    assert "再错" not in unknown.value.reason  # no hint whether the name exists
    types = [e.type for e in EventLog(db).read("auth")]
    # failures are summarised: the first of the window and the lock are events, the rest only counted
    assert types == ["auth.login", "auth.login_failed", "auth.login_failed", "auth.locked", "auth.login"]
    data = [e.payload["data"] for e in EventLog(db).read("auth")]
    assert [d.get("failures_since_last") for d in data] == [None, 1, 1, 4, 1]


def test_admin_changes_roles_resets_and_disables(db, clock, fast_hasher) -> None:  # type: ignore[no-untyped-def]
    svc = _svc(db, clock, fast_hasher)
    admin = svc.create("admin", "admin-pass-1", role="admin", display_name="系统管理员", by=None)
    svc.create("wang", "password123", role="duty_officer", display_name="王值班", by=admin)
    svc.set_role("wang", "group_staff", by=admin, unit="hazard")
    assert svc.get("wang").role == "group_staff" and svc.get("wang").unit == "hazard"
    svc.reset_password("wang", "new-password-9", by=admin)
    with pytest.raises(LoginFailed):
        svc.login("wang", "password123")
    assert svc.login("wang", "new-password-9")
    svc.set_active("wang", False, by=admin)
    with pytest.raises(LoginFailed, match="已停用"):
        svc.login("wang", "new-password-9")
    with pytest.raises(Rejected, match="不能停用自己"):
        svc.set_active("admin", False, by=admin)
    with pytest.raises(Rejected, match="不能取消自己的管理员"):
        svc.set_role("admin", "observer", by=admin)
    assert [e.type for e in EventLog(db).read("admin")][4:] == [
        "admin.role_changed", "admin.password_reset", "admin.key_registered", "admin.user_disabled"]
    assert EventLog(db).verify().ok
