"""The administrator's account screens (管理 → 账号管理…): each change made in the window is in
the accounts table, in the hash chain, and in what the account can do at login."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget

from console.auth import LoginFailed
from console.auth.accounts import MAX_FAILURES
from console.store import EventLog

pytestmark = pytest.mark.gui


def _ok(dlg: Any) -> None:
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _row(tab: Any, username: str) -> list[str]:
    r = tab.row_of(username)
    assert r >= 0, f"{username} not in the table"
    return [tab.table.item(r, c).text() for c in range(tab.table.columnCount())]


def _admin_events(console: Any) -> list[tuple[str, str, dict[str, Any]]]:
    return [(e.type, e.actor, e.payload["data"]) for e in EventLog(console.db).read("admin")]


def _new(tab: Any, username: str, password: str, *, role: str = "duty_officer", name: str = "王值班",
         unit: str = "") -> Any:
    dlg = tab.new_account()
    dlg.username.setText(username)
    dlg.display_name.setText(name)
    dlg.role.setCurrentIndex(dlg.role.findData(role))
    dlg.unit.setEditText(unit)
    dlg.password.setText(password)
    dlg.password2.setText(password)
    _ok(dlg)
    return dlg


def test_create_an_account_in_the_window(admin_window, centre) -> None:  # noqa: ANN001
    tab = admin_window.accounts
    assert admin_window.keys[0] == "accounts" and tab.table.rowCount() == 1
    dlg = tab.new_account()
    dlg.username.setText("wang")
    dlg.display_name.setText("王值班")
    dlg.password.setText("wang-pass-123")
    dlg.password2.setText("wang-pass-12")
    _ok(dlg)
    assert dlg.isVisible() and "两次输入的密码不一致" in dlg.error.text()
    assert centre.accounts.get("wang") is None
    dlg.password2.setText("wang-pass-123")
    _ok(dlg)
    assert not dlg.isVisible()
    assert _row(tab, "wang")[:3] == ["wang", "王值班", "值班员"] and _row(tab, "wang")[5] == "启用"
    assert "已创建账号 wang" in tab.message.text()
    assert _admin_events(centre)[-2][:2] == ("admin.user_created", "admin")
    assert _admin_events(centre)[-2][2]["username"] == "wang"
    assert centre.accounts.login("wang", "wang-pass-123").role == "duty_officer"
    assert EventLog(centre.db).verify().ok


def test_a_refusal_stays_in_the_dialog(admin_window, centre) -> None:  # noqa: ANN001
    tab = admin_window.accounts
    dlg = _new(tab, "admin", "some-pass-123", name="重名")
    assert dlg.isVisible() and "登录名「admin」已存在" in dlg.error.text()
    dlg.password.setText("short")
    dlg.password2.setText("short")
    dlg.username.setText("zhao")
    _ok(dlg)
    assert dlg.isVisible() and "密码至少 8 位" in dlg.error.text()
    assert [u.username for u in centre.accounts.list()] == ["admin"]


def test_change_role_and_unit_unknown_unit_refused(admin_window, centre) -> None:  # noqa: ANN001
    tab = admin_window.accounts
    _new(tab, "li", "li-pass-1234", name="李四")
    assert tab.select("li")
    dlg = tab.change_role()
    units = [dlg.unit.itemText(i) for i in range(dlg.unit.count())]
    assert "危害控制组（hazard）" in units and "现场核查组（site）" in units  # from the plan in the database
    dlg.role.setCurrentIndex(dlg.role.findData("group_staff"))
    dlg.unit.setEditText("消防组")
    _ok(dlg)
    assert dlg.isVisible()
    assert "未知的工作组「消防组」" in dlg.error.text() and "危害控制组（hazard）" in dlg.error.text()
    assert centre.accounts.get("li").role == "duty_officer"  # nothing written
    dlg.unit.setCurrentIndex(dlg.unit.findText("危害控制组（hazard）"))
    texts = [dlg.also.item(i).text() for i in range(dlg.also.count())]
    dlg.also.item(texts.index("专家（expert）")).setCheckState(Qt.CheckState.Checked)
    _ok(dlg)
    assert not dlg.isVisible()
    u = centre.accounts.get("li")
    assert (u.role, u.roles, u.unit) == ("group_staff", ("group_staff", "expert"), "危害控制组")
    assert _row(tab, "li")[2:5] == ["工作组人员", "专家", "危害控制组"]
    ev = _admin_events(centre)[-1]
    assert ev[0] == "admin.role_changed" and ev[2]["unit"] == "危害控制组" and ev[2]["roles"] == ["group_staff",
                                                                                              "expert"]


def test_reset_password_asks_first(admin_window, centre, answer) -> None:  # noqa: ANN001
    tab = admin_window.accounts
    _new(tab, "wang", "wang-pass-123")
    tab.select("wang")
    dlg = tab.reset_password()
    dlg.password.setText("new-pass-4567")
    dlg.password2.setText("new-pass-4567")
    seen = answer(False)  # Enter: 取消
    _ok(dlg)
    assert "重设 wang（王值班）的密码" in seen[0] and dlg.isVisible()
    assert centre.accounts.login("wang", "wang-pass-123")  # unchanged
    answer(True)
    _ok(dlg)
    assert not dlg.isVisible() and "已重设 wang 的密码" in tab.message.text()
    with pytest.raises(LoginFailed):
        centre.accounts.login("wang", "wang-pass-123")
    assert centre.accounts.login("wang", "new-pass-4567").username == "wang"
    assert [t for t, _a, _d in _admin_events(centre)[-2:]] == ["admin.password_reset", "admin.key_registered"]


def test_lock_refuses_the_login_with_the_reason_and_unlock_lets_it_in(admin_window, centre, answer) -> None:  # noqa: ANN001
    tab = admin_window.accounts
    _new(tab, "wang", "wang-pass-123")
    tab.select("wang")
    assert tab.lock_button.isEnabled() and not tab.unlock_button.isEnabled()
    dlg = tab.lock_selected()
    _ok(dlg)
    assert dlg.isVisible() and "请填写锁定原因" in dlg.error.text()
    dlg.reason.setText("调离岗位")
    seen = answer(False)
    _ok(dlg)
    assert "锁定 wang（王值班）" in seen[0] and centre.accounts.get("wang").lock_reason is None
    answer(True)
    _ok(dlg)
    assert not dlg.isVisible()
    assert _row(tab, "wang")[5] == "锁定：调离岗位"
    assert tab.unlock_button.isEnabled() and not tab.lock_button.isEnabled()
    with pytest.raises(LoginFailed, match="该账号已被管理员锁定：调离岗位"):
        centre.accounts.login("wang", "wang-pass-123")
    assert tab.unlock_selected()
    assert _row(tab, "wang")[5] == "启用" and "已解锁账号 wang" in tab.message.text()
    assert centre.accounts.login("wang", "wang-pass-123").username == "wang"
    assert [(t, a) for t, a, _d in _admin_events(centre)[-2:]] == [("admin.user_locked", "admin"),
                                                                 ("admin.user_unlocked", "admin")]
    assert EventLog(centre.db).verify().ok


def test_the_failed_login_lock_is_shown_and_unlock_clears_it(admin_window, centre) -> None:  # noqa: ANN001
    tab = admin_window.accounts
    _new(tab, "wang", "wang-pass-123")
    for _ in range(MAX_FAILURES):
        with pytest.raises(LoginFailed):
            centre.accounts.login("wang", "guess-guess")
    tab.refresh()
    assert _row(tab, "wang")[5].startswith("锁定（登录失败过多，至 ")
    tab.select("wang")
    assert tab.unlock_button.isEnabled()
    assert tab.unlock_selected()
    assert centre.accounts.login("wang", "wang-pass-123").username == "wang"


def test_disable_and_enable(admin_window, centre, answer) -> None:  # noqa: ANN001
    tab = admin_window.accounts
    _new(tab, "wang", "wang-pass-123")
    tab.select("wang")
    answer(False)
    assert not tab.set_active_selected(False)
    assert centre.accounts.get("wang").active
    answer(True)
    assert tab.disable_button.isEnabled() and tab.set_active_selected(False)
    assert _row(tab, "wang")[5] == "停用" and tab.enable_button.isEnabled()
    with pytest.raises(LoginFailed, match="已停用"):
        centre.accounts.login("wang", "wang-pass-123")
    assert tab.set_active_selected(True)
    assert _row(tab, "wang")[5] == "启用"
    assert centre.accounts.login("wang", "wang-pass-123")
    assert [t for t, _a, _d in _admin_events(centre)[-2:]] == ["admin.user_disabled", "admin.user_enabled"]


def test_the_administrator_cannot_lock_or_disable_itself(admin_window, centre) -> None:  # noqa: ANN001
    tab = admin_window.accounts
    before = len(_admin_events(centre))
    tab.select("admin")
    assert tab.lock_selected() is None
    assert tab.message.text() == "不能锁定自己的账号"
    assert not tab.set_active_selected(False)
    assert tab.message.text() == "不能停用自己的账号"
    # 修改角色 that would take away its own administrator role: refused in the dialog
    dlg = tab.change_role()
    dlg.role.setCurrentIndex(dlg.role.findData("commander"))
    _ok(dlg)
    assert dlg.isVisible() and "不能取消自己的管理员角色" in dlg.error.text()
    assert len(_admin_events(centre)) == before and centre.accounts.get("admin").usable


def test_another_tab_plugs_in(qtbot, centre) -> None:  # noqa: ANN001
    from ui.admin import window as admin_window_mod
    from ui.admin.window import AdminWindow, make_context, register_admin_tab

    made: list[Any] = []

    def plans(ctx: Any) -> QWidget:
        made.append(ctx)
        return QLabel("预案库", objectName="plansTab")

    def broken(_ctx: Any) -> QWidget:
        raise RuntimeError("没有备份目录")

    saved = list(admin_window_mod.ADMIN_TABS)
    try:
        register_admin_tab("plans", "预案库", plans)
        register_admin_tab("backups", "备份", broken)
        w = AdminWindow(make_context(centre, "admin"))
        qtbot.addWidget(w)
    finally:
        admin_window_mod.ADMIN_TABS[:] = saved
    assert w.keys == ["accounts", "plans", "backups"]
    assert made[0].console is centre and made[0].username == "admin"
    assert w.tab("plans").objectName() == "plansTab"
    assert "没有备份目录" in w.tab("backups").text()
    w.add_tab("plans", "预案库", lambda ctx: QLabel("新", objectName="plansTab2"))
    assert w.keys == ["accounts", "backups", "plans"] and w.tab("plans").objectName() == "plansTab2"
    w.show_tab("plans")
    assert w.tabs.currentWidget() is w.tab("plans")


def test_the_window_fits_1280_by_800(admin_window) -> None:  # noqa: ANN001
    size = admin_window.size()
    assert size.width() <= 1280 and size.height() <= 800
    assert admin_window.minimumSizeHint().width() <= 1280 and admin_window.minimumSizeHint().height() <= 800
