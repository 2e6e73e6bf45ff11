"""Small helpers shared by the records panels."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem

from console.clock import CHINA_TZ


def t(dt: datetime | None) -> str:
    return dt.astimezone(CHINA_TZ).strftime("%m-%d %H:%M") if dt else "—"


def fill(table: QTableWidget, rows: list[list[Any]], data: list[Any] | None = None) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            item = QTableWidgetItem("" if v is None else str(v))
            if data is not None and c == 0:
                item.setData(256, data[r])  # Qt.UserRole
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


def table(headers: list[str]) -> QTableWidget:
    tw = QTableWidget(0, len(headers))
    tw.setHorizontalHeaderLabels(headers)
    tw.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    tw.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    tw.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    tw.verticalHeader().setVisible(False)
    return tw


class MessageLabel(QLabel):
    """One line for the result of the last action: green when done, red when refused."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)

    def ok(self, text: str) -> None:
        self.setStyleSheet("color: #1e8449;")
        self.setText(text)

    def error(self, text: str) -> None:
        self.setStyleSheet("color: #c0392b;")
        self.setText(text)
