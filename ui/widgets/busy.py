"""The busy indicator: 「正在…」 in the status bar and the busy cursor, for a command that takes
longer than 200 ms (:data:`ui.widgets.runner.BUSY_AFTER_MS`); a quicker one shows nothing.

The cursor is Qt's *busy* cursor (an arrow with an hourglass), not the wait cursor: the window
still takes input while a command runs — typing, scrolling, queuing the next command.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from ui.widgets.runner import CommandRunner


class BusyIndicator(QLabel):
    """A status-bar label following a :class:`CommandRunner`'s ``sig_busy``."""

    def __init__(self, runner: CommandRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("busyIndicator")
        self.setStyleSheet("color:#1f4e79;font-weight:bold;padding:0 8px;")
        self._cursor = False
        self.hide()
        runner.sig_busy.connect(self.show_busy)

    def show_busy(self, text: str) -> None:
        """Show ``text`` (「正在…」) with the busy cursor; an empty text hides both."""
        self.setText(text)
        self.setVisible(bool(text))
        if text and not self._cursor:
            QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))
            self._cursor = True
        elif not text and self._cursor:
            QApplication.restoreOverrideCursor()
            self._cursor = False

    @property
    def active(self) -> bool:
        return self._cursor
