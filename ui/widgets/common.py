"""Small shared pieces of the panels: time formats, countdown colours, level colours."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from console.clock import CHINA_TZ

AMBER_SECONDS = 15 * 60
RED = QColor("#c0392b")
AMBER = QColor("#d35400")
GREEN = QColor("#1e8449")
GREY = QColor("#7f8c8d")


def short_time(dt: datetime | None) -> str:
    return dt.astimezone(CHINA_TZ).strftime("%m-%d %H:%M") if dt else "—"


def countdown(due: datetime, now: datetime, missed: bool = False) -> tuple[str, QColor, str]:
    """(text, colour, kind) for a deadline: kind is 'red' when overdue, 'amber' under 15
    minutes, 'green' otherwise."""
    left = (due - now).total_seconds()
    if missed or left < 0:
        return overdue_text(int(-left) if left < 0 else 0), RED, "red"
    d, rem = divmod(int(left), 86400)
    h, rem = divmod(rem, 3600)
    text = f"{h}:{rem // 60:02d}:{rem % 60:02d}"
    if d:
        text = QCoreApplication.translate("Countdown", "{d}天 ").format(d=d) + text
    return text, (AMBER if left < AMBER_SECONDS else GREEN), ("amber" if left < AMBER_SECONDS else "green")


def overdue_text(late_seconds: int) -> str:
    """「逾期 0:25」 under a day, 「逾期 50天8小时」 from a day on (never 「逾期 1208:25」)."""
    d, rem = divmod(max(int(late_seconds), 0), 86400)
    h, rem = divmod(rem, 3600)
    if d:
        return QCoreApplication.translate("Countdown", "逾期 {d}天{h}小时").format(d=d, h=h)
    return QCoreApplication.translate("Countdown", "逾期 {h}:{m:02d}").format(h=h, m=rem // 60)


def text_colour_on(background: str) -> str:
    c = QColor(background)
    return "black" if (0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue()) > 150 else "white"
