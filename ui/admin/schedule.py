"""定时备份 in the running console: the settings' schedule, a timer, the last result.

The window's :class:`BackupScheduler` looks once a minute (a QTimer: the UI's clock drives the
schedule; the core never reads the wall clock) whether a backup is due —
:func:`console.store.backup_schedule.is_due` on the console's clock and the last backup recorded
in the chain — and runs :func:`~console.store.backup_schedule.run_scheduled`. The last result is
kept for the administration window's 备份 tab (:func:`last_result`); a failure also goes to the
error log (console/health) and the status bar. :class:`ScheduleBox` is the 定时备份 group of
文件 › 设置….
"""

from __future__ import annotations

import logging
import weakref
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from console.app import Console
from console.errors import Refused
from console.store.backup_schedule import (
    BackupSchedule,
    ScheduledResult,
    ScheduleError,
    is_due,
    last_backup_time,
    run_scheduled,
)
from ui.settings import ConsoleSettings

CHECK_MS = 60_000
ACTOR = "定时备份"
log = logging.getLogger(__name__)
_LAST: weakref.WeakKeyDictionary[Console, ScheduledResult] = weakref.WeakKeyDictionary()


def schedule_from(settings: ConsoleSettings) -> BackupSchedule:
    """The schedule in the settings file; raises ScheduleError (Chinese) for a bad one."""
    return BackupSchedule.parse(settings.get("backup/mode"), settings.get("backup/at"),
                                settings.get("backup/hours"), settings.get("backup/dir"),
                                settings.get("backup/keep"))


def last_result(console: Console) -> ScheduledResult | None:
    """The last scheduled backup this console ran (None: none since it started)."""
    return _LAST.get(console)


_W = TypeVar("_W", bound=QWidget)


def _named(widget: _W, name: str) -> _W:
    widget.setObjectName(name)
    return widget


class BackupScheduler(QObject):
    """Runs the settings' backup schedule for ``win`` (has ``console``, ``settings``, ``notify``)."""

    def __init__(self, win: Any, *, interval_ms: int = CHECK_MS) -> None:
        super().__init__(win)
        self.win = win
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> ScheduledResult | None:
        """Take a backup if one is due now (by the console's clock); the result, or None."""
        console: Console = self.win.console
        try:
            schedule = schedule_from(self.win.settings)
            if schedule.mode == "off":
                return None
            now = console.clock.now()
            if not is_due(schedule, now, last_backup_time(console.log)):
                return None
            result = run_scheduled(console.db, schedule, actor=ACTOR, clock=console.clock, log=console.log)
        except Refused as exc:  # a bad schedule, or the database is away: said once a minute at most
            result = ScheduledResult(console.clock.now(), None, (), exc.reason)
        _LAST[console] = result
        if not result.ok:
            log.error("%s", result.line(), extra={"where": "定时备份"})  # → the error log
            self.win.notify(self.tr("定时备份失败：{reason}").format(reason=result.error), error=True)
        return result


class ScheduleBox(QGroupBox):
    """定时备份 in 设置: off / daily at HH:MM / every N hours, the folder, how many to keep."""

    def __init__(self, settings: ConsoleSettings, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("定时备份"), parent)
        self.setObjectName("backupSchedule")
        self.settings = settings
        self.mode = _named(QComboBox(), "backupMode")
        self.mode.addItem(self.tr("关闭"), "off")
        self.mode.addItem(self.tr("每天定时"), "daily")
        self.mode.addItem(self.tr("每隔若干小时"), "hours")
        self.mode.setCurrentIndex(max(self.mode.findData(settings.get("backup/mode")), 0))
        self.at = _named(QTimeEdit(), "backupAt")
        self.at.setDisplayFormat("HH:mm")
        hh, _, mm = settings.get("backup/at").partition(":")
        self.at.setTime(self.at.time().fromString(f"{int(hh or 2):02d}:{int(mm or 0):02d}", "HH:mm"))
        self.hours = _named(QSpinBox(), "backupHours")
        self.hours.setRange(1, 24 * 7)
        self.hours.setSuffix(self.tr(" 小时"))
        self.hours.setValue(int(settings.get("backup/hours") or 24))
        self.directory = _named(QLineEdit(settings.get("backup/dir")), "backupDir")
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.directory, 1)
        row.addWidget(browse)
        self.keep = _named(QSpinBox(), "backupKeep")
        self.keep.setRange(1, 1000)
        self.keep.setValue(int(settings.get("backup/keep") or 7))
        self.error = _named(QLabel(""), "backupScheduleError")
        self.error.setStyleSheet("color:#c0392b;")
        self.error.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("方式"), self.mode)
        form.addRow(self.tr("每天时间"), self.at)
        form.addRow(self.tr("间隔"), self.hours)
        form.addRow(self.tr("备份目录"), row)
        form.addRow(self.tr("保留份数"), self.keep)
        form.addRow("", self.error)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self._mode_changed()

    def _mode_changed(self) -> None:
        mode = self.mode.currentData()
        self.at.setEnabled(mode == "daily")
        self.hours.setEnabled(mode == "hours")
        for w in (self.directory, self.keep):
            w.setEnabled(mode != "off")

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("备份目录"), self.directory.text())
        if path:
            self.directory.setText(path)

    def save(self) -> bool:
        """Check and store; False (and the reason shown) when the schedule is not usable."""
        values = (self.mode.currentData(), self.at.time().toString("HH:mm"), str(self.hours.value()),
                  self.directory.text().strip(), str(self.keep.value()))
        try:
            BackupSchedule.parse(*values)
        except ScheduleError as exc:
            self.error.setText(exc.reason)
            return False
        self.error.setText("")
        for key, value in zip(("backup/mode", "backup/at", "backup/hours", "backup/dir", "backup/keep"), values,
                              strict=True):
            self.settings.set(key, value)
        return True
