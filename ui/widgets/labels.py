"""A word-wrapped label that keeps the height its text needs.

A layout asks a plain word-wrapped ``QLabel`` for a minimum height computed at some default
width, so when a panel gets short (a message bar appears above it, the dock is low) the label
is squeezed below its text and its last lines are painted over by the next widget — the grading
suggestion under the detail panel's message bar did exactly that. This label's minimum height
is the height its text needs at its current width: the layout takes the room from the widgets
that can shrink (the deadline and task lists), never from the text.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class WrapLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._width = -1

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        hint = super().minimumSizeHint()
        if self.width() > 0 and self.text():
            hint.setHeight(max(hint.height(), self.heightForWidth(self.width())))
        return hint

    def setText(self, text: str) -> None:  # noqa: N802 (Qt name)
        super().setText(text)
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if event.size().width() != self._width:
            self._width = event.size().width()
            self.updateGeometry()  # the text wraps differently: ask the layout again
