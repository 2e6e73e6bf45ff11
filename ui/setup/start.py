"""How a start outside the demo reaches the main window: the first-run assistant on a new
database, the login on one with accounts, and the jurisdiction page on a database with data
but no jurisdiction. ``main.py`` calls :func:`start`; the tests call it the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QMessageBox

from console.app import Console
from console.clock import Clock
from console.store.db import Database
from ui.settings import ConsoleSettings


@dataclass(frozen=True)
class Started:
    """What the main window is built from."""

    console: Console
    user: str | None
    role: str | None
    assisted: bool = False  # the first-run assistant ran
    signed_in: bool = False  # someone logged in at the login dialog


def start(settings: ConsoleSettings, db: Database, clock: Clock, *, jurisdiction: str | None = None,
          user: str | None = None, role: str | None = None, waypoints: Sequence[Any] = (),
          interactive: bool = True) -> Started | None:
    """The console to open on ``db`` (None: the person cancelled; the database is then closed).

    ``jurisdiction`` (``--jurisdiction``) overrides the database's for this run only.
    ``interactive=False`` (a headless screenshot) asks nothing."""
    console = Console(db, clock, jurisdiction=jurisdiction, waypoints=waypoints)
    if not interactive:
        return Started(console, user, role)
    accounts = console.accounts
    signed_in = False
    if console.site.first_run():  # a new database: the first-run assistant, then the console
        from ui.setup.wizard import SetupWizard

        wizard = SetupWizard(settings, db=db, clock=clock, jurisdiction=jurisdiction)
        accepted = wizard.exec() == SetupWizard.DialogCode.Accepted
        if wizard.db is not None and wizard.db is not db:
            db.close()
        if not accepted or wizard.db is None or wizard.login is None:
            if wizard.db is not None:
                wizard.db.close()
            return None
        console = Console(wizard.db, clock, jurisdiction=jurisdiction, waypoints=waypoints)
        console.signer = wizard.login.signer()
        return Started(console, wizard.login.username, "admin", assisted=True)
    if accounts.has_users():  # a console with accounts: who is at this desk, in which role
        from ui.auth.login import LoginDialog

        dlg = LoginDialog(accounts, database=str(db))
        if dlg.exec() != LoginDialog.DialogCode.Accepted or dlg.login is None:
            db.close()
            return None
        # the log records the login name; the checkpoints this console signs use the account key
        user, role = dlg.login.username, dlg.role or dlg.login.role
        console.signer = dlg.login.signer()
        signed_in = True
    if jurisdiction is None and console.site.get() is None:  # data, but no jurisdiction yet
        console = _ask_jurisdiction(settings, console, clock, user=user, role=role, waypoints=waypoints)
    return Started(console, user, role, signed_in=signed_in)


def _ask_jurisdiction(settings: ConsoleSettings, console: Console, clock: Clock, *, user: str | None,
                      role: str | None, waypoints: Sequence[Any]) -> Console:
    from PySide6.QtCore import QCoreApplication

    from ui.setup.wizard import SetupWizard

    may = not console.accounts.has_users() or role == "admin"
    title = QCoreApplication.translate("SetupStart", "尚未设置辖区")
    if not may:
        QMessageBox.information(None, title, QCoreApplication.translate(
            "SetupStart",
            "这个数据库还没有设置辖区：请系统管理员登录后设置（或运行 python -m console site set-jurisdiction 代码）。"
            "本次地图显示全国范围。"))
        return console
    QMessageBox.information(None, title, QCoreApplication.translate(
        "SetupStart",
        "这个数据库已有数据，但还没有设置辖区（行政区划）。请选择本中心的辖区：地图、坐标核对和预案排序都以它为准。"))
    wizard = SetupWizard(settings, db=console.db, clock=clock, pages=("jurisdiction",),
                         actor=user or settings.user, role=role or "admin")
    if wizard.exec() != SetupWizard.DialogCode.Accepted:
        return console
    signer = console.signer
    console = Console(console.db, clock, waypoints=waypoints)  # with the jurisdiction just set
    console.signer = signer
    return console
