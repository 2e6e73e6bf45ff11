"""Asking before an irreversible step: the box names what will happen; Enter cancels."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def ask_confirm(parent: QWidget | None, title: str, text: str, *, yes: str | None = None) -> bool:
    """True when the user clicked the confirming button; the default button is 取消, so a
    stray Enter never performs the step."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    ok = box.addButton(yes or QCoreApplication.translate("Confirm", "确定执行"), QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(QCoreApplication.translate("Confirm", "取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.exec()
    return box.clickedButton() is ok
