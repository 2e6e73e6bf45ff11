"""The login dialog: who is at this console, and in which role.

Shown at start when the database has accounts (the embedded demo runs without). A wrong
password or a locked account is said inline, in Chinese, and the dialog stays open; the
account service records every attempt in the log.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from console.auth.accounts import AccountService, LoginFailed, User


class LoginDialog(QDialog):
    def __init__(self, accounts: AccountService, parent: QWidget | None = None, *, database: str = "") -> None:
        super().__init__(parent)
        self.accounts = accounts
        self.user: User | None = None
        self.setWindowTitle(self.tr("登录 — 食品药品安全应急指挥台"))
        self.setObjectName("loginDialog")
        form = QFormLayout()
        self.username = QLineEdit(objectName="loginUsername")
        self.password = QLineEdit(objectName="loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("登录名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        self.error = QLabel(objectName="loginError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        info = QLabel(self.tr("数据库：{0}").format(database)) if database else None
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

    def try_login(self) -> None:
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
        self.accept()

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
