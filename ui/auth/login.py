"""The login dialog: who is at this console, and in which role.

Shown at start when the database has accounts (the embedded demo runs without). A wrong
password or a locked account is said inline, in Chinese, and the dialog stays open; the
account service records every attempt in the log. An account holding several roles picks
one after the password is accepted. ``login`` (the account and its unlocked signing key) and
``role`` are the result; the window records the login name as the actor.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from console.auth.accounts import AccountService, Login, LoginFailed
from console.auth.roles import role_title


def readable_database(database: object) -> str:
    """The database as a person reads it: 「PostgreSQL 127.0.0.1:5432/test」 or the SQLite file's
    path — never ``Database('postgresql+psycopg://…')``, a driver name or a password."""
    import re

    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    text = str(getattr(database, "url", database) or "")
    m = re.fullmatch(r"Database\('(.*)'\)", text)
    if m:
        text = m.group(1)
    try:
        url = make_url(text)
    except ArgumentError:
        return text  # a plain file name already
    if url.get_backend_name() == "sqlite":
        return url.database or "内存数据库"
    host = f"{url.host or 'localhost'}" + (f":{url.port}" if url.port else "")
    login = f"（登录名 {url.username}）" if url.username else ""
    return f"PostgreSQL {host}/{url.database or ''}{login}"


class LoginDialog(QDialog):
    def __init__(self, accounts: AccountService, parent: QWidget | None = None, *, database: str = "") -> None:
        super().__init__(parent)
        self.accounts = accounts
        self.user: Login | None = None  # the account (``login`` is the same record)
        self.role: str | None = None
        self.setWindowTitle(self.tr("登录 — 食品药品安全应急指挥台"))
        self.setObjectName("loginDialog")
        form = QFormLayout()
        self.username = QLineEdit(objectName="loginUsername")
        self.password = QLineEdit(objectName="loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("登录名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        self.roles = QComboBox(objectName="loginRole")
        self.roles_label = QLabel(self.tr("角色"))
        form.addRow(self.roles_label, self.roles)
        self.roles.hide()
        self.roles_label.hide()
        self.error = QLabel(objectName="loginError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        info = QLabel(self.tr("数据库：{0}").format(readable_database(database))) if database else None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登录"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(form)
        if info is not None:
            info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box.addWidget(info)
        box.addWidget(self.error)
        box.addWidget(buttons)
        self.username.setFocus()

    @property
    def login(self) -> Login | None:
        return self.user

    def try_login(self) -> None:
        if self.user is not None:  # the password was accepted; the role has been picked
            self.role = str(self.roles.currentData())
            self.accept()
            return
        name = self.username.text().strip()
        if not name or not self.password.text():
            self._show(self.tr("请输入登录名和密码"))
            return
        try:
            self.user = self.accounts.login(name, self.password.text())
        except LoginFailed as exc:
            self.password.clear()
            self._show(exc.reason)
            return
        if len(self.user.roles) > 1:  # several roles: which one at this desk today
            for r in self.user.roles:
                self.roles.addItem(role_title(r), r)
            self.roles.show()
            self.roles_label.show()
            self.username.setEnabled(False)
            self.password.setEnabled(False)
            self.error.hide()
            self.roles.setFocus()
            return
        self.role = self.user.role
        self.accept()

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
