"""When the database cannot be reached: a banner, not a traceback, and nothing the user typed lost.

:class:`OutageGuard` shows a red banner at the top of the window — 「数据库暂时无法访问：显示的
数据可能自 HH:MM 起已过时…」 — from the first failed read or write until the database answers
again. It then hides the banner and reads everything again (as F5 does). Forms are not touched,
so what the user typed is still there.

Failures reach it three ways: the window's own refreshes call :meth:`OutageGuard.failed`; live
sync reports 「重新连接中」 and 「正常」; and :func:`install_error_hook` routes any database
error raised in a Qt slot or timer (a panel's refresh, a timer) here instead of printing a
traceback on stderr. While the banner shows, the database is probed every few seconds.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QToolBar
from sqlalchemy import text

from console.clock import CHINA_TZ
from console.store.db import DatabaseError

PROBE_MS = 5000
log = logging.getLogger(__name__)


class OutageGuard(QObject):
    """The banner and the probe for one window (``win`` has ``console`` and ``refresh()``)."""

    def __init__(self, win: Any) -> None:
        super().__init__(win)
        self.win = win
        self.since: datetime | None = None
        self.reason = ""
        bar = self.bar = QToolBar(QCoreApplication.translate("MainWindow", "数据库状态"), win)
        bar.setObjectName("outageBar")
        bar.setMovable(False)
        bar.setFloatable(False)
        self.label = QLabel()
        self.label.setObjectName("outageBanner")
        self.label.setWordWrap(True)
        self.label.setStyleSheet("background:#c0392b;color:white;padding:6px;font-weight:bold;")
        bar.addWidget(self.label)
        bar.toggleViewAction().setVisible(False)  # not a layout choice: it shows while the outage lasts
        win.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        bar.hide()
        self.probe_timer = QTimer(self)
        self.probe_timer.setInterval(PROBE_MS)
        self.probe_timer.timeout.connect(self.probe)

    @property
    def active(self) -> bool:
        return self.since is not None

    def failed(self, reason: object) -> None:
        """The database did not answer: show (or keep) the banner, from the first failure's time."""
        self.reason = str(reason)
        if self.since is None:
            log.warning("数据库暂时无法访问：%s", self.reason, extra={"where": "数据库状态横幅"})  # the error log
            self.since = self.win.console.clock.now()
            self.probe_timer.start()
        at = self.since.astimezone(CHINA_TZ).strftime("%H:%M")
        self.label.setText(QCoreApplication.translate(
            "MainWindow", "数据库暂时无法访问：显示的数据可能自 {at} 起已过时，未保存的输入仍保留在窗口中；"
            "恢复连接后将自动刷新。（{reason}）").format(at=at, reason=self.reason))
        self.bar.show()

    def recovered(self, *, reread: bool = True) -> None:
        """The database answers again: hide the banner and (unless the caller just did) read
        everything again."""
        if self.since is None:
            return
        self.since = None
        self.probe_timer.stop()
        self.bar.hide()
        self.win.notify(QCoreApplication.translate("MainWindow", "数据库已恢复连接，已刷新"))
        if reread:
            self.win.refresh()

    def probe(self) -> bool:
        """Ask the database for one row; recover when it answers."""
        try:
            with self.win.console.db.reading() as conn:
                conn.execute(text("SELECT 1 FROM chain_head"))
        except Exception as exc:  # noqa: BLE001 — still down (any driver error): keep the banner
            self.failed(getattr(exc, "reason", None) or exc)
            return False
        self.recovered()
        return True


def install_error_hook(guard: OutageGuard) -> Callable[[], None]:
    """Route database errors raised in Qt slots and timers to ``guard``; other errors are logged
    and announced in the status bar. Returns a function that restores the previous hook."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if isinstance(exc, DatabaseError):
            guard.failed(exc)
            return
        log.error("未处理的错误", exc_info=(kind, exc, tb), extra={"where": _where(tb)})  # → the error log
        try:
            guard.win.notify(QCoreApplication.translate("MainWindow", "程序内部错误（已记录）：{0}").format(exc),
                             error=True)
        except Exception:  # noqa: BLE001 — the window may be gone; the log has it
            previous(kind, exc, tb)

    sys.excepthook = hook

    def restore() -> None:
        sys.excepthook = previous

    return restore


def _where(tb: TracebackType | None) -> str:
    """module:function of the innermost frame of a traceback (where the error arose)."""
    frame = None
    while tb is not None:
        frame, tb = tb.tb_frame, tb.tb_next
    if frame is None:
        return "?"
    return f"{frame.f_globals.get('__name__', '?')}:{frame.f_code.co_name}"


__all__ = ["PROBE_MS", "OutageGuard", "install_error_hook"]
