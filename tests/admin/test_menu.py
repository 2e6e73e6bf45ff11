"""The 管理 menu is the administrator's: present for an administrator signed in, absent for a
commander (and on a database without accounts); 账号管理… opens the administration window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.admin.conftest import centre_console

pytestmark = pytest.mark.gui


def _window(qtbot: Any, console: Any, tmp_path: Path, user: str, role: str) -> Any:
    from ui.settings import ConsoleSettings
    from ui.wiring import build_window

    win = build_window(console, settings=ConsoleSettings(tmp_path / "console.ini"), user=user, role=role,
                       map_enabled=False, live=False)
    qtbot.addWidget(win)
    win.keeps_layout = False
    return win


def _menu_names(win: Any) -> set[str]:
    from ui.drills.menu import menu_bar

    return {a.objectName() for m in menu_bar(win).actions() if m.menu() for a in m.menu().actions()}


def test_the_admin_menu_opens_the_accounts_window(qtbot, tmp_path) -> None:  # noqa: ANN001
    from ui.admin.menu import greet_admin

    console = centre_console(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    try:
        win = _window(qtbot, console, tmp_path, "admin", "admin")
        assert "actAdminAccounts" in _menu_names(win)
        act = next(a for m in win.menuBar().actions() if m.menu() for a in m.menu().actions()
                   if a.objectName() == "actAdminAccounts")
        act.trigger()
        (w,) = win.admin_windows
        assert w.isVisible() and w.tabs.currentWidget() is w.accounts
        from ui.library import PlanLibraryWidget
        from ui.setup.jurisdiction_tab import JurisdictionTab

        assert isinstance(w.tab("plans"), PlanLibraryWidget)  # the plan library, administered here too
        assert isinstance(w.tab("jurisdiction"), JurisdictionTab) and w.tab("jurisdiction").settings is win.settings
        from ui.reference.dialog import ReferenceDialog

        reference = w.tab("reference")  # 基础数据: the registers' counts, import and export, embedded
        assert isinstance(reference, ReferenceDialog) and not reference.isWindow()
        jurisdiction = next(a for a in win.admin_menu.actions() if a.objectName() == "actAdmin_jurisdiction")
        jurisdiction.trigger()  # 管理 → 辖区…: the same window, at that tab
        assert win.admin_windows == [w] and w.tabs.currentWidget() is w.tab("jurisdiction")
        w.show_tab("accounts")
        assert [u.username for u in w.accounts.users] == ["admin"]
        act.trigger()  # brought forward, not a second window
        assert win.admin_windows == [w]
        w.close()
        assert greet_admin(win, console) is not None  # after an administrator's login: opened at once
        w.close()
    finally:
        console.close()


def test_no_admin_menu_for_a_commander(qtbot, tmp_path) -> None:  # noqa: ANN001
    from ui.admin.menu import greet_admin

    console = centre_console(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    try:
        console.accounts.create("zhang", "zhang-pass-1", role="commander", display_name="张指挥",
                                by=console.accounts.get("admin"))
        win = _window(qtbot, console, tmp_path, "zhang", "commander")
        assert "actAdminAccounts" not in _menu_names(win) and getattr(win, "admin_menu", None) is None
        assert greet_admin(win, console) is None
        # nor for a desk that calls itself 管理员 without such an account
        other = _window(qtbot, console, tmp_path, "zhang", "admin")
        assert "actAdminAccounts" not in _menu_names(other)
    finally:
        console.close()


def test_no_admin_menu_without_accounts(qtbot, tmp_path) -> None:  # noqa: ANN001
    from console.app import Console
    from console.clock import ManualClock
    from console.store.db import open_database
    from tests.incidents.conftest import T0

    console = Console(open_database(f"sqlite:///{tmp_path / 'bare.sqlite3'}"), ManualClock(T0))
    try:
        win = _window(qtbot, console, tmp_path, "admin", "admin")
        assert "actAdminAccounts" not in _menu_names(win)
    finally:
        console.close()
