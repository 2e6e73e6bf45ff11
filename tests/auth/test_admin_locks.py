"""An administrator's lock and unlock, units checked against the plans in the database, and an
administrator disabled or locked meanwhile no longer managing — on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.auth import AccountService, LoginFailed
from console.auth.accounts import MAX_FAILURES
from console.auth.units import pinned_plan_units
from console.incidents.service import PlanStore
from console.plan.engine import Rejected
from console.store import EventLog

ROOT = Path(__file__).resolve().parents[2]


def _svc(db, clock, fast_hasher) -> AccountService:  # type: ignore[no-untyped-def]
    return AccountService(db, clock, hasher=fast_hasher)


def _pin(db, clock, name: str = "food-municipal.yaml") -> None:  # type: ignore[no-untyped-def]
    PlanStore(EventLog(db, clock)).register_file(ROOT / "plans" / name)


def test_a_locked_account_cannot_log_in_until_unlocked(db, clock, fast_hasher) -> None:  # type: ignore[no-untyped-def]
    svc = _svc(db, clock, fast_hasher)
    admin = svc.create("admin", "admin-pass-1", role="admin", display_name="系统管理员", by=None)
    svc.create("wang", "password123", role="duty_officer", display_name="王值班", by=admin)
    svc.login("wang", "password123")
    with pytest.raises(Rejected, match="请填写锁定原因"):
        svc.lock("wang", "  ", by=admin)
    svc.lock("wang", "调离  岗位", by=admin)
    u = svc.get("wang")
    assert u is not None and u.lock_reason == "调离 岗位" and u.status == "锁定" and u.active
    with pytest.raises(LoginFailed, match="该账号已被管理员锁定：调离 岗位"):
        svc.login("wang", "password123")
    with pytest.raises(LoginFailed, match="登录名或密码不正确"):  # a wrong password says nothing of the lock
        svc.login("wang", "wrong-password")
    with pytest.raises(Rejected, match="已被锁定"):
        svc.lock("wang", "另一个原因", by=admin)
    svc.unlock("wang", by=admin)
    assert svc.get("wang").status == "启用"  # type: ignore[union-attr]
    assert svc.login("wang", "password123").username == "wang"
    with pytest.raises(Rejected, match="没有被锁定"):
        svc.unlock("wang", by=admin)
    admin_events = [(e.type, e.actor, e.payload["data"]) for e in EventLog(db).read("admin")]
    assert admin_events[-2:] == [
        ("admin.user_locked", "admin", {"username": "wang", "reason": "调离 岗位"}),
        ("admin.user_unlocked", "admin", {"username": "wang", "lock_reason": "调离 岗位", "failures_lock": False}),
    ]
    # the refused logins are in the auth stream, with why
    whys = [e.payload["data"].get("why") for e in EventLog(db).read("auth") if e.type == "auth.login_failed"]
    assert "locked_by_admin" in whys
    assert EventLog(db).verify().ok


def test_unlock_clears_the_failed_login_lock(db, clock, fast_hasher) -> None:  # type: ignore[no-untyped-def]
    svc = _svc(db, clock, fast_hasher)
    admin = svc.create("admin", "admin-pass-1", role="admin", display_name="系统管理员", by=None)
    svc.create("wang", "password123", role="duty_officer", display_name="王值班", by=admin)
    for _ in range(MAX_FAILURES):
        with pytest.raises(LoginFailed):
            svc.login("wang", "not-the-password")
    u = svc.get("wang")
    assert u is not None and u.locked and u.lock_reason is None and "登录失败次数过多" in u.lock_text
    with pytest.raises(LoginFailed, match="已锁定至"):
        svc.login("wang", "password123")
    svc.unlock("wang", by=admin)
    assert not svc.get("wang").locked  # type: ignore[union-attr]
    assert svc.login("wang", "password123").username == "wang"
    last = list(EventLog(db).read("admin"))[-1]
    assert last.type == "admin.user_unlocked" and last.payload["data"]["failures_lock"] is True


def test_the_administrator_cannot_lock_or_disable_itself(db, clock, fast_hasher) -> None:  # type: ignore[no-untyped-def]
    svc = _svc(db, clock, fast_hasher)
    admin = svc.create("admin", "admin-pass-1", role="admin", display_name="系统管理员", by=None)
    with pytest.raises(Rejected, match="不能锁定自己的账号"):
        svc.lock("admin", "测试", by=admin)
    with pytest.raises(Rejected, match="不能停用自己的账号"):
        svc.set_active("admin", False, by=admin)
    assert svc.get("admin").usable  # type: ignore[union-attr]


def test_an_administrator_locked_meanwhile_no_longer_manages(db, clock, fast_hasher) -> None:  # type: ignore[no-untyped-def]
    """Two administrators at two consoles: once one locks the other, the other's open window
    (its account as read at login) can no longer lock back — no lock-out of every administrator."""
    svc = _svc(db, clock, fast_hasher)
    a = svc.create("admin", "admin-pass-1", role="admin", display_name="甲管理员", by=None)
    b = svc.create("admin2", "admin-pass-2", role="admin", display_name="乙管理员", by=a)
    svc.lock("admin2", "离岗", by=a)
    with pytest.raises(Rejected, match="已被锁定，不能管理账号"):
        svc.lock("admin", "报复", by=b)
    svc.unlock("admin2", by=a)
    svc.set_active("admin2", False, by=a)
    with pytest.raises(Rejected, match="已停用，不能管理账号"):
        svc.create("x", "password123", role="observer", display_name="某", by=b)
    assert svc.get("admin").usable  # type: ignore[union-attr]


def test_units_are_those_of_the_plans_in_the_database(db, clock, fast_hasher) -> None:  # type: ignore[no-untyped-def]
    svc = _svc(db, clock, fast_hasher)
    admin = svc.create("admin", "admin-pass-1", role="admin", display_name="系统管理员", by=None)
    _pin(db, clock)
    units = {u.key: u.title for u in svc.known_units()}
    assert units["hazard"] == "危害控制组" and units["site"] == "现场核查组"
    with pytest.raises(Rejected, match="未知的工作组「消防组」") as refused:
        svc.create("li", "password123", role="group_staff", display_name="李四", unit="消防组", by=admin)
    assert "危害控制组（hazard）" in refused.value.reason and "现场核查组（site）" in refused.value.reason
    assert svc.get("li") is None  # nothing written
    # by id or by title: kept as the title (what the room and the window show)
    svc.create("li", "password123", role="group_staff", display_name="李四", unit="hazard", by=admin)
    assert svc.get("li").unit == "危害控制组"  # type: ignore[union-attr]
    with pytest.raises(Rejected, match="未知的工作组"):
        svc.set_role("li", "group_staff", by=admin, unit="hazardous")
    svc.set_role("li", "group_staff", by=admin, unit="现场核查组")
    assert svc.get("li").unit == "现场核查组"  # type: ignore[union-attr]
    role_events = [e for e in EventLog(db).read("admin") if e.type == "admin.role_changed"]
    assert [e.payload["data"]["unit"] for e in role_events] == ["现场核查组"]


def test_a_caller_may_give_the_units(db, clock, fast_hasher) -> None:  # type: ignore[no-untyped-def]
    from console.auth.units import Unit

    svc = AccountService(db, clock, hasher=fast_hasher, units=lambda: [Unit("lab", "检验组")])
    admin = svc.create("admin", "admin-pass-1", role="admin", display_name="系统管理员", by=None)
    with pytest.raises(Rejected, match="检验组（lab）"):
        svc.create("li", "password123", role="group_staff", display_name="李四", unit="hazard", by=admin)
    assert svc.create("li", "password123", role="group_staff", display_name="李四", unit="lab", by=admin).unit \
        == "检验组"
    assert pinned_plan_units(db) == ()  # no plan pinned in this database


def test_a_lock_ends_the_accounts_cli_sessions(db, clock, fast_hasher) -> None:  # type: ignore[no-untyped-def]
    svc = _svc(db, clock, fast_hasher)
    admin = svc.create("admin", "admin-pass-1", role="admin", display_name="系统管理员", by=None)
    svc.create("wang", "password123", role="duty_officer", display_name="王值班", by=admin)
    grant = svc.open_session(svc.login("wang", "password123"))
    assert svc.session(grant.token).user.username == "wang"
    svc.lock("wang", "密码疑似泄露", by=admin)
    with pytest.raises(LoginFailed, match="会话已失效"):
        svc.session(grant.token)
