"""A 演练 watermark laid over any widget: tiled, rotated, translucent, transparent to the mouse.

``Watermark(parent)`` follows the parent's size (event filter) and stays on top, so every
drill screen — the main window in drill mode, the controller, the review, the map — carries it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget


class Watermark(QWidget):
    def __init__(self, parent: QWidget, text: str | None = None):
        super().__init__(parent)
        self.text = text or self.tr("演练")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName("drillWatermark")
        parent.installEventFilter(self)
        self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if obj is self.parent() and event.type() in (QEvent.Type.Resize, QEvent.Type.ChildAdded, QEvent.Type.Show):
            self.setGeometry(self.parentWidget().rect())
            self.raise_()
        return False

    def paintEvent(self, _event: object) -> None:  # noqa: N802 - Qt override
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont()
        font.setPointSize(36)
        font.setBold(True)
        p.setFont(font)
        p.setPen(QColor(192, 57, 43, 40))
        step_x, step_y = 320, 200
        w, h = self.width(), self.height()
        for row, y in enumerate(range(-step_y, h + step_y, step_y)):
            for x in range(-step_x + (row % 2) * step_x // 2, w + step_x, step_x):
                p.save()
                p.translate(x, y)
                p.rotate(-25)
                p.drawText(0, 0, self.text)
                p.restore()
        p.end()
