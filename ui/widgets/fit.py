"""Widgets that keep the window within the screen: a one-line label that elides its text (the
whole text in its tooltip), a minimum height of N rows for a list, and a layout that wraps its
items onto further rows when it is narrow (a toolbar that never widens its dock).

Why: a word-wrapped label or a row of controls asks for more room as its text grows; inside a
dock that minimum travels up to the main window, which then grows past the screen and cannot
be shrunk back. These keep each minimum fixed, whatever the incident shows.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLayout, QLayoutItem, QSizePolicy, QSplitter, QWidget

__all__ = ["CompactSplitter", "ElidedLabel", "FlowLayout", "rows_height"]


class ElidedLabel(QLabel):
    """One line of plain text, elided at the right when narrow; the whole text in the tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)

    def text(self) -> str:
        """The whole text (what is painted may be elided)."""
        return self._full

    def setText(self, text: str) -> None:  # noqa: N802 (Qt name)
        self._full = text
        self.setToolTip(text)
        self._elide()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(self.fontMetrics().horizontalAdvance("…") * 4, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(self.contentsRect().width(), 1)
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        if shown != super().text():
            super().setText(shown)


class CompactSplitter(QSplitter):
    """A splitter that asks only for its minimum: inside a scrolling panel it takes the room
    left over instead of pushing what is above it out of view."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return self.minimumSizeHint()


def rows_height(view: QAbstractItemView, rows: int) -> int:
    """The height that shows ``rows`` rows of ``view`` with its header (a list's minimum)."""
    row = max(view.sizeHintForRow(0), view.fontMetrics().height() + 6)
    header = getattr(view, "header", None) or getattr(view, "horizontalHeader", None)
    head = header().sizeHint().height() if header is not None and not header().isHidden() else 0
    return head + rows * row + 2 * view.frameWidth() + 2


class FlowLayout(QLayout):
    """Items left to right, wrapping onto the next row when the width runs out."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(QMargins(2, 2, 2, 2))

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt name)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt name)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt name)
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt name)
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt name)
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt name)
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        m = self.contentsMargins()
        width = sum(i.sizeHint().width() for i in self._items) + self._gap * max(len(self._items) - 1, 0)
        height = max((i.sizeHint().height() for i in self._items), default=0)
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt name)
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _place(self, rect: QRect, *, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line > 0:
                x, y, line = area.x(), y + line + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line = max(line, hint.height())
        return y + line - rect.y() + m.bottom()
