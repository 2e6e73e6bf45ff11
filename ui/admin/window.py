"""The administration window: one tab per thing the administrator sets up.

The 账号 tab is built here (ui.admin.accounts). The other tabs — the plan library, the
jurisdiction, the reference data, backups — are plugged in by their features, either once for
every window::

    from ui.admin.window import register_admin_tab
    register_admin_tab("plans", "预案库", lambda ctx: PlanLibraryWidget(ctx.console, ...))

or on one window (``AdminWindow.add_tab(key, title, widget_factory)``). A factory receives the
:class:`AdminContext` (the console and the administrator signed in) and returns the tab's
widget; a factory that fails shows its reason in the tab instead of stopping the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTabWidget, QVBoxLayout, QWidget

from console.app import Console
from console.store.signing import Signer
from ui.settings import ConsoleSettings


@dataclass(frozen=True)
class AdminContext:
    """What a tab of the administration window works with: the console, the administrator's
    login name (the actor of every change), and the console's signer (the administrator's
    key, when signed in through the window)."""

    console: Console
    username: str
    signer: Signer | None = None
    settings: ConsoleSettings | None = None  # the window's settings file (None: none to change)


WidgetFactory = Callable[[AdminContext], QWidget]


@dataclass(frozen=True)
class AdminTab:
    key: str
    title: str
    factory: WidgetFactory


# Tabs added to every administration window, in order, after 账号 (register_admin_tab).
ADMIN_TABS: list[AdminTab] = []


def register_admin_tab(key: str, title: str, widget_factory: WidgetFactory) -> None:
    """Add (or replace, by ``key``) a tab of every administration window opened from now on."""
    for i, t in enumerate(ADMIN_TABS):
        if t.key == key:
            ADMIN_TABS[i] = AdminTab(key, title, widget_factory)
            return
    ADMIN_TABS.append(AdminTab(key, title, widget_factory))


class AdminWindow(QDialog):
    """管理: the tabs of the administration, for an administrator (non-modal; fits 1280×800)."""

    def __init__(self, context: AdminContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("adminWindow")
        self.setWindowTitle(self.tr("管理 — 食品药品安全应急指挥台"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.tabs = QTabWidget(objectName="adminTabs")
        self._keys: list[str] = []
        who = QLabel(self.tr("管理员：{user}　数据库：{db}").format(user=context.username, db=str(context.console.db)))
        who.setObjectName("adminWho")
        who.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.close)
        box = QVBoxLayout(self)
        box.addWidget(who)
        box.addWidget(self.tabs, 1)
        box.addWidget(buttons)
        from ui.admin.accounts import AccountsTab

        self.accounts = AccountsTab(context)
        self._add(self.tr("账号"), "accounts", self.accounts)
        for t in ADMIN_TABS:
            self.add_tab(t.key, t.title, t.factory)
        self.resize(1080, 660)

    def add_tab(self, key: str, title: str, widget_factory: WidgetFactory) -> QWidget:
        """Add a tab made by ``widget_factory(context)`` (a tab already there by ``key`` is
        replaced); a factory that fails gives a tab saying why."""
        try:
            widget = widget_factory(self.context)
        except Exception as exc:  # noqa: BLE001 — one feature's tab must not stop the window
            widget = QLabel(self.tr("此页未能加载：{reason}").format(reason=getattr(exc, "reason", None) or exc))
            widget.setObjectName("adminTabFailed")
            widget.setWordWrap(True)
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if key in self._keys:
            i = self._keys.index(key)
            old = self.tabs.widget(i)
            self.tabs.removeTab(i)
            self._keys.pop(i)
            old.deleteLater()
        self._add(title, key, widget)
        return widget

    def _add(self, title: str, key: str, widget: QWidget) -> None:
        self.tabs.addTab(widget, title)
        self._keys.append(key)

    def tab(self, key: str) -> QWidget | None:
        return self.tabs.widget(self._keys.index(key)) if key in self._keys else None

    @property
    def keys(self) -> list[str]:
        return list(self._keys)

    def show_tab(self, key: str) -> None:
        if key in self._keys:
            self.tabs.setCurrentIndex(self._keys.index(key))


def make_context(console: Console, username: str, settings: ConsoleSettings | None = None) -> AdminContext:
    signer = console.signer if console.signer is not None and console.signer.username == username else None
    return AdminContext(console, username, signer, settings)


__all__ = ["ADMIN_TABS", "AdminContext", "AdminTab", "AdminWindow", "WidgetFactory", "make_context",
           "register_admin_tab"]
