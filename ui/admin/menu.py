"""The 管理 menu: only for an administrator signed in (a database with accounts, the desk's
role 管理员, an account that holds it and is neither disabled nor locked). 账号管理… opens the
administration window (ui.admin.window) on its 账号 tab."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMenu

from console.app import Console
from console.errors import Refused


def is_admin_desk(console: Console, username: str | None, role: str | None) -> bool:
    """Whether this desk is an administrator's: the role chosen at login is 管理员 and the
    account (read now) holds it and may log in."""
    if role != "admin" or not username:
        return False
    try:
        accounts = console.accounts
        if not accounts.has_users():
            return False
        user = accounts.get(username)
    except Refused:
        return False
    return user is not None and "admin" in user.roles and user.usable


def add_admin_menu(win: Any, console: Console) -> QMenu | None:
    """Add 管理 to ``win``'s menu bar when an administrator sits at it (None otherwise); the
    windows it opens are kept in ``win.admin_windows``."""
    if not is_admin_desk(console, getattr(win, "user", None), getattr(win, "role", None)):
        return None
    from ui.drills.menu import menu_bar

    menu = menu_bar(win).addMenu(QCoreApplication.translate("AdminMenu", "管理(&A)"))
    menu.setObjectName("adminMenu")
    act = menu.addAction(QCoreApplication.translate("AdminMenu", "账号管理…"))
    act.setObjectName("actAdminAccounts")
    act.triggered.connect(lambda _=False: open_admin_window(win, console))
    from ui.admin.tabs import install_tabs
    from ui.admin.window import ADMIN_TABS

    install_tabs()
    for tab in ADMIN_TABS:  # 预案库…, 辖区…, …: the administration window opened at that tab
        item = menu.addAction(QCoreApplication.translate("AdminMenu", "{title}…").format(title=tab.title))
        item.setObjectName(f"actAdmin_{tab.key}")
        item.triggered.connect(lambda _=False, key=tab.key: open_admin_window(win, console, key))
    win.admin_menu = menu
    return menu


def open_admin_window(win: Any, console: Console, tab: str = "accounts") -> Any:
    """Open (or bring forward) the administration window of ``win``'s administrator."""
    from ui.admin.tabs import install_tabs
    from ui.admin.window import AdminWindow, make_context

    install_tabs()
    opened = [w for w in getattr(win, "admin_windows", []) if w.isVisible()]
    if opened:
        w = opened[0]
    else:
        w = AdminWindow(make_context(console, win.user, getattr(win, "settings", None)), win)
        win.admin_windows = [w]
    w.show_tab(tab)
    w.show()
    w.raise_()
    w.activateWindow()
    return w




def greet_admin(win: Any, console: Console) -> Any:
    """After an administrator's login: the administration window opens on its 账号 tab (the
    管理 menu reopens it). Nothing for any other desk."""
    if getattr(win, "admin_menu", None) is None:
        return None
    w = open_admin_window(win, console)
    notify = getattr(win, "notify", None)
    if notify is not None:
        notify(QCoreApplication.translate("AdminMenu", "以管理员身份登录：账号、预案等在「管理」菜单"))
    return w


__all__ = ["add_admin_menu", "greet_admin", "is_admin_desk", "open_admin_window"]
